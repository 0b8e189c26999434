import { describe, expect, it } from 'vitest';
import { voxelSetFromFractions } from '../../src/optimize/voxelSetFromFractions';

describe('voxelSetFromFractions', () => {
  it('voxelSetFromFractions(Float32Array) keeps voxels with fraction > 0 in ascending order with their fractions', () => {
    const set = voxelSetFromFractions(Float32Array.from([0, 0.25, 0, 1, 0.5]));
    expect(Array.from(set.voxels)).toEqual([1, 3, 4]);
    expect(Array.from(set.weights)).toEqual([0.25, 1, 0.5]);
  });

  it('voxelSetFromFractions(Uint8Array) gives weight 1 to every non-zero voxel', () => {
    const set = voxelSetFromFractions(Uint8Array.from([0, 255, 1, 0]));
    expect(Array.from(set.voxels)).toEqual([1, 2]);
    expect(Array.from(set.weights)).toEqual([1, 1]);
  });

  it('voxelSetFromFractions(...) rejects fractions outside [0, 1] and NaN', () => {
    expect(() => voxelSetFromFractions(Float32Array.from([0, 1.5]))).toThrowError(expect.objectContaining({ code: 'bad-voxels' }));
    expect(() => voxelSetFromFractions(Float32Array.from([Number.NaN]))).toThrowError(expect.objectContaining({ code: 'bad-voxels' }));
  });
});
