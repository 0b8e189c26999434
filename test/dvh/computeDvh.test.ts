import { describe, expect, it } from 'vitest';
import type { Grid3, GridGeometry } from '../../src/geometry/Grid3';
import { computeDvh } from '../../src/dvh/computeDvh';
import { computeDvhFromMask } from '../../src/dvh/computeDvhFromMask';
import { cumulativeDvh } from '../../src/dvh/cumulativeDvh';
import { doseAtVolumeCc, doseAtVolumePercent } from '../../src/dvh/doseAtVolume';
import { volumeAtDoseGy } from '../../src/dvh/volumeAtDoseGy';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { circleContour, planes, rectangleContour } from '../voxelize/contourFixtures';

/** A dose grid whose voxel (i, j, k) holds doseAt(centre in patient mm). */
function doseGrid(geometry: GridGeometry, doseAt: (x: number, y: number, z: number) => number): Grid3 {
  const [nx, ny, nz] = geometry.dimensions;
  const [sx, sy, sz] = geometry.spacingMm;
  const d = geometry.direction;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = geometry.originMm[0] + i * sx * d[0] + j * sy * d[3] + k * sz * d[6];
        const y = geometry.originMm[1] + i * sx * d[1] + j * sy * d[4] + k * sz * d[7];
        const z = geometry.originMm[2] + i * sx * d[2] + j * sy * d[5] + k * sz * d[8];
        data[i + j * nx + k * nx * ny] = doseAt(x, y, z);
      }
    }
  }
  return { ...geometry, data };
}

// 10 × 12 × 8 voxels at 1 × 2 × 3 mm: x ∈ [−0.5, 9.5], y ∈ [−1, 23], z ∈ [−1.5, 22.5].
const grid: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
// Decubitus feet-first lattice over the same region: centre (i, j, k) = (−1 + 2j, 25 − i, 22.5 − 3k).
const rotated: GridGeometry = { dimensions: [24, 6, 8], spacingMm: [1, 2, 3], originMm: [-1, 25, 22.5], direction: [0, -1, 0, 1, 0, 0, 0, 0, -1] };
// Box x ∈ [2.25, 7.6], y ∈ [3, 17], z ∈ [3.75, 15.75] (8 planes 1.5 mm apart, half-slice caps): 0.8988 cc.
const box = planes(4.5, 1.5, 8).map((z) => rectangleContour(z, 2.25, 7.6, 3, 17));
const boxVolumeCc = (5.35 * 14 * 12) / 1000;

