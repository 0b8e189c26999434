import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../../src/geometry/Grid3';
import { computeDvh } from '../../src/dvh/computeDvh';
import { computeDvhFromMask } from '../../src/dvh/computeDvhFromMask';
import { cumulativeDvh } from '../../src/dvh/cumulativeDvh';
import { doseAtVolumeCc, doseAtVolumePercent } from '../../src/dvh/doseAtVolume';
import { volumeAtDoseGy } from '../../src/dvh/volumeAtDoseGy';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { circleContour, planes, rectangleContour } from '../voxelize/contourFixtures';
import { centredGeometry, doseGrid } from './doseFixtures';

// 10 × 12 × 8 voxels at 1 × 2 × 3 mm: x ∈ [−0.5, 9.5], y ∈ [−1, 23], z ∈ [−1.5, 22.5].
const grid: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
// Decubitus feet-first lattice over the same region: centre (i, j, k) = (−1 + 2j, 25 − i, 22.5 − 3k).
const rotated: GridGeometry = { dimensions: [24, 6, 8], spacingMm: [1, 2, 3], originMm: [-1, 25, 22.5], direction: [0, -1, 0, 1, 0, 0, 0, 0, -1] };
// Box x ∈ [2.25, 7.6], y ∈ [3, 17], z ∈ [3.75, 15.75] (8 planes 1.5 mm apart, half-slice caps): 0.8988 cc.
const box = planes(4.5, 1.5, 8).map((z) => rectangleContour(z, 2.25, 7.6, 3, 17));
const boxVolumeCc = (5.35 * 14 * 12) / 1000;
// Cylinder radius 4 about (4.5, 11), planes z = 3 … 18 every 3 mm (½-slice caps → z ∈ [1.5, 19.5]).
const cylinder = planes(3, 3, 6).map((z) => circleContour(z, 4.5, 11, 4, 360));

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

  it('computeDvh(linear dose, box) gives the same DVH on a tilted (non-axial) grid as on an axial one', () => {
    // D = 2 + 0.5x + 1.5y + 0.8z Gy over the box: trilinear interpolation of a linear field is exact on any
    // lattice, so both the axial path and the general path must give the closed-form values:
    // mean = D(centre (4.925, 10, 9.75)) = 27.2625, min = D(2.25, 3, 3.75) = 10.625, max = D(7.6, 17, 15.75) = 43.9,
    // D50 = mean (the distribution of a sum of uniform variables is symmetric).
    const linear = (x: number, y: number, z: number) => 2 + 0.5 * x + 1.5 * y + 0.8 * z;
    const c = Math.cos(Math.PI / 9);
    const s = Math.sin(Math.PI / 9);
    // Rotated 20° about x; its voxel-centre hull (±6.5, ±14.25, ±17 mm about the box centre) holds the box.
    const tilted = centredGeometry([14, 20, 18], [1, 1.5, 2], [1, 0, 0, 0, c, s, 0, -s, c], [4.925, 10, 9.75]);
    const axialDvh = computeDvh(doseGrid(grid, linear), box);
    const tiltedDvh = computeDvh(doseGrid(tilted, linear), box);
    for (const dvh of [axialDvh, tiltedDvh]) {
      expect(dvh.volumeCc).toBeCloseTo(boxVolumeCc, 9);
      expect(dvh.volumeOutsideDoseGridCc).toBe(0);
      expect(dvh.meanGy).toBeCloseTo(27.2625, 3);
      expect(dvh.minGy).toBeCloseTo(10.625, 3);
      expect(dvh.maxGy).toBeCloseTo(43.9, 3);
      expect(doseAtVolumePercent(dvh, 50)).toBeCloseTo(27.2625, 2);
    }
    // Same samples, same spread model: the tails agree within float32 rounding of the two grids' doses.
    for (const percent of [99, 95, 5, 1]) expect(doseAtVolumePercent(tiltedDvh, percent)).toBeCloseTo(doseAtVolumePercent(axialDvh, percent), 3);
  });

  it('computeDvh(dose, contours, { sampleSpacingMm }) reports the sample count and spacing it used', () => {
    // Box 5.35 × 14 mm on 8 planes (slabs of 1.5 mm) at h = 0.5 mm: 28 rows × 11 segments × 8 slabs × 3 sub-slices
    // (closed form; no hot-spot refinement since h is not coarser than ½ of the 1 mm finest dose spacing).
    const dvh = computeDvh(doseGrid(grid, (x) => x), box, { sampleSpacingMm: 0.5 });
    expect(dvh.sampleSpacingMm).toBe(0.5);
    expect(dvh.sampleCount).toBe(28 * 11 * 8 * 3);
  });

  it('computeDvh(peaked dose, cylinder) reports the exact maximum of the interpolant, not the highest sample', () => {
    // A Gaussian peak centred on voxel (4, 5, 3) = (4, 10, 9) mm, inside the cylinder (1.1 mm from its axis):
    // the interpolant's maximum is that voxel's value; 2 mm samples miss it by several %.
    const peaked = doseGrid(grid, (x, y, z) => 10 + 20 * Math.exp(-((x - 4) ** 2 + (y - 10) ** 2 + (z - 9) ** 2) / 8));
    const peakGy = peaked.data[4 + 5 * 10 + 3 * 120];
    const dvh = computeDvh(peaked, cylinder, { sampleSpacingMm: 2 });
    expect(dvh.maxGy).toBe(peakGy);
    expect(doseAtVolumeCc(dvh, 0)).toBe(peakGy);
    expect(doseAtVolumeCc(dvh, 0.001)).toBeLessThan(peakGy);
  });

  it('computeDvh re-samples the hottest cc of a coarsely sampled structure (refineHotSpots)', () => {
    // 218 cc box on a 3 mm grid, dose varying along x only with a peak at x = 1.3 mm. The interpolant is
    // piecewise linear in x through the voxel values, so V(≥ t) = 60.5 × 60 mm² × |{x ∈ [−30.2, 29.9]: f(x) ≥ t}|
    // (computed below from the grid's own values); D1cc and D5cc follow by bisection.
    const coarse: GridGeometry = { dimensions: [31, 27, 25], spacingMm: [3, 3, 3], originMm: [-45, -39, -36], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const dose = doseGrid(coarse, (x) => 10 + 20 * Math.exp(-((x - 1.3) ** 2) / 50));
    const large = planes(-28.5, 3, 20).map((z) => rectangleContour(z, -30.2, 29.9, -30.4, 30.1));
    const lattice = Array.from({ length: 31 }, (_, i) => dose.data[i]);
    const lengthAbove = (t: number) => {
      let length = 0;
      const steps = 60100; // 1 µm along x
      for (let n = 0; n < steps; n++) {
        const x = -30.2 + (n + 0.5) * 0.001;
        const u = (x + 45) / 3;
        const i = Math.floor(u);
        if (lattice[i] + (u - i) * (lattice[i + 1] - lattice[i]) >= t) length += 0.001;
      }
      return length;
    };
    const doseAtCc = (cc: number) => {
      let lo = 10;
      let hi = 30;
      for (let it = 0; it < 40; it++) {
        const mid = 0.5 * (lo + hi);
        if (60.5 * 60 * lengthAbove(mid) > 1000 * cc) lo = mid;
        else hi = mid;
      }
      return 0.5 * (lo + hi);
    };
    const refined = computeDvh(dose, large, { targetSampleCount: 1000 }); // h = 3 mm (one dose voxel)
    const plain = computeDvh(dose, large, { targetSampleCount: 1000, refineHotSpots: false });
    expect(refined.sampleSpacingMm).toBe(3);
    expect(refined.sampleCount).toBeGreaterThan(plain.sampleCount);
    for (const cc of [1, 5]) {
      const reference = doseAtCc(cc);
      const refinedError = Math.abs(doseAtVolumeCc(refined, cc) - reference);
      const plainError = Math.abs(doseAtVolumeCc(plain, cc) - reference);
      expect(refinedError).toBeLessThan(0.25 * plainError);
    }
    // No volume above the exact maximum (spread samples are clipped to the structure's dose range).
    expect(doseAtVolumeCc(refined, 0.001)).toBeLessThanOrEqual(refined.maxGy);
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
