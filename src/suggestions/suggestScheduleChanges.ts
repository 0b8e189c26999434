import type { ConstraintResult } from '../constraints/evaluateConstraints';
import { InputError } from '../errors/InputError';
import { gatherLungDose } from '../lung/evaluateLungRegion';
import { lungVoxelSet } from '../lung/lungVoxelSet';
import { requireCommonDoseGrid } from '../lung/NoduleDose';
import { resolveSessionGroups } from '../lung/SessionGrouping';
import { ntcpModelRegistry } from '../ntcp/ntcpModelRegistry';
import { requireAlphaBetaGy, requireFractionCount } from '../radiobiology/Fractionation';
import { constraintResultLimit, organLimitsAfterChange } from './organLimitsAfterChange';
import { prescriptionIsodoseAdvice } from './prescriptionIsodoseAdvice';
import { scenarioRisk, type ScenarioContext, type ScenarioSchedules } from './scenarioRisk';
import { fmt, scheduleCandidates } from './scheduleCandidates';
import type {
  NoduleScheduleChange,
  ScenarioRisk,
  ScheduleSuggestion,
  ScheduleSuggestions,
  SuggestScheduleChangesRequest,
} from './ScheduleSuggestion';

const EXACTNESS_NOTE =
  'Exact under the LQ model for these dose distributions: each changed nodule keeps its plan (same beams and relative weights) with its dose grid multiplied by new/old prescription, ' +
  'delivered in the new number of fractions (d = D/n per voxel); no new dose calculation. Organ limits are re-evaluated only where that follows exactly (see organLimits).';

const MAX_COMBINED = 3;

/**
 * Risk-aware schedule suggestions. When the reference-model NTCP of the summed lung EQD2 MLD is ≥ the threshold
 * (default 20 %, logistic-quantec-2010), the physical V20 is > the threshold (default 10 %), or an organ limit
 * fails, proposes concrete alternatives and evaluates each by rescaling dose grids on the reused lung voxel list:
 * (a) lower dose, same fractions (24 Gy/1 fx for peripheral nodules); (b) more fractions (iso-BED10 3 fx, 45 Gy/3 fx);
 * the nodules' own `alternatives` instead when given; up to three combinations (every lower-dose change, every
 * more-fractions change, the fewest most-effective changes that meet the thresholds). Only candidates that lower
 * the reference NTCP or the V20, or make a failing organ limit pass, are suggested; the others are listed in
 * `rejected` with the reason. Large nodules get prescription-isodose advice without numbers (needs re-planning).
 * Nothing is changed: the function returns suggestions only; the user decides.
 * Throws InputError: 'no-nodules', 'duplicate-nodule', 'geometry-mismatch' (doses or mask on different grids),
 * 'bad-prescription', 'bad-isodose', 'bad-diameter', 'bad-threshold', 'bad-alternative', 'unknown-model',
 * 'empty-mask', 'bad-dose', 'bad-alpha-beta', 'unknown-risk-factor', 'mixed-session-fractions', 'bad-session-grouping'.
 * @see docs/pneumonitis.md §Suggestions
 */