describe('computeDvh', () => {
  it('computeDvh(uniform dose, box) is a step at the dose: 100 % below, 0 % above', () => {
    const dvh = computeDvh(doseGrid(grid, () => 12.5), box);
    // Box volume in closed form; in-plane rows tile y exactly, intervals along x and sub-slices are exact.
    expect(dvh.volumeCc).toBeCloseTo(boxVolumeCc, 9);
    expect(dvh.minGy).toBeCloseTo(12.5, 5);
    expect(dvh.maxGy).toBeCloseTo(12.5, 5);
    expect(dvh.meanGy).toBeCloseTo(12.5, 5);
    expect(dvh.volumeOutsideDoseGridCc).toBe(0);
    expect(volumeAtDoseGy(dvh, 12.49).volumePercent).toBe(100);
    expect(volumeAtDoseGy(dvh, 12.51).volumePercent).toBe(0);
    expect(doseAtVolumePercent(dvh, 95)).toBeCloseTo(12.5, 5);
    const cumulative = cumulativeDvh(dvh);
    const below = Math.floor(12.4 / dvh.binWidthGy);
    const above = Math.floor(12.5 / dvh.binWidthGy) + 1; // first bin edge above 12.5 Gy
    expect(cumulative.volumePercent[0]).toBeCloseTo(100, 9);
    expect(cumulative.volumePercent[below]).toBeCloseTo(100, 9);
    expect(cumulative.volumeCc[below]).toBeCloseTo(boxVolumeCc, 9);
    expect(cumulative.doseGy[above]).toBeGreaterThan(12.5);
    expect(cumulative.volumePercent[above]).toBe(0);
    expect(cumulative.volumePercent[cumulative.volumePercent.length - 1]).toBe(0);
  });

  it('computeDvh(linear dose on a decubitus grid, box) gives the uniform dose distribution (Dx closed form)', () => {
    // D = 2 + 1.5·y Gy: over the box y ∈ [3, 17] the dose is uniform on [6.5, 27.5] (constant cross-section).
    // Trilinear interpolation of a linear field is exact, so Dx = 27.5 − x/100 · 21 and V(D) = (27.5 − D)/21.
    const dvh = computeDvh(doseGrid(rotated, (_x, y) => 2 + 1.5 * y), box);
    const dx = (percent: number) => 27.5 - (percent / 100) * 21;
    expect(dvh.volumeCc).toBeCloseTo(boxVolumeCc, 9);
    expect(dvh.minGy).toBeCloseTo(6.5, 4); // contour vertices at y = 3
    expect(dvh.maxGy).toBeCloseTo(27.5, 4); // and y = 17
    expect(dvh.meanGy).toBeCloseTo(17, 4);
    // Bin width 0.002 Gy (27.5/10000 rounded down): results within one bin.
    for (const percent of [99, 95, 50, 5, 1]) expect(doseAtVolumePercent(dvh, percent)).toBeCloseTo(dx(percent), 2);
    expect(doseAtVolumeCc(dvh, 0.03)).toBeCloseTo(27.5 - (0.03 / boxVolumeCc) * 21, 2);
    const v20 = volumeAtDoseGy(dvh, 20);
    expect(v20.volumePercent).toBeCloseTo((100 * 7.5) / 21, 1);
    expect(v20.volumeCc).toBeCloseTo((boxVolumeCc * 7.5) / 21, 3);
  });

  it('computeDvh(linear dose along z, cylinder) matches a stack of uniform slabs', () => {
    // D = 10 + z: each slab of the cylinder (planes z = 3 … 18, ½-slice caps → z ∈ [1.5, 19.5]) is uniform
    // in z, so the whole is uniform on [11.5, 29.5] Gy: D50 = 20.5, D90 = 13.3, mean 20.5.
    const cylinder = planes(3, 3, 6).map((z) => circleContour(z, 4.5, 11, 4, 360));
    const dvh = computeDvh(doseGrid(grid, (_x, _y, z) => 10 + z), cylinder);
    expect(dvh.minGy).toBeCloseTo(11.5, 4);
    expect(dvh.maxGy).toBeCloseTo(29.5, 4);
    expect(dvh.meanGy).toBeCloseTo(20.5, 3);
    expect(doseAtVolumePercent(dvh, 50)).toBeCloseTo(20.5, 2);
    expect(doseAtVolumePercent(dvh, 90)).toBeCloseTo(13.3, 2);
  });

  it("computeDvh(dose, contours, { endCaps: 'none' }) stops the structure at the outer planes", () => {
    // Box planes 4.5 … 15: without caps z ∈ [4.5, 15], 10.5 mm instead of 12 (closed form).
    const dvh = computeDvh(doseGrid(grid, (_x, _y, z) => 10 + z), box, { endCaps: 'none' });
    expect(dvh.volumeCc).toBeCloseTo((5.35 * 14 * 10.5) / 1000, 9);
    expect(dvh.minGy).toBeCloseTo(14.5, 4);
    expect(dvh.maxGy).toBeCloseTo(25, 4);
  });

  it('computeDvh(dose, contours partly outside the dose grid) reports the outside volume', () => {
    // Box x ∈ [5.5, 20] on planes 3 … 18: the dose grid ends at x = 9.5, so 10.5 of 14.5 mm lie outside.
    const partly = planes(3, 3, 6).map((z) => rectangleContour(z, 5.5, 20, 3, 17));
    // 0.5 mm samples: segment edges fall on x = 9.5, so the split is exact.
    const dvh = computeDvh(doseGrid(grid, () => 4), partly, { sampleSpacingMm: 0.5 });
    expect(dvh.volumeCc).toBeCloseTo((4 * 14 * 18) / 1000, 9);
    expect(dvh.volumeOutsideDoseGridCc).toBeCloseTo((10.5 * 14 * 18) / 1000, 9);
  });

  it('computeDvh(dose, mask) agrees with computeDvh(dose, contours) on a uniform dose', () => {
    const dose = doseGrid(grid, () => 7.25);
    const mask = voxelizeStructure(box, grid);
    const fromMask = computeDvhFromMask(dose, mask);
    expect(fromMask.volumeCc).toBeCloseTo(boxVolumeCc, 6);
    expect(fromMask.meanGy).toBeCloseTo(7.25, 5);
    expect(doseAtVolumePercent(fromMask, 50)).toBeCloseTo(7.25, 5);
    expect(() => computeDvhFromMask(doseGrid(rotated, () => 1), mask)).toThrow(expect.objectContaining({ code: 'geometry-mismatch' }));
  });

  it('computeDvh rejects NaN or negative dose under the structure and structures outside the grid', () => {
    expect(() => computeDvh(doseGrid(grid, (x) => (x > 5 ? Number.NaN : 1)), box)).toThrow(expect.objectContaining({ code: 'dose-not-finite' }));
    expect(() => computeDvh(doseGrid(grid, () => -1), box)).toThrow(expect.objectContaining({ code: 'negative-dose' }));
    const far = planes(100, 3, 3).map((z) => rectangleContour(z, 0, 1, 0, 1));
    expect(() => computeDvh(doseGrid(grid, () => 1), far)).toThrow(expect.objectContaining({ code: 'structure-outside-dose-grid' }));
  });
});

