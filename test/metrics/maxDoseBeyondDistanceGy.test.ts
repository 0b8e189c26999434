import { describe, expect, it } from 'vitest';
import { trilinearDoseAt } from '../../src/dvh/trilinearDoseAt';
import { gridTransforms, type Grid3 } from '../../src/geometry/Grid3';
import { contourStackDistance } from '../../src/metrics/contourStackDistance';
import { maxDoseBeyondDistanceGy } from '../../src/metrics/maxDoseBeyondDistanceGy';
import { contourSlabs } from '../../src/voxelize/contourSlabs';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { planes, rectangleContour } from '../voxelize/contourFixtures';
import { analyticDoseGrid, centredGrid, radialProfile, radiusInterpolationBoundMm, sphereContours } from './analyticPhantoms';

const RX_GY = 48;
const ptv = sphereContours(0, 0, 0, 9, 1);
const solid = contourStackDistance(contourSlabs(ptv).slabs);
// Unequal spacing; 36 mm each side leaves room for the 29 mm shell.
const grid = centredGrid([1.5, 2, 2.5], 36);

/** dist(p, PTV) ≥ 20 mm; the stack lies within 9.5 mm of the centre, so only 20 ≤ |p| ≤ 29.5 needs the exact test. */
function isBeyond20Mm(x: number, y: number, z: number): boolean {
  const r = Math.hypot(x, y, z);
  return r > 29.5 || (r >= 20 && solid.distanceMm(x, y, z) >= 20);
}

/**
 * Reference maximum of the trilinear dose over {dist ≥ 20 mm}: the voxel centres there, and 2000 points of the
 * exact 20 mm surface (bisection along rays from the centre, Fibonacci directions), optionally only x ≤ xMax.
 */
function referenceMaximum(dose: Grid3, xMax = Infinity): number {
  const w = gridTransforms(dose).worldToIndex;
  const doseAt = (x: number, y: number, z: number): number =>
    trilinearDoseAt(dose, w[0] * x + w[1] * y + w[2] * z + w[3], w[4] * x + w[5] * y + w[6] * z + w[7], w[8] * x + w[9] * y + w[10] * z + w[11]);
  const m = gridTransforms(dose).indexToWorld;
  const [nx, ny, nz] = dose.dimensions;
  let best = -Infinity;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = m[0] * i + m[3], y = m[5] * j + m[7], z = m[10] * k + m[11];
        if (x <= xMax && isBeyond20Mm(x, y, z)) best = Math.max(best, dose.data[i + j * nx + k * nx * ny]);
      }
    }
  }
  const count = 2000;
  for (let n = 0; n < count; n++) {
    const uz = 1 - (2 * (n + 0.5)) / count;
    const phi = n * Math.PI * (3 - Math.sqrt(5));
    const ux = Math.sqrt(1 - uz * uz) * Math.cos(phi), uy = Math.sqrt(1 - uz * uz) * Math.sin(phi);
    let lo = 20, hi = 40; // along the ray: distance to the stack is < 20 at 20 mm... and ≥ 20 at 40 mm
    for (let it = 0; it < 30; it++) {
      const mid = 0.5 * (lo + hi);
      if (solid.distanceMm(mid * ux, mid * uy, mid * uz) >= 20) hi = mid;
      else lo = mid;
    }
    if (hi * ux <= xMax) best = Math.max(best, doseAt(hi * ux, hi * uy, hi * uz));
  }
  return best;
}

