import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../../src/geometry/Grid3';
import { DEFAULT_TARGET_SAMPLE_COUNT, dvhSampleSpacingMm } from '../../src/dvh/dvhSampleSpacingMm';
import { isAxialGrid } from '../../src/dvh/isAxialGrid';

// 3 × 2.5 × 2 mm dose voxels: the finest spacing is 2 mm.
const grid: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [3, 2.5, 2], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

describe('dvhSampleSpacingMm', () => {
  it('dvhSampleSpacingMm(small volume) aims at targetSampleCount samples: h = ∛(volume / count)', () => {
    expect(DEFAULT_TARGET_SAMPLE_COUNT).toBe(2e5);
    // 1 cc = 1000 mm³: ∛(1000 / 2e5) = 0.171 mm (closed form).
    expect(dvhSampleSpacingMm(1, grid)).toBeCloseTo(Math.cbrt(1000 / 2e5), 12);
    // 7 cc with 5e5 samples: ∛(7000 / 5e5) = 0.241 mm.
    expect(dvhSampleSpacingMm(7, grid, { targetSampleCount: 5e5 })).toBeCloseTo(Math.cbrt(7000 / 5e5), 12);
  });

  it('dvhSampleSpacingMm(large volume) stops at the finest dose spacing × maxSpacingPerDoseVoxel', () => {
    // 23.5 L: ∛(23.5e6 / 2e5) = 4.9 mm > 2 mm, so one sample per 2 mm (the finest dose spacing).
    expect(dvhSampleSpacingMm(23500, grid)).toBe(2);
    expect(dvhSampleSpacingMm(23500, grid, { maxSpacingPerDoseVoxel: 0.5 })).toBe(1);
    // The crossover: volume = 2e5 × 2³ mm³ = 1.6 L.
    expect(dvhSampleSpacingMm(1600, grid)).toBeCloseTo(2, 9);
  });

  it('dvhSampleSpacingMm(volume, grid, { sampleSpacingMm }) overrides the rule and validates options', () => {
    expect(dvhSampleSpacingMm(23500, grid, { sampleSpacingMm: 0.3 })).toBe(0.3);
    expect(() => dvhSampleSpacingMm(1, grid, { sampleSpacingMm: 0 })).toThrow(expect.objectContaining({ code: 'bad-option' }));
    expect(() => dvhSampleSpacingMm(1, grid, { targetSampleCount: Number.NaN })).toThrow(expect.objectContaining({ code: 'bad-option' }));
    expect(() => dvhSampleSpacingMm(1, grid, { maxSpacingPerDoseVoxel: -1 })).toThrow(expect.objectContaining({ code: 'bad-option' }));
    expect(() => dvhSampleSpacingMm(0, grid)).toThrow(expect.objectContaining({ code: 'zero-volume' }));
  });
});

describe('isAxialGrid', () => {
  it('isAxialGrid(geometry) accepts decubitus and feet-first lattices and rejects tilted ones', () => {
    expect(isAxialGrid(grid)).toBe(true);
    expect(isAxialGrid({ ...grid, direction: [0, -1, 0, 1, 0, 0, 0, 0, -1] })).toBe(true);
    const c = Math.cos(0.01);
    const s = Math.sin(0.01);
    expect(isAxialGrid({ ...grid, direction: [1, 0, 0, 0, c, s, 0, -s, c] })).toBe(false); // 0.57° gantry tilt
    expect(isAxialGrid({ ...grid, direction: [0, 1, 0, 0, 0, -1, -1, 0, 0] })).toBe(false); // sagittal
  });
});
