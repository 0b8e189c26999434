import { describe, expect, it } from 'vitest';
import { computeDvhFromMask } from '../../src/dvh/computeDvhFromMask';
import { lungDoseMetrics } from '../../src/lung/lungDoseMetrics';
import { lungStructureMask } from '../../src/lung/lungStructureMask';
import type { NoduleDose } from '../../src/lung/NoduleDose';
import { summedLungDose } from '../../src/lung/summedLungDose';
import { doseGrid, eqd2, LEFT_GTV_CC, LUNG_CC, RIGHT_GTV_CC, syntheticThorax, THORAX_GRID } from './lungFixtures';

const masks = lungStructureMask(syntheticThorax(), THORAX_GRID);
const lungCc = 2 * LUNG_CC - LEFT_GTV_CC;

function nodule(noduleName: string, fractions: number, f: (x: number, y: number, z: number) => number): NoduleDose {
  return { noduleName, fractions, doseGy: doseGrid(THORAX_GRID, f) };
}

describe('lungDoseMetrics', () => {
  it('lungDoseMetrics of a uniform dose gives MLD = that dose and EQD2 MLD per closed form', () => {
    const m = lungDoseMetrics([nodule('N1', 1, () => 4)], masks);
    expect(m.volumeCc).toBeCloseTo(lungCc, 6);
    expect(m.mldGy).toBeCloseTo(4, 6);
    // EQD2(4 Gy, 1 fx, α/β 3) = 4·7/5 = 5.6 Gy
    expect(m.mldEqd2Gy).toBeCloseTo(5.6, 5);
    expect([m.v5Percent, m.v10Percent, m.v20Percent]).toEqual([0, 0, 0]);
    // EQD2 5.6 Gy ≥ 5 everywhere, < 10
    expect(m.eqd2Volumes.v5Eqd2Percent).toBeCloseTo(100, 6);
    expect(m.eqd2Volumes.v10Eqd2Percent).toBe(0);
    expect(m.perLung.left?.mldGy).toBeCloseTo(4, 6);
    expect(m.perLung.right?.mldGy).toBeCloseTo(4, 6);
    expect(m.definition).toBe('lungs-minus-gtv');
  });

  it('lungDoseMetrics V20 of a step dose is the step volume fraction (closed form)', () => {
    // 25 Gy for z > 12 mm (slices k ≥ 16 start at z = 12), 10 Gy below. The step region z ∈ [12, 30] of both lungs
    // (2 × 34 × 60 × 18 mm³ = 73.44 cc) does not meet the GTV (z ∈ [−6, 6]).
    const m = lungDoseMetrics([nodule('N1', 1, (_x, _y, z) => (z > 12 ? 25 : 10))], masks);
    const highCc = 73.44;
    expect(m.v20Percent).toBeCloseTo((100 * highCc) / lungCc, 5);
    expect(m.v10Percent).toBeCloseTo(100, 6);
    expect(m.v5Percent).toBeCloseTo(100, 6);
    expect(m.mldGy).toBeCloseTo((highCc * 25 + (lungCc - highCc) * 10) / lungCc, 5);
    expect(m.mldEqd2Gy).toBeCloseTo((highCc * eqd2(25, 1) + (lungCc - highCc) * eqd2(10, 1)) / lungCc, 4);
    // Per lung: the right lung has no GTV, 18/60 of it is high.
    expect(m.perLung.right?.v20Percent).toBeCloseTo(30, 5);
  });

  it('lungDoseMetrics gives physical values per fraction count only, and the EQD2 sum over all, for 1 + 3 fractions', () => {
    const a = nodule('N1', 1, () => 6);
    const b = nodule('N2', 3, () => 9);
    const m = lungDoseMetrics([a, b], masks);
    expect(m.mldGy).toBeNull();
    expect(m.v20Percent).toBeNull();
    expect(m.physicalByFractions.map((g) => [g.fractions, g.noduleNames, g.mldGy])).toEqual([[1, ['N1'], expect.closeTo(6, 6)], [3, ['N2'], expect.closeTo(9, 6)]]);
    // EQD2(6, 1) + EQD2(9, 3) = 6·9/5 + 9·6/5 = 10.8 + 10.8 = 21.6 Gy; the physical sum 15 Gy as 1 fx would give 54 Gy.
    expect(m.mldEqd2Gy).toBeCloseTo(21.6, 4);
    expect(m.notes.join('\n')).toMatch(/per fraction count only/);
    expect(m.sessionGroups).toEqual([{ fractions: 1, noduleNames: ['N1'] }, { fractions: 3, noduleNames: ['N2'] }]);
  });

  it('lungDoseMetrics MLD EQD2 equals the lung-mask mean of the summedLungDose EQD2 grid', () => {
    const a = nodule('N1', 1, (x, y, z) => 30 * Math.exp(-((x - 25) ** 2 + y ** 2 + z ** 2) / 400));
    const b = nodule('N2', 3, (x, y, z) => 45 * Math.exp(-((x + 25) ** 2 + (y - 15) ** 2 + (z - 15) ** 2) / 300));
    const m = lungDoseMetrics([a, b], masks);
    const sum = summedLungDose([a, b], masks.total);
    const dvh = computeDvhFromMask(sum.eqd2.eqd2Gy, masks.total);
    expect(m.mldEqd2Gy).toBeCloseTo(dvh.meanGy, 3);
    const dvh1 = computeDvhFromMask(sum.physicalGroups[0].doseGy, masks.total);
    expect(m.physicalByFractions[0].mldGy).toBeCloseTo(dvh1.meanGy, 4);
    // Two 1-fx nodules: same sessions (default) vs separate courses, both against the grid path.
    const c = nodule('N3', 1, (x, y, z) => 20 * Math.exp(-((x - 15) ** 2 + y ** 2 + z ** 2) / 400));
    for (const sessionGrouping of ['same-fraction-count-together', 'each-nodule-separately'] as const) {
      const grid = summedLungDose([a, b, c], masks.total, { sessionGrouping }).eqd2.eqd2Gy;
      const metrics = lungDoseMetrics([a, b, c], masks, { sessionGrouping });
      expect(metrics.mldEqd2Gy, sessionGrouping).toBeCloseTo(computeDvhFromMask(grid, masks.total).meanGy, 3);
    }
    // Adding per-fraction doses before LQ gives more EQD2 than converting separately where the doses overlap.
    expect(lungDoseMetrics([a, c], masks).mldEqd2Gy).toBeGreaterThan(lungDoseMetrics([a, c], masks, { sessionGrouping: 'each-nodule-separately' }).mldEqd2Gy);
  });

  it('lungDoseMetrics gives the contralateral MLD for a left-sided nodule and "not applicable" for bilateral disease', () => {
    // 2 Gy in the right lung (x < 0), 8 Gy in the left.
    const f = (x: number): number => (x < 0 ? 2 : 8);
    const m = lungDoseMetrics([nodule('N1', 1, f)], masks);
    expect(m.noduleSides[0].side).toBe('left');
    expect(m.contralateral).toMatchObject({ applicable: true, side: 'right' });
    expect(m.contralateralMldGy).toBeCloseTo(2, 6);
    // EQD2(2 Gy, 1 fx) = 2·5/5 = 2 Gy
    expect(m.contralateralMldEqd2Gy).toBeCloseTo(2, 6);

    const both = lungStructureMask(syntheticThorax({ rightNodule: true }), THORAX_GRID);
    const bilateral = lungDoseMetrics([nodule('N1', 1, f), nodule('N2', 1, f)], both);
    expect(bilateral.contralateral.applicable).toBe(false);
    expect(bilateral.contralateral.applicable === false && bilateral.contralateral.reason).toMatch(/bilateral/);
    expect(bilateral.contralateralMldGy).toBeNull();
    expect(bilateral.volumeCc).toBeCloseTo(2 * LUNG_CC - LEFT_GTV_CC - RIGHT_GTV_CC, 6);
  });

  it('lungDoseMetrics with a combined lung only reports per-lung and contralateral values as unavailable', () => {
    const combined = lungStructureMask(syntheticThorax({ combinedLungOnly: true }), THORAX_GRID);
    const m = lungDoseMetrics([nodule('N1', 1, () => 3)], combined);
    expect(m.perLung.left).toBeNull();
    expect(m.perLung.unavailableReason).toMatch(/no lung-left and lung-right/);
    expect(m.contralateral.applicable).toBe(false);
    expect(m.mldGy).toBeCloseTo(3, 6);
  });

  it('lungDoseMetrics throws InputError geometry-mismatch when the dose is not on the lung mask grid, and bad-dose for NaN in the lung', () => {
    const other = { ...THORAX_GRID, originMm: [-48, -43.75, -34.5] as const };
    const shifted: NoduleDose = { noduleName: 'N1', fractions: 1, doseGy: doseGrid(other, () => 1) };
    expect(() => lungDoseMetrics([shifted], masks)).toThrow(expect.objectContaining({ code: 'geometry-mismatch' }));
    const nan = nodule('N1', 1, (x) => (x > 10 ? Number.NaN : 1));
    expect(() => lungDoseMetrics([nan], masks)).toThrow(expect.objectContaining({ code: 'bad-dose' }));
  });
});
