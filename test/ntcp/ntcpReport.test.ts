import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { ntcpReport } from '../../src/reports/ntcpReport';

describe('ntcpReport', () => {
  it('ntcpReport({ mldEqd2Gy: 20 }) lists all five models side by side with their spread (physics.md §2.4 row 20 Gy)', () => {
    // physics.md §2.4 at 20 Gy: Seppenwoolde 17.2, Semenenko & Li 21.0, QUANTEC logistic 20.6, probit 21.0, Appelt 12.0 %.
    const r = ntcpReport({ mldEqd2Gy: 20 });
    expect(r.models.map((m) => m.id)).toEqual(['lkb-seppenwoolde-2003', 'lkb-semenenko-li-2008', 'logistic-quantec-2010', 'probit-quantec-2010', 'appelt-2014']);
    expect(Object.keys(r.models[0]).slice(0, 3)).toEqual(['id', 'ntcp', 'mldEqd2Gy']);
    const percents = r.models.map((m) => 100 * m.ntcp);
    [17.2, 21.0, 20.6, 21.0, 12.0].forEach((p, i) => expect(Math.abs(percents[i] - p)).toBeLessThanOrEqual(0.1));
    expect(r.spread.minModelId).toBe('appelt-2014');
    expect(r.spread.min).toBe(Math.min(...r.models.map((m) => m.ntcp)));
    expect(r.spread.max).toBe(Math.max(...r.models.map((m) => m.ntcp)));
    // Probit 20.989 % vs Semenenko & Li 20.967 % (closed forms): the probit is the highest.
    expect(r.spread.maxModelId).toBe('probit-quantec-2010');
  });

  it('ntcpReport models carry TD50 or D50, slope, endpoint, source, status, fitted fractionation and α/β', () => {
    const r = ntcpReport({ mldEqd2Gy: 8 });
    const byId = Object.fromEntries(r.models.map((m) => [m.id, m]));
    expect(byId['lkb-seppenwoolde-2003']).toMatchObject({ td50Gy: 30.8, m: 0.37, n: 1, status: 'verified', alphaBetaGy: 3 });
    expect(byId['lkb-seppenwoolde-2003'].d50Gy).toBeUndefined();
    expect(byId['probit-quantec-2010']).toMatchObject({ td50Gy: 31.4, m: 0.45, status: 'secondary' });
    expect(byId['appelt-2014']).toMatchObject({ d50Gy: 34.4, gamma50: 1.19, oddsRatio: 1 });
    expect(byId['logistic-quantec-2010'].d50Gy).toBeCloseTo(30.714, 3);
    for (const m of r.models) {
      expect(m.fittedOn.fractionation, m.id).toBe('conventional');
      expect(m.endpoint, m.id).not.toBe('');
      expect(m.source, m.id).not.toBe('');
      expect(m.uncertaintyNote, m.id).not.toBe('');
      expect(Object.values(m.parameters).every((p) => p.source !== '' && p.status !== undefined), m.id).toBe(true);
    }
    expect(byId['lkb-semenenko-li-2008'].uncertainty).toMatchObject({ lowerValue: 28.2, upperValue: 31.8 });
  });

  it('ntcpReport gives the practice and SBRT observed rates as context and the SBRT-transfer caveat', () => {
    // clinical-context.md: any grade 72.1 %, grade 2 9.3 %, grade 4 1.2 %; Baker 2013 symptomatic RP 11.0 % (physics.md §2.5).
    const r = ntcpReport({ mldEqd2Gy: 5 });
    const rate = (id: string) => r.context.observedRates.find((x) => x.id === id)?.percent;
    expect([rate('practice-any-grade'), rate('practice-grade-2'), rate('practice-grade-4'), rate('baker-2013-sbrt')]).toEqual([72.1, 9.3, 1.2, 11.0]);
    // Derived: 9.3 % + 1.2 % = 10.5 % grade ≥ 2 (8 + 1 of 86 = 10.47 %).
    expect(rate('practice-grade-2-or-more')).toBe(10.5);
    expect(r.context.observedRates.find((x) => x.id === 'sbrt-review-range')?.percentRange).toEqual({ low: 9, high: 28 });
    expect(r.caveats.join(' ')).toMatch(/conventionally fractionated.*SBRT/);
    expect(r.doseBasis).toMatchObject({ alphaBetaGy: 3 });
    expect(r.referenceModelId).toBe('logistic-quantec-2010');
  });

  it('ntcpReport applies risk factors to Appelt only and says so for the other models', () => {
    // Hand computation (CERR appeltMod.m): OR 1.66·2.27 → D50 24.81 Gy.
    const r = ntcpReport({ mldEqd2Gy: 10, riskFactors: ['age-over-63', 'pulmonary-comorbidity'] });
    const appelt = r.models.find((m) => m.id === 'appelt-2014')!;
    expect(appelt.d50Gy).toBeCloseTo(24.8128, 4);
    expect(appelt.riskFactorsApplied).toEqual(['age-over-63', 'pulmonary-comorbidity']);
    const without = ntcpReport({ mldEqd2Gy: 10 });
    expect(appelt.ntcp).toBeGreaterThan(without.models.find((m) => m.id === 'appelt-2014')!.ntcp);
    for (const m of r.models.filter((x) => x.id !== 'appelt-2014')) {
      expect(m.ntcp).toBe(without.models.find((x) => x.id === m.id)!.ntcp);
      expect(m.caveats.join(' '), m.id).toMatch(/not part of this model/);
    }
  });

  it('ntcpReport with one model warns that the spread is hidden', () => {
    const r = ntcpReport({ mldEqd2Gy: 10, modelIds: ['appelt-2014'] });
    expect(r.models).toHaveLength(1);
    expect(r.spread.min).toBe(r.spread.max);
    expect(r.caveats.join(' ')).toMatch(/only one model/);
  });

  it('ntcpReport rejects a bad MLD, unknown models and risk factors, and an empty model list', () => {
    expect(() => ntcpReport({ mldEqd2Gy: -2 })).toThrow(expect.objectContaining({ code: 'bad-dose' }));
    expect(() => ntcpReport({ mldEqd2Gy: Number.NaN })).toThrow(InputError);
    expect(() => ntcpReport({ mldEqd2Gy: 5, modelIds: ['kwa-1998'] })).toThrow(expect.objectContaining({ code: 'unknown-model' }));
    expect(() => ntcpReport({ mldEqd2Gy: 5, riskFactors: ['smoker'] })).toThrow(expect.objectContaining({ code: 'unknown-risk-factor' }));
    expect(() => ntcpReport({ mldEqd2Gy: 5, riskFactors: ['former-smoker', 'current-smoker'] })).toThrow(expect.objectContaining({ code: 'conflicting-risk-factors' }));
    expect(() => ntcpReport({ mldEqd2Gy: 5, modelIds: [] })).toThrow(expect.objectContaining({ code: 'no-models' }));
  });

  it('ntcpReport output survives JSON round trip unchanged (CLI --json)', () => {
    const r = ntcpReport({ mldEqd2Gy: 6.5, riskFactors: ['former-smoker'] });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
