import { InputError } from '../errors/InputError';
import { computeBed } from '../radiobiology/bedModelRegistry';
import type { DistanceOrigin, OrganGroup, ProtocolRules, ProtocolSchedule, ProtocolZone, ZoneRule } from './ProtocolRules';
import { validateProtocolInput, type ProtocolInput } from './ProtocolInput';
import { formatDistanceMm, formatNumber, scheduleLabel } from './formatProtocolText';
import { noduleWarnings, POLICY_SOURCE, type ProtocolWarning } from './protocolWarnings';
import { resolveOrganDistance, type DistanceOutcome } from './resolveOrganDistance';

/** α/β of the BED10 convention for tumour response, Gy (alpha-beta.json 'lung-tumour' default). */
export const BED10_ALPHA_BETA_GY = 10;

/** One zone rule as evaluated for a nodule. */
export interface ProtocolRuleEvaluation {
  readonly ruleId: string;
  readonly zone: Exclude<ProtocolZone, 'peripheral'>;
  readonly organ: OrganGroup;
  readonly organLabel: string;
  readonly priority: number;
  readonly scheduleId: string;
  readonly thresholdMm: number;
  /** The edge the rule file asks for. */
  readonly measuredFrom: DistanceOrigin;
  /** The edge actually used; null when the distance is unknown. */
  readonly basisUsed: DistanceOrigin | null;
  readonly fromStructureName: string;
  /** Nearest structure of the organ group (input), else the organ label. */
  readonly nearestStructureName: string;
  /** Distance as given, mm (null = unknown). */
  readonly distanceMm: number | null;
  /** Rounded to 0.1 mm: the value compared (≤ thresholdMm applies). */
  readonly comparedDistanceMm: number | null;
  readonly outcome: DistanceOutcome;
  /** True for 'within' and for 'unknown' (protective policy). */
  readonly applies: boolean;
  /** True for the rule that decided the zone. */
  readonly selected: boolean;
  /** Fallback or unknown-distance explanation; '' when none. */
  readonly note: string;
}

/** A schedule offered instead of the chosen one. */
export interface ProtocolAlternative {
  readonly scheduleId: string;
  readonly label: string;
  readonly totalDoseGy: number;
  readonly fractions: number;
  readonly dosePerFractionGy: number;
  readonly bed10Gy: number;
}

/** The schedule chosen for one nodule, with its reasons. */
export interface ProtocolChoice {
  readonly noduleName: string;
  /** Id of the chosen schedule (e.g. 'central-36gy-3fx'). */
  readonly protocolId: string;
  /** "36 Gy/3 fx". */
  readonly label: string;
  readonly zone: ProtocolZone;
  /** Total physical prescription dose, Gy. */
  readonly totalDoseGy: number;
  readonly fractions: number;
  /** Physical dose per fraction, Gy. */
  readonly dosePerFractionGy: number;
  /** LQ BED with α/β = 10 Gy of the nominal prescription, Gy. */
  readonly bed10Gy: number;
  /** LQ applicability caveats of bed10Gy (e.g. d above ~18 Gy). */
  readonly bed10Caveats: readonly string[];
  readonly alternatives: readonly ProtocolAlternative[];
  /** One or two sentences, e.g. "45 Gy/3 fx: PTV_PRIMARY touches CHEST WALL (0.0 mm ≤ 10 mm → chest-wall)". */
  readonly rationale: string;
  /** True when the zone rests on an unknown distance (protective policy). */
  readonly decidedByUnknownDistance: boolean;
  /** Every zone rule, in rule-file order. */
  readonly ruleTrace: readonly ProtocolRuleEvaluation[];
  /** Rule-file warnings for this nodule plus policy warnings (unknown distances, fallbacks). */
  readonly warnings: readonly ProtocolWarning[];
  readonly rulesId: string;
  readonly rulesVersion: string;
}

/**
 * Chooses the fractionation schedule of one nodule from organ distances and a rule set.
 *
 * Each zone rule applies when its organ distance, rounded to 0.1 mm, is ≤ thresholdMm, or when the
 * distance is unknown (protective policy: an unknown organ may be near). Among applying rules the lowest
 * priority number wins (default: bronchial tree 1, chest wall and mediastinum 2); within that priority a
 * rule with a known distance beats an unknown one, then the nearer organ gives the zone, then file order
 * (chest wall before mediastinum in the default file). No applying rule → the peripheral schedule.
 * Which edge distances are taken from, and the fallbacks, are in resolveOrganDistance.
 *
 * Throws InputError('bad-protocol-input') for an invalid input and InputError('bad-protocol-rules') when
 * a schedule id is missing (parseProtocolRules guarantees it is not).
 * @see docs/protocols.md
 */
