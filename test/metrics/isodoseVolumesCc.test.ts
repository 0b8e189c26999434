import { describe, expect, it } from 'vitest';
import { trilinearDoseAt } from '../../src/dvh/trilinearDoseAt';
import { voxelVolumeCc, worldToIndex, type GridGeometry } from '../../src/geometry/Grid3';
import { isodoseVolumesCc } from '../../src/metrics/isodoseVolumesCc';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { planes, rectangleContour } from '../voxelize/contourFixtures';
import { analyticDoseGrid, centredGrid } from './analyticPhantoms';

// 10 × 12 × 8 voxels at 1 × 2 × 3 mm with permuted axes: i along patient y, j along z, k along x (det +1).
// Domain (voxel union): y ∈ [−0.5, 9.5], z ∈ [−1, 23], x ∈ [−1.5, 22.5].
const permuted: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [0, 1, 0, 0, 0, 1, 1, 0, 0] };

/** Volume of {trilinear dose ≥ level} by brute force: n³ midpoint samples per voxel (reference), cc. */
function bruteForceVolumeCc(dose: ReturnType<typeof analyticDoseGrid>, level: number, n: number): number {
  const [nx, ny, nz] = dose.dimensions;
  let count = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        for (let c = 0; c < n; c++) {
          for (let b = 0; b < n; b++) {
            for (let a = 0; a < n; a++) {
              if (trilinearDoseAt(dose, i - 0.5 + (a + 0.5) / n, j - 0.5 + (b + 0.5) / n, k - 0.5 + (c + 0.5) / n) >= level) count++;
            }
          }
        }
      }
    }
  }
  return (count / n ** 3) * voxelVolumeCc(dose);
}

