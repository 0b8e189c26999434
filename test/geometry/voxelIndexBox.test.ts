import { describe, expect, it } from 'vitest';
import { growVoxelIndexBox, voxelIndexBox } from '../../src/geometry/voxelIndexBox';

// 10×12×8 voxels (unequal, so an axis swap changes the answer); index i + j·nx + k·nx·ny.
const DIMS: [number, number, number] = [10, 12, 8];
const index = (i: number, j: number, k: number): number => i + j * DIMS[0] + k * DIMS[0] * DIMS[1];

describe('voxelIndexBox', () => {
  it('voxelIndexBox(values, dims, threshold, comparison) bounds the voxels above / at least the threshold, per axis', () => {
    const values = new Float32Array(DIMS[0] * DIMS[1] * DIMS[2]);
    values[index(2, 7, 1)] = 1;
    values[index(5, 3, 6)] = 2;
    values[index(8, 11, 4)] = 3; // only voxel with value ≥ 3
    values[index(0, 0, 0)] = Number.NaN; // NaN never counts
    // Closed form: min/max of the (i, j, k) of the counted voxels.
    expect(voxelIndexBox(values, DIMS, 0, 'above')).toEqual({ lo: [2, 3, 1], hi: [8, 11, 6] });
    expect(voxelIndexBox(values, DIMS, 2, 'above')).toEqual({ lo: [8, 11, 4], hi: [8, 11, 4] });
    expect(voxelIndexBox(values, DIMS, 2, 'atLeast')).toEqual({ lo: [5, 3, 4], hi: [8, 11, 6] });
    expect(voxelIndexBox(values, DIMS, 3, 'above')).toBeNull();
  });

  it('voxelIndexBox(empty mask) is null; a 0/1 mask counts its nonzero voxels with (0, above)', () => {
    const mask = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]);
    expect(voxelIndexBox(mask, DIMS, 0, 'above')).toBeNull();
    mask[index(9, 0, 7)] = 1;
    expect(voxelIndexBox(mask, DIMS, 0, 'above')).toEqual({ lo: [9, 0, 7], hi: [9, 0, 7] });
  });

  it('growVoxelIndexBox(box, dims, voxels) grows each axis by its own count and clips to the grid', () => {
    // lo − grow and hi + grow, clipped to [0, n − 1] (closed form).
    expect(growVoxelIndexBox({ lo: [1, 5, 6], hi: [3, 6, 7] }, DIMS, [2, 1, 3])).toEqual({ lo: [0, 4, 3], hi: [5, 7, 7] });
    expect(growVoxelIndexBox({ lo: [4, 4, 4], hi: [4, 4, 4] }, DIMS, [Infinity, 0, 1])).toEqual({ lo: [0, 4, 3], hi: [9, 4, 5] });
  });
});
