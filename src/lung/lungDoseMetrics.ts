import { requireAlphaBetaGy } from '../radiobiology/Fractionation';
import { evaluateLungRegion, gatherLungDose, type LungRegionMetrics, type NoduleDoseSchedule } from './evaluateLungRegion';
import type { LungDefinition, LungMasks } from './lungStructureMask';
import { lungVoxelSet } from './lungVoxelSet';
import { requireCommonDoseGrid, type NoduleDose } from './NoduleDose';
import type { LungSide, NoduleSide } from './noduleLungSide';
import { describeSessionGrouping, resolveSessionGroups, type SessionGrouping } from './SessionGrouping';

export interface LungDoseMetricsOptions {
  /** Lung α/β, Gy; default 3. */
  readonly alphaBetaGy?: number;
  /** Default 'same-fraction-count-together' (see SessionGrouping). */
  readonly sessionGrouping?: SessionGrouping;
}

/** Dose to the lung opposite every treated nodule, or why there is none. */
export type ContralateralLungDose =
  | {
      readonly applicable: true;
      /** The contralateral lung. */
      readonly side: LungSide;
      readonly volumeCc: number;
      /** Physical MLD of all nodules: only for one fraction count, else null (see mldGyByFractions). */
      readonly mldGy: number | null;
      readonly mldGyByFractions: readonly { readonly fractions: number; readonly mldGy: number }[];
      readonly mldEqd2Gy: number;
    }
  | { readonly applicable: false; readonly reason: string };

/** Lung dose report: total lung (top-level fields), each lung, the contralateral lung. */
export interface LungDoseMetricsResult extends LungRegionMetrics {
  readonly definition: LungDefinition;
  readonly definitionText: string;
  readonly alphaBetaGy: number;
  readonly sessionGroups: readonly { readonly fractions: number; readonly noduleNames: readonly string[] }[];
  readonly summationRule: string;
  readonly perLung: { readonly left: LungRegionMetrics | null; readonly right: LungRegionMetrics | null; readonly unavailableReason: string | null };
  /** Side of each treated nodule (same order as the nodule doses). */
  readonly noduleSides: readonly NoduleSide[];
  readonly contralateral: ContralateralLungDose;
  /** Convenience copies of contralateral.mldGy / mldEqd2Gy (null when not applicable or mixed fractionations). */
  readonly contralateralMldGy: number | null;
  readonly contralateralMldEqd2Gy: number | null;
  /** Lung volume outside the dose grid (dose unknown, not in any metric), cc. */
  readonly volumeOutsideDoseGridCc: number;
  readonly notes: readonly string[];
}

/**
 * MLD (physical and EQD2), V5/V10/V20 (physical, per fraction count; for all nodules only when they share one
 * count) and the EQD2-grid volumes, for the total lung, each lung and the contralateral lung. Partial volumes:
 * each voxel weighs its mask fraction × voxel volume; dose = the voxel's own value on the common grid.
 * Throws InputError: requireCommonDoseGrid errors ('geometry-mismatch' when a nodule dose or a lung mask is on
 * another grid), 'empty-mask', 'bad-dose', 'bad-alpha-beta', session-grouping errors.
 * @see docs/pneumonitis.md §Metrics
 */
