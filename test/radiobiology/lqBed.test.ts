import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { dosePerFractionGy } from '../../src/radiobiology/Fractionation';
import { bedToEqd2Gy, bedToEqdxGy, eqd2ToBedGy, lqBedGy, lqEqd2Gy, lqEqdxGy } from '../../src/radiobiology/lqBed';
import { label, TABLE_TOLERANCE_GY, WORKED_TABLE } from './workedTable';

describe('lqBedGy / lqEqd2Gy', () => {
  it('lqBedGy(30 Gy/1 fx, 10) = 120 and lqEqd2Gy = 100 exactly (physics.md §1.5 hand check: 30·(1+30/10), 120/1.2)', () => {
    const f = { totalDoseGy: 30, fractions: 1 };
    expect(lqBedGy(f, 10)).toBeCloseTo(120, 10);
    expect(lqEqd2Gy(f, 10)).toBeCloseTo(100, 10);
    // 30·(1+10) = 330; 330/(5/3) = 198
    expect(lqBedGy(f, 3)).toBeCloseTo(330, 10);
    expect(lqEqd2Gy(f, 3)).toBeCloseTo(198, 10);
  });

  it('lqBedGy(45/3, 10) = 112.5 and lqBedGy(36/3, 3) = 180 (physics.md §1.5 hand checks)', () => {
    expect(lqBedGy({ totalDoseGy: 45, fractions: 3 }, 10)).toBeCloseTo(112.5, 10);
    expect(lqBedGy({ totalDoseGy: 36, fractions: 3 }, 10)).toBeCloseTo(79.2, 10);
    expect(lqBedGy({ totalDoseGy: 36, fractions: 3 }, 3)).toBeCloseTo(180, 10);
  });

  for (const row of WORKED_TABLE) {
    it(`lqBedGy/lqEqd2Gy(${label(row)}) match BED10, EQD2(10), BED3, EQD2(3) of physics.md §1.5 to 0.05 Gy`, () => {
      const f = { totalDoseGy: row.totalDoseGy, fractions: row.fractions };
      expect(dosePerFractionGy(f)).toBeCloseTo(row.dosePerFractionGy, 10);
      expect(Math.abs(lqBedGy(f, 10) - row.bed10Gy)).toBeLessThanOrEqual(TABLE_TOLERANCE_GY);
      expect(Math.abs(lqEqd2Gy(f, 10) - row.eqd2Ab10Gy)).toBeLessThanOrEqual(TABLE_TOLERANCE_GY);
      expect(Math.abs(lqBedGy(f, 3) - row.bed3Gy)).toBeLessThanOrEqual(TABLE_TOLERANCE_GY);
      expect(Math.abs(lqEqd2Gy(f, 3) - row.eqd2Ab3Gy)).toBeLessThanOrEqual(TABLE_TOLERANCE_GY);
    });
  }

  it('lqEqdxGy(f, α/β, x) equals D·(d + α/β)/(x + α/β) (closed form, physics.md §1.1)', () => {
    const f = { totalDoseGy: 48, fractions: 4 }; // d = 12
    // EQD3.5 at α/β 2.5: 48·(12 + 2.5)/(3.5 + 2.5) = 116
    expect(lqEqdxGy(f, 2.5, 3.5)).toBeCloseTo(116, 10);
    // EQDx with x = d gives back the physical total dose
    expect(lqEqdxGy(f, 7, 12)).toBeCloseTo(48, 10);
  });

  it('bedToEqd2Gy and eqd2ToBedGy are inverse; bedToEqdxGy(x = 2) equals bedToEqd2Gy', () => {
    // 120/(1 + 2/10) = 100 (physics.md §1.5, 30/1 row)
    expect(bedToEqd2Gy(120, 10)).toBeCloseTo(100, 10);
    expect(eqd2ToBedGy(100, 10)).toBeCloseTo(120, 10);
    expect(bedToEqdxGy(216.7, 3, 2)).toBeCloseTo(bedToEqd2Gy(216.7, 3), 12);
  });

  it('lqBedGy rejects non-integer or zero fractions, α/β ≤ 0 and negative or NaN doses with InputError naming the value', () => {
    expect(() => lqBedGy({ totalDoseGy: 30, fractions: 1.5 }, 10)).toThrow(/fractions.*1\.5/);
    expect(() => lqBedGy({ totalDoseGy: 30, fractions: 0 }, 10)).toThrow(InputError);
    expect(() => lqBedGy({ totalDoseGy: 30, fractions: 1 }, 0)).toThrow(/alphaBetaGy.*0/);
    expect(() => lqBedGy({ totalDoseGy: 30, fractions: 1 }, -3)).toThrow(/-3/);
    expect(() => lqBedGy({ totalDoseGy: -1, fractions: 1 }, 10)).toThrow(/totalDoseGy.*-1/);
    expect(() => lqBedGy({ totalDoseGy: Number.NaN, fractions: 1 }, 10)).toThrow(/NaN/);
    expect(() => bedToEqdxGy(100, 10, 0)).toThrow(/referenceDosePerFractionGy/);
    expect(() => lqBedGy({ totalDoseGy: 30, fractions: 2.5 }, 10)).toThrow(expect.objectContaining({ code: 'bad-fractions' }));
  });

  it('lqBedGy(0 Gy) is 0 (no dose, no effect)', () => {
    expect(lqBedGy({ totalDoseGy: 0, fractions: 5 }, 3)).toBe(0);
  });
});
