import { describe, expect, it } from 'vitest';
import { distanceTransformMm, squaredDistanceTransformMm2 } from '../../src/distance/distanceTransformMm';
import { weightedSquaredEdt } from '../../src/distance/weightedSquaredEdt';
import { seededRandom, type Vec3 } from './maskPhantoms';

/** O(N²) exact reference: min over mask voxels of Σ w·Δ², in float64. */
function bruteForceSquared(mask: Uint8Array, dims: Vec3, weights: Vec3): Float64Array {
  const [nx, ny, nz] = dims;
  const inside: number[][] = [];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (mask[i + j * nx + k * nx * ny]) inside.push([i, j, k]);
  const out = new Float64Array(mask.length);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        let best = Infinity;
        for (const [a, b, c] of inside) {
          // Infinity weight: displacement along that axis is not allowed
          const terms = [[i - a, weights[0]], [j - b, weights[1]], [k - c, weights[2]]];
          let d = 0;
          for (const [delta, w] of terms) d += delta === 0 ? 0 : w * delta * delta;
          if (d < best) best = d;
        }
        out[i + j * nx + k * nx * ny] = best;
      }
    }
  }
  return out;
}

function randomMask(dims: Vec3, density: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let v = 0; v < mask.length; v++) mask[v] = random() < density ? 1 : 0;
  return mask;
}

function expectRelativelyClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let v = 0; v < expected.length; v++) {
    if (expected[v] === Infinity) {
      expect(actual[v]).toBe(Infinity);
      continue;
    }
    const error = Math.abs(actual[v] - expected[v]) / Math.max(1, expected[v]);
    if (error > worst) worst = error;
  }
  expect(worst).toBeLessThanOrEqual(relative);
}

describe('distanceTransformMm', () => {
  it('distanceTransformMm(single voxel) equals √Σ(spacing·Δindex)² everywhere (closed form)', () => {
    const dims: Vec3 = [10, 12, 8];
    const spacingMm: Vec3 = [1, 2, 3];
    const mask = new Uint8Array(10 * 12 * 8);
    const [ci, cj, ck] = [3, 7, 2];
    mask[ci + cj * 10 + ck * 120] = 1;
    const { distanceMm, maskIsEmpty } = distanceTransformMm(mask, { dimensions: dims, spacingMm });
    expect(maskIsEmpty).toBe(false);
    for (const [i, j, k] of [[3, 7, 2], [9, 0, 7], [0, 11, 0], [4, 7, 2], [3, 8, 2], [3, 7, 3]]) {
      const expected = Math.hypot(1 * (i - ci), 2 * (j - cj), 3 * (k - ck));
      expect(distanceMm[i + j * 10 + k * 120]).toBeCloseTo(expected, 5);
    }
  });

  for (const [dims, spacing, density, seed] of [
    [[9, 7, 6], [1, 1.5, 3], 0.03, 11],
    [[9, 7, 6], [1, 1.5, 3], 0.3, 12],
    [[6, 8, 7], [2, 3, 2.5], 0.01, 13],
    [[11, 5, 4], [0.977, 0.977, 2.5], 0.08, 14],
  ] as [Vec3, Vec3, number, number][]) {
    it(`squaredDistanceTransformMm2 matches an O(N²) brute force on a seeded random mask (${dims.join('x')} @ ${spacing.join('x')} mm, ${density * 100} %)`, () => {
      const mask = randomMask(dims, density, seed);
      const expected = bruteForceSquared(mask, dims, [spacing[0] ** 2, spacing[1] ** 2, spacing[2] ** 2]);
      const { squaredDistanceMm2 } = squaredDistanceTransformMm2(mask, { dimensions: dims, spacingMm: spacing });
      // float32 storage between passes: relative error ~1e-7
      expectRelativelyClose(squaredDistanceMm2, expected, 1e-6);
      const { distanceMm } = distanceTransformMm(mask, { dimensions: dims, spacingMm: spacing });
      expectRelativelyClose(distanceMm, expected.map(Math.sqrt), 1e-6);
    });
  }

  it('weightedSquaredEdt with an Infinity weight allows no displacement along that axis (brute force)', () => {
    const dims: Vec3 = [7, 6, 5];
    const mask = randomMask(dims, 0.05, 21);
    for (const weights of [[Infinity, 2.25, 9], [1, Infinity, 9], [1, 2.25, Infinity]] as Vec3[]) {
      expectRelativelyClose(weightedSquaredEdt(mask, dims, weights), bruteForceSquared(mask, dims, weights), 1e-6);
    }
  });

  it('distanceTransformMm(empty mask) is +Infinity everywhere with maskIsEmpty; a full mask is 0 everywhere', () => {
    const geometry = { dimensions: [4, 3, 2] as Vec3, spacingMm: [1, 2, 3] as Vec3 };
    const empty = distanceTransformMm(new Uint8Array(24), geometry);
    expect(empty.maskIsEmpty).toBe(true);
    expect(Array.from(empty.distanceMm).every((d) => d === Infinity)).toBe(true);
    const full = distanceTransformMm(new Uint8Array(24).fill(1), geometry);
    expect(full.maskIsEmpty).toBe(false);
    expect(Array.from(full.distanceMm).every((d) => d === 0)).toBe(true);
  });

  it('distanceTransformMm writes into `out` and treats any non-zero value as inside', () => {
    const geometry = { dimensions: [5, 1, 1] as Vec3, spacingMm: [2, 1, 1] as Vec3 };
    const out = new Float32Array(5);
    const result = distanceTransformMm(new Uint8Array([0, 0, 255, 0, 0]), geometry, out);
    expect(result.distanceMm).toBe(out);
    expect(Array.from(out)).toEqual([4, 2, 0, 2, 4]);
  });

  it('distanceTransformMm rejects a wrong mask length, bad spacing or dimensions with InputError', () => {
    expect(() => distanceTransformMm(new Uint8Array(5), { dimensions: [2, 2, 2], spacingMm: [1, 1, 1] })).toThrow(/mask has 5 voxels/);
    expect(() => distanceTransformMm(new Uint8Array(8), { dimensions: [2, 2, 2], spacingMm: [1, 0, 1] })).toThrow(expect.objectContaining({ code: 'bad-spacing' }));
    expect(() => distanceTransformMm(new Uint8Array(8), { dimensions: [2, 2.5, 2] as unknown as Vec3, spacingMm: [1, 1, 1] })).toThrow(expect.objectContaining({ code: 'bad-dimensions' }));
    expect(() => distanceTransformMm(new Uint8Array(8), { dimensions: [2, 2, 2], spacingMm: [1, 1, 1] }, new Float32Array(7))).toThrow(/out has 7/);
  });
});
