import type { StructureRole } from '../model/StructureRole';
import type { ParameterStatus } from '../radiobiology/BedModel';

/**
 * What a constraint row measures on an organ's DVH:
 * - `Dmax`: point maximum, read as the dose to the hottest `table.pointDoseVolumeCc` (0.035 cc by default,
 *   the Timmerman-table convention; 0 = the sample maximum), Gy;
 * - `DxCc`: minimum dose of the hottest `volumeCc` cc, Gy (TG-101 "x cc above threshold" ⇔ Dx cc ≤ threshold);
 * - `VxGyCc`: volume receiving ≥ `doseGy`, cc;
 * - `VxGyPercent`: the same in % of the organ volume;
 * - `Dmean`: mean dose, Gy;
 * - `criticalVolume`: volume that stays below `doseGy` (organ volume − V(≥ doseGy)), cc; the limit is the
 *   minimum critical volume to spare (TG-101 parallel organs).
 */
export type ConstraintMetric =
  | { readonly kind: 'Dmax' }
  | { readonly kind: 'Dmean' }
  | { readonly kind: 'DxCc'; readonly volumeCc: number }
  | { readonly kind: 'VxGyCc'; readonly doseGy: number }
  | { readonly kind: 'VxGyPercent'; readonly doseGy: number }
  | { readonly kind: 'criticalVolume'; readonly doseGy: number };

export type ConstraintMetricKind = ConstraintMetric['kind'];
export const CONSTRAINT_METRIC_KINDS: readonly ConstraintMetricKind[] = ['Dmax', 'Dmean', 'DxCc', 'VxGyCc', 'VxGyPercent', 'criticalVolume'];

/** Comparison the value must satisfy against the limit: value < limit, value ≤ limit, ... */
export type ConstraintComparator = '<' | '<=' | '>' | '>=';

/** The limit field each metric kind takes (units in the names). */
export const LIMIT_FIELD_BY_KIND: { readonly [K in ConstraintMetricKind]: 'limitGy' | 'limitCc' | 'limitPercent' } = {
  Dmax: 'limitGy',
  Dmean: 'limitGy',
  DxCc: 'limitGy',
  VxGyCc: 'limitCc',
  VxGyPercent: 'limitPercent',
  criticalVolume: 'limitCc',
};

/** A group of rows from one source (e.g. AAPM TG-101). */
export interface ConstraintSet {
  readonly id: string;
  readonly label: string;
  readonly source: string;
  readonly status: ParameterStatus;
  readonly note?: string;
}

/** One organ limit for one fraction count. Exactly one of limitGy / limitCc / limitPercent, per the metric. */
export interface ConstraintRow {
  readonly id: string;
  readonly setId: string;
  /** Organ as named by the source, e.g. "Trachea & large bronchus". */
  readonly organ: string;
  /** Structure role the row applies to (a source organ covering two roles gets two rows). */
  readonly role: StructureRole;
  /** Number of fractions of the schedule the limit belongs to. */
  readonly fractions: number;
  readonly metric: ConstraintMetric;
  readonly comparator: ConstraintComparator;
  readonly limitGy?: number;
  readonly limitCc?: number;
  readonly limitPercent?: number;
  readonly endpoint?: string;
  readonly source: string;
  readonly status: ParameterStatus;
  readonly note?: string;
}

/** A constraint table (dose-models/constraints/*.json or a user's file of the same format). */
export interface ConstraintTable {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** Volume read as the "point" maximum for Dmax rows, cc (0.035 = Timmerman convention; 0 = sample maximum). */
  readonly pointDoseVolumeCc: number;
  readonly pointDoseVolumeSource: string;
  readonly sets: readonly ConstraintSet[];
  readonly rows: readonly ConstraintRow[];
}

/** The limit of a row in its unit (Gy, cc or %). */
export function constraintLimit(row: ConstraintRow): number {
  return row[LIMIT_FIELD_BY_KIND[row.metric.kind]] as number;
}

/** Unit of a metric's value and limit. */
export function constraintUnit(metric: ConstraintMetric): 'Gy' | 'cc' | '%' {
  const field = LIMIT_FIELD_BY_KIND[metric.kind];
  return field === 'limitGy' ? 'Gy' : field === 'limitCc' ? 'cc' : '%';
}

/** Short label of a metric: 'Dmax', 'D0.35cc', 'V30Gy[cc]', 'V20Gy[%]', 'Dmean', 'critical volume < 7Gy'. */
export function constraintMetricLabel(metric: ConstraintMetric): string {
  switch (metric.kind) {
    case 'Dmax':
    case 'Dmean':
      return metric.kind;
    case 'DxCc':
      return `D${metric.volumeCc}cc`;
    case 'VxGyCc':
      return `V${metric.doseGy}Gy[cc]`;
    case 'VxGyPercent':
      return `V${metric.doseGy}Gy[%]`;
    case 'criticalVolume':
      return `critical volume < ${metric.doseGy}Gy`;
  }
}
