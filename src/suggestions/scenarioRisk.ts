import { evaluateLungRegion, type GatheredLungDose } from '../lung/evaluateLungRegion';
import type { SessionGrouping } from '../lung/SessionGrouping';
import type { NtcpModelRegistry } from '../ntcp/ntcpModelRegistry';
import { lqBedGy } from '../radiobiology/lqBed';
import { ntcpReport } from '../reports/ntcpReport';
import type { ScenarioRisk, SuggestionNodule } from './ScheduleSuggestion';

/** Everything fixed across the scenarios of one suggestion run (built once). */
export interface ScenarioContext {
  /** The lung voxels with every nodule's dose, gathered once. */
  readonly lungDose: GatheredLungDose;
  readonly nodules: readonly SuggestionNodule[];
  readonly alphaBetaGy: number;
  readonly tumourAlphaBetaGy: number;
  readonly sessionGrouping: SessionGrouping | undefined;
  readonly registry: NtcpModelRegistry;
  /** Models evaluated (shown models plus the reference). */
  readonly modelIds: readonly string[];
  readonly referenceModelId: string;
  readonly riskFactors: readonly string[];
}

/** A physical schedule per nodule, in the order of context.nodules. */
export type ScenarioSchedules = readonly { readonly totalDoseGy: number; readonly fractions: number }[];

/**
 * Lung dose and NTCP of a scenario: each nodule's plan dose × (new total / protocol total), delivered in the new
 * fraction count (one pass over the lung voxels, no dose calculation), NTCP of every model on the EQD2 MLD, and
 * each nodule's nominal BED10.
 */
export function scenarioRisk(context: ScenarioContext, schedules: ScenarioSchedules): ScenarioRisk {
  const lung = evaluateLungRegion(
    context.lungDose,
    context.nodules.map((n, i) => ({ fractions: schedules[i].fractions, doseScale: schedules[i].totalDoseGy / n.protocol.totalDoseGy })),
    { alphaBetaGy: context.alphaBetaGy, sessionGrouping: context.sessionGrouping, onMixedSessionFractions: 'split' },
  );
  const report = ntcpReport({ mldEqd2Gy: lung.mldEqd2Gy, modelIds: context.modelIds, riskFactors: context.riskFactors }, context.registry);
  const reference = report.models.find((m) => m.id === context.referenceModelId);
  const byFractions = lung.physicalByFractions.map((g) => ({ fractions: g.fractions, noduleNames: g.noduleNames, mldGy: g.mldGy, v20Percent: g.v20Percent }));
  const single = lung.v20Percent !== null;
  return {
    mldEqd2Gy: lung.mldEqd2Gy,
    ntcp: {
      referenceModelId: context.referenceModelId,
      reference: reference === undefined ? Number.NaN : reference.ntcp,
      models: report.models.map((m) => ({ id: m.id, label: m.label, ntcp: m.ntcp })),
      min: report.spread.min,
      max: report.spread.max,
      minModelId: report.spread.minModelId,
      maxModelId: report.spread.maxModelId,
    },
    mldGy: lung.mldGy,
    v20Percent: lung.v20Percent,
    physicalByFractions: byFractions,
    v20ForThresholdPercent: single ? (lung.v20Percent as number) : Math.max(...byFractions.map((g) => g.v20Percent)),
    v20Basis: single ? 'all-nodules-physical' : 'largest-fraction-count-physical',
    v20Eqd2Percent: lung.eqd2Volumes.v20Eqd2Percent,
    nodules: context.nodules.map((n, i) => {
      const s = schedules[i];
      return {
        noduleName: n.name,
        totalDoseGy: s.totalDoseGy,
        fractions: s.fractions,
        dosePerFractionGy: s.totalDoseGy / s.fractions,
        bed10Gy: lqBedGy({ totalDoseGy: s.totalDoseGy, fractions: s.fractions }, context.tumourAlphaBetaGy),
        changed: s.totalDoseGy !== n.protocol.totalDoseGy || s.fractions !== n.protocol.fractions,
      };
    }),
  };
}
