import { describe, expect, it } from 'vitest';
import { latticeGrid, maskBoxMm } from '../../src/proximity/latticeGrid';
import { resampleMaskNearest } from '../../src/proximity/resampleMaskNearest';

describe('latticeGrid', () => {
  it('latticeGrid(box, s) puts voxel centres on multiples of s and covers the box', () => {
    const g = latticeGrid({ min: [-3.2, 10.1, 7.74], max: [5.6, 12.0, 20.2] }, 0.5);
    expect(g.originMm).toEqual([-3, 10, 7.5]);
    expect(g.dimensions).toEqual([18, 5, 26]);
    expect(g.originMm[0] + (g.dimensions[0] - 1) * 0.5).toBeCloseTo(5.5, 12);
    expect(() => latticeGrid({ min: [0, 0, 0], max: [1, 1, 1] }, 0)).toThrow(expect.objectContaining({ code: 'bad-spacing' }));
  });
});

describe('resampleMaskNearest', () => {
  it('resampleMaskNearest(0.5 mm mask → aligned 1 mm grid) samples the finer voxels at the coarse centres exactly', () => {
    const fine = latticeGrid({ min: [0, 0, 0], max: [9.5, 4.5, 2.5] }, 0.5); // 20 × 10 × 6
    const mask = new Uint8Array(20 * 10 * 6);
    mask[4 + 2 * 20 + 2 * 200] = 1; // (2.0, 1.0, 1.0) mm: a 1 mm centre
    mask[5 + 2 * 20 + 2 * 200] = 1; // (2.5, 1.0, 1.0) mm: between 1 mm centres
    const coarse = latticeGrid({ min: [0, 0, 0], max: [9, 4, 2] }, 1);
    const out = resampleMaskNearest(mask, fine, coarse);
    expect([...out.keys()].filter((v) => out[v] === 1)).toEqual([2 + 1 * 10 + 1 * 50]);
    expect(maskBoxMm(out, coarse)).toEqual({ min: [1.5, 0.5, 0.5], max: [2.5, 1.5, 1.5] });
  });

  it('resampleMaskNearest(object smaller than a target voxel) keeps one voxel at its centre of mass', () => {
    const fine = latticeGrid({ min: [0, 0, 0], max: [9.5, 9.5, 9.5] }, 0.5);
    const mask = new Uint8Array(20 * 20 * 20);
    mask[5 + 5 * 20 + 5 * 400] = 1; // (2.5, 2.5, 2.5) mm, between 4 mm centres 0 and 4
    const coarse = latticeGrid({ min: [0, 0, 0], max: [8, 8, 8] }, 4);
    const out = resampleMaskNearest(mask, fine, coarse);
    expect([...out.keys()].filter((v) => out[v] === 1)).toEqual([1 + 1 * 3 + 1 * 9]);
  });
});
