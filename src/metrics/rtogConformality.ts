import { InputError } from '../errors/InputError';
import { CONFORMALITY_METRICS, rtogConformalityTable, type ConformalityMetric, type ConformalityTable, type DeviationLimits } from './conformalityTable';

/** Deviation levels of RTOG 0813/0915 Table 1: per protocol, minor, major (Note 2). */
export type DeviationLevel = 'none' | 'minor' | 'major';

/** Plan values to grade; lung V20 is optional (it needs the lung DVH, not the target's metrics). */
export interface ConformalityValues {
  /** R100% = PIV / PTV volume (= RTOG CI), ratio. */
  readonly r100: number;
  /** R50% = PIV50 / PTV volume, ratio. */
  readonly r50: number;
  /** D2cm in % of the prescription; null when undefined (no point ≥ 2 cm from the PTV in the grid): not graded. */
  readonly d2cmPercent: number | null;
  /** Lung V20Gy, % of the lung volume. */
  readonly lungV20Percent?: number;
}

/** Grade of one metric. */
export interface ConformalityGrade {
  readonly metric: ConformalityMetric;
  readonly value: number;
  /** Limits at the PTV volume (interpolated between rows). */
  readonly limits: DeviationLimits;
  readonly level: DeviationLevel;
}

export type RtogConformalityResult =
  | {
      readonly applicable: true;
      readonly tableId: string;
      readonly ptvVolumeCc: number;
      /** Rows used: equal when the volume is a listed row; `weight` is the share of the upper row. */
      readonly lowerRowCc: number;
      readonly upperRowCc: number;
      readonly weight: number;
      readonly grades: readonly ConformalityGrade[];
      /** Metrics without a value (lung V20 not given, D2cm null): not graded, so `overall` does not cover them. */
      readonly notGraded: readonly ConformalityMetric[];
      /** Worst level over the graded metrics. */
      readonly overall: DeviationLevel;
    }
  | {
      readonly applicable: false;
      readonly tableId: string;
      readonly ptvVolumeCc: number;
      readonly overall: 'not-applicable';
      readonly reason: string;
    };

/**
 * Grades R100%, R50%, D2cm (when not null) and lung V20 (when given) against RTOG 0813/0915 Table 1 (physics.md §3.1) for a PTV
 * volume: limits are linearly interpolated between the two rows around the volume (Note 1: required), each limit
 * is strict (value < none → 'none'; value < minor → 'minor'; otherwise 'major', Note 2), and `overall` is the
 * worst metric. Outside the table's range (1.8–163 cc) the table has no value and the result is 'not-applicable'
 * with a reason: limits are never extrapolated.
 * Throws InputError 'bad-volume' (NaN, ≤ 0) and 'bad-value' (a metric NaN/∞ or negative).
 * @see docs/plan-metrics.md
 */
export function rtogConformality(ptvVolumeCc: number, values: ConformalityValues, table: ConformalityTable = rtogConformalityTable): RtogConformalityResult {
  if (!(Number.isFinite(ptvVolumeCc) && ptvVolumeCc > 0)) throw new InputError('bad-volume', `PTV volume must be a finite cc value > 0, got ${ptvVolumeCc}`);
  for (const metric of CONFORMALITY_METRICS) {
    const value = values[metric];
    if ((value === undefined && metric === 'lungV20Percent') || (value === null && metric === 'd2cmPercent')) continue;
    if (!(Number.isFinite(value) && (value as number) >= 0)) throw new InputError('bad-value', `${metric} must be a finite value ≥ 0, got ${value}`);
  }
  const rows = table.rows;
  const first = rows[0].ptvVolumeCc;
  const last = rows[rows.length - 1].ptvVolumeCc;
  if (ptvVolumeCc < first || ptvVolumeCc > last) {
    return {
      applicable: false,
      tableId: table.id,
      ptvVolumeCc,
      overall: 'not-applicable',
      reason: `PTV ${ptvVolumeCc.toFixed(2)} cc is outside the table's ${first}–${last} cc; the protocol gives no limits there and they are not extrapolated`,
    };
  }
  let upper = 1;
  while (rows[upper].ptvVolumeCc < ptvVolumeCc) upper++;
  const lowerRow = ptvVolumeCc === rows[upper].ptvVolumeCc ? rows[upper] : rows[upper - 1];
  const upperRow = rows[upper];
  const weight = upperRow === lowerRow ? 0 : (ptvVolumeCc - lowerRow.ptvVolumeCc) / (upperRow.ptvVolumeCc - lowerRow.ptvVolumeCc);
  const grades: ConformalityGrade[] = [];
  const notGraded: ConformalityMetric[] = [];
  for (const metric of CONFORMALITY_METRICS) {
    const value = values[metric];
    if (value === undefined || value === null) {
      notGraded.push(metric);
      continue;
    }
    const limits = limitsAtVolume(ptvVolumeCc, metric, table);
    grades.push({ metric, value, limits, level: gradeValue(value, limits) });
  }
  const overall: DeviationLevel = grades.some((g) => g.level === 'major') ? 'major' : grades.some((g) => g.level === 'minor') ? 'minor' : 'none';
  return { applicable: true, tableId: table.id, ptvVolumeCc, lowerRowCc: lowerRow.ptvVolumeCc, upperRowCc: upperRow.ptvVolumeCc, weight, grades, notGraded, overall };
}

/**
 * Limits of one metric at a PTV volume interpolated as in rtogConformality, but clamped to the first / last row
 * outside the table's range: for planning goals only (grading never extrapolates, see rtogConformality).
 */
export function limitsAtVolume(ptvVolumeCc: number, metric: ConformalityMetric, table: ConformalityTable = rtogConformalityTable): DeviationLimits {
  const rows = table.rows;
  if (!(ptvVolumeCc > rows[0].ptvVolumeCc)) return rows[0][metric];
  if (ptvVolumeCc >= rows[rows.length - 1].ptvVolumeCc) return rows[rows.length - 1][metric];
  let upper = 1;
  while (rows[upper].ptvVolumeCc < ptvVolumeCc) upper++;
  const lo = rows[upper - 1];
  const hi = rows[upper];
  const w = (ptvVolumeCc - lo.ptvVolumeCc) / (hi.ptvVolumeCc - lo.ptvVolumeCc);
  return { none: lo[metric].none + w * (hi[metric].none - lo[metric].none), minor: lo[metric].minor + w * (hi[metric].minor - lo[metric].minor) };
}

/** Strict comparison of the protocol table ('<'). */
export function gradeValue(value: number, limits: DeviationLimits): DeviationLevel {
  if (value < limits.none) return 'none';
  if (value < limits.minor) return 'minor';
  return 'major';
}
