import { describe, expect, it } from 'vitest';
import { antiAliasedIndicator, surfaceCrossings } from '../../src/distance/maskSurfacePoints';
import type { Vec3 } from './maskPhantoms';

describe('maskSurfacePoints', () => {
  it('antiAliasedIndicator applies [1/6, 2/3, 1/6] per axis and keeps a lone voxel at 0.5 (guard)', () => {
    const dims: Vec3 = [5, 5, 5];
    const mask = new Uint8Array(125);
    mask[62] = 1; // (2, 2, 2)
    const field = antiAliasedIndicator(mask, dims);
    // separable product: centre (2/3)³ = 0.296 → raised to 0.5; face neighbour (2/3)²·(1/6); corner (1/6)³
    expect(field[62]).toBeCloseTo(0.5, 7);
    expect(field[63]).toBeCloseTo((2 / 3) ** 2 / 6, 7);
    expect(field[62 + 1 + 5 + 25]).toBeCloseTo(1 / 216, 7);
    expect(field[0]).toBe(0);
  });

  it('surfaceCrossings of a thick slab lie midway between the last inside and first outside layer', () => {
    const dims: Vec3 = [8, 3, 3];
    const mask = new Uint8Array(72);
    for (let v = 0; v < 72; v++) mask[v] = v % 8 <= 3 ? 1 : 0;
    const points = surfaceCrossings(antiAliasedIndicator(mask, dims), dims, [2, 1, 1], new Float32Array(72), Infinity);
    // Middle row (j = k = 1), where y and z smoothing see the slab on both sides: layers at i = 3 (5/6)
    // and i = 4 (1/6) → crossing at i = 3.5 → x = 7 mm. (Rows on the grid edge are weaker: beyond the
    // grid counts as outside.)
    const middle: number[] = [];
    for (let p = 0; p < points.length; p += 3) if (points[p + 1] === 1 && points[p + 2] === 1) middle.push(points[p]);
    expect(middle).toHaveLength(1);
    expect(middle[0]).toBeCloseTo(7, 6);
  });
});
