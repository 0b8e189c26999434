import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { appeltModifiedParameters } from '../../src/ntcp/appeltRiskModification';
import { logisticD50Ntcp } from '../../src/ntcp/logisticNtcp';

describe('appeltModifiedParameters', () => {
  it('appeltModifiedParameters(34.4, 1.19, 1.66·2.27) gives D50 24.81 Gy and γ50 0.858 (age > 63 + pulmonary comorbidity)', () => {
    // Hand computation with CERR appeltMod.m: OR = 1.66 × 2.27 = 3.7682, ln OR = 1.32660;
    // D50 = (1 − 1.32660/(4·1.19))·34.4 = (1 − 0.278698)·34.4 = 24.8128 Gy; γ50 = 1.19 − 1.32660/4 = 0.858351.
    const r = appeltModifiedParameters(34.4, 1.19, 1.66 * 2.27);
    expect(r.d50Gy).toBeCloseTo(24.8128, 4);
    expect(r.gamma50).toBeCloseTo(0.858351, 6);
  });

  it('appeltModifiedParameters(…, 1) leaves D50 and γ50 unchanged', () => {
    // ln 1 = 0.
    expect(appeltModifiedParameters(34.4, 1.19, 1)).toEqual({ d50Gy: 34.4, gamma50: 1.19 });
  });

  it('the modified (D50, γ50) curve equals the logit shifted by ln OR (CERR appeltCorrectedLogitFn.m)', () => {
    // Algebra: 4γ'(MLD/D50' − 1) = 4γ50₀(MLD/D50₀ − 1) + ln OR for the appeltMod.m formulas.
    const or = 0.69 * 1.6 * 1.87;
    const m = appeltModifiedParameters(34.4, 1.19, or);
    for (const mld of [2, 8, 15, 30]) {
      expect(logisticD50Ntcp(mld, m.d50Gy, m.gamma50)).toBeCloseTo(logisticD50Ntcp(mld, 34.4, 1.19, Math.log(or)), 12);
    }
  });

  it('appeltModifiedParameters throws when ln OR ≥ 4·γ50₀ (D50 would not be positive)', () => {
    // 4·0.3 = 1.2 < ln 3.7682 = 1.327.
    expect(() => appeltModifiedParameters(34.4, 0.3, 3.7682)).toThrow(expect.objectContaining({ code: 'risk-factors-exceed-model' }));
    expect(() => appeltModifiedParameters(34.4, 1.19, 0)).toThrow(InputError);
  });
});
