import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, type GridGeometry } from '../../src/geometry/Grid3';
import { clipPolygonToRect } from '../../src/proximity/clipPolygonToRect';
import { prepareStructure } from '../../src/proximity/PreparedStructure';
import { rasterizeStructure } from '../../src/proximity/rasterizeStructure';
import { simplifyPolygon } from '../../src/proximity/simplifyPolygon';
import { polygonSignedAreaMm2 } from '../../src/voxelize/polygonArea';
import type { StructureMask } from '../../src/voxelize/StructureMask';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { circleContour } from '../voxelize/contourFixtures';
import { latticePlanes } from './contourStacks';

describe('clipPolygonToRect', () => {
  it('clipPolygonToRect(square, rectangle) keeps exactly the overlap area; a concave L keeps its notch', () => {
    const square = new Float64Array([0, 0, 10, 0, 10, 10, 0, 10]);
    // [0,10]² ∩ [4,20]×[−5,6] = 6 × 6 (closed form)
    expect(Math.abs(polygonSignedAreaMm2(clipPolygonToRect(square, 4, 20, -5, 6)))).toBeCloseTo(36, 12);
    expect(clipPolygonToRect(square, 20, 30, 0, 5).length).toBe(0);
    // L shape: [0,10]² minus [5,10]×[5,10], area 75; clip to [2,8]×[2,8]: 36 − 9 = 27 (closed form).
    const l = new Float64Array([0, 0, 10, 0, 10, 5, 5, 5, 5, 10, 0, 10]);
    expect(Math.abs(polygonSignedAreaMm2(clipPolygonToRect(l, 2, 8, 2, 8)))).toBeCloseTo(27, 12);
  });
});

describe('simplifyPolygon', () => {
  it('simplifyPolygon(fine circle, 0.05 mm) drops most vertices and keeps every dropped vertex within 0.05 mm of the outline', () => {
    const circle = circleContour(0, 3, -2, 150, 900).xyMm;
    const simple = simplifyPolygon(circle, 0.05);
    // Chord sagitta L²/(8R) ≤ 0.05 mm → L ≤ 7.7 mm: about 2π·150/7.7 ≈ 122 vertices (closed form).
    expect(simple.length / 2).toBeLessThan(200);
    const n = simple.length / 2;
    for (let p = 0; p < circle.length; p += 2) {
      let best = Infinity;
      for (let q = 0; q < n; q++) {
        const [ax, ay, bx, by] = [simple[2 * q], simple[2 * q + 1], simple[2 * ((q + 1) % n)], simple[2 * ((q + 1) % n) + 1]];
        const t = Math.max(0, Math.min(1, ((circle[p] - ax) * (bx - ax) + (circle[p + 1] - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
        best = Math.min(best, Math.hypot(circle[p] - ax - t * (bx - ax), circle[p + 1] - ay - t * (by - ay)));
      }
      expect(best).toBeLessThanOrEqual(0.05 + 1e-12);
    }
  });
});

/** Fractions over the whole grid from either StructureMask layout (whole grid, or the boundsIjk box). */
function fullGridFractions(mask: StructureMask): Float32Array {
  const [nx, ny, nz] = mask.geometry.dimensions;
  if (mask.fractions.length === nx * ny * nz) return mask.fractions;
  const out = new Float32Array(nx * ny * nz);
  const b = mask.boundsIjk!;
  const [bx, by] = [b.i1 - b.i0 + 1, b.j1 - b.j0 + 1];
  for (let k = b.k0; k <= b.k1; k++) {
    for (let j = b.j0; j <= b.j1; j++) {
      for (let i = b.i0; i <= b.i1; i++) out[i + j * nx + k * nx * ny] = mask.fractions[i - b.i0 + (j - b.j0) * bx + (k - b.k0) * bx * by];
    }
  }
  return out;
}

describe('rasterizeStructure (contoursInBox + voxelizeStructure)', () => {
  it('rasterizeStructure(large ring with a hole, small grid) equals thresholding the full voxelisation, except near ½-fraction voxels', () => {
    // A body-sized annulus (outer R 140, inner R 100 — a hole) on 3 mm planes, and a local grid across its wall.
    const contours = latticePlanes(0, 3, -30, 30).flatMap((z) => [circleContour(z, 0, 0, 140, 720), circleContour(z, 0, 0, 100, 720)]);
    const structure = prepareStructure({ name: 'Ring', role: 'chest-wall', contours }, undefined)!;
    const grid: GridGeometry = { dimensions: [40, 30, 25], spacingMm: [1, 1, 1], originMm: [85, -10, -12], direction: IDENTITY_DIRECTION };
    const fast = rasterizeStructure(structure, grid);
    const full = fullGridFractions(voxelizeStructure(contours, grid));
    let differ = 0;
    let inside = 0;
    for (let v = 0; v < fast.length; v++) {
      inside += fast[v];
      // Simplification moves the outline ≤ 0.05 mm and 8 sub-rows sample coverage: only voxels near ½ may flip.
      if (fast[v] !== (full[v] >= 0.5 ? 1 : 0)) {
        differ++;
        expect(Math.abs(full[v] - 0.5)).toBeLessThan(0.1);
      }
    }
    expect(inside).toBeGreaterThan(5000);
    expect(differ / fast.length).toBeLessThan(0.002);
  });
});
