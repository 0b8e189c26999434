import { describe, expect, it } from 'vitest';
import type { ConstraintResult } from '../../src/constraints/evaluateConstraints';
import { voxelCount, type Grid3, type GridGeometry } from '../../src/geometry/Grid3';
import { ntcpModelRegistry } from '../../src/ntcp/ntcpModelRegistry';
import type { SuggestionNodule } from '../../src/suggestions/ScheduleSuggestion';
import { suggestScheduleChanges } from '../../src/suggestions/suggestScheduleChanges';
import type { StructureMask } from '../../src/voxelize/StructureMask';
import { eqd2 } from '../lung/lungFixtures';

// 10×12×8 voxels at 1×2×3 mm; the lung is every voxel (960 voxels).
const GRID: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const LUNG: StructureMask = {
  geometry: GRID,
  boundsIjk: { i0: 0, i1: 9, j0: 0, j1: 11, k0: 0, k1: 7 },
  fractions: new Float32Array(960).fill(1),
  volumeCc: 960 * 0.006,
  structureVolumeCc: 960 * 0.006,
  clippedByGrid: false,
  contourGapCount: 0,
};

/** `highGy` in the 60 voxels k = k0, j < 6 (6.25 % of the lung), `bathGy` elsewhere. */
function dose(highGy: number, bathGy: number, k0 = 0): Grid3 {
  const data = new Float32Array(voxelCount(GRID));
  for (let n = 0; n < data.length; n++) {
    const j = Math.floor(n / 10) % 12;
    const k = Math.floor(n / 120);
    data[n] = k === k0 && j < 6 ? highGy : bathGy;
  }
  return { ...GRID, data };
}

function peripheral30(name: string, doseGy: Grid3, extra: Partial<SuggestionNodule> = {}): SuggestionNodule {
  return { name, protocol: { id: 'peripheral-30gy-1fx', totalDoseGy: 30, fractions: 1, zone: 'peripheral' }, doseGy, prescriptionIsodosePercent: 80, maxDiameterMm: 15, ...extra };
}

/** QUANTEC logistic NTCP (physics.md §2.2: b0 = −3.87, b1 = 0.126 Gy⁻¹). */
const quantec = (mldEqd2Gy: number): number => 1 / (1 + Math.exp(3.87 - 0.126 * mldEqd2Gy));

