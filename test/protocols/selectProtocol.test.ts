import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { alphaBetaForRole } from '../../src/radiobiology/alphaBetaTable';
import { defaultProtocolRules as rules } from '../../src/protocols/defaultProtocolRules';
import type { ProtocolInput } from '../../src/protocols/ProtocolInput';
import { BED10_ALPHA_BETA_GY, selectProtocol } from '../../src/protocols/selectProtocol';
import { FAR, noduleAt } from './protocolInputs';

const schedule = (input: ProtocolInput) => {
  const c = selectProtocol(input, rules);
  return [c.zone, c.totalDoseGy, c.fractions];
};

describe('selectProtocol with the default rules', () => {
  it('selectProtocol(far from every organ) gives peripheral 30 Gy/1 fx with 24 Gy/1 fx as alternative', () => {
    const c = selectProtocol(noduleAt({}), rules);
    expect([c.zone, c.protocolId, c.totalDoseGy, c.fractions, c.dosePerFractionGy]).toEqual(['peripheral', 'peripheral-30gy-1fx', 30, 1, 30]);
    expect(c.alternatives.map((a) => [a.scheduleId, a.totalDoseGy, a.fractions])).toEqual([['peripheral-24gy-1fx', 24, 1]]);
    expect(c.rationale).toBe('30 Gy/1 fx: peripheral — GTV_N1 is 35.3 mm from bronchial tree (> 20 mm), 41.5 mm from chest wall (> 10 mm), 63.7 mm from mediastinum (> 10 mm). Allowed alternative: 24 Gy/1 fx');
    expect(c.ruleTrace.map((t) => [t.ruleId, t.outcome, t.applies, t.selected])).toEqual([
      ['central-bronchial-tree', 'beyond', false, false],
      ['chest-wall', 'beyond', false, false],
      ['mediastinal', 'beyond', false, false],
    ]);
    expect(c.warnings).toEqual([]);
    expect([c.rulesId, c.rulesVersion]).toEqual(['lung-metastases-default', '1.0.0']);
  });

  it('selectProtocol gives BED10 120, 112.5, 79.2 Gy for 30/1, 45/3, 36/3 and 81.6 Gy for the 24/1 alternative', () => {
    // physics.md §1.5: 30·(1 + 30/10) = 120; 45·(1 + 15/10) = 112.5; 36·(1 + 12/10) = 79.2; 24·(1 + 24/10) = 81.6.
    const peripheral = selectProtocol(noduleAt({}), rules);
    expect(peripheral.bed10Gy).toBeCloseTo(120, 10);
    expect(peripheral.alternatives[0].bed10Gy).toBeCloseTo(81.6, 10);
    expect(selectProtocol(noduleAt({ chestWall: 5 }), rules).bed10Gy).toBeCloseTo(112.5, 10);
    expect(selectProtocol(noduleAt({ bronchialTree: 5 }), rules).bed10Gy).toBeCloseTo(79.2, 10);
    // 30 Gy in one fraction is beyond the ~18 Gy/fx where LQ is considered reasonable (Brenner 2008, models.json).
    expect(peripheral.bed10Caveats.join(' ')).toMatch(/above ~18 Gy/);
    // BED10 uses the tumour α/β of the α/β table.
    expect(alphaBetaForRole('gtv')?.alphaBetaGy).toBe(BED10_ALPHA_BETA_GY);
  });

  it('selectProtocol(nodule 9.3 mm from the bronchial tree) gives central 36 Gy/3 fx with the nearest structure in the reason', () => {
    const c = selectProtocol(noduleAt({ bronchialTree: 9.3 }, { targetName: 'GTV_RML_Hilar', nearestStructureNames: { bronchialTree: 'Bronchus' } }), rules);
    expect([c.zone, c.protocolId, c.totalDoseGy, c.fractions]).toEqual(['central', 'central-36gy-3fx', 36, 3]);
    expect(c.rationale).toBe('36 Gy/3 fx: GTV_RML_Hilar is 9.3 mm from Bronchus (9.3 mm ≤ 20 mm → central)');
    expect(c.ruleTrace[0]).toMatchObject({ selected: true, distanceMm: 9.3, comparedDistanceMm: 9.3, thresholdMm: 20, basisUsed: 'target' });
  });

  it('selectProtocol(nodule touching the chest wall, 0 mm) gives chest-wall 45 Gy/3 fx "touches"', () => {
    const c = selectProtocol(noduleAt({ chestWall: 0 }, { targetName: 'GTV_LLL', nearestStructureNames: { chestWall: 'CHEST WALL' } }), rules);
    expect([c.zone, c.totalDoseGy, c.fractions]).toEqual(['chest-wall', 45, 3]);
    expect(c.rationale).toBe('45 Gy/3 fx: GTV_LLL touches CHEST WALL (0.0 mm ≤ 10 mm → chest-wall)');
  });

  it('selectProtocol(nodule 6 mm from the mediastinum) gives mediastinal 45 Gy/3 fx', () => {
    expect(schedule(noduleAt({ mediastinum: 6 }))).toEqual(['mediastinal', 45, 3]);
  });

  it('selectProtocol applies thresholds inclusively: exactly 10.0 and 20.0 mm are within, 10.1 and 20.1 mm are not', () => {
    expect(schedule(noduleAt({ chestWall: 10 }))).toEqual(['chest-wall', 45, 3]);
    expect(schedule(noduleAt({ chestWall: 10.1 }))).toEqual(['peripheral', 30, 1]);
    expect(schedule(noduleAt({ mediastinum: 10 }))).toEqual(['mediastinal', 45, 3]);
    expect(schedule(noduleAt({ mediastinum: 10.1 }))).toEqual(['peripheral', 30, 1]);
    expect(schedule(noduleAt({ bronchialTree: 20 }))).toEqual(['central', 36, 3]);
    expect(schedule(noduleAt({ bronchialTree: 20.1 }))).toEqual(['peripheral', 30, 1]);
    expect(selectProtocol(noduleAt({ bronchialTree: 20 }), rules).rationale).toContain('(20.0 mm ≤ 20 mm → central)');
  });

  it('selectProtocol compares the distance rounded to 0.1 mm, as printed: 20.04 mm is within 20 mm, 20.06 mm is not', () => {
    const c = selectProtocol(noduleAt({ bronchialTree: 20.04 }), rules);
    expect([c.zone, c.ruleTrace[0].distanceMm, c.ruleTrace[0].comparedDistanceMm]).toEqual(['central', 20.04, 20]);
    expect(schedule(noduleAt({ bronchialTree: 20.06 }))).toEqual(['peripheral', 30, 1]);
    expect(schedule(noduleAt({ chestWall: 9.96 }))).toEqual(['chest-wall', 45, 3]);
  });

  it('selectProtocol(within reach of several organs) lets the bronchial tree win and names the others', () => {
    const c = selectProtocol(noduleAt({ chestWall: 3, mediastinum: 0, bronchialTree: 15 }, { nearestStructureNames: { chestWall: 'CHEST WALL', mediastinum: 'HEART4' } }), rules);
    expect([c.zone, c.totalDoseGy, c.fractions]).toEqual(['central', 36, 3]);
    expect(c.rationale).toBe(
      '36 Gy/3 fx: GTV_N1 is 15.0 mm from bronchial tree (15.0 mm ≤ 20 mm → central). Also applies: ' +
        'CHEST WALL 3.0 mm ≤ 10 mm (chest-wall) — the central-bronchial-tree rule takes precedence; ' +
        'HEART4 0.0 mm ≤ 10 mm (mediastinal) — the central-bronchial-tree rule takes precedence.',
    );
    expect(c.ruleTrace.map((t) => [t.applies, t.selected])).toEqual([[true, true], [true, false], [true, false]]);
  });

  it('selectProtocol(chest wall and mediastinum both within) takes the zone of the nearer one; equal distances go to the chest wall (file order)', () => {
    expect(schedule(noduleAt({ chestWall: 4, mediastinum: 3 }))).toEqual(['mediastinal', 45, 3]);
    expect(schedule(noduleAt({ chestWall: 3, mediastinum: 4 }))).toEqual(['chest-wall', 45, 3]);
    const tie = selectProtocol(noduleAt({ chestWall: 4, mediastinum: 4 }), rules);
    expect(tie.zone).toBe('chest-wall');
    expect(tie.rationale).toContain('same priority and distance; listed later');
    // 4.04 and 4.0 print and compare as the same 4.0 mm: still a tie.
    expect(schedule(noduleAt({ chestWall: 4.04, mediastinum: 4 }))).toEqual(['chest-wall', 45, 3]);
  });
});