export function suggestScheduleChanges(request: SuggestScheduleChangesRequest): ScheduleSuggestions {
  const { nodules, lungMask } = request;
  requireCommonDoseGrid(
    nodules.map((n) => ({ noduleName: n.name, doseGy: n.doseGy, fractions: n.protocol?.fractions })),
    [lungMask],
  );
  nodules.forEach(validateNodule);
  // Explicit session groups must be consistent for the plan as it is (a suggested change may split them later).
  resolveSessionGroups(nodules.map((n) => ({ name: n.name, fractions: n.protocol.fractions })), request.sessionGrouping, 'throw');
  const ntcpThreshold = request.thresholds?.ntcp ?? 0.2;
  const v20ThresholdPercent = request.thresholds?.v20Percent ?? 10;
  if (!(ntcpThreshold > 0 && ntcpThreshold < 1)) throw new InputError('bad-threshold', `thresholds.ntcp must be a probability in (0, 1), got ${String(ntcpThreshold)}`);
  if (!(v20ThresholdPercent > 0 && v20ThresholdPercent <= 100)) throw new InputError('bad-threshold', `thresholds.v20Percent must be in (0, 100] %, got ${String(v20ThresholdPercent)}`);
  const largeNoduleDiameterMm = request.largeNoduleDiameterMm ?? 20;
  const lowestIsodosePercent = request.lowestPrescriptionIsodosePercent ?? 70;
  if (!(largeNoduleDiameterMm >= 0 && Number.isFinite(largeNoduleDiameterMm))) throw new InputError('bad-threshold', `largeNoduleDiameterMm must be a finite length ≥ 0 mm, got ${String(largeNoduleDiameterMm)}`);
  if (!(lowestIsodosePercent > 0 && lowestIsodosePercent <= 100)) throw new InputError('bad-threshold', `lowestPrescriptionIsodosePercent must be in (0, 100] %, got ${String(lowestIsodosePercent)}`);

  const registry = request.registry ?? ntcpModelRegistry;
  const referenceModelId = request.ntcpModelId ?? registry.referenceModelId;
  registry.get(referenceModelId);
  const context: ScenarioContext = {
    lungDose: gatherLungDose(lungVoxelSet(lungMask), nodules.map((n) => ({ noduleName: n.name, doseGy: n.doseGy.data }))),
    nodules,
    alphaBetaGy: requireAlphaBetaGy(request.alphaBetaGy ?? 3),
    tumourAlphaBetaGy: requireAlphaBetaGy(request.tumourAlphaBetaGy ?? 10, 'tumourAlphaBetaGy'),
    sessionGrouping: request.sessionGrouping,
    registry,
    modelIds: [...new Set([...registry.shownIds, referenceModelId])],
    referenceModelId,
    riskFactors: request.riskFactors ?? [],
  };
  const protocolSchedules: ScenarioSchedules = nodules.map((n) => ({ totalDoseGy: n.protocol.totalDoseGy, fractions: n.protocol.fractions }));
  const current = scenarioRisk(context, protocolSchedules);
  const failing: ConstraintResult[] = (request.constraintResults ?? []).filter((r) => !r.pass);

  const ntcpExceeded = current.ntcp.reference >= ntcpThreshold;
  const v20Exceeded = current.v20ForThresholdPercent > v20ThresholdPercent;
  const triggers = {
    ntcp: { modelId: referenceModelId, value: current.ntcp.reference, threshold: ntcpThreshold, exceeded: ntcpExceeded },
    v20: { valuePercent: current.v20ForThresholdPercent, thresholdPercent: v20ThresholdPercent, basis: current.v20Basis, exceeded: v20Exceeded },
    organLimits: failing.map((r) => ({ rowId: r.rowId, organ: r.organ, metricLabel: r.metricLabel, fractions: r.fractions, value: r.value, limit: constraintResultLimit(r), unit: r.unit })),
  };
  const notes: string[] = ['Suggestions only: nothing in the plan was changed; the user decides.'];
  if (current.v20Basis === 'largest-fraction-count-physical') {
    notes.push('Fraction counts differ: the V20 threshold is checked on the physical V20 of each fraction count (never on a physical sum across counts); v20Eqd2Percent is a different quantity.');
  }
  const triggered = ntcpExceeded || v20Exceeded || failing.length > 0;
  if (!triggered) {
    notes.push(`No trigger: reference NTCP ${pct(current.ntcp.reference)} < ${pct(ntcpThreshold)}, V20 ${fmt(current.v20ForThresholdPercent)} % ≤ ${fmt(v20ThresholdPercent)} %, no failing organ limit.`);
    return { triggered, triggers, current, suggestions: [], advice: [], rejected: [], notes };
  }
  notes.push('Each nodule dose grid is taken as normalised to its protocol prescription; rescaled alternatives assume the same plan shape.');

  const suggestions: ScheduleSuggestion[] = [];
  const rejected: { id: string; title: string; reason: string }[] = [];
  const seen = new Set<string>();
  const build = (id: string, title: string, scope: 'single' | 'combined', changes: readonly NoduleScheduleChange[]): ScheduleSuggestion => {
    const schedules = protocolSchedules.map((s, i) => {
      const change = changes.find((c) => c.noduleName === nodules[i].name);
      return change === undefined ? s : change.to;
    });
    const risk = scenarioRisk(context, schedules);
    return {
      id,
      title,
      scope,
      changes,
      exactness: 'exact-rescale',
      exactnessNote: EXACTNESS_NOTE,
      risk,
      deltaNtcpReference: risk.ntcp.reference - current.ntcp.reference,
      deltaMldEqd2Gy: risk.mldEqd2Gy - current.mldEqd2Gy,
      meetsThresholds: { ntcp: risk.ntcp.reference < ntcpThreshold, v20: risk.v20ForThresholdPercent <= v20ThresholdPercent },
      organLimits: organLimitsAfterChange(failing, nodules, schedules),
    };
  };
  const consider = (s: ScheduleSuggestion): boolean => {
    const signature = s.changes.map((c) => `${c.noduleName}:${c.to.totalDoseGy}/${c.to.fractions}`).sort().join('|');
    if (seen.has(signature)) return false;
    seen.add(signature);
    const reason = unhelpfulReason(s.risk, current, v20Exceeded, s);
    if (reason === null) {
      suggestions.push(s);
      return true;
    }
    rejected.push({ id: s.id, title: s.title, reason });
    return false;
  };

  const singles: ScheduleSuggestion[] = [];
  for (const nodule of nodules) {
    for (const change of scheduleCandidates(nodule, context.tumourAlphaBetaGy)) {
      const title = `${nodule.name}: ${fmt(change.from.totalDoseGy)} Gy/${change.from.fractions} fx → ${fmt(change.to.totalDoseGy)} Gy/${change.to.fractions} fx — ${change.label}`;
      const s = build(`single:${nodule.name}:${change.to.totalDoseGy}gy-${change.to.fractions}fx`, title, 'single', [change]);
      if (consider(s)) singles.push(s);
    }
  }

  // Combinations of kept single changes: best change per nodule (lowest reference NTCP) within a kind, or any kind.
  const bestPerNodule = (keep: (c: NoduleScheduleChange) => boolean): ScheduleSuggestion[] => {
    const best = new Map<string, ScheduleSuggestion>();
    for (const s of singles) {
      const c = s.changes[0];
      if (!keep(c)) continue;
      const previous = best.get(c.noduleName);
      if (previous === undefined || s.risk.ntcp.reference < previous.risk.ntcp.reference) best.set(c.noduleName, s);
    }
    return [...best.values()];
  };
  let combinedCount = 0;
  const addCombined = (id: string, title: string, changes: readonly NoduleScheduleChange[]): void => {
    if (combinedCount >= MAX_COMBINED || changes.length < 2) return;
    if (consider(build(id, title, 'combined', changes))) combinedCount++;
  };
  const lowerDose = bestPerNodule((c) => c.kind === 'lower-dose');
  addCombined('combined:lower-dose', `Lower dose in the same fractions for ${lowerDose.map((s) => s.changes[0].noduleName).join(', ')}`, lowerDose.map((s) => s.changes[0]));
  const moreFractions = bestPerNodule((c) => c.kind === 'more-fractions');
  addCombined('combined:more-fractions', `More fractions for ${moreFractions.map((s) => s.changes[0].noduleName).join(', ')}`, moreFractions.map((s) => s.changes[0]));

  // Fewest changes: add each nodule's most effective change, largest single effect first, until the thresholds hold.
  const ranked = bestPerNodule(() => true).sort((a, b) => a.risk.ntcp.reference - b.risk.ntcp.reference);
  const chosen: NoduleScheduleChange[] = [];
  let reached = false;
  for (const s of ranked) {
    chosen.push(s.changes[0]);
    if (chosen.length === 1) {
      reached = s.meetsThresholds.ntcp && s.meetsThresholds.v20;
    } else {
      const trial = build('trial', '', 'combined', chosen);
      reached = trial.meetsThresholds.ntcp && trial.meetsThresholds.v20;
    }
    if (reached) break;
  }
  addCombined(
    reached ? 'combined:fewest-changes' : 'combined:all-best',
    reached
      ? `Fewest changes that meet the thresholds (${chosen.map((c) => c.noduleName).join(', ')})`
      : `Every nodule's most effective change (${chosen.map((c) => c.noduleName).join(', ')}); the thresholds are still not met`,
    chosen,
  );
  if (suggestions.length === 0) notes.push('No rescaled schedule lowers the risk; consider re-planning (see advice).');
  else if (!reached && (ntcpExceeded || v20Exceeded)) {
    notes.push("Even every nodule's most effective rescaled change together does not meet the thresholds: the suggestions lower the risk but do not resolve it.");
  }

  const advice = nodules.flatMap((n) => prescriptionIsodoseAdvice(n, largeNoduleDiameterMm, lowestIsodosePercent, context.tumourAlphaBetaGy) ?? []);
  return { triggered, triggers, current, suggestions, advice, rejected, notes };
}

