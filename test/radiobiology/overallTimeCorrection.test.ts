import { describe, expect, it } from 'vitest';
import { computeBed } from '../../src/radiobiology/bedModelRegistry';
import { overallTimeCorrectionGy, weekdayTreatmentDays } from '../../src/radiobiology/overallTimeCorrection';

// CERR Models/Lung BED.json defaults (physics.md §1.3 [V])
const cerrLung = { alphaPerGy: 0.35, kickoffTimeDays: 28, potentialDoublingTimeDays: 3 };

describe('overall-time term', () => {
  it('weekdayTreatmentDays(n) follows CERR calc_BED.m: floor(n/5)·7 + mod(n,5)', () => {
    expect(weekdayTreatmentDays(1)).toBe(1);
    expect(weekdayTreatmentDays(3)).toBe(3);
    expect(weekdayTreatmentDays(5)).toBe(7);
    expect(weekdayTreatmentDays(8)).toBe(10); // 7 + 3
    expect(weekdayTreatmentDays(20)).toBe(28);
    expect(weekdayTreatmentDays(30)).toBe(42);
    expect(() => weekdayTreatmentDays(0)).toThrow(/fractions/);
  });

  it('overallTimeCorrectionGy(T ≤ Tk) is 0: all SBRT regimens (1–8 fx) and T = 28 d exactly', () => {
    for (const n of [1, 3, 4, 5, 8, 20]) expect(overallTimeCorrectionGy(weekdayTreatmentDays(n), cerrLung)).toBe(0);
    const r = computeBed('lq-time', { totalDoseGy: 45, fractions: 3 });
    expect(r.timeCorrectionGy).toBe(0);
    expect(r.bedGy).toBeCloseTo(112.5, 10); // physics.md §1.5: 45/3 BED10 = 112.5, no correction (§1.3 [D])
    expect(r.overallTimeSource).toBe('weekday-rule');
  });

  it('computeBed("lq-time", 60 Gy/30 fx) subtracts ln2·(42 − 28)/(0.35·3) = 9.242 Gy (hand computation)', () => {
    const r = computeBed('lq-time', { totalDoseGy: 60, fractions: 30 });
    // T = 6·7 + 0 = 42 d; BED10 = 60·1.2 = 72; correction = 0.693147·14/1.05 = 9.24196
    expect(r.overallTimeDays).toBe(42);
    expect(r.bedWithoutTimeGy).toBeCloseTo(72, 10);
    expect(r.timeCorrectionGy).toBeCloseTo((Math.LN2 * 14) / 1.05, 10);
    expect(r.timeCorrectionGy).toBeCloseTo(9.24196, 5);
    expect(r.bedGy).toBeCloseTo(62.75804, 5);
    expect(r.eqd2Gy).toBeCloseTo(62.75804 / 1.2, 5);
  });

  it('computeBed("lq-time") uses Fractionation.overallTimeDays when given', () => {
    const r = computeBed('lq-time', { totalDoseGy: 60, fractions: 30, overallTimeDays: 38 });
    // ln2·(38 − 28)/(0.35·3) = 6.60140
    expect(r.overallTimeSource).toBe('given');
    expect(r.timeCorrectionGy).toBeCloseTo((Math.LN2 * 10) / 1.05, 10);
  });

  it('overallTimeCorrectionGy rejects negative time and non-positive α or Tp', () => {
    expect(() => overallTimeCorrectionGy(-1, cerrLung)).toThrow(/treatmentDays/);
    expect(() => overallTimeCorrectionGy(40, { ...cerrLung, alphaPerGy: 0 })).toThrow(/alphaPerGy/);
    expect(() => overallTimeCorrectionGy(40, { ...cerrLung, potentialDoublingTimeDays: 0 })).toThrow(/potentialDoublingTimeDays/);
  });
});
