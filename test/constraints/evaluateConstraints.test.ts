import { describe, expect, it } from 'vitest';
import { parseConstraintTable } from '../../src/constraints/parseConstraintTable';
import { evaluateConstraints, type ConstraintOrgan } from '../../src/constraints/evaluateConstraints';
import { InputError } from '../../src/errors/InputError';
import type { StructureRole } from '../../src/model/StructureRole';
import { dvhFromSamples, uniformDvh, type DoseSample } from './syntheticDvh';

const organ = (name: string, role: StructureRole, samples: readonly DoseSample[], volumeCc?: number): ConstraintOrgan => {
  const dvh = dvhFromSamples(samples);
  return { name, role, dvh, volumeCc: volumeCc ?? dvh.volumeCc };
};
const row = (e: ReturnType<typeof evaluateConstraints>, rowId: string, organName?: string) => {
  const found = e.rows.find((r) => r.rowId === rowId && (organName === undefined || r.organ === organName));
  if (!found) throw new Error(`no result for ${rowId}`);
  return found;
};

describe('evaluateConstraints', () => {
  it('evaluateConstraints on a cord at exactly 14 Gy (1 fx) passes the 14 Gy maxima with margin 0 and fails D0.35cc < 10 Gy', () => {
    // TG-101 1 fx cord: max 14 Gy, 0.35 cc < 10 Gy, 1.2 cc < 7 Gy; NCCN 1 fx cord max 14 Gy (physics.md §5.1, §5.2).
    // A uniform 14 Gy cord has D0.035cc = D0.35cc = D1.2cc = 14 Gy (closed form).
    const e = evaluateConstraints({ organs: [organ('SpinalCord', 'spinal-cord', [{ doseGy: 14, volumeCc: 6 }])], fractions: 1 });
    expect(e.applicable).toBe(true);
    expect(row(e, 'tg101-spinal-cord-1fx-Dmax')).toMatchObject({ value: 14, limitGy: 14, margin: 0, pass: true, unit: 'Gy', status: 'secondary', basis: 'physical' });
    expect(row(e, 'rtog-spinal-cord-1fx-Dmax')).toMatchObject({ value: 14, margin: 0, pass: true, status: 'verified' });
    expect(row(e, 'tg101-spinal-cord-1fx-D0.35cc')).toMatchObject({ value: 14, limitGy: 10, margin: -4, pass: false, metricLabel: 'D0.35cc' });
    expect(row(e, 'tg101-spinal-cord-1fx-D1.2cc')).toMatchObject({ margin: -7, pass: false });
    expect(row(e, 'tg101-spinal-cord-1fx-Dmax').notes.join(' ')).toMatch(/D0\.035cc/);
    expect(e.failCount).toBe(2);
  });

  it('evaluateConstraints reads Dmax as the hottest 0.035 cc, not the single hottest sample', () => {
    // 0.02 cc at 16 Gy above 5.98 cc at 13 Gy: the hottest 0.035 cc holds 0.015 cc at 13 Gy, so D0.035cc is in the 13 Gy bin.
    const e = evaluateConstraints({ organs: [organ('Cord', 'spinal-cord', [{ doseGy: 16, volumeCc: 0.02 }, { doseGy: 13, volumeCc: 5.98 }])], fractions: 1 });
    const dmax = row(e, 'tg101-spinal-cord-1fx-Dmax');
    expect(dmax.value!).toBeGreaterThanOrEqual(13);
    expect(dmax.value!).toBeLessThan(13.5);
    expect(dmax.pass).toBe(true);
    expect(dmax.notes.join(' ')).toMatch(/sample maximum 16 Gy/);
  });

  it('evaluateConstraints selects rows by fraction count: 3 fx cord maxima 21.9 Gy (TG-101) and 18 Gy (RTOG)', () => {
    // physics.md §5.1 (TG-101 3 fx cord max 21.9 Gy) and §5.2 (NCCN 3 fx cord 18 Gy): a 20 Gy cord passes one, fails the other.
    const e = evaluateConstraints({ organs: [organ('Cord', 'spinal-cord', [{ doseGy: 20, volumeCc: 5 }])], fractions: 3 });
    expect(e.rows.every((r) => r.fractions === 3)).toBe(true);
    expect(row(e, 'tg101-spinal-cord-3fx-Dmax')).toMatchObject({ limitGy: 21.9, pass: true });
    expect(row(e, 'rtog-spinal-cord-3fx-Dmax')).toMatchObject({ limitGy: 18, pass: false, margin: -2 });
    expect(e.setsWithoutRows).toEqual([]);
  });

  it('evaluateConstraints with 4 fractions uses RTOG and Dunlap rows and reports TG-101 as having no 4-fraction column', () => {
    const e = evaluateConstraints({ organs: [organ('Cord', 'spinal-cord', [{ doseGy: 20, volumeCc: 5 }])], fractions: 4 });
    expect(e.applicable).toBe(true);
    expect(new Set(e.rows.map((r) => r.setId))).toEqual(new Set(['rtog-0813-0915-nccn']));
    // NCCN Table 3: 4 fx cord 26 Gy.
    expect(row(e, 'rtog-spinal-cord-4fx-Dmax')).toMatchObject({ limitGy: 26, pass: true });
    expect(e.setsWithoutRows.map((s) => s.setId)).toEqual(['aapm-tg101']);
  });

  it('evaluateConstraints with 2 fractions is not applicable and says why', () => {
    const e = evaluateConstraints({ organs: [organ('Cord', 'spinal-cord', [{ doseGy: 5, volumeCc: 5 }])], fractions: 2 });
    expect(e.applicable).toBe(false);
    expect(e.rows).toEqual([]);
    expect(e.notApplicableReason).toMatch(/no limits for 2 fraction.*1, 3, 4, 5/);
  });

  it('evaluateConstraints applies the lung critical volume: spared volume = total − V(≥ dose)', () => {
    // 2000 cc lung, 1 fx: 400 cc at 10 Gy and 1600 cc at 2 Gy → volume below 7.0 Gy and below 7.4 Gy = 1600 cc.
    // TG-101: ≥ 1500 cc below 7.0 Gy (margin +100 cc), ≥ 1000 cc below 7.4 Gy (margin +600 cc).
    const ok = evaluateConstraints({ organs: [organ('Lungs-GTV', 'lung', [{ doseGy: 10, volumeCc: 400 }, { doseGy: 2, volumeCc: 1600 }])], fractions: 1 });
    expect(row(ok, 'tg101-lung-1fx-critical-1500cc')).toMatchObject({ value: 1600, limitCc: 1500, margin: 100, pass: true, unit: 'cc', metricLabel: 'critical volume < 7Gy' });
    expect(row(ok, 'tg101-lung-1fx-critical-1000cc')).toMatchObject({ value: 1600, margin: 600, pass: true });
    // 600 cc at 10 Gy: only 1400 cc spared → fails the 1500 cc row by 100 cc.
    const bad = evaluateConstraints({ organs: [organ('Lungs-GTV', 'lung', [{ doseGy: 10, volumeCc: 600 }, { doseGy: 2, volumeCc: 1400 }])], fractions: 1 });
    expect(row(bad, 'tg101-lung-1fx-critical-1500cc')).toMatchObject({ value: 1400, margin: -100, pass: false });
    // Exactly 1500 cc spared meets "≥ 1500 cc".
    const edge = evaluateConstraints({ organs: [organ('Lungs-GTV', 'lung', [{ doseGy: 10, volumeCc: 500 }, { doseGy: 2, volumeCc: 1500 }])], fractions: 1 });
    expect(row(edge, 'tg101-lung-1fx-critical-1500cc')).toMatchObject({ value: 1500, margin: 0, pass: true });
  });

  it('evaluateConstraints marks the 3-fraction lung critical-volume rows unverified (physics.md §5.1)', () => {
    const e = evaluateConstraints({ organs: [organ('Lungs', 'lung', [{ doseGy: 13, volumeCc: 300 }, { doseGy: 3, volumeCc: 2700 }])], fractions: 3 });
    // 3 fx: 1500 cc < 11.6 Gy, 1000 cc < 12.4 Gy; spared = 2700 cc for both.
    expect(row(e, 'tg101-lung-3fx-critical-1500cc')).toMatchObject({ status: 'unverified', value: 2700, pass: true });
    expect(row(e, 'tg101-lung-3fx-critical-1500cc').notes.join(' ')).toMatch(/UNVERIFIED/);
  });

  it('evaluateConstraints: chest wall V30 < 30 cc fails at exactly 30 cc (strict) and passes at 29 cc', () => {
    // Dunlap 2010: V30 < 30 cm³ (physics.md §5.3).
    const at30 = evaluateConstraints({ organs: [organ('ChestWall', 'chest-wall', [{ doseGy: 35, volumeCc: 30 }, { doseGy: 10, volumeCc: 170 }])], fractions: 3 });
    expect(row(at30, 'dunlap-chest-wall-3fx-V30Gy')).toMatchObject({ value: 30, limitCc: 30, comparator: '<', margin: 0, pass: false, metricLabel: 'V30Gy[cc]' });
    const at29 = evaluateConstraints({ organs: [organ('ChestWall', 'chest-wall', [{ doseGy: 35, volumeCc: 29 }, { doseGy: 10, volumeCc: 171 }])], fractions: 3 });
    expect(row(at29, 'dunlap-chest-wall-3fx-V30Gy')).toMatchObject({ value: 29, margin: 1, pass: true });
  });

  it('evaluateConstraints: an oesophagus smaller than 5 cc meets the D5cc row trivially, value null', () => {
    // TG-101 1 fx oesophagus: 5 cc < 11.9 Gy. A 4 cc organ cannot have 5 cc above the threshold.
    const e = evaluateConstraints({ organs: [organ('Esophagus', 'esophagus', [{ doseGy: 13, volumeCc: 4 }])], fractions: 1 });
    expect(row(e, 'tg101-esophagus-1fx-D5cc')).toMatchObject({ value: null, margin: null, pass: true });
    expect(row(e, 'tg101-esophagus-1fx-D5cc').notes.join(' ')).toMatch(/trivially/);
  });

  it('evaluateConstraints counts organ volume missing from the DVH in the worst direction', () => {
    // Lung of 2100 cc whose DVH holds 2000 cc (100 cc outside the dose grid): the 100 cc is not counted as spared.
    const lung = { ...organ('Lungs', 'lung', [{ doseGy: 10, volumeCc: 400 }, { doseGy: 2, volumeCc: 1600 }]), volumeCc: 2100 };
    const e = evaluateConstraints({ organs: [lung], fractions: 1 });
    expect(row(e, 'tg101-lung-1fx-critical-1500cc')).toMatchObject({ value: 1600, pass: true });
    expect(row(e, 'tg101-lung-1fx-critical-1500cc').notes.join(' ')).toMatch(/100 cc of the 2100 cc organ has no dose/);
    // Chest wall of 210 cc, DVH 200 cc with 25 cc at 35 Gy: V30 counted as 25 + 10 = 35 cc ≥ 30 → fail.
    const wall = { ...organ('ChestWall', 'chest-wall', [{ doseGy: 35, volumeCc: 25 }, { doseGy: 10, volumeCc: 175 }]), volumeCc: 210 };
    expect(row(evaluateConstraints({ organs: [wall], fractions: 3 }), 'dunlap-chest-wall-3fx-V30Gy')).toMatchObject({ value: 35, pass: false });
  });

  it('evaluateConstraints reports absent organs by role and organs without any row', () => {
    const e = evaluateConstraints({
      organs: [organ('Cord', 'spinal-cord', [{ doseGy: 5, volumeCc: 5 }]), organ('PTV1', 'ptv', [{ doseGy: 30, volumeCc: 10 }])],
      fractions: 1,
    });
    const missingRoles = e.missingOrgans.map((m) => m.role);
    expect(missingRoles).toEqual(expect.arrayContaining(['lung', 'heart', 'esophagus', 'trachea', 'proximal-bronchial-tree', 'ribs', 'skin', 'stomach', 'great-vessels', 'brachial-plexus']));
    expect(missingRoles).not.toContain('spinal-cord');
    // Chest wall has no 1-fraction row (Dunlap is 3–5 fx).
    expect(missingRoles).not.toContain('chest-wall');
    expect(e.missingOrgans.find((m) => m.role === 'trachea')!.tableOrgans).toEqual(['Trachea & large bronchus', 'Trachea & proximal bronchi']);
    expect(e.organsWithoutConstraints).toEqual(['PTV1']);
  });

  it('evaluateConstraints evaluates every organ of a role (two rib structures)', () => {
    const e = evaluateConstraints({ organs: [organ('Rib L4', 'ribs', [{ doseGy: 31, volumeCc: 3 }]), organ('Rib L5', 'ribs', [{ doseGy: 12, volumeCc: 3 }])], fractions: 1 });
    // TG-101/NCCN 1 fx rib max 30 Gy.
    expect(row(e, 'rtog-ribs-1fx-Dmax', 'Rib L4').pass).toBe(false);
    expect(row(e, 'rtog-ribs-1fx-Dmax', 'Rib L5').pass).toBe(true);
  });

  it('evaluateConstraints on an EQD2 DVH converts limits with the organ α/β and agrees with the physical check for one fractionation', () => {
    // Cord at 20 Gy physical in 3 fx; α/β 2 Gy (alpha-beta.json): EQD2 = 20·(20/3 + 2)/4 = 43.333 Gy.
    // TG-101 3 fx max 21.9 Gy → 21.9·(7.3 + 2)/4 = 50.9175 Gy EQD2; NCCN 18 Gy → 18·(6 + 2)/4 = 36 Gy EQD2.
    const eqd2 = (d: number) => (d * (d / 3 + 2)) / 4;
    const cordEqd2 = { name: 'Cord', role: 'spinal-cord' as const, dvh: dvhFromSamples([{ doseGy: eqd2(20), volumeCc: 5 }], 0.001), volumeCc: 5 };
    const skin = { name: 'Skin', role: 'skin' as const, dvh: uniformDvh(10, 50), volumeCc: 50 };
    const e = evaluateConstraints({ organs: [cordEqd2, skin], fractions: 3, doseBasis: 'eqd2' });
    expect(e.basis).toBe('eqd2');
    expect(e.basisNote).toMatch(/EQD2/);
    const tg = row(e, 'tg101-spinal-cord-3fx-Dmax');
    expect(tg).toMatchObject({ alphaBetaGy: 2, physicalLimitGy: 21.9, basis: 'eqd2', pass: true });
    expect(tg.limitGy!).toBeCloseTo(50.9175, 10);
    expect(row(e, 'rtog-spinal-cord-3fx-Dmax')).toMatchObject({ limitGy: 36, pass: false });
    const physical = evaluateConstraints({ organs: [organ('Cord', 'spinal-cord', [{ doseGy: 20, volumeCc: 5 }])], fractions: 3 });
    for (const r of physical.rows) expect(row(e, r.rowId).pass, r.rowId).toBe(r.pass);
    // Skin has no α/β in alpha-beta.json: its rows are listed as not evaluated, not dropped.
    expect(e.notEvaluated.filter((n) => n.organ === 'Skin').map((n) => n.rowId)).toEqual(['tg101-skin-3fx-D10cc', 'tg101-skin-3fx-Dmax', 'rtog-skin-3fx-Dmax']);
    // With an α/β given for skin the rows are evaluated.
    const withSkin = evaluateConstraints({ organs: [skin], fractions: 3, doseBasis: 'eqd2', alphaBetaGyByRole: { skin: 3 } });
    expect(withSkin.notEvaluated).toEqual([]);
    expect(row(withSkin, 'rtog-skin-3fx-Dmax').alphaBetaGy).toBe(3);
  });

  it('evaluateConstraints converts the dose threshold of a critical-volume row to EQD2', () => {
    // 3 fx lung 1500 cc < 11.6 Gy, α/β 3 Gy: 11.6·(11.6/3 + 3)/5 = 15.9307 Gy EQD2 (closed form).
    const lung = { name: 'Lungs', role: 'lung' as const, dvh: dvhFromSamples([{ doseGy: 20, volumeCc: 300 }, { doseGy: 2, volumeCc: 2700 }]), volumeCc: 3000 };
    const r = row(evaluateConstraints({ organs: [lung], fractions: 3, doseBasis: 'eqd2' }), 'tg101-lung-3fx-critical-1500cc');
    expect(r.physicalThresholdGy).toBe(11.6);
    expect(r.metric).toEqual({ kind: 'criticalVolume', doseGy: expect.closeTo(15.9307, 4) as number });
    expect(r).toMatchObject({ value: 2700, limitCc: 1500, pass: true });
  });

  it('evaluateConstraints with a custom table evaluates Dmean and V20Gy[%] rows', () => {
    // 2000 cc lung: 100 cc at 25 Gy, 1900 cc at 4 Gy → mean (2500 + 7600)/2000 = 5.05 Gy, V20 = 100/2000 = 5 %.
    const text = JSON.stringify({
      id: 'my-clinic',
      label: 'My clinic',
      description: 'test',
      pointDoseVolumeCc: 0.1,
      pointDoseVolumeSource: 'clinic convention D0.1cc',
      sets: [{ id: 'clinic', label: 'Clinic', source: 'local protocol 2024', status: 'verified' }],
      rows: [
        { id: 'lung-mean', setId: 'clinic', organ: 'Lungs', role: 'lung', fractions: 1, metric: { kind: 'Dmean' }, comparator: '<', limitGy: 5, source: 'local', status: 'verified' },
        { id: 'lung-v20', setId: 'clinic', organ: 'Lungs', role: 'lung', fractions: 1, metric: { kind: 'VxGyPercent', doseGy: 20 }, comparator: '<', limitPercent: 10, source: 'RTOG 0915', status: 'verified' },
      ],
    });
    const { value: table, issues } = parseConstraintTable(text, 'clinic.json');
    expect(issues).toEqual([]);
    const e = evaluateConstraints({ organs: [organ('Lungs', 'lung', [{ doseGy: 25, volumeCc: 100 }, { doseGy: 4, volumeCc: 1900 }])], fractions: 1, table: table! });
    expect(e.tableId).toBe('my-clinic');
    const mean = row(e, 'lung-mean');
    expect(mean.value!).toBeCloseTo(5.05, 12);
    expect(mean.margin!).toBeCloseTo(-0.05, 12);
    expect(mean.pass).toBe(false);
    expect(row(e, 'lung-v20')).toMatchObject({ value: 5, limitPercent: 10, margin: 5, pass: true, unit: '%' });
  });

  it('evaluateConstraints rejects bad fractions and bad organs', () => {
    const good = organ('Cord', 'spinal-cord', [{ doseGy: 5, volumeCc: 5 }]);
    expect(() => evaluateConstraints({ organs: [good], fractions: 0 })).toThrow(expect.objectContaining({ code: 'bad-fractions' }));
    expect(() => evaluateConstraints({ organs: [good], fractions: 1.5 })).toThrow(InputError);
    expect(() => evaluateConstraints({ organs: [{ ...good, role: 'spine' as StructureRole }], fractions: 1 })).toThrow(expect.objectContaining({ code: 'bad-organ' }));
    expect(() => evaluateConstraints({ organs: [{ ...good, volumeCc: 0 }], fractions: 1 })).toThrow(/volumeCc/);
    expect(() => evaluateConstraints({ organs: [good], fractions: 1, doseBasis: 'eqd2', alphaBetaGyByRole: { 'spinal-cord': -2 } })).toThrow(expect.objectContaining({ code: 'bad-alpha-beta' }));
  });
});