export function lungDoseMetrics(noduleDoses: readonly NoduleDose[], lungMasks: LungMasks, options: LungDoseMetricsOptions = {}): LungDoseMetricsResult {
  requireCommonDoseGrid(noduleDoses, [lungMasks.total, lungMasks.left, lungMasks.right]);
  const alphaBetaGy = requireAlphaBetaGy(options.alphaBetaGy ?? 3);
  const grouping = options.sessionGrouping;
  const sessions = resolveSessionGroups(noduleDoses.map((n) => ({ name: n.noduleName, fractions: n.fractions })), grouping, 'throw');
  const doses = noduleDoses.map((n) => ({ noduleName: n.noduleName, doseGy: n.doseGy.data }));
  const schedules: NoduleDoseSchedule[] = noduleDoses.map((n) => ({ fractions: n.fractions, doseScale: 1 }));
  const evaluate = (mask: LungMasks['total'], what: string): LungRegionMetrics =>
    evaluateLungRegion(gatherLungDose(lungVoxelSet(mask, what), doses), schedules, { alphaBetaGy, sessionGrouping: grouping });

  const total = evaluate(lungMasks.total, 'lung mask');
  const left = lungMasks.left !== null && lungMasks.left.boundsIjk !== null ? evaluate(lungMasks.left, 'left lung mask') : null;
  const right = lungMasks.right !== null && lungMasks.right.boundsIjk !== null ? evaluate(lungMasks.right, 'right lung mask') : null;
  let unavailableReason = lungMasks.perLungUnavailableReason;
  if (unavailableReason === null && (left === null || right === null)) unavailableReason = `the ${left === null ? 'left' : 'right'} lung minus targets covers no voxel of the dose grid`;

  const noduleSides = noduleDoses.map(
    (n): NoduleSide =>
      lungMasks.noduleSides.find((s) => s.noduleName === n.noduleName) ?? {
        noduleName: n.noduleName,
        side: null,
        method: null,
        centroidMm: null,
        targetName: null,
        reason: `nodule '${n.noduleName}' is not among the case's nodules`,
      },
  );
  const contralateral = contralateralDose(noduleSides, left, right, unavailableReason);
  const notes = [...lungMasks.notes];
  if (total.physicalByFractions.length > 1) {
    notes.push(
      `fraction counts differ (${total.physicalByFractions.map((g) => `${g.fractions} fx: ${g.noduleNames.join(', ')}`).join('; ')}): physical MLD and V5/V10/V20 are given per fraction count only; the EQD2 values combine all nodules`,
    );
  }
  return {
    ...total,
    definition: lungMasks.definition,
    definitionText: lungMasks.definitionText,
    alphaBetaGy,
    sessionGroups: sessions.map((s) => ({ fractions: s.fractions, noduleNames: s.noduleNames })),
    summationRule: describeSessionGrouping(grouping),
    perLung: { left, right, unavailableReason },
    noduleSides,
    contralateral,
    contralateralMldGy: contralateral.applicable ? contralateral.mldGy : null,
    contralateralMldEqd2Gy: contralateral.applicable ? contralateral.mldEqd2Gy : null,
    volumeOutsideDoseGridCc: lungMasks.volumeOutsideDoseGridCc,
    notes,
  };
}

function contralateralDose(sides: readonly NoduleSide[], left: LungRegionMetrics | null, right: LungRegionMetrics | null, unavailableReason: string | null): ContralateralLungDose {
  if (unavailableReason !== null || left === null || right === null) return { applicable: false, reason: unavailableReason ?? 'per-lung masks are unavailable' };
  const unknown = sides.filter((s) => s.side === null);
  if (unknown.length > 0) {
    return { applicable: false, reason: `the side of ${unknown.map((s) => `'${s.noduleName}' (${s.reason})`).join(', ')} is unknown` };
  }
  const inLeft = sides.filter((s) => s.side === 'left').map((s) => s.noduleName);
  const inRight = sides.filter((s) => s.side === 'right').map((s) => s.noduleName);
  if (inLeft.length > 0 && inRight.length > 0) {
    return { applicable: false, reason: `not applicable: bilateral disease (left lung: ${inLeft.join(', ')}; right lung: ${inRight.join(', ')}), no lung is contralateral to every nodule` };
  }
  const side: LungSide = inLeft.length > 0 ? 'right' : 'left';
  const lung = side === 'left' ? left : right;
  return {
    applicable: true,
    side,
    volumeCc: lung.volumeCc,
    mldGy: lung.mldGy,
    mldGyByFractions: lung.physicalByFractions.map((g) => ({ fractions: g.fractions, mldGy: g.mldGy })),
    mldEqd2Gy: lung.mldEqd2Gy,
  };
}