describe('DVH metrics', () => {
  const dvh = computeDvh(doseGrid(rotated, (_x, y) => 2 + 1.5 * y), box);

  it('doseAtVolumePercent(dvh, 0) is the max and (dvh, 100) the min', () => {
    expect(doseAtVolumePercent(dvh, 0)).toBe(dvh.maxGy);
    expect(doseAtVolumePercent(dvh, 100)).toBeCloseTo(dvh.minGy, 8);
    expect(() => doseAtVolumePercent(dvh, 101)).toThrow(expect.objectContaining({ code: 'bad-percent' }));
  });

  it('doseAtVolumeCc(dvh, cc) rejects volumes larger than the structure', () => {
    expect(doseAtVolumeCc(dvh, dvh.volumeCc)).toBeCloseTo(dvh.minGy, 8);
    expect(() => doseAtVolumeCc(dvh, dvh.volumeCc + 0.01)).toThrow(expect.objectContaining({ code: 'volume-exceeds-structure' }));
    expect(() => doseAtVolumeCc(dvh, Number.NaN)).toThrow(expect.objectContaining({ code: 'bad-volume' }));
  });

  it('volumeAtDoseGy(dvh, d) is 100 % at or below the min and 0 at or above the max', () => {
    expect(volumeAtDoseGy(dvh, 0).volumePercent).toBe(100);
    expect(volumeAtDoseGy(dvh, dvh.minGy).volumeCc).toBe(dvh.volumeCc);
    expect(volumeAtDoseGy(dvh, dvh.maxGy).volumeCc).toBe(0);
    expect(volumeAtDoseGy(dvh, 1000).volumePercent).toBe(0);
  });

  it('volumeAtDoseGy and doseAtVolumePercent are inverse to each other', () => {
    for (const percent of [2, 37, 80]) {
      expect(volumeAtDoseGy(dvh, doseAtVolumePercent(dvh, percent)).volumePercent).toBeCloseTo(percent, 6);
    }
  });
});