describe('suggestScheduleChanges', () => {
  // 30 Gy in 6.25 %, 6 Gy elsewhere, 1 fx: MLD EQD2 = 0.0625·198 + 0.9375·10.8 = 22.5 Gy → QUANTEC NTCP 26.2 % ≥ 20 %.
  const risky = [peripheral30('N1', dose(30, 6))];

  it('suggestScheduleChanges on a case with NTCP > 20 % suggests alternatives, each lowering the reference risk', () => {
    const r = suggestScheduleChanges({ nodules: risky, lungMask: LUNG });
    expect(r.current.mldEqd2Gy).toBeCloseTo(22.5, 4);
    expect(r.current.ntcp.reference).toBeCloseTo(quantec(22.5), 6);
    expect(r.current.ntcp.reference).toBeGreaterThan(0.2);
    expect(r.triggered).toBe(true);
    expect(r.triggers.ntcp).toMatchObject({ modelId: 'logistic-quantec-2010', threshold: 0.2, exceeded: true });
    expect(r.triggers.v20.exceeded).toBe(false);
    expect(r.suggestions.length).toBeGreaterThan(0);
    for (const s of r.suggestions) {
      expect(s.deltaNtcpReference, s.id).toBeLessThan(0);
      expect(s.risk.ntcp.reference, s.id).toBeLessThan(r.current.ntcp.reference);
      expect(s.exactness).toBe('exact-rescale');
      // every shown model plus the reference, with the spread
      expect(s.risk.ntcp.models.map((m) => m.id)).toEqual(ntcpModelRegistry.shownIds);
      expect(s.risk.ntcp.min).toBeLessThanOrEqual(s.risk.ntcp.reference);
      expect(s.risk.ntcp.max).toBeGreaterThanOrEqual(s.risk.ntcp.reference);
    }
    expect(r.notes[0]).toMatch(/nothing in the plan was changed/);
  });

  it('suggestScheduleChanges: 30 → 24 Gy/1 fx scales the physical lung dose by exactly 0.8 and the EQD2 per closed form, BED10 81.6 Gy', () => {
    const r = suggestScheduleChanges({ nodules: risky, lungMask: LUNG });
    const s = r.suggestions.find((x) => x.changes[0].to.totalDoseGy === 24 && x.changes[0].to.fractions === 1);
    expect(s).toBeDefined();
    const change = s!.changes[0];
    expect(change).toMatchObject({ kind: 'lower-dose', doseScale: 0.8 });
    // physical MLD: 0.0625·30 + 0.9375·6 = 7.5 Gy → ×0.8 = 6 Gy
    expect(r.current.mldGy).toBeCloseTo(7.5, 5);
    expect(s!.risk.mldGy! / r.current.mldGy!).toBeCloseTo(0.8, 6);
    // EQD2: 0.0625·EQD2(24, 1) + 0.9375·EQD2(4.8, 1) = 0.0625·129.6 + 0.9375·7.488 = 15.12 Gy
    expect(s!.risk.mldEqd2Gy).toBeCloseTo(0.0625 * eqd2(24, 1) + 0.9375 * eqd2(4.8, 1), 4);
    expect(s!.risk.mldEqd2Gy).toBeCloseTo(15.12, 4);
    expect(s!.risk.ntcp.reference).toBeCloseTo(quantec(15.12), 5);
    // physics.md §1.5: BED10 of 24/1 = 81.6 Gy, of 30/1 = 120 Gy
    expect(change.bed10AfterGy).toBeCloseTo(81.6, 6);
    expect(change.bed10BeforeGy).toBeCloseTo(120, 6);
    expect(s!.risk.nodules[0]).toMatchObject({ noduleName: 'N1', totalDoseGy: 24, fractions: 1, changed: true });
    expect(s!.risk.nodules[0].bed10Gy).toBeCloseTo(81.6, 6);
    // V20: the 24 Gy region still ≥ 20 Gy: 6.25 %
    expect(s!.risk.v20Percent).toBeCloseTo(6.25, 6);
  });

  it('suggestScheduleChanges: 1 → 3 fractions with the same total lowers the EQD2 per closed form, physical dose unchanged', () => {
    const nodules = [peripheral30('N1', dose(30, 6), { alternatives: [{ totalDoseGy: 30, fractions: 3, label: '30 Gy in 3 fractions' }] })];
    const r = suggestScheduleChanges({ nodules, lungMask: LUNG });
    expect(r.suggestions).toHaveLength(1);
    const s = r.suggestions[0];
    expect(s.changes[0]).toMatchObject({ kind: 'more-fractions', doseScale: 1, to: { totalDoseGy: 30, fractions: 3 } });
    // 0.0625·EQD2(30, 3) + 0.9375·EQD2(6, 3) = 0.0625·78 + 0.9375·6 = 10.5 Gy
    expect(s.risk.mldEqd2Gy).toBeCloseTo(0.0625 * eqd2(30, 3) + 0.9375 * eqd2(6, 3), 4);
    expect(s.risk.mldEqd2Gy).toBeCloseTo(10.5, 4);
    expect(s.risk.mldGy).toBeCloseTo(7.5, 5);
    // BED10 of 30 Gy/3 fx = 30·(1 + 10/10) = 60 Gy (LQ, physics.md §1.1)
    expect(s.changes[0].bed10AfterGy).toBeCloseTo(60, 6);
  });

  it('suggestScheduleChanges default 3-fraction candidates: iso-BED10 (46.8 Gy/3 fx) and 45 Gy/3 fx with BED10 per physics.md §1.5', () => {
    const r = suggestScheduleChanges({ nodules: risky, lungMask: LUNG });
    const titles = [...r.suggestions.map((s) => s.title), ...r.rejected.map((s) => s.title)];
    // iso-BED10 in 3 fx: D(1 + D/30) = 120 → D = (−30 + √15300)/2 = 46.85 Gy, rounded to 46.8
    expect(titles.some((t) => t.includes('→ 46.8 Gy/3 fx'))).toBe(true);
    const iso = r.suggestions.find((s) => s.changes[0].to.totalDoseGy === 46.8);
    // 46.8 Gy/3 fx: BED10 = 46.8·(1 + 15.6/10) = 119.81 Gy; lung 0.0625·EQD2(46.8, 3) + 0.9375·EQD2(9.36, 3) = 10.88 + 10.74 = 21.6 Gy < 22.5 Gy
    expect(iso?.changes[0].bed10AfterGy).toBeCloseTo(119.808, 6);
    expect(iso?.risk.mldEqd2Gy).toBeCloseTo(0.0625 * eqd2(46.8, 3) + 0.9375 * eqd2(9.36, 3), 4);
    const c45 = r.suggestions.find((s) => s.changes[0].to.totalDoseGy === 45)?.changes[0];
    // physics.md §1.5: 45/3 BED10 112.5 Gy
    expect(c45?.bed10AfterGy).toBeCloseTo(112.5, 6);
    // 45 Gy/3 fx: 0.0625·EQD2(45, 3) + 0.9375·EQD2(9, 3) = 0.0625·162 + 0.9375·10.8 = 20.25 Gy < 22.5 Gy → suggested
    const s45 = r.suggestions.find((s) => s.changes[0].to.totalDoseGy === 45);
    expect(s45?.risk.mldEqd2Gy).toBeCloseTo(20.25, 4);
  });

  it('suggestScheduleChanges gives no suggestion when the risk is low and no organ limit fails', () => {
    // 5 Gy in 6.25 %, 1 Gy elsewhere: MLD EQD2 = 0.0625·8 + 0.9375·0.8 = 1.25 Gy → NTCP 2.5 %.
    const r = suggestScheduleChanges({ nodules: [peripheral30('N1', dose(5, 1), { maxDiameterMm: 40 })], lungMask: LUNG });
    expect(r.triggered).toBe(false);
    expect(r.current.mldEqd2Gy).toBeCloseTo(1.25, 5);
    expect(r.suggestions).toEqual([]);
    expect(r.advice).toEqual([]);
    expect(r.notes.join('\n')).toMatch(/No trigger/);
  });

  it('suggestScheduleChanges triggers on V20 > 10 % and on a failing organ limit, rescaling Dmax exactly and rejecting changes that do not help', () => {
    // Uniform 6 Gy (NTCP low): 45 Gy/3 fx gives 9 Gy/3 fx per voxel, EQD2 9·6/5 = 10.8 = EQD2(6, 1): no gain → rejected;
    // iso-BED10 46.8/3 gives 9.36 Gy/3 fx, EQD2 9.36·6.12/5 = 11.46 > 10.8 → rejected; 24 Gy/1 fx → 4.8 Gy, lower → suggested.
    const heart: ConstraintResult = {
      rowId: 'tg101-heart-1fx-max', setId: 'tg101', organ: 'Heart', tableOrgan: 'Heart/pericardium', role: 'heart', fractions: 1,
      metric: { kind: 'Dmax' }, metricLabel: 'Dmax', comparator: '<', limitGy: 22, value: 25, unit: 'Gy', margin: -3, pass: false,
      basis: 'physical', source: 'test', status: 'secondary', notes: [],
    };
    const r = suggestScheduleChanges({ nodules: [peripheral30('N1', dose(6, 6))], lungMask: LUNG, constraintResults: [heart] });
    expect(r.triggers.ntcp.exceeded).toBe(false);
    expect(r.triggers.organLimits).toHaveLength(1);
    expect(r.triggered).toBe(true);
    expect(r.suggestions.map((s) => s.changes[0].to)).toEqual([{ totalDoseGy: 24, fractions: 1 }]);
    // Dmax 25 Gy × 0.8 = 20 Gy < 22 Gy: exact, passes
    expect(r.suggestions[0].organLimits[0]).toMatchObject({ exact: true, passAfter: true });
    expect(r.suggestions[0].organLimits[0].valueAfter).toBeCloseTo(20, 10);
    expect(r.rejected.map((x) => x.id).sort()).toEqual(['single:N1:45gy-3fx', 'single:N1:46.8gy-3fx']);
    for (const x of r.rejected) expect(x.reason).toMatch(/does not lower the risk/);

    // V20 trigger: 25 Gy in 12.5 % (two slices), 1 Gy elsewhere.
    const data = new Float32Array(960).map((_, n) => (Math.floor(n / 120) < 1 ? 25 : 1));
    const v20 = suggestScheduleChanges({ nodules: [peripheral30('N1', { ...GRID, data })], lungMask: LUNG });
    expect(v20.triggers.v20).toMatchObject({ exceeded: true, basis: 'all-nodules-physical' });
    expect(v20.triggers.v20.valuePercent).toBeCloseTo(12.5, 6);
  });

  it('suggestScheduleChanges combines single changes over several nodules (at most three combinations) and marks organ limits it cannot re-evaluate', () => {
    const nodules = [peripheral30('N1', dose(30, 3, 0)), peripheral30('N2', dose(30, 3, 7)), peripheral30('N3', dose(30, 0, 4))];
    const cw: ConstraintResult = {
      rowId: 'cw-v30', setId: 'x', organ: 'Chest wall', tableOrgan: 'Chest wall', role: 'chest-wall', fractions: 1,
      metric: { kind: 'VxGyCc', doseGy: 30 }, metricLabel: 'V30Gy[cc]', comparator: '<', limitCc: 30, value: 35, unit: 'cc', margin: -5, pass: false,
      basis: 'physical', source: 'test', status: 'secondary', notes: [],
    };
    const r = suggestScheduleChanges({ nodules, lungMask: LUNG, constraintResults: [cw] });
    expect(r.current.ntcp.reference).toBeGreaterThan(0.2);
    const combined = r.suggestions.filter((s) => s.scope === 'combined');
    expect(combined.length).toBeGreaterThan(0);
    expect(combined.length).toBeLessThanOrEqual(3);
    const lower = combined.find((s) => s.id === 'combined:lower-dose');
    expect(lower?.changes.map((c) => c.noduleName)).toEqual(['N1', 'N2', 'N3']);
    // All three at 24 Gy: the physical lung dose scales by exactly 0.8.
    expect(lower!.risk.mldGy! / r.current.mldGy!).toBeCloseTo(0.8, 6);
    for (const s of r.suggestions) {
      expect(s.deltaNtcpReference).toBeLessThan(0);
      expect(s.organLimits[0]).toMatchObject({ exact: false, passAfter: null, valueAfter: null });
    }
  });

  it('suggestScheduleChanges advises a lower prescription isodose for large nodules without lung numbers (needs re-planning)', () => {
    const r = suggestScheduleChanges({ nodules: [peripheral30('N1', dose(30, 6), { maxDiameterMm: 35, prescriptionIsodosePercent: 80 })], lungMask: LUNG });
    expect(r.advice).toHaveLength(1);
    const a = r.advice[0];
    expect(a).toMatchObject({ noduleName: 'N1', fromIsodosePercent: 80, toIsodosePercent: 70, exactness: 'needs-replanning' });
    expect(a).not.toHaveProperty('risk');
    // physics.md §1.5 prescription-isodose table: 30/1 at 80 % → Dmax 37.5 Gy (BED10 178.1); at 70 % → 42.9 Gy (226.5)
    expect(a.hottestPointGy.before).toBeCloseTo(37.5, 6);
    expect(a.hottestPointGy.after).toBeCloseTo(42.86, 2);
    expect(a.hottestPointBed10Gy.before).toBeCloseTo(178.1, 1);
    expect(a.hottestPointBed10Gy.after).toBeCloseTo(226.5, 1);
    expect(a.nominalBed10Gy).toBeCloseTo(120, 6);
    expect(a.explanation).toMatch(/re-plan/);
  });

  it('suggestScheduleChanges throws InputError for doses off the lung grid, a bad threshold or an unknown model', () => {
    const shifted = { ...dose(30, 6), originMm: [0, 0, 3] as const };
    expect(() => suggestScheduleChanges({ nodules: [peripheral30('N1', shifted)], lungMask: LUNG })).toThrow(expect.objectContaining({ code: 'geometry-mismatch' }));
    expect(() => suggestScheduleChanges({ nodules: risky, lungMask: LUNG, thresholds: { ntcp: 20 } })).toThrow(expect.objectContaining({ code: 'bad-threshold' }));
    expect(() => suggestScheduleChanges({ nodules: risky, lungMask: LUNG, ntcpModelId: 'nope' })).toThrow(expect.objectContaining({ code: 'unknown-model' }));
  });
});
