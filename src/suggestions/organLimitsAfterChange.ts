import { compareToLimit, type ConstraintResult } from '../constraints/evaluateConstraints';
import type { ScenarioSchedules } from './scenarioRisk';
import type { OrganLimitAfterChange, SuggestionNodule } from './ScheduleSuggestion';

/** The limit number of a result row, whichever unit it has. */
export function constraintResultLimit(row: ConstraintResult): number {
  return (row.limitGy ?? row.limitCc ?? row.limitPercent) as number;
}

/**
 * What a schedule change does to failing organ limits, only as far as it follows exactly from rescaling:
 * a physical-basis dose metric (Dmax, Dx cc, Dmean) of a fraction-count group scales by s when every nodule of the
 * group is scaled by s (organ dose = Σ sᵢ·Dᵢ ≥ 0), and lies in [min s, max s] × value when the scales differ.
 * Volume metrics (need the organ DVH), EQD2-basis rows (non-linear) and groups that gain or lose a nodule (other
 * fraction-count column) are marked for re-evaluation, never guessed.
 */
export function organLimitsAfterChange(failing: readonly ConstraintResult[], nodules: readonly SuggestionNodule[], schedules: ScenarioSchedules): OrganLimitAfterChange[] {
  return failing.map((row) => {
    const limit = constraintResultLimit(row);
    const base = { rowId: row.rowId, organ: row.organ, metricLabel: row.metricLabel, fractions: row.fractions, basis: row.basis, unit: row.unit, limit, valueBefore: row.value };
    const unknown = (reason: string): OrganLimitAfterChange => ({ ...base, valueAfter: null, valueAfterRange: null, passAfter: null, exact: false, reason });
    const changed = nodules.filter((n, i) => schedules[i].totalDoseGy !== n.protocol.totalDoseGy || schedules[i].fractions !== n.protocol.fractions);
    if (changed.length === 0) return { ...base, valueAfter: row.value, valueAfterRange: null, passAfter: row.pass, exact: true, reason: 'no nodule changed' };
    if (row.basis === 'eqd2') return unknown('an EQD2-sum limit changes non-linearly with rescaled doses: re-evaluate the organ on the new EQD2 sum');
    const moved = nodules.filter((n, i) => (n.protocol.fractions === row.fractions) !== (schedules[i].fractions === row.fractions)).map((n) => n.name);
    if (moved.length > 0) {
      return unknown(`${moved.join(', ')} ${moved.length > 1 ? 'move' : 'moves'} into or out of the ${row.fractions}-fraction group: re-evaluate the organ against each fraction count's limits`);
    }
    const scales = nodules.flatMap((n, i) => (n.protocol.fractions === row.fractions ? [schedules[i].totalDoseGy / n.protocol.totalDoseGy] : []));
    if (scales.every((s) => s === 1)) return { ...base, valueAfter: row.value, valueAfterRange: null, passAfter: row.pass, exact: true, reason: `no nodule of the ${row.fractions}-fraction group changed` };
    const kind = row.metric.kind;
    if ((kind !== 'Dmax' && kind !== 'DxCc' && kind !== 'Dmean') || row.value === null) {
      return unknown(`${row.metricLabel} is a volume metric: it needs the organ's DVH of the rescaled dose; re-evaluate`);
    }
    const low = Math.min(...scales) * row.value;
    const high = Math.max(...scales) * row.value;
    if (low === high) {
      return { ...base, valueAfter: low, valueAfterRange: null, passAfter: compareToLimit(low, row.comparator, limit), exact: true, reason: `every nodule of the ${row.fractions}-fraction group is scaled by ${Math.min(...scales).toFixed(4)}: the dose metric scales by the same factor` };
    }
    const passLow = compareToLimit(low, row.comparator, limit);
    const passHigh = compareToLimit(high, row.comparator, limit);
    return {
      ...base,
      valueAfter: null,
      valueAfterRange: { low, high },
      passAfter: passLow === passHigh ? passLow : null,
      exact: false,
      reason: `nodules of the ${row.fractions}-fraction group are scaled differently (${Math.min(...scales).toFixed(4)}–${Math.max(...scales).toFixed(4)}): the new value lies in this range × the old value; re-evaluate for the exact value`,
    };
  });
}

