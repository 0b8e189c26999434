import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../../src/geometry/Grid3';
import { structureDoseExtremes } from '../../src/dvh/structureDoseExtremes';
import { trilinearDoseAt } from '../../src/dvh/trilinearDoseAt';
import type { PlanarContour } from '../../src/model/Structure';
import { contourSlabs } from '../../src/voxelize/contourSlabs';
import { pointInPolygon } from '../../src/voxelize/polygonArea';
import { circleContour, planes, rectangleContour } from '../voxelize/contourFixtures';
import { doseGrid } from './doseFixtures';

// 10 × 12 × 8 voxels at 1 × 2 × 3 mm (unequal so axis swaps fail): centres x = 0…9, y = 0…22, z = 0…21.
const grid: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const slabsOf = (contours: PlanarContour[]) => contourSlabs(contours).slabs;

/**
 * Highest and lowest interpolated dose over a fine lattice of points (multiples of stepMm in x and y) inside
 * the slabs and along their contour edges (brute force, identity grid with origin 0).
 */
function sampledExtremes(dose: ReturnType<typeof doseGrid>, contours: PlanarContour[], stepMm: number): { minGy: number; maxGy: number } {
  let minGy = Infinity;
  let maxGy = -Infinity;
  for (const slab of slabsOf(contours)) {
    const xs = slab.contours.flatMap((c) => Array.from(c.xyMm.filter((_, n) => n % 2 === 0)));
    const ys = slab.contours.flatMap((c) => Array.from(c.xyMm.filter((_, n) => n % 2 === 1)));
    const zSteps = Math.ceil((slab.zHiMm - slab.zLoMm) / stepMm);
    for (let t = 0; t <= zSteps; t++) {
      const z = slab.zLoMm + (t / zSteps) * (slab.zHiMm - slab.zLoMm);
      for (let x = stepMm * Math.ceil(Math.min(...xs) / stepMm); x <= Math.max(...xs); x += stepMm) {
        for (let y = stepMm * Math.ceil(Math.min(...ys) / stepMm); y <= Math.max(...ys); y += stepMm) {
          if (!slab.contours.some((c) => pointInPolygon(c.xyMm, x, y))) continue;
          // Identity direction, origin 0: index = position / spacing.
          const d = trilinearDoseAt(dose, x, y / 2, z / 3);
          if (d < minGy) minGy = d;
          if (d > maxGy) maxGy = d;
        }
      }
      for (const c of slab.contours) {
        const n = c.xyMm.length / 2;
        for (let p = 0; p < n; p++) {
          const q = (p + 1) % n;
          for (let u = 0; u < 1; u += 0.02) {
            const x = c.xyMm[2 * p] + u * (c.xyMm[2 * q] - c.xyMm[2 * p]);
            const y = c.xyMm[2 * p + 1] + u * (c.xyMm[2 * q + 1] - c.xyMm[2 * p + 1]);
            const d = trilinearDoseAt(dose, x, y / 2, z / 3);
            if (d < minGy) minGy = d;
            if (d > maxGy) maxGy = d;
          }
        }
      }
    }
  }
  return { minGy, maxGy };
}