/** Null when the scenario lowers the reference NTCP, lowers a triggering V20, or makes a failing organ limit pass; else why not. */
function unhelpfulReason(risk: ScenarioRisk, current: ScenarioRisk, v20Exceeded: boolean, s: ScheduleSuggestion): string | null {
  if (risk.ntcp.reference < current.ntcp.reference) return null;
  if (v20Exceeded && risk.v20ForThresholdPercent < current.v20ForThresholdPercent) return null;
  if (s.organLimits.some((o) => o.passAfter === true)) return null;
  return (
    `does not lower the risk: reference NTCP ${pct(current.ntcp.reference)} → ${pct(risk.ntcp.reference)}, MLD EQD2 ${fmt(current.mldEqd2Gy)} → ${fmt(risk.mldEqd2Gy)} Gy` +
    `${v20Exceeded ? `, V20 ${fmt(current.v20ForThresholdPercent)} → ${fmt(risk.v20ForThresholdPercent)} %` : ''}, and no failing organ limit is fixed`
  );
}

function validateNodule(n: SuggestScheduleChangesRequest['nodules'][number]): void {
  const p = n.protocol;
  if (!p || !(Number.isFinite(p.totalDoseGy) && p.totalDoseGy > 0)) throw new InputError('bad-prescription', `${n.name}: protocol.totalDoseGy must be a finite dose > 0 Gy, got ${String(p?.totalDoseGy)}`);
  requireFractionCount(p.fractions, `${n.name}: protocol.fractions`);
  if (!(n.prescriptionIsodosePercent > 0 && n.prescriptionIsodosePercent <= 100)) {
    throw new InputError('bad-isodose', `${n.name}: prescriptionIsodosePercent must be in (0, 100] %, got ${String(n.prescriptionIsodosePercent)}`);
  }
  if (!(Number.isFinite(n.maxDiameterMm) && n.maxDiameterMm >= 0)) throw new InputError('bad-diameter', `${n.name}: maxDiameterMm must be a finite length ≥ 0 mm, got ${String(n.maxDiameterMm)}`);
}

function pct(p: number): string {
  return `${(100 * p).toFixed(1)} %`;
}
