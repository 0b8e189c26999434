import { describe, expect, it } from 'vitest';
import { signedDistanceMm } from '../../src/distance/signedDistanceMm';
import { seededRandom, type Vec3 } from './maskPhantoms';

describe('signedDistanceMm', () => {
  it('signedDistanceMm(mask) is +distance to the nearest inside centre outside and −distance to the nearest outside centre inside (brute force)', () => {
    const dims: Vec3 = [8, 6, 5];
    const spacing: Vec3 = [1, 1.5, 3];
    const random = seededRandom(5);
    const mask = new Uint8Array(8 * 6 * 5);
    for (let v = 0; v < mask.length; v++) mask[v] = random() < 0.4 ? 1 : 0;
    const sdf = signedDistanceMm(mask, { dimensions: dims, spacingMm: spacing });
    const position = (v: number) => [(v % 8) * spacing[0], (Math.floor(v / 8) % 6) * spacing[1], Math.floor(v / 48) * spacing[2]];
    for (let v = 0; v < mask.length; v++) {
      let best = Infinity;
      for (let w = 0; w < mask.length; w++) {
        if ((mask[w] !== 0) === (mask[v] !== 0)) continue;
        const [a, b] = [position(v), position(w)];
        best = Math.min(best, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
      }
      expect(sdf[v]).toBeCloseTo(mask[v] ? -best : best, 5);
    }
  });

  it('signedDistanceMm(empty) is +Infinity and signedDistanceMm(full) is −Infinity everywhere', () => {
    const geometry = { dimensions: [3, 2, 2] as Vec3, spacingMm: [1, 2, 3] as Vec3 };
    expect(Array.from(signedDistanceMm(new Uint8Array(12), geometry)).every((d) => d === Infinity)).toBe(true);
    expect(Array.from(signedDistanceMm(new Uint8Array(12).fill(1), geometry)).every((d) => d === -Infinity)).toBe(true);
  });
});