export function selectProtocol(input: ProtocolInput, rules: ProtocolRules): ProtocolChoice {
  validateProtocolInput(input);
  const trace = rules.zoneRules.map((rule) => evaluateRule(input, rule));
  const applying = trace.filter((t) => t.applies);
  let selected: ProtocolRuleEvaluation | undefined;
  if (applying.length > 0) {
    const topPriority = Math.min(...applying.map((t) => t.priority));
    // Array.prototype.sort is stable: equal keys keep file order.
    selected = applying
      .filter((t) => t.priority === topPriority)
      .sort((a, b) => rank(a) - rank(b) || (a.comparedDistanceMm ?? 0) - (b.comparedDistanceMm ?? 0))[0];
  }
  const ruleTrace = trace.map((t) => (t === selected ? { ...t, selected: true } : t));
  const schedule = scheduleById(rules, selected ? selected.scheduleId : rules.peripheral.scheduleId);
  const zone: ProtocolZone = selected ? selected.zone : 'peripheral';
  const bed = computeBed('lq', { totalDoseGy: schedule.totalDoseGy, fractions: schedule.fractions }, { alphaBetaGy: BED10_ALPHA_BETA_GY });
  const alternatives = schedule.alternativeIds.map((id) => alternative(scheduleById(rules, id)));
  const rationale = selected ? zoneRationale(schedule, selected, ruleTrace) : peripheralRationale(schedule, ruleTrace, alternatives, rules);
  return {
    noduleName: input.noduleName,
    protocolId: schedule.id,
    label: scheduleLabel(schedule),
    zone,
    totalDoseGy: schedule.totalDoseGy,
    fractions: schedule.fractions,
    dosePerFractionGy: schedule.totalDoseGy / schedule.fractions,
    bed10Gy: bed.bedGy,
    bed10Caveats: bed.caveats,
    alternatives,
    rationale,
    decidedByUnknownDistance: selected?.outcome === 'unknown',
    ruleTrace,
    warnings: [...noduleWarnings(input, rules), ...policyWarnings(input.noduleName, ruleTrace)],
    rulesId: rules.id,
    rulesVersion: rules.version,
  };
}

function evaluateRule(input: ProtocolInput, rule: ZoneRule): ProtocolRuleEvaluation {
  const resolved = resolveOrganDistance(input, rule.organ, rule.organLabel, rule.thresholdMm, rule.measuredFrom);
  return {
    ruleId: rule.id,
    zone: rule.zone,
    organ: rule.organ,
    organLabel: rule.organLabel,
    priority: rule.priority,
    scheduleId: rule.scheduleId,
    thresholdMm: rule.thresholdMm,
    measuredFrom: rule.measuredFrom,
    basisUsed: resolved.basisUsed,
    fromStructureName: resolved.fromStructureName,
    nearestStructureName: input.nearestStructureNames?.[rule.organ] ?? rule.organLabel,
    distanceMm: resolved.distanceMm,
    comparedDistanceMm: resolved.comparedDistanceMm,
    outcome: resolved.outcome,
    applies: resolved.outcome !== 'beyond',
    selected: false,
    note: resolved.note,
  };
}

/** Known distances before unknown ones within a priority level. */
function rank(t: ProtocolRuleEvaluation): number {
  return t.outcome === 'within' ? 0 : 1;
}

function scheduleById(rules: ProtocolRules, id: string): ProtocolSchedule {
  const schedule = rules.schedules.find((s) => s.id === id);
  if (!schedule) throw new InputError('bad-protocol-rules', `rules '${rules.id}' have no schedule '${id}'`);
  return schedule;
}

function alternative(schedule: ProtocolSchedule): ProtocolAlternative {
  const { totalDoseGy, fractions } = schedule;
  return {
    scheduleId: schedule.id,
    label: scheduleLabel(schedule),
    totalDoseGy,
    fractions,
    dosePerFractionGy: totalDoseGy / fractions,
    bed10Gy: computeBed('lq', { totalDoseGy, fractions }, { alphaBetaGy: BED10_ALPHA_BETA_GY }).bedGy,
  };
}