describe('maxDoseBeyondDistanceGy', () => {
  it('maxDoseBeyondDistanceGy(radial dose, sphere PTV, 20 mm) is the dose at r_PTV + 20 mm (D2cm closed form)', () => {
    const dose = analyticDoseGrid(grid, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z)));
    const result = maxDoseBeyondDistanceGy(dose, ptv, 20);
    // Closed form: profile(29 mm) = 0.35 − 0.01·5 = 0.30 → 14.4 Gy. The stack's equator is 0.014 mm inside the
    // sphere (closest offset point at 28.986 mm: +0.0067 Gy) and the interpolant is below the profile by at most
    // slope × Σh²/(8r) (0.48 Gy/mm × 0.054 mm).
    const slopeGyPerMm = 0.01 * RX_GY;
    expect(result.maxDoseGy!).toBeLessThanOrEqual(RX_GY * radialProfile(28.985));
    expect(result.maxDoseGy!).toBeGreaterThanOrEqual(RX_GY * 0.3 - slopeGyPerMm * radiusInterpolationBoundMm(grid.spacingMm, 28));
    const { xMm, yMm, zMm } = result.locationMm!;
    expect(solid.distanceMm(xMm, yMm, zMm)).toBeCloseTo(20, 1);
    expect(result.method).toBe('contour-distance');
    expect(result.shellClippedByGrid).toBe(false);
  });

  it('maxDoseBeyondDistanceGy(tilted dose) equals a dense search of the 20 mm surface and never reads a centre-only maximum', () => {
    // Dose tilted along x moves the maximum off the axes: the reference samples 2000 points of the exact surface.
    const dose = analyticDoseGrid(grid, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z)) * (1 + 0.006 * x + 0.003 * z));
    const result = maxDoseBeyondDistanceGy(dose, ptv, 20);
    const reference = referenceMaximum(dose);
    // Crossings lie on grid lines only; between them the surface dose varies to second order: 0.05 % of Rx.
    expect(Math.abs(result.maxDoseGy! - reference)).toBeLessThan(5e-4 * RX_GY);
    // The best voxel centre alone is lower by the fall-off over up to one voxel.
    let centreBest = -Infinity;
    const m = gridTransforms(dose).indexToWorld;
    const [nx, ny, nz] = dose.dimensions;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      if (isBeyond20Mm(m[0] * i + m[3], m[5] * j + m[7], m[10] * k + m[11])) centreBest = Math.max(centreBest, dose.data[i + j * nx + k * nx * ny]);
    }
    expect(result.maxDoseGy! - centreBest).toBeGreaterThan(0.05);
  });

  it('maxDoseBeyondDistanceGy(d, mask) measures from voxel centres: never below the contour result, at most one voxel of fall-off above', () => {
    const dose = analyticDoseGrid(grid, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z)) * (1 + 0.006 * x));
    const fromContours = maxDoseBeyondDistanceGy(dose, ptv, 20);
    const fromMask = maxDoseBeyondDistanceGy(dose, voxelizeStructure(ptv, grid), 20);
    expect(fromMask.method).toBe('mask-centre-distance');
    expect(fromMask.maxDoseGy!).toBeGreaterThanOrEqual(fromContours.maxDoseGy! - 1e-6);
    // Fall-off near 29 mm ≈ 0.01 × 1.17 × 48 Gy/mm; the centres of voxels ≥ ½ inside lie within a half diagonal (1.77 mm).
    expect(fromMask.maxDoseGy! - fromContours.maxDoseGy!).toBeLessThan(0.01 * 1.2 * RX_GY * 1.77);
  });

  it('maxDoseBeyondDistanceGy(d, ptv, 20, { region }) searches only the region', () => {
    const dose = analyticDoseGrid(grid, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z)) * (1 + 0.006 * x));
    // Body: x ≤ 0.75 mm (the boundary halfway between the voxel centres x = 0 and 1.5, so whole voxels).
    const body = voxelizeStructure(planes(-35, 2.5, 29).map((z) => rectangleContour(z, -40, 0.75, -40, 40)), grid);
    const all = maxDoseBeyondDistanceGy(dose, ptv, 20);
    const inBody = maxDoseBeyondDistanceGy(dose, ptv, 20, { region: body });
    expect(inBody.maxDoseGy!).toBeLessThan(all.maxDoseGy! - 1);
    expect(inBody.locationMm!.xMm).toBeLessThanOrEqual(0.75);
    // The region is resolved per voxel and sampled on grid lines: the result lies between the dense maximum over
    // x ≤ 0 (the last body column of centres) and over x ≤ 0.75 (the body's edge).
    expect(inBody.maxDoseGy!).toBeGreaterThan(referenceMaximum(dose, 0) - 5e-4 * RX_GY);
    expect(inBody.maxDoseGy!).toBeLessThan(referenceMaximum(dose, 0.75) + 5e-4 * RX_GY);
  });

  it('maxDoseBeyondDistanceGy flags a grid smaller than the shell and returns null when no point is 20 mm away', () => {
    const dose = (half: number) => analyticDoseGrid(centredGrid([1.5, 2, 2.5], half), (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z)));
    // ±25 mm: the 29 mm sphere leaves the grid along the axes, but the corners (|p| ≈ 43 mm) are in R.
    const clipped = maxDoseBeyondDistanceGy(dose(25), ptv, 20);
    expect(clipped.shellClippedByGrid).toBe(true);
    expect(clipped.maxDoseGy).not.toBeNull();
    // ±15 mm: corners at √3·15.x ≈ 27 mm < 29 mm: nothing is 20 mm from the PTV.
    const none = maxDoseBeyondDistanceGy(dose(15), ptv, 20);
    expect(none.maxDoseGy).toBeNull();
    expect(none.locationMm).toBeNull();
  });

  it('maxDoseBeyondDistanceGy rejects a bad distance and a dose with NaN', () => {
    const dose = analyticDoseGrid(grid, () => 1);
    expect(() => maxDoseBeyondDistanceGy(dose, ptv, 0)).toThrow(expect.objectContaining({ code: 'bad-distance' }));
    const bad = { ...dose, data: dose.data.map((d, n) => (n === 3 ? Number.NaN : d)) };
    expect(() => maxDoseBeyondDistanceGy(bad, ptv, 20)).toThrow(expect.objectContaining({ code: 'dose-not-finite' }));
  });
});
