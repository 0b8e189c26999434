import { describe, expect, it } from 'vitest';
import { lqBedGy } from '../../src/radiobiology/lqBed';
import { lqlBedGy, lqlEqdxGy } from '../../src/radiobiology/lqlBed';

describe('lqlBedGy', () => {
  it('lqlBedGy(30/1, 10, 6) = 6·1.6 + 24·2.2 = 62.4 (physics.md §1.5 hand check)', () => {
    expect(lqlBedGy({ totalDoseGy: 30, fractions: 1 }, 10, 6)).toBeCloseTo(62.4, 10);
  });

  it('lqlBedGy equals lqBedGy for d ≤ dT and has the LQ tangent slope above dT', () => {
    expect(lqlBedGy({ totalDoseGy: 24, fractions: 4 }, 3, 6)).toBeCloseTo(lqBedGy({ totalDoseGy: 24, fractions: 4 }, 3), 12);
    // ln S = −(α·dT + β·dT²) − (α + 2β·dT)(d − dT) → BED slope per Gy above dT = 1 + 2·dT/(α/β) = 1 + 8/2 = 5
    const a = lqlBedGy({ totalDoseGy: 10, fractions: 1 }, 2, 4);
    const b = lqlBedGy({ totalDoseGy: 11, fractions: 1 }, 2, 4);
    expect(b - a).toBeCloseTo(5, 10);
  });

  it('lqlEqdxGy(x = d) returns the physical total dose', () => {
    expect(lqlEqdxGy({ totalDoseGy: 45, fractions: 3 }, 10, 6, 15)).toBeCloseTo(45, 10);
  });

  it('lqlBedGy rejects dT ≤ 0', () => {
    expect(() => lqlBedGy({ totalDoseGy: 30, fractions: 1 }, 10, 0)).toThrow(/transitionDoseGy/);
  });
});