/** "PTV_PRIMARY touches CHEST WALL (0.0 mm ≤ 10 mm → chest-wall)" for a known, applying rule. */
function withinClause(t: ProtocolRuleEvaluation): string {
  const d = formatDistanceMm(t.comparedDistanceMm as number);
  const relation = t.comparedDistanceMm === 0 ? `touches ${t.nearestStructureName}` : `is ${d} mm from ${t.nearestStructureName}`;
  const fallback = t.note ? `; ${t.note}` : '';
  return `${t.fromStructureName} ${relation} (${d} mm ≤ ${formatNumber(t.thresholdMm)} mm → ${t.zone}${fallback})`;
}

function unknownClause(t: ProtocolRuleEvaluation): string {
  return `${t.organLabel} distance unknown for ${t.fromStructureName} (${t.note}) — treated as within ${formatNumber(t.thresholdMm)} mm → ${t.zone} (protective policy for unknown distances)`;
}

function zoneRationale(schedule: ProtocolSchedule, selected: ProtocolRuleEvaluation, trace: readonly ProtocolRuleEvaluation[]): string {
  const main = `${scheduleLabel(schedule)}: ${selected.outcome === 'within' ? withinClause(selected) : unknownClause(selected)}`;
  const others = trace.filter((t) => t.applies && t !== selected && !t.selected);
  if (others.length === 0) return main;
  const also = others.map((t) => {
    const what = t.outcome === 'within'
      ? `${t.nearestStructureName} ${formatDistanceMm(t.comparedDistanceMm as number)} mm ≤ ${formatNumber(t.thresholdMm)} mm (${t.zone})`
      : `${t.organLabel} distance unknown (${t.zone})`;
    const why = t.priority !== selected.priority
      ? `the ${selected.ruleId} rule takes precedence`
      : t.outcome === 'unknown'
        ? selected.outcome === 'unknown' ? 'same priority, also unknown; listed later' : 'same priority; a known distance wins'
        : t.comparedDistanceMm === selected.comparedDistanceMm ? 'same priority and distance; listed later' : 'same priority, farther';
    return `${what} — ${why}`;
  });
  return `${main}. Also applies: ${also.join('; ')}.`;
}

function peripheralRationale(schedule: ProtocolSchedule, trace: readonly ProtocolRuleEvaluation[], alternatives: readonly ProtocolAlternative[], rules: ProtocolRules): string {
  let text = `${scheduleLabel(schedule)}: peripheral`;
  if (trace.length === 0) {
    text += ` — rules '${rules.id}' have no zone rules`;
  } else {
    let previousSubject = '';
    const clauses = trace.map((t) => {
      const subject = t.fromStructureName === previousSubject ? '' : `${t.fromStructureName} is `;
      previousSubject = t.fromStructureName;
      const note = t.note ? `; ${t.note}` : '';
      return `${subject}${formatDistanceMm(t.comparedDistanceMm as number)} mm from ${t.organLabel} (> ${formatNumber(t.thresholdMm)} mm${note})`;
    });
    text += ` — ${clauses.join(', ')}`;
  }
  if (alternatives.length > 0) text += `. Allowed alternative: ${alternatives.map((a) => a.label).join(', ')}`;
  return text;
}

function policyWarnings(noduleName: string, trace: readonly ProtocolRuleEvaluation[]): ProtocolWarning[] {
  const warnings: ProtocolWarning[] = [];
  const seenUnknownOrgans = new Set<OrganGroup>();
  for (const t of trace) {
    if (t.outcome === 'unknown' && !seenUnknownOrgans.has(t.organ)) {
      seenUnknownOrgans.add(t.organ);
      warnings.push({
        code: 'distance-unknown',
        severity: 'warning',
        noduleName,
        message: `${noduleName}: distance to the ${t.organLabel} unknown (${t.note}); treated as within ${formatNumber(t.thresholdMm)} mm (protective). Contour the ${t.organLabel} to confirm the zone`,
        source: POLICY_SOURCE,
      });
    } else if (t.outcome !== 'unknown' && t.note) {
      warnings.push({ code: 'distance-basis-fallback', severity: 'info', noduleName, message: `${noduleName}, ${t.ruleId} rule: ${t.note}`, source: POLICY_SOURCE });
    }
  }
  return warnings;
}
