import { describe, expect, it } from 'vitest';
import { maskContact } from '../../src/distance/maskContact';

// 10×12×8 voxels; index i + j·nx + k·nx·ny.
const DIMS: [number, number, number] = [10, 12, 8];
const index = (i: number, j: number, k: number): number => i + j * DIMS[0] + k * DIMS[0] * DIMS[1];
const maskOf = (...voxels: [number, number, number][]): Uint8Array => {
  const mask = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]);
  for (const [i, j, k] of voxels) mask[index(i, j, k)] = 1;
  return mask;
};

describe('maskContact', () => {
  it('maskContact(a, b, dims) gives the shared voxel when the masks overlap', () => {
    expect(maskContact(maskOf([3, 4, 5]), maskOf([3, 4, 5]), DIMS)).toEqual({ indexA: index(3, 4, 5), indexB: index(3, 4, 5) });
  });

  it('maskContact(a, b, dims) gives the face neighbour along each axis (k stride nx·ny, j stride nx)', () => {
    expect(maskContact(maskOf([3, 4, 5]), maskOf([3, 4, 6]), DIMS)).toEqual({ indexA: index(3, 4, 5), indexB: index(3, 4, 6) });
    expect(maskContact(maskOf([3, 4, 5]), maskOf([3, 3, 5]), DIMS)).toEqual({ indexA: index(3, 4, 5), indexB: index(3, 3, 5) });
    expect(maskContact(maskOf([3, 4, 5]), maskOf([4, 4, 5]), DIMS)).toEqual({ indexA: index(3, 4, 5), indexB: index(4, 4, 5) });
  });

  it('maskContact(a, b, dims) is undefined for edge or corner neighbours and across the row wrap', () => {
    expect(maskContact(maskOf([3, 4, 5]), maskOf([4, 5, 5]), DIMS)).toBeUndefined(); // shares an edge only
    expect(maskContact(maskOf([3, 4, 5]), maskOf([4, 5, 6]), DIMS)).toBeUndefined(); // shares a corner only
    // (9, 0, 0) and (0, 1, 0) are adjacent in memory (index 9 and 10) but not in space.
    expect(maskContact(maskOf([9, 0, 0]), maskOf([0, 1, 0]), DIMS)).toBeUndefined();
  });
});
