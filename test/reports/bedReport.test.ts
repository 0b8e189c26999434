import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { bedReport } from '../../src/reports/bedReport';
import { label, TABLE_TOLERANCE_GY, WORKED_TABLE } from '../radiobiology/workedTable';

const within = (actual: number, expected: number, what: string) => expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TABLE_TOLERANCE_GY);

describe('bedReport', () => {
  it('bedReport({45 Gy, 3 fx}) gives LQ BED10 112.5 and EQD2 93.8 Gy with the CLI keys first', () => {
    // physics.md §1.5 row 45/3: BED10 = 45·(1 + 15/10) = 112.5; EQD2 = 112.5/1.2 = 93.75.
    const r = bedReport({ totalDoseGy: 45, fractions: 3 });
    expect(Object.keys(r).slice(0, 6)).toEqual(['model', 'totalDoseGy', 'fractions', 'alphaBetaGy', 'bedGy', 'eqd2Gy']);
    expect([r.model, r.totalDoseGy, r.fractions, r.alphaBetaGy, r.dosePerFractionGy, r.alphaBetaSource]).toEqual(['lq', 45, 3, 10, 15, 'model-default']);
    within(r.bedGy, 112.5, 'BED10');
    within(r.eqd2Gy, 93.8, 'EQD2');
    expect(r.parameters.alphaBetaGy).toMatchObject({ value: 10, status: 'verified' });
    // d = 15 Gy is above the ~10 Gy validated range of LQ (Brenner 2008).
    expect(r.caveats.join(' ')).toMatch(/above ~10 Gy/);
    expect(r.transitionDoseGy).toBeUndefined();
  });

  it('bedReport reproduces the physics.md §1.5 LQ (α/β 10 and 3), LQ-L and USC columns to 0.1 Gy', () => {
    for (const row of WORKED_TABLE) {
      const { totalDoseGy, fractions } = row;
      const lq10 = bedReport({ totalDoseGy, fractions, alphaBetaGy: 10 });
      within(lq10.bedGy, row.bed10Gy, `${label(row)} BED10`);
      within(lq10.eqd2Gy, row.eqd2Ab10Gy, `${label(row)} EQD2(10)`);
      const lq3 = bedReport({ totalDoseGy, fractions, alphaBetaGy: 3 });
      within(lq3.bedGy, row.bed3Gy, `${label(row)} BED3`);
      within(lq3.eqd2Gy, row.eqd2Ab3Gy, `${label(row)} EQD2(3)`);
      const lql = bedReport({ totalDoseGy, fractions, modelId: 'lq-l' });
      within(lql.bedGy, row.bedLqlGy, `${label(row)} BED LQ-L`);
      within(lql.eqd2Gy, row.eqd2LqlGy, `${label(row)} EQD2 LQ-L`);
      const usc = bedReport({ totalDoseGy, fractions, modelId: 'usc' });
      within(usc.bedGy, row.bedUscGy, `${label(row)} BED USC`);
      within(usc.sedGy as number, row.sedUscGy, `${label(row)} SED USC`);
      within(usc.sfedGy as number, row.sfedUscGy, `${label(row)} SFED USC`);
      expect(usc.eqd2Gy).toBe(usc.sedGy);
    }
  });

  it('bedReport({45 Gy, 3 fx, lq-l}) reports dT 6 Gy as an unverified default: BED 88.2 Gy', () => {
    // physics.md §1.5: 3·[6·1.6 + 9·2.2] = 88.2 Gy with α/β 10, dT 6 Gy (illustrative).
    const r = bedReport({ totalDoseGy: 45, fractions: 3, modelId: 'lq-l' });
    within(r.bedGy, 88.2, 'BED LQ-L');
    expect([r.transitionDoseGy, r.aboveTransition, r.highDosePerFraction]).toEqual([6, true, true]);
    expect(r.parameters.transitionDoseGy).toMatchObject({ value: 6, status: 'unverified' });
    expect(r.caveats.some((c) => c.includes('UNVERIFIED'))).toBe(true);
    // A dT given by the user is labelled 'given' and its caveat disappears: 3·[8·1.8 + 7·2.6] = 97.8 Gy (closed form).
    const given = bedReport({ totalDoseGy: 45, fractions: 3, modelId: 'lq-l', parameters: { transitionDoseGy: 8 } });
    within(given.bedGy, 97.8, 'BED LQ-L dT 8');
    expect(given.parameters.transitionDoseGy.status).toBe('given');
    expect(given.caveats).toEqual([]);
  });

  it('bedReport({45 Gy, 3 fx, usc}) derives α/β 8.6 Gy and DT 6.13 Gy from the Park 2008 parameters: BED 96.0 Gy', () => {
    // physics.md §1.4/§1.5: DT = 2·1.8/(1 − 0.4125) = 6.13 Gy; α/β = 8.605 Gy; BED = 3·(15 − 1.8)/(0.33·1.25) = 96.0 Gy.
    const r = bedReport({ totalDoseGy: 45, fractions: 3, modelId: 'usc' });
    within(r.bedGy, 96.0, 'BED USC');
    expect(r.alphaBetaSource).toBe('derived');
    expect(r.alphaBetaGy).toBeCloseTo(8.605, 3);
    expect(r.transitionDoseGy).toBeCloseTo(6.13, 2);
    expect(r.derivedQuantities.alphaBetaGy).toMatchObject({ status: 'derived' });
    expect(Object.keys(r.parameters)).toEqual(['alphaPerGy', 'd0Gy', 'dqGy']);
    expect(r.parameters.alphaPerGy.status).toBe('secondary');
  });

  it('bedReport({..., usc, alphaBetaGy}) is refused: USC α/β is not a free parameter', () => {
    expect(() => bedReport({ totalDoseGy: 45, fractions: 3, modelId: 'usc', alphaBetaGy: 10 })).toThrow(expect.objectContaining({ code: 'alpha-beta-not-free' }));
  });

  it('bedReport({alphaBetaGy: 3}) reports the given α/β', () => {
    const r = bedReport({ totalDoseGy: 30, fractions: 1, alphaBetaGy: 3 });
    expect([r.alphaBetaGy, r.alphaBetaSource, r.parameters.alphaBetaGy.status]).toEqual([3, 'given', 'given']);
    within(r.bedGy, 330, 'BED3 30/1'); // 30·(1 + 30/3) = 330 (physics.md §1.5)
  });

  it('bedReport rejects bad doses, fraction counts, α/β and model ids with InputError and a clear message', () => {
    const cases: [Parameters<typeof bedReport>[0], string, RegExp][] = [
      [{ totalDoseGy: 0, fractions: 3 }, 'bad-dose', /totalDoseGy must be a finite dose > 0 Gy, got 0/],
      [{ totalDoseGy: -45, fractions: 3 }, 'bad-dose', /got -45/],
      [{ totalDoseGy: Number.NaN, fractions: 3 }, 'bad-dose', /got NaN/],
      [{ totalDoseGy: 45, fractions: 2.5 }, 'bad-fractions', /fractions must be a positive integer, got 2\.5/],
      [{ totalDoseGy: 45, fractions: 0 }, 'bad-fractions', /got 0/],
      [{ totalDoseGy: 45, fractions: 3, alphaBetaGy: 0 }, 'bad-alpha-beta', /α\/β > 0 Gy, got 0/],
      [{ totalDoseGy: 45, fractions: 3, alphaBetaGy: 500 }, 'bad-parameter', /alphaBetaGy = 500 Gy is outside \[0\.5, 100\]/],
      [{ totalDoseGy: 45, fractions: 3, modelId: 'gLQ' }, 'unknown-model', /unknown BED model id 'gLQ' \(known: lq, lq-time, lq-l, usc\)/],
      [{ totalDoseGy: 45, fractions: 3, parameters: { dT: 6 } }, 'unknown-parameter', /has no parameter 'dT'/],
    ];
    for (const [request, code, message] of cases) {
      let thrown: unknown;
      try {
        bedReport(request);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, JSON.stringify(request)).toBeInstanceOf(InputError);
      expect((thrown as InputError).code, JSON.stringify(request)).toBe(code);
      expect((thrown as InputError).message).toMatch(message);
    }
  });

  it('bedReport({..., lq-time}) includes the overall-time fields (0 Gy correction for 3 fractions)', () => {
    // CERR weekday rule: T = floor(3/5)·7 + 3 = 3 d < Tk 28 d → no correction (physics.md §1.3).
    const r = bedReport({ totalDoseGy: 45, fractions: 3, modelId: 'lq-time' });
    expect([r.overallTimeDays, r.timeCorrectionGy, r.overallTimeSource]).toEqual([3, 0, 'weekday-rule']);
    within(r.bedGy, 112.5, 'BED10 lq-time');
  });
});
