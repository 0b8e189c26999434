import { describe, expect, it } from 'vitest';
import { lqBedGy, lqEqd2Gy } from '../../src/radiobiology/lqBed';
import { lqTotalDoseForBed, lqTotalDoseForEqd2 } from '../../src/radiobiology/lqTotalDoseForBed';

describe('lqTotalDoseForBed / lqTotalDoseForEqd2', () => {
  it('lqTotalDoseForBed(112.5 Gy, 3, 10) gives back 45 Gy in 15 Gy fractions (physics.md §1.5, 45/3 BED10)', () => {
    const s = lqTotalDoseForBed(112.5, 3, 10);
    expect(s.totalDoseGy).toBeCloseTo(45, 10);
    expect(s.dosePerFractionGy).toBeCloseTo(15, 10);
    expect(s.fractions).toBe(3);
  });

  it('lqTotalDoseForEqd2(100 Gy, 1, 10) = 30 Gy (physics.md §1.5: 30/1 has EQD2(10) 100)', () => {
    expect(lqTotalDoseForEqd2(100, 1, 10).totalDoseGy).toBeCloseTo(30, 10);
    // 36/3 at α/β 3 has EQD2 108 (physics.md §1.5)
    expect(lqTotalDoseForEqd2(108, 3, 3).totalDoseGy).toBeCloseTo(36, 10);
  });

  it('round trips: BED of D in n fx → D\' in n\' fx → same BED, for several regimens and α/β', () => {
    for (const [D, n, nPrime, ab] of [[30, 1, 5, 10], [45, 3, 8, 3], [60, 8, 1, 2], [0.5, 1, 30, 3], [48, 4, 4, 10]]) {
      const bed = lqBedGy({ totalDoseGy: D, fractions: n }, ab);
      const s = lqTotalDoseForBed(bed, nPrime, ab);
      expect(lqBedGy({ totalDoseGy: s.totalDoseGy, fractions: nPrime }, ab)).toBeCloseTo(bed, 9);
      const eqd2 = lqEqd2Gy({ totalDoseGy: D, fractions: n }, ab);
      const t = lqTotalDoseForEqd2(eqd2, nPrime, ab);
      expect(t.totalDoseGy).toBeCloseTo(s.totalDoseGy, 9);
    }
  });

  it('lqTotalDoseForBed stays accurate at tiny BED (stable form, D\' → BED as BED → 0)', () => {
    const s = lqTotalDoseForBed(1e-9, 1, 3);
    // D(1 + D/3) = 1e-9 → D = 1e-9·(1 − 1e-9/3 + O(1e-18)) (series of the closed form)
    expect(s.totalDoseGy / 1e-9).toBeCloseTo(1 - 1e-9 / 3, 15);
    expect(lqTotalDoseForBed(0, 5, 3).totalDoseGy).toBe(0);
  });

  it('lqTotalDoseForBed rejects negative BED, bad fractions and α/β', () => {
    expect(() => lqTotalDoseForBed(-1, 3, 10)).toThrow(/targetBedGy/);
    expect(() => lqTotalDoseForBed(100, 2.5, 10)).toThrow(/fractions/);
    expect(() => lqTotalDoseForBed(100, 3, 0)).toThrow(/alphaBetaGy/);
  });
});
