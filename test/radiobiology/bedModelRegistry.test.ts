import { describe, expect, it } from 'vitest';
import { BED_MODEL_IDS } from '../../src/radiobiology/BedModel';
import { bedModelRegistry, computeBed, createBedModelRegistry, type RadiobiologyModelsData } from '../../src/radiobiology/bedModelRegistry';
import modelsJson from '../../dose-models/radiobiology/models.json';
import { label, TABLE_TOLERANCE_GY, WORKED_TABLE } from './workedTable';

const near = (actual: number, expected: number, tolerance = TABLE_TOLERANCE_GY): void => {
  expect(Math.abs(actual - expected), `actual ${actual}, expected ${expected}`).toBeLessThanOrEqual(tolerance);
};

describe('bedModelRegistry', () => {
  for (const row of WORKED_TABLE) {
    it(`computeBed(id, ${label(row)}) reproduces every column of physics.md §1.5 to 0.05 Gy`, () => {
      const f = { totalDoseGy: row.totalDoseGy, fractions: row.fractions };
      const lq10 = computeBed('lq', f, { alphaBetaGy: 10 });
      near(lq10.bedGy, row.bed10Gy);
      near(lq10.eqd2Gy, row.eqd2Ab10Gy);
      const lq3 = computeBed('lq', f, { alphaBetaGy: 3 });
      near(lq3.bedGy, row.bed3Gy);
      near(lq3.eqd2Gy, row.eqd2Ab3Gy);
      // USC with the registry defaults (α 0.33, D0 1.25, Dq 1.8), as in the table
      const usc = computeBed('usc', f);
      near(usc.bedGy, row.bedUscGy);
      near(usc.sedGy, row.sedUscGy);
      near(usc.sfedGy, row.sfedUscGy);
      expect(usc.eqd2Gy).toBe(usc.sedGy);
      // LQ-L with α/β 10 and the illustrative dT = 6 Gy default, as in the table
      const lql = computeBed('lq-l', f);
      near(lql.bedGy, row.bedLqlGy);
      near(lql.eqd2Gy, row.eqd2LqlGy);
      expect(lql.physicalDosePerFractionGy).toBeCloseTo(row.dosePerFractionGy, 12);
    });
  }

  it('computeBed("lq-l") equals LQ when d ≤ dT and is below it when d > dT (Astrahan construction)', () => {
    const low = computeBed('lq-l', { totalDoseGy: 30, fractions: 5 }); // d = 6 = dT
    expect(low.aboveTransition).toBe(false);
    expect(low.bedGy).toBeCloseTo(computeBed('lq', { totalDoseGy: 30, fractions: 5 }).bedGy, 12);
    const high = computeBed('lq-l', { totalDoseGy: 30, fractions: 1 });
    expect(high.aboveTransition).toBe(true);
    // 6·1.6 + 24·2.2 = 62.4 (physics.md §1.5 hand check)
    expect(high.bedGy).toBeCloseTo(62.4, 10);
  });

  it('computeBed("lq-l", …, { transitionDoseGy: 1 }) uses the LQ-L BED of 2 Gy fractions for EQD2 when dT < 2 Gy', () => {
    const r = computeBed('lq-l', { totalDoseGy: 30, fractions: 1 }, { alphaBetaGy: 10, transitionDoseGy: 1 });
    // BED = 1·1.1 + 29·1.2 = 35.9; one 2 Gy fraction: 1·1.1 + 1·1.2 = 2.3 → per Gy 1.15; EQD2 = 35.9/1.15
    expect(r.bedGy).toBeCloseTo(35.9, 10);
    expect(r.eqd2Gy).toBeCloseTo(35.9 / 1.15, 10);
  });

  it('computeBed("usc") reports the derived DT 6.13 Gy, β 0.03835 Gy⁻², α/β 8.605 Gy (physics.md §1.4 [D])', () => {
    const r = computeBed('usc', { totalDoseGy: 30, fractions: 1 });
    expect(r.transitionDoseGy).toBeCloseTo(6.1277, 4); // 2·1.8/(1 − 0.4125)
    expect(r.betaPerGy2).toBeCloseTo(0.038351, 6); // 0.5875²/(4·1.25·1.8)
    expect(r.alphaBetaGy).toBeCloseTo(8.6048, 4);
    // (30 − 1.8)/(0.33·1.25) = 68.36 (physics.md §1.5 hand check)
    expect(r.bedGy).toBeCloseTo(68.3636, 4);
  });

  it('computeBed("lq", 30/1) warns that d is above Brenner\'s ~18 Gy limit; 36/3 gets the >10 Gy caveat; 60/8 none', () => {
    expect(computeBed('lq', { totalDoseGy: 30, fractions: 1 }).caveats.join(' ')).toMatch(/above ~18 Gy/);
    expect(computeBed('lq', { totalDoseGy: 36, fractions: 3 }).caveats.join(' ')).toMatch(/above ~10 Gy/);
    expect(computeBed('lq', { totalDoseGy: 60, fractions: 8 }).caveats).toEqual([]);
  });

  it('computeBed with default parameters flags unverified and secondary defaults; an explicit value removes the caveat', () => {
    const withDefault = computeBed('lq-l', { totalDoseGy: 45, fractions: 3 });
    expect(withDefault.caveats.some((c) => /UNVERIFIED/.test(c) && /dT/.test(c))).toBe(true);
    const explicit = computeBed('lq-l', { totalDoseGy: 45, fractions: 3 }, { transitionDoseGy: 6 });
    expect(explicit.caveats).toEqual([]);
    expect(computeBed('usc', { totalDoseGy: 45, fractions: 3 }).caveats.filter((c) => /secondary/.test(c))).toHaveLength(3);
  });

  it('each model describes itself: ids, high-dose-per-fraction flags, parameter descriptors with status', () => {
    expect([...bedModelRegistry.ids].sort()).toEqual([...BED_MODEL_IDS].sort());
    expect(bedModelRegistry.get('lq').highDosePerFraction).toBe(false);
    expect(bedModelRegistry.get('lq-time').highDosePerFraction).toBe(false);
    expect(bedModelRegistry.get('lq-l').highDosePerFraction).toBe(true);
    expect(bedModelRegistry.get('usc').highDosePerFraction).toBe(true);
    const dT = bedModelRegistry.get('lq-l').parameters.find((p) => p.id === 'transitionDoseGy');
    expect(dT).toMatchObject({ default: 6, unit: 'Gy', status: 'unverified' });
    const usc = bedModelRegistry.get('usc');
    expect(usc.parameters.map((p) => [p.id, p.default, p.status])).toEqual([
      ['alphaPerGy', 0.33, 'secondary'],
      ['d0Gy', 1.25, 'secondary'],
      ['dqGy', 1.8, 'secondary'],
    ]);
    expect(usc.derivedQuantities.every((q) => q.status === 'derived')).toBe(true);
    for (const model of bedModelRegistry.list()) {
      for (const p of model.parameters) expect(p.min <= p.default && p.default <= p.max).toBe(true);
    }
  });

  it('bedModelRegistry.get(unknown) and out-of-range or unknown parameters throw InputError', () => {
    expect(() => bedModelRegistry.get('gLQ')).toThrow(expect.objectContaining({ code: 'unknown-model' }));
    expect(bedModelRegistry.has('usc')).toBe(true);
    expect(bedModelRegistry.has('mlq')).toBe(false);
    expect(() => computeBed('lq', { totalDoseGy: 30, fractions: 1 }, { alphaBetaGy: 0 })).toThrow(/alphaBetaGy = 0/);
    expect(() => computeBed('lq', { totalDoseGy: 30, fractions: 1 }, { alphaBetaGy: Number.NaN })).toThrow(expect.objectContaining({ code: 'bad-parameter' }));
    expect(() => computeBed('lq', { totalDoseGy: 30, fractions: 1 }, { alphaBeta: 3 })).toThrow(expect.objectContaining({ code: 'unknown-parameter' }));
    expect(() => computeBed('usc', { totalDoseGy: 30, fractions: 0 })).toThrow(expect.objectContaining({ code: 'bad-fractions' }));
  });

  it('createBedModelRegistry rejects data whose default lies outside [min, max] or that lacks a model', () => {
    const data = structuredClone(modelsJson) as unknown as { models: { id: string; parameters: { default: number; max: number }[] }[] };
    data.models[0].parameters[0].default = data.models[0].parameters[0].max + 1;
    expect(() => createBedModelRegistry(data as unknown as RadiobiologyModelsData)).toThrow(expect.objectContaining({ code: 'bad-model-data' }));
    const missing = structuredClone(modelsJson) as unknown as { models: unknown[] };
    missing.models = missing.models.slice(1);
    expect(() => createBedModelRegistry(missing as unknown as RadiobiologyModelsData)).toThrow(/no entry/);
  });
});