describe('selectProtocol with unknown organ distances (protective policy)', () => {
  it('selectProtocol(bronchial tree unknown) treats the nodule as possibly central: 36 Gy/3 fx, with the reason and a warning', () => {
    const c = selectProtocol(noduleAt({ bronchialTree: null }, { unknownReasons: { bronchialTree: 'no bronchial-tree structure in the case' } }), rules);
    expect([c.zone, c.totalDoseGy, c.fractions, c.decidedByUnknownDistance]).toEqual(['central', 36, 3, true]);
    expect(c.rationale).toBe('36 Gy/3 fx: bronchial tree distance unknown for GTV_N1 (no bronchial-tree structure in the case) — treated as within 20 mm → central (protective policy for unknown distances)');
    expect(c.ruleTrace[0]).toMatchObject({ outcome: 'unknown', applies: true, selected: true, distanceMm: null, basisUsed: null });
    expect(c.warnings).toEqual([expect.objectContaining({ code: 'distance-unknown', severity: 'warning', noduleName: 'N1' })]);
  });

  it('selectProtocol(chest wall unknown, bronchial tree far) gives 45 Gy/3 fx chest-wall; a known mediastinum within wins the zone over the unknown chest wall', () => {
    expect(schedule(noduleAt({ chestWall: null }))).toEqual(['chest-wall', 45, 3]);
    const c = selectProtocol(noduleAt({ chestWall: null, mediastinum: 7 }), rules);
    expect([c.zone, c.decidedByUnknownDistance]).toEqual(['mediastinal', false]);
    expect(c.rationale).toContain('chest wall distance unknown (chest-wall) — same priority; a known distance wins');
    expect(schedule(noduleAt({ chestWall: null, mediastinum: null }))).toEqual(['chest-wall', 45, 3]);
  });

  it('selectProtocol(unknown bronchial tree, chest wall within) still chooses the more protective 36 Gy/3 fx', () => {
    const c = selectProtocol(noduleAt({ chestWall: 2, bronchialTree: null }), rules);
    expect([c.zone, c.totalDoseGy]).toEqual(['central', 36]);
    expect(c.rationale).toContain('Also applies: chest wall 2.0 mm ≤ 10 mm (chest-wall) — the central-bronchial-tree rule takes precedence');
  });

  it('selectProtocol(no distances at all) gives central 36 Gy/3 fx and one warning per organ group', () => {
    const c = selectProtocol({ noduleName: 'N9', volumeCc: null, maxDiameterMm: 10, distancesMm: {} }, rules);
    expect([c.zone, c.totalDoseGy]).toEqual(['central', 36]);
    expect(c.rationale).toContain('(no distances given)');
    expect(c.warnings.map((w) => w.code)).toEqual(['distance-unknown', 'distance-unknown', 'distance-unknown']);
  });

  it('selectProtocol(only PTV distances) measures from the PTV, which contains the tumour, and says so', () => {
    const input: ProtocolInput = {
      noduleName: 'PRIMARY',
      ptvName: 'PTV_PRIMARY',
      volumeCc: 45,
      maxDiameterMm: 38,
      distancesMm: { fromPtv: { chestWall: 0, mediastinum: 28, bronchialTree: 42 } },
      nearestStructureNames: { chestWall: 'CHEST WALL' },
    };
    const c = selectProtocol(input, rules);
    expect([c.zone, c.totalDoseGy, c.fractions]).toEqual(['chest-wall', 45, 3]);
    expect(c.rationale).toBe('45 Gy/3 fx: PTV_PRIMARY touches CHEST WALL (0.0 mm ≤ 10 mm → chest-wall; measured from the PTV: no GTV/ITV distances; the PTV contains the tumour, so this is protective)');
    expect(c.ruleTrace.every((t) => t.basisUsed === 'ptv')).toBe(true);
    expect(c.warnings.filter((w) => w.code === 'distance-basis-fallback')).toHaveLength(3);
  });

  it('selectProtocol(rule measured from the PTV, no PTV distances) settles "within" from the GTV and treats "beyond" as unknown', () => {
    const ptvRules = { ...rules, zoneRules: rules.zoneRules.map((r) => (r.id === 'chest-wall' ? { ...r, measuredFrom: 'ptv' as const } : r)) };
    // GTV 6 mm from the chest wall: the PTV around it is at least as near → within, certain.
    const near = selectProtocol(noduleAt({ chestWall: 6 }), ptvRules);
    expect([near.zone, near.decidedByUnknownDistance, near.ruleTrace[1].basisUsed]).toEqual(['chest-wall', false, 'target']);
    expect(near.rationale).toContain('measured from the GTV/ITV: no PTV distances; the PTV around it is at least as near');
    // GTV 14 mm away: the PTV might still be within 10 mm → unknown → protective 45/3.
    const far = selectProtocol(noduleAt({ chestWall: 14 }), ptvRules);
    expect([far.zone, far.decidedByUnknownDistance]).toEqual(['chest-wall', true]);
    expect(far.rationale).toContain('GTV_N1 is 14.0 mm from the chest wall, which does not exclude the PTV being within 10 mm');
  });

  it('selectProtocol ignores PTV distances when GTV/ITV distances exist (default rules measure from the tumour)', () => {
    const n = noduleAt({});
    const c = selectProtocol({ ...n, distancesMm: { ...n.distancesMm, fromPtv: { chestWall: 0, mediastinum: 0, bronchialTree: 0 } } }, rules);
    expect(c.zone).toBe('peripheral');
  });
});

describe('selectProtocol input checks', () => {
  it('selectProtocol rejects negative, NaN and missing distances and an empty nodule name with InputError', () => {
    const bad: ProtocolInput[] = [
      noduleAt({ chestWall: -0.5 }),
      noduleAt({ bronchialTree: Number.NaN }),
      { ...noduleAt({}), distancesMm: { fromTarget: { chestWall: 1, mediastinum: 2 } as never } },
      { ...noduleAt({}), noduleName: ' ' },
      noduleAt({}, { maxDiameterMm: Number.POSITIVE_INFINITY }),
    ];
    for (const input of bad) {
      expect(() => selectProtocol(input, rules)).toThrow(InputError);
    }
    expect(() => selectProtocol(noduleAt({ chestWall: -0.5 }), rules)).toThrow("nodule 'N1': distancesMm.fromTarget.chestWall (mm; 0 when touching or overlapping) must be a finite number ≥ 0 or null, got -0.5");
  });

  it('noduleAt() defaults (FAR) lie beyond every default threshold', () => {
    expect(FAR.bronchialTree).toBeGreaterThan(20);
    expect(Math.min(FAR.chestWall ?? 0, FAR.mediastinum ?? 0)).toBeGreaterThan(10);
  });
});
