import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../../src/geometry/Grid3';
import { maskCentroidMm, overlapVolumeCc, subtractMask, unionMasks } from '../../src/lung/structureMaskAlgebra';
import { maskFractionAt, type StructureMask } from '../../src/voxelize/StructureMask';

// 10×12×8 voxels at 1×2×3 mm: voxel volume 0.006 cc.
const GRID: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

/** A mask with the given fraction in each listed voxel (i, j, k). */
function mask(voxels: readonly (readonly [number, number, number, number])[]): StructureMask {
  const i0 = Math.min(...voxels.map((v) => v[0])), i1 = Math.max(...voxels.map((v) => v[0]));
  const j0 = Math.min(...voxels.map((v) => v[1])), j1 = Math.max(...voxels.map((v) => v[1]));
  const k0 = Math.min(...voxels.map((v) => v[2])), k1 = Math.max(...voxels.map((v) => v[2]));
  const bx = i1 - i0 + 1, by = j1 - j0 + 1;
  const fractions = new Float32Array(bx * by * (k1 - k0 + 1));
  let sum = 0;
  for (const [i, j, k, f] of voxels) {
    fractions[i - i0 + (j - j0) * bx + (k - k0) * bx * by] = f;
    sum += f;
  }
  return { geometry: GRID, boundsIjk: { i0, i1, j0, j1, k0, k1 }, fractions, volumeCc: sum * 0.006, structureVolumeCc: sum * 0.006, clippedByGrid: false, contourGapCount: 0 };
}

describe('structureMaskAlgebra', () => {
  const a = mask([[1, 2, 3, 0.25], [2, 2, 3, 1], [5, 6, 7, 0.5]]);
  const b = mask([[2, 2, 3, 0.5], [3, 2, 3, 0.75], [5, 6, 7, 0.75]]);

  it('unionMasks takes the larger fraction per voxel over the union of the boxes', () => {
    const u = unionMasks([a, b]);
    expect(maskFractionAt(u, 1, 2, 3)).toBe(0.25);
    expect(maskFractionAt(u, 2, 2, 3)).toBe(1);
    expect(maskFractionAt(u, 3, 2, 3)).toBe(0.75);
    expect(maskFractionAt(u, 5, 6, 7)).toBe(0.75);
    // (0.25 + 1 + 0.75 + 0.75) × 0.006 cc
    expect(u.volumeCc).toBeCloseTo(2.75 * 0.006, 12);
    expect(u.boundsIjk).toEqual({ i0: 1, i1: 5, j0: 2, j1: 6, k0: 3, k1: 7 });
  });

  it('subtractMask gives max(0, base − cut) and crops to the voxels left', () => {
    const d = subtractMask(a, b);
    expect(maskFractionAt(d, 1, 2, 3)).toBe(0.25);
    expect(maskFractionAt(d, 2, 2, 3)).toBe(0.5);
    expect(maskFractionAt(d, 5, 6, 7)).toBe(0); // 0.5 − 0.75 clamps to 0
    expect(d.boundsIjk).toEqual({ i0: 1, i1: 2, j0: 2, j1: 2, k0: 3, k1: 3 });
    expect(d.volumeCc).toBeCloseTo(0.75 * 0.006, 12);
  });

  it('overlapVolumeCc sums min(fractions); maskCentroidMm is the fraction-weighted centre in mm', () => {
    // min: (2,2,3) 0.5, (5,6,7) 0.5 → 1.0 × 0.006 cc
    expect(overlapVolumeCc(a, b)).toBeCloseTo(0.006, 12);
    const c = maskCentroidMm(mask([[1, 1, 1, 1], [3, 1, 1, 1]]));
    // i = 2 → x = 2 mm; j = 1 → y = 2 mm; k = 1 → z = 3 mm
    expect(c).toEqual({ xMm: 2, yMm: 2, zMm: 3 });
  });

  it('unionMasks throws InputError geometry-mismatch for masks on different grids', () => {
    const other = { ...b, geometry: { ...GRID, spacingMm: [1, 2, 2.5] as const } };
    expect(() => unionMasks([a, other])).toThrow(expect.objectContaining({ code: 'geometry-mismatch' }));
  });
});
