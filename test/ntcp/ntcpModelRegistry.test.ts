import { describe, expect, it } from 'vitest';
import modelsJson from '../../dose-models/ntcp/pneumonitis-models.json';
import { InputError } from '../../src/errors/InputError';
import { createNtcpModelRegistry, ntcpModelRegistry, type PneumonitisModelsData } from '../../src/ntcp/ntcpModelRegistry';
import { dvhFromSamples } from '../constraints/syntheticDvh';

const MODEL_IDS = ['lkb-seppenwoolde-2003', 'lkb-semenenko-li-2008', 'logistic-quantec-2010', 'probit-quantec-2010', 'appelt-2014'];

/** physics.md §2.4 worked NTCP table (MLD as EQD2₃), percent, rounded to 0.1 %. Columns in MODEL_IDS order. */
const WORKED_NTCP_PERCENT: readonly [number, readonly number[]][] = [
  [4, [0.9, 1.7, 3.3, 2.6, 1.5]],
  [6, [1.5, 2.6, 4.3, 3.6, 1.9]],
  [8, [2.3, 3.7, 5.4, 4.9, 2.5]],
  [10, [3.4, 5.2, 6.8, 6.5, 3.3]],
  [15, [8.3, 11.2, 12.1, 12.3, 6.4]],
  [20, [17.2, 21.0, 20.6, 21.0, 12.0]],
  [30, [47.2, 50.3, 47.8, 46.1, 35.2]],
];

const data = modelsJson as unknown as PneumonitisModelsData;
const clone = (): PneumonitisModelsData => JSON.parse(JSON.stringify(data)) as PneumonitisModelsData;

