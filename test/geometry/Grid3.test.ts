import { describe, expect, it } from 'vitest';
import { gridTransforms, indexToWorld, validateGridGeometry, worldToIndex, type GridGeometry } from '../../src/geometry/Grid3';

// Unequal dimensions and spacing so that axis swaps fail.
const feetFirstDecubitus: GridGeometry = {
  dimensions: [10, 12, 8],
  spacingMm: [1, 2, 3],
  originMm: [-5, 7, 100],
  // u = -y, v = +x, w = -z (a rotated, feet-first-like orientation)
  direction: [0, -1, 0, 1, 0, 0, 0, 0, -1],
};

describe('Grid3', () => {
  it('indexToWorld(geometry, ijk) follows origin + Σ index·spacing·axis (closed form)', () => {
    const p = indexToWorld(feetFirstDecubitus, { i: 2, j: 3, k: 4 });
    // x = -5 + 3·2·1 = 1; y = 7 - 2·1 = 5; z = 100 - 4·3 = 88
    expect(p.xMm).toBeCloseTo(1, 12);
    expect(p.yMm).toBeCloseTo(5, 12);
    expect(p.zMm).toBeCloseTo(88, 12);
  });

  it('worldToIndex(geometry, p) inverts indexToWorld', () => {
    const ijk = { i: 1.25, j: 7.5, k: 6.75 };
    const back = worldToIndex(feetFirstDecubitus, indexToWorld(feetFirstDecubitus, ijk));
    expect(back.i).toBeCloseTo(ijk.i, 12);
    expect(back.j).toBeCloseTo(ijk.j, 12);
    expect(back.k).toBeCloseTo(ijk.k, 12);
    const m = gridTransforms(feetFirstDecubitus);
    expect(m.worldToIndex.length).toBe(12);
  });

  it('validateGridGeometry(geometry) rejects NaN spacing and non-orthonormal directions by name', () => {
    expect(() => validateGridGeometry({ ...feetFirstDecubitus, spacingMm: [1, Number.NaN, 3] })).toThrow(/spacing/);
    expect(() => validateGridGeometry({ ...feetFirstDecubitus, direction: [1, 0, 0, 1, 0, 0, 0, 0, 1] })).toThrow(/orthonormal/);
  });
});