describe('isodoseVolumesCc', () => {
  it('isodoseVolumesCc(linear dose along patient x, permuted axes) is the exact slab volume', () => {
    // D = 2·x + 10 Gy is linear, so its trilinear interpolant is itself; it is held beyond the outer centres
    // (x = 0 and 21 mm). {D ≥ L} = {x ≥ (L − 10)/2} up to the domain end x = 22.5 mm, over the 10 × 24 mm² face.
    const dose = analyticDoseGrid(permuted, (x) => 2 * x + 10);
    const levels = [17, 30.2, 50.9, 10, 9, 53, 60];
    const volumes = isodoseVolumesCc(dose, levels);
    const faceMm2 = 10 * 24;
    const expected = (level: number): number => {
      if (level <= 10) return (faceMm2 * 24) / 1000; // ≤ the lowest held value: the whole domain (x from −1.5)
      if (level > 52) return 0; // above the highest value (x = 21 → 52 Gy)
      return (faceMm2 * (22.5 - (level - 10) / 2)) / 1000;
    };
    levels.forEach((level, n) => expect(volumes[n]).toBeCloseTo(expected(level), 9));
  });

  it('isodoseVolumesCc(small spherical dose, 2×2.5×3 mm grid) matches the trilinear interpolant to 0.1 % where voxel counting is off by > 2 %', () => {
    // D = 50 − r (Gy, r in mm from an off-centre point): the 42 Gy isodose is a sphere of r = 8 mm (2.14 cc), about 90 voxels.
    const grid: GridGeometry = { dimensions: [14, 12, 11], spacingMm: [2, 2.5, 3], originMm: [-13, -14, -15], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const centre = [0.7, -0.4, 0.9];
    const dose = analyticDoseGrid(grid, (x, y, z) => 50 - Math.hypot(x - centre[0], y - centre[1], z - centre[2]));
    const [volume] = isodoseVolumesCc(dose, [42]);
    // Reference: the same interpolant sampled at 16³ points per voxel (its own sampling error is ≲ 0.05 %).
    const reference = bruteForceVolumeCc(dose, 42, 16);
    expect(Math.abs(volume / reference - 1)).toBeLessThan(1e-3);
    let centres = 0;
    for (const d of dose.data) if (d >= 42) centres++;
    expect(Math.abs((centres * voxelVolumeCc(grid)) / reference - 1)).toBeGreaterThan(0.02);
    // And the interpolant's isodose is the analytic sphere within the interpolation error: r ≥ 8 − Σh²/(8·r) (convex r).
    const sphereCc = ((4 / 3) * Math.PI * 8 ** 3) / 1000;
    const rLow = 8 - (4 + 6.25 + 9) / (8 * (8 - 2.5));
    expect(volume).toBeLessThanOrEqual(sphereCc);
    expect(volume).toBeGreaterThan((sphereCc * rLow ** 3) / 8 ** 3);
  });

  it('isodoseVolumesCc(d, levels, { subsamples }) converges: 8 and 64 sub-samples agree to 0.1 %', () => {
    const grid = centredGrid([1.5, 2, 2.5], 20);
    const dose = analyticDoseGrid(grid, (x, y, z) => 30 * Math.exp(-((x / 9) ** 2 + (y / 7) ** 2 + (z / 11) ** 2)));
    const coarse = isodoseVolumesCc(dose, [24, 15, 6]);
    const fine = isodoseVolumesCc(dose, [24, 15, 6], { subsamples: 64 });
    for (let n = 0; n < 3; n++) expect(Math.abs(coarse[n] / fine[n] - 1)).toBeLessThan(1e-3);
  });

  it('isodoseVolumesCc(uniform dose, { region }) is the region mask volume', () => {
    const grid: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const dose = analyticDoseGrid(grid, () => 20);
    const region = voxelizeStructure(planes(4.5, 1.5, 8).map((z) => rectangleContour(z, 2.25, 7.6, 3, 17)), grid);
    const [inside, above] = isodoseVolumesCc(dose, [20, 20.5], { region });
    // Every part of every voxel is ≥ 20 Gy, so each voxel counts with its fraction: Σ fractions × voxel volume.
    expect(inside).toBeCloseTo(region.volumeCc, 9);
    expect(above).toBe(0);
    // Without a region: the whole grid, 10·12·8 voxels of 6 mm³.
    expect(isodoseVolumesCc(dose, [20])[0]).toBeCloseTo((960 * 6) / 1000, 9);
  });

  it('isodoseVolumesCc(d, level, { region }) counts the region part of a cell whose hot corner is outside the region', () => {
    // Identity 10 × 12 × 8 grid at 1 × 2 × 3 mm; dose 12 Gy for x ≤ 4, 20 Gy for x ≥ 5; region = voxels x ≤ 4
    // (faces at x = 4.5). Between the centres D = 12 + 8·(x − 4) ≥ 15 Gy from x = 4.375, so the region holds
    // [4.375, 4.5] × 24 mm × 24 mm = 72 mm³ ≥ 15 Gy although none of its voxel centres is.
    const grid: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const dose = analyticDoseGrid(grid, (x) => (x < 4.5 ? 12 : 20));
    const region = voxelizeStructure(planes(0, 3, 8).map((z) => rectangleContour(z, -0.5, 4.5, -1, 23)), grid);
    expect(isodoseVolumesCc(dose, [15], { region })[0]).toBeCloseTo(0.072, 9);
  });

  it('isodoseVolumesCc returns one volume per level in the given order and nothing for no levels', () => {
    const dose = analyticDoseGrid(permuted, (x) => 2 * x + 10);
    const volumes = isodoseVolumesCc(dose, [40, 20, 30]);
    expect(volumes[1]).toBeGreaterThan(volumes[2]);
    expect(volumes[2]).toBeGreaterThan(volumes[0]);
    expect(isodoseVolumesCc(dose, []).length).toBe(0);
    // The isodose point x = 10 mm maps to grid index k = 10/3 (a check of the frame used above).
    expect(worldToIndex(permuted, { xMm: 10, yMm: 0, zMm: 0 }).k).toBeCloseTo(10 / 3, 12);
  });

  it('isodoseVolumesCc rejects bad levels, options, doses and a region on another grid', () => {
    const dose = analyticDoseGrid(permuted, (x) => 2 * x + 10);
    expect(() => isodoseVolumesCc(dose, [Number.NaN])).toThrow(expect.objectContaining({ code: 'bad-level' }));
    expect(() => isodoseVolumesCc(dose, [10], { subsamples: 7 })).toThrow(expect.objectContaining({ code: 'bad-option' }));
    const negative = { ...dose, data: dose.data.map((d, n) => (n === 5 ? -1 : d)) };
    expect(() => isodoseVolumesCc(negative, [10])).toThrow(expect.objectContaining({ code: 'negative-dose' }));
    const other: GridGeometry = { ...permuted, originMm: [1, 0, 0] };
    const region = voxelizeStructure([rectangleContour(3, 0, 5, 0, 5)], { ...other, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, { contourSpacingMm: 3 });
    expect(() => isodoseVolumesCc(dose, [10], { region })).toThrow(expect.objectContaining({ code: 'geometry-mismatch' }));
  });
});
