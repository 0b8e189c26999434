import { describe, expect, it } from 'vitest';
import { COVERAGE_HEADROOM, coverageScaleFactor, coveredPercent } from '../../src/optimize/targetCoverage';

const h = 1 + COVERAGE_HEADROOM;

describe('coverageScaleFactor', () => {
  it('coverageScaleFactor(doses, equal weights, Rx, 50) scales the 2nd hottest of 4 voxels to Rx', () => {
    // 50 % of 4 equal voxels = the 2 hottest (4 and 3 Gy): s = Rx / 3.
    expect(coverageScaleFactor([1, 4, 2, 3], [1, 1, 1, 1], 6, 50)).toBeCloseTo((6 / 3) * h, 14);
  });

  it('coverageScaleFactor(doses, partial weights, Rx, 95) counts partial-volume fractions', () => {
    // Weights 0.5, 1, 1, 0.5 (total 3); hottest first: 5 Gy (w 0.5), 4 Gy (w 1) → 1.5 = 50 %; + 3 Gy (w 1) → 2.5 = 83 %;
    // + 2 Gy (w 0.5) → 100 %. 95 % needs the 2 Gy voxel: s = Rx / 2.
    expect(coverageScaleFactor([5, 4, 3, 2], [0.5, 1, 1, 0.5], 8, 95)).toBeCloseTo((8 / 2) * h, 14);
    expect(coverageScaleFactor([5, 4, 3, 2], [0.5, 1, 1, 0.5], 8, 80)).toBeCloseTo((8 / 3) * h, 14);
  });

  it('coverageScaleFactor(doses, weights, Rx, 100) uses the coldest voxel with weight > 0 and ignores weight-0 voxels', () => {
    expect(coverageScaleFactor([5, 0, 3, 2], [1, 0, 1, 1], 8, 100)).toBeCloseTo((8 / 2) * h, 14);
  });

  it('coverageScaleFactor(doses, weights, Rx, coverage) is Infinity when the coverage needs voxels without dose', () => {
    expect(coverageScaleFactor([5, 0, 0, 0], [1, 1, 1, 1], 8, 50)).toBe(Infinity);
  });

  it('coverageScaleFactor(...) rejects mismatched lengths and an all-zero weight target', () => {
    expect(() => coverageScaleFactor([1, 2], [1], 8, 95)).toThrowError(expect.objectContaining({ code: 'bad-length' }));
    expect(() => coverageScaleFactor([1, 2], [0, 0], 8, 95)).toThrowError(expect.objectContaining({ code: 'empty-target' }));
  });

  it('coveredPercent(scaled doses) is at least the coverage after scaling by coverageScaleFactor', () => {
    const doses = [1.1, 2.3, 0.7, 1.9, 2.8, 1.4, 2.2, 0.9, 1.7, 2.5];
    const weights = [1, 0.3, 1, 0.8, 1, 1, 0.6, 1, 1, 0.2];
    const s = coverageScaleFactor(doses, weights, 7, 90);
    const scaled = doses.map((d) => d * s);
    expect(coveredPercent(scaled, weights, 7)).toBeGreaterThanOrEqual(90);
    // Without the headroom and the boundary voxel, less than 90 %: s is the smallest such factor.
    expect(coveredPercent(doses.map((d) => (d * s) / (h * h)), weights, 7)).toBeLessThan(90);
  });
});