describe('ntcpModelRegistry', () => {
  it('ntcpModelRegistry lists the five author-year models, all shown by default, QUANTEC logistic as reference', () => {
    expect(ntcpModelRegistry.ids).toEqual(MODEL_IDS);
    expect(ntcpModelRegistry.shownIds).toEqual(MODEL_IDS);
    expect(ntcpModelRegistry.referenceModelId).toBe('logistic-quantec-2010');
    for (const model of ntcpModelRegistry.list()) {
      expect(model.fittedOn.fractionation, model.id).toBe('conventional');
      expect(model.alphaBeta.alphaBetaGy, model.id).toBe(3);
      expect(model.endpoint, model.id).toMatch(/symptomatic|grade ≥ 2/i);
    }
  });

  it('get(id).compute({ mldEqd2Gy: D50 }) is 0.5 for every model, with D50/TD50 from physics.md §2.2', () => {
    // TD50 30.8 (Seppenwoolde), 29.9 (Semenenko & Li), 30.71 = 3.87/0.126 (QUANTEC logistic), 31.4 (QUANTEC probit), 34.4 (Appelt).
    const expectedD50 = [30.8, 29.9, 3.87 / 0.126, 31.4, 34.4];
    MODEL_IDS.forEach((id, i) => {
      const model = ntcpModelRegistry.get(id);
      const atDefault = model.compute({ mldEqd2Gy: 10 });
      expect(atDefault.d50Gy, id).toBeCloseTo(expectedD50[i], 10);
      expect(model.compute({ mldEqd2Gy: expectedD50[i] }).ntcp, id).toBeCloseTo(0.5, 12);
    });
  });

  it('compute reproduces the physics.md §2.4 worked table (5 models × MLD 4–30 Gy) within 0.1 %-points', () => {
    for (const [mld, row] of WORKED_NTCP_PERCENT) {
      MODEL_IDS.forEach((id, i) => {
        const percent = 100 * ntcpModelRegistry.get(id).compute({ mldEqd2Gy: mld }).ntcp;
        expect(Math.abs(percent - row[i]), `${id} at ${mld} Gy: ${percent.toFixed(3)} % vs ${row[i]} %`).toBeLessThanOrEqual(0.1);
      });
    }
  });

  it('logistic-quantec-2010 reproduces the QUANTEC MLD → risk table (physics.md §2.3) within 0.2 %-points', () => {
    // MLD 7.3/13.3/19.7/24.0/27.5/30.7 Gy → 5/10/20/30/40/50 %. The MLDs are rounded to 0.1 Gy, which moves the
    // risk by at most b1·0.05 Gy·p(1 − p) ≤ 0.126·0.05·0.25 = 0.16 %-points.
    const model = ntcpModelRegistry.get('logistic-quantec-2010');
    const table: [number, number][] = [[7.3, 5], [13.3, 10], [19.7, 20], [24.0, 30], [27.5, 40], [30.7, 50]];
    for (const [mld, percent] of table) expect(Math.abs(100 * model.compute({ mldEqd2Gy: mld }).ntcp - percent), `${mld} Gy`).toBeLessThanOrEqual(0.2);
  });

  it('logistic-quantec-2010 reports derived D50 30.71 Gy and γ50 0.968', () => {
    // physics.md §2.2: TD50 = 3.87/0.126 = 30.71, γ50 = b1·TD50/4 = 0.968.
    const r = ntcpModelRegistry.get('logistic-quantec-2010').compute({ mldEqd2Gy: 5 });
    expect(r.d50Gy).toBeCloseTo(30.714, 3);
    expect(r.gamma50).toBeCloseTo(0.9675, 4);
  });

  it('appelt-2014 with age > 63 and pulmonary comorbidity uses D50 24.81 Gy, γ50 0.858 and is 0.5 there', () => {
    // Hand computation (CERR appeltMod.m): OR = 1.66·2.27 = 3.7682; D50 = (1 − ln OR/(4·1.19))·34.4 = 24.8128 Gy;
    // γ50 = 1.19 − ln(OR)/4 = 0.858351. At MLD 10 Gy: 1/(1 + exp(4·0.858351·(1 − 10/24.8128))) = 11.41 %.
    const model = ntcpModelRegistry.get('appelt-2014');
    const riskFactors = ['age-over-63', 'pulmonary-comorbidity'];
    const r = model.compute({ mldEqd2Gy: 10 }, { riskFactors });
    expect(r.oddsRatio).toBeCloseTo(3.7682, 10);
    expect(r.d50Gy).toBeCloseTo(24.8128, 4);
    expect(r.gamma50).toBeCloseTo(0.858351, 6);
    expect(r.ntcp).toBeCloseTo(1 / (1 + Math.exp(4 * 0.858351 * (1 - 10 / 24.8128))), 5);
    expect(r.ntcp).toBeCloseTo(0.11408, 4);
    expect(r.riskFactorsApplied).toEqual(riskFactors);
    expect(model.compute({ mldEqd2Gy: r.d50Gy }, { riskFactors }).ntcp).toBeCloseTo(0.5, 12);
  });

  it('appelt-2014 rejects former and current smoker together and unknown factors', () => {
    const model = ntcpModelRegistry.get('appelt-2014');
    expect(() => model.compute({ mldEqd2Gy: 5 }, { riskFactors: ['former-smoker', 'current-smoker'] })).toThrow(expect.objectContaining({ code: 'conflicting-risk-factors' }));
    expect(() => model.compute({ mldEqd2Gy: 5 }, { riskFactors: ['diabetes'] })).toThrow(expect.objectContaining({ code: 'unknown-risk-factor' }));
  });

  it('models other than Appelt report given risk factors as not applied', () => {
    const r = ntcpModelRegistry.get('lkb-seppenwoolde-2003').compute({ mldEqd2Gy: 5 }, { riskFactors: ['age-over-63'] });
    expect(r.riskFactorsApplied).toEqual([]);
    expect(r.caveats.join(' ')).toMatch(/age-over-63.*not part of this model/);
  });

  it('lkb-semenenko-li-2008 gives the NTCP range over the TD50 95 % CI 28.2–31.8 Gy', () => {
    // Closed form Φ((20 − TD50)/(0.41·TD50)) at TD50 31.8 and 28.2 (Python math.erf): 18.272 % and 23.909 %.
    const r = ntcpModelRegistry.get('lkb-semenenko-li-2008').compute({ mldEqd2Gy: 20 });
    expect(r.uncertainty).toMatchObject({ parameterId: 'td50Gy', lowerValue: 28.2, upperValue: 31.8, status: 'secondary' });
    expect(r.uncertainty!.ntcpLow).toBeCloseTo(0.18272030075970086, 10);
    expect(r.uncertainty!.ntcpHigh).toBeCloseTo(0.23909402607196167, 10);
    expect(r.ntcp).toBeGreaterThan(r.uncertainty!.ntcpLow);
    expect(r.ntcp).toBeLessThan(r.uncertainty!.ntcpHigh);
  });

  it('lkb-seppenwoolde-2003 uses n = 1 and says the α/β of the fit is unverified', () => {
    const r = ntcpModelRegistry.get('lkb-seppenwoolde-2003').compute({ mldEqd2Gy: 8 });
    expect(r.n).toBe(1);
    expect(r.doseMetric).toBe('mld');
    expect(r.caveats.join(' ')).toMatch(/α\/β.*UNVERIFIED/);
    expect(ntcpModelRegistry.get('lkb-seppenwoolde-2003').parameters.find((p) => p.id === 'n')!.source).toMatch(/0\.99 .*UNVERIFIED/);
  });

  it('an LKB model on a DVH with n = 1 equals its MLD form; with n < 1 it uses the gEUD', () => {
    // 300 cc at 24 Gy and 1700 cc at 2 Gy (EQD2): MLD = (300·24 + 1700·2)/2000 = 5.3 Gy.
    const dvh = dvhFromSamples([{ doseGy: 24, volumeCc: 300 }, { doseGy: 2, volumeCc: 1700 }], 0.001);
    const model = ntcpModelRegistry.get('lkb-semenenko-li-2008');
    const viaDvh = model.compute({ dvhEqd2: dvh });
    const viaMld = model.compute({ mldEqd2Gy: 5.3 });
    expect(viaDvh.mldEqd2Gy).toBeCloseTo(5.3, 12);
    expect(viaDvh.ntcp).toBeCloseTo(viaMld.ntcp, 12);
    const geud = model.compute({ dvhEqd2: dvh }, { parameters: { n: 0.5 } });
    expect(geud.doseMetric).toBe('geud');
    // gEUD(n = 0.5) = √(0.15·24² + 0.85·2.0005²) = 9.546 Gy (closed form at the bin centres) > MLD.
    expect(geud.doseMetricEqd2Gy).toBeCloseTo(Math.sqrt(0.15 * 576 + 0.85 * 2.0005 ** 2), 9);
    expect(geud.ntcp).toBeGreaterThan(viaDvh.ntcp);
    expect(geud.givenParameters).toEqual(['n']);
  });

  it('compute rejects an MLD alone for n ≠ 1, unknown and out-of-range parameters, negative MLD', () => {
    const model = ntcpModelRegistry.get('lkb-semenenko-li-2008');
    expect(() => model.compute({ mldEqd2Gy: 5 }, { parameters: { n: 0.7 } })).toThrow(expect.objectContaining({ code: 'needs-dvh' }));
    expect(() => model.compute({ mldEqd2Gy: 5 }, { parameters: { td50: 30 } })).toThrow(expect.objectContaining({ code: 'unknown-parameter' }));
    expect(() => model.compute({ mldEqd2Gy: 5 }, { parameters: { m: 5 } })).toThrow(expect.objectContaining({ code: 'bad-parameter' }));
    expect(() => model.compute({ mldEqd2Gy: -1 })).toThrow(expect.objectContaining({ code: 'bad-dose' }));
    expect(() => ntcpModelRegistry.get('jackson-cerr')).toThrow(expect.objectContaining({ code: 'unknown-model' }));
  });

  it('a given TD50 replaces the default, drops its caveat and its CI range', () => {
    const r = ntcpModelRegistry.get('lkb-semenenko-li-2008').compute({ mldEqd2Gy: 29 }, { parameters: { td50Gy: 29 } });
    expect(r.ntcp).toBeCloseTo(0.5, 12);
    expect(r.uncertainty).toBeUndefined();
    expect(r.caveats.some((c) => c.startsWith('TD50'))).toBe(false);
    expect(r.caveats.join(' ')).toMatch(/td50Gy was given/);
  });
});

