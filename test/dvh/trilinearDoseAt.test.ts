import { describe, expect, it } from 'vitest';
import type { Grid3 } from '../../src/geometry/Grid3';
import { trilinearDoseAt } from '../../src/dvh/trilinearDoseAt';

// 10 × 12 × 8 voxels holding the linear field D(i, j, k) = 1 + 2i + 3j + 5k (any grid spacing; index space).
const dims: [number, number, number] = [10, 12, 8];
const data = new Float32Array(10 * 12 * 8);
for (let k = 0; k < 8; k++) for (let j = 0; j < 12; j++) for (let i = 0; i < 10; i++) data[i + 10 * j + 120 * k] = 1 + 2 * i + 3 * j + 5 * k;
const grid: Grid3 = { dimensions: dims, spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };

describe('trilinearDoseAt', () => {
  it('trilinearDoseAt(grid, i, j, k) reproduces a linear field exactly between voxel centres', () => {
    // Closed form 1 + 2i + 3j + 5k.
    expect(trilinearDoseAt(grid, 2.25, 7.5, 3.125)).toBeCloseTo(1 + 4.5 + 22.5 + 15.625, 4);
    expect(trilinearDoseAt(grid, 9, 11, 7)).toBeCloseTo(1 + 18 + 33 + 35, 4); // last voxel centre
  });

  it('trilinearDoseAt(grid, ...) holds the outer value up to half a voxel outside and is NaN beyond', () => {
    // i = −0.4 lies in voxel 0: the value at i = 0 is used (held, not extrapolated).
    expect(trilinearDoseAt(grid, -0.4, 2, 2)).toBeCloseTo(1 + 6 + 10, 4);
    expect(trilinearDoseAt(grid, 9.5, 2, 2)).toBeCloseTo(1 + 18 + 6 + 10, 4);
    expect(trilinearDoseAt(grid, 9.51, 2, 2)).toBeNaN();
    expect(trilinearDoseAt(grid, 2, -0.6, 2)).toBeNaN();
    expect(trilinearDoseAt(grid, 2, 2, Number.NaN)).toBeNaN();
  });

  it('trilinearDoseAt(single-slice grid, ...) is constant across the slice thickness', () => {
    const slice: Grid3 = { ...grid, dimensions: [10, 12, 1], data: data.subarray(0, 120) };
    expect(trilinearDoseAt(slice, 3, 4, 0.3)).toBeCloseTo(1 + 6 + 12, 4);
    expect(trilinearDoseAt(slice, 3, 4, -0.5)).toBeCloseTo(1 + 6 + 12, 4);
  });
});
