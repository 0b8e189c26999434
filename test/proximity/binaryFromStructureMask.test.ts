import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, type GridGeometry } from '../../src/geometry/Grid3';
import { binaryFromStructureMask } from '../../src/proximity/binaryFromStructureMask';
import type { StructureMask } from '../../src/voxelize/StructureMask';

// 5 × 4 × 3 voxels (unequal so an axis swap fails); fractions set by hand.
const geometry: GridGeometry = { dimensions: [5, 4, 3], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: IDENTITY_DIRECTION };
const index = (i: number, j: number, k: number) => i + 5 * j + 20 * k;

function mask(fractions: Float32Array, bounds: StructureMask['boundsIjk']): StructureMask {
  return { geometry, fractions, volumeCc: 0, boundsIjk: bounds, structureVolumeCc: 0, clippedByGrid: false, contourGapCount: 0 };
}

describe('binaryFromStructureMask', () => {
  it('binaryFromStructureMask(full-grid fractions) keeps voxels with fraction ≥ 0.5', () => {
    const f = new Float32Array(60);
    f[index(1, 2, 1)] = 0.5;
    f[index(2, 2, 1)] = 0.49;
    f[index(3, 1, 2)] = 1;
    const b = binaryFromStructureMask(mask(f, { i0: 1, i1: 3, j0: 1, j1: 2, k0: 1, k1: 2 }));
    expect([...b.keys()].filter((v) => b[v] === 1)).toEqual([index(1, 2, 1), index(3, 1, 2)]);
  });

  it('binaryFromStructureMask(fractions cropped to boundsIjk) reads the cropped layout the same way', () => {
    // Box i 1..3, j 1..2, k 1..2: 3 × 2 × 2 values, index (i − 1) + (j − 1)·3 + (k − 1)·6.
    const f = new Float32Array(12);
    f[0 + 1 * 3 + 0 * 6] = 0.5; // (1, 2, 1)
    f[1 + 1 * 3 + 0 * 6] = 0.49; // (2, 2, 1)
    f[2 + 0 * 3 + 1 * 6] = 1; // (3, 1, 2)
    const b = binaryFromStructureMask(mask(f, { i0: 1, i1: 3, j0: 1, j1: 2, k0: 1, k1: 2 }));
    expect(b.length).toBe(60);
    expect([...b.keys()].filter((v) => b[v] === 1)).toEqual([index(1, 2, 1), index(3, 1, 2)]);
  });

  it('binaryFromStructureMask(a structure thinner than half a voxel) keeps its fullest voxels instead of vanishing', () => {
    const f = new Float32Array(60);
    f[index(2, 1, 0)] = 0.3;
    f[index(3, 1, 0)] = 0.2;
    f[index(4, 1, 0)] = 0.1;
    const b = binaryFromStructureMask(mask(f, { i0: 2, i1: 4, j0: 1, j1: 1, k0: 0, k1: 0 }));
    // Threshold falls to half the largest fraction (0.15).
    expect([...b.keys()].filter((v) => b[v] === 1)).toEqual([index(2, 1, 0), index(3, 1, 0)]);
  });

  it('binaryFromStructureMask rejects a fractions array of neither layout, and gives an empty mask for null bounds', () => {
    expect(() => binaryFromStructureMask(mask(new Float32Array(7), { i0: 0, i1: 1, j0: 0, j1: 0, k0: 0, k1: 0 }))).toThrow(expect.objectContaining({ code: 'bad-mask-layout' }));
    expect(binaryFromStructureMask(mask(new Float32Array(60), null)).every((v) => v === 0)).toBe(true);
  });
});