describe('createNtcpModelRegistry', () => {
  it('createNtcpModelRegistry rejects inconsistent model data', () => {
    const cases: [string, (d: { models: Record<string, unknown>[] } & Record<string, unknown>) => void][] = [
      ['unknown kind', (d) => (d.models[0].kind = 'weibull')],
      ['missing parameter', (d) => (d.models[0].parameters as unknown[]).pop()],
      ['default outside range', (d) => ((d.models[0].parameters as { default: number }[])[0].default = 500)],
      ['duplicate id', (d) => (d.models[1].id = d.models[0].id)],
      ['risk factors on an LKB model', (d) => (d.models[0].riskFactors = [{ id: 'x', label: 'x', oddsRatio: 2, source: 's', status: 'verified' }])],
      ['unknown reference model', (d) => (d.referenceModelId = 'kwa-1998')],
      ['bad status', (d) => (d.models[2].status = 'guessed')],
      ['CI not bracketing the default', (d) => ((d.models[1].uncertainty as { upperValue: number }).upperValue = 29)],
    ];
    for (const [what, mutate] of cases) {
      const d = clone() as unknown as { models: Record<string, unknown>[] } & Record<string, unknown>;
      mutate(d);
      expect(() => createNtcpModelRegistry(d as unknown as PneumonitisModelsData), what).toThrow(InputError);
    }
  });
});