describe('structureDoseExtremes', () => {
  it('structureDoseExtremes(dose, slabs) finds a maximum on an edge between lattice lines (stationary point)', () => {
    // D = 10 + x·y/2 (y in mm, so x·j): bilinear, reproduced exactly by the interpolant. Over the triangle
    // (1, 2), (8.3, 2), (1, 16.6) — i.e. x + j ≤ 9.3 with j = y/2 — the maximum of x·j is on the hypotenuse at
    // x = j = 4.65: 10 + 4.65² = 31.6225 Gy (closed form), between the lattice lines x = 4, 5 and j = 4, 5.
    // The minimum is at the vertex (1, 2): 10 + 1 = 11 Gy.
    const dose = doseGrid(grid, (x, y) => 10 + (x * y) / 2);
    const triangle = planes(6, 3, 3).map((z) => ({ zMm: z, xyMm: new Float64Array([1, 2, 8.3, 2, 1, 16.6]) }));
    const { minGy, maxGy } = structureDoseExtremes(dose, slabsOf(triangle));
    expect(maxGy).toBeCloseTo(31.6225, 4);
    expect(minGy).toBeCloseTo(11, 5);
  });

  it('structureDoseExtremes(dose, slabs) returns the peak voxel value inside and never exceeds dense sampling', () => {
    // Two Gaussian bumps, one centred on voxel (4, 5, 3) inside the cylinder, one outside it: the maximum is
    // that voxel's stored value; a brute-force search (0.25 mm inside, 0.02 of each edge, ≤ 0.25 mm in z) gets
    // within 0.5 % of both extremes and never beyond them.
    const bumps = (x: number, y: number, z: number) =>
      5 + 20 * Math.exp(-((x - 4) ** 2 + (y - 10) ** 2 + (z - 9) ** 2) / 18) + 30 * Math.exp(-((x - 9) ** 2 + (y - 22) ** 2 + (z - 3) ** 2) / 8);
    const dose = doseGrid(grid, bumps);
    const cylinder = planes(3, 3, 6).map((z) => circleContour(z, 4.5, 11, 4, 90));
    const exact = structureDoseExtremes(dose, slabsOf(cylinder));
    expect(exact.maxGy).toBe(dose.data[4 + 5 * 10 + 3 * 120]);
    const sampled = sampledExtremes(dose, cylinder, 0.25);
    expect(exact.maxGy).toBeGreaterThanOrEqual(sampled.maxGy - 1e-6);
    expect(exact.maxGy - sampled.maxGy).toBeLessThan(0.005 * exact.maxGy);
    expect(exact.minGy).toBeLessThanOrEqual(sampled.minGy + 1e-6);
    expect(sampled.minGy - exact.minGy).toBeLessThan(0.005 * exact.minGy);
  });

  it('structureDoseExtremes(dose, slabs, { hotVolumeCc }) gives the dose of the hottest lattice points', () => {
    // Box x ∈ [2.25, 7.6], y ∈ [3, 17] on planes z = 3, 6, 9 (slabs [1.5, 10.5], no face on a lattice plane):
    // inside lattice points i = 3…7, j = 2…8, k = 1…3, each counted once. D = 1 + i + 10j + 100k; with
    // 0.03 cc = 5 voxels of 6 mm³ the answer is the 5th largest of those values (enumerated here).
    const dose = doseGrid(grid, (x, y, z) => 1 + x + 10 * (y / 2) + 100 * (z / 3));
    const box = planes(3, 3, 3).map((z) => rectangleContour(z, 2.25, 7.6, 3, 17));
    const values: number[] = [];
    for (let k = 1; k <= 3; k++) for (let j = 2; j <= 8; j++) for (let i = 3; i <= 7; i++) values.push(1 + i + 10 * j + 100 * k);
    values.sort((a, b) => b - a);
    const result = structureDoseExtremes(dose, slabsOf(box), { hotVolumeCc: 0.03 });
    expect(result.hotDoseGy).toBe(values[4]);
    // The extremes are on the box's corners (D is linear): (7.6, 17, 10.5) and (2.25, 3, 1.5).
    expect(result.maxGy).toBeCloseTo(1 + 7.6 + 85 + 350, 3);
    expect(result.minGy).toBeCloseTo(1 + 2.25 + 15 + 50, 3);
    expect(structureDoseExtremes(dose, slabsOf(box)).hotDoseGy).toBe(-Infinity);
  });

  it('structureDoseExtremes(dose, slabs) on a decubitus feet-first grid equals the identity grid', () => {
    // Same field and structure on a lattice with i along −y, j along +x, k along −z (centres (−1 + 2j, 25 − i, 22.5 − 3k)):
    // a linear field is reproduced exactly on both, so the extremes are the box corners' doses.
    const rotated: GridGeometry = { dimensions: [26, 7, 9], spacingMm: [1, 2, 3], originMm: [-1, 25, 22.5], direction: [0, -1, 0, 1, 0, 0, 0, 0, -1] };
    const linear = (x: number, y: number, z: number) => 3 + 2 * x - y + 0.5 * z + 40;
    const box = planes(4.5, 1.5, 8).map((z) => rectangleContour(z, 2.25, 7.6, 3, 17));
    const a = structureDoseExtremes(doseGrid(grid, linear), slabsOf(box));
    const b = structureDoseExtremes(doseGrid(rotated, linear), slabsOf(box));
    // Corners: max at (7.6, 3, 15.75), min at (2.25, 17, 3.75).
    expect(a.maxGy).toBeCloseTo(linear(7.6, 3, 15.75), 4);
    expect(a.minGy).toBeCloseTo(linear(2.25, 17, 3.75), 4);
    expect(b.maxGy).toBeCloseTo(a.maxGy, 4);
    expect(b.minGy).toBeCloseTo(a.minGy, 4);
  });

  it('structureDoseExtremes ignores the part of a structure outside the grid and rejects non-axial grids', () => {
    // Box x ∈ [5.5, 20] on a grid ending at x = 9.5: D = x holds 9 Gy beyond the last centre (x = 9).
    const dose = doseGrid(grid, (x) => x);
    const partly = planes(3, 3, 6).map((z) => rectangleContour(z, 5.5, 20, 3, 17));
    const { minGy, maxGy } = structureDoseExtremes(dose, slabsOf(partly));
    expect(maxGy).toBeCloseTo(9, 6);
    expect(minGy).toBeCloseTo(5.5, 5);
    const far = planes(100, 3, 3).map((z) => rectangleContour(z, 0, 1, 0, 1));
    expect(structureDoseExtremes(dose, slabsOf(far))).toEqual({ minGy: Infinity, maxGy: -Infinity, hotDoseGy: -Infinity });
    const sagittal = { ...dose, direction: [0, 1, 0, 0, 0, -1, -1, 0, 0] };
    expect(() => structureDoseExtremes(sagittal, slabsOf(partly))).toThrow(expect.objectContaining({ code: 'non-axial-grid' }));
  });
});
