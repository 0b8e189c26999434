import rtogJson from '../../dose-models/conformality/rtog-0813-0915.json';
import { InputError } from '../errors/InputError';

/** Metrics of a conformality table (keys of each row). */
export const CONFORMALITY_METRICS = ['r100', 'r50', 'd2cmPercent', 'lungV20Percent'] as const;
export type ConformalityMetric = (typeof CONFORMALITY_METRICS)[number];

/** Limits of one metric: value < none → no deviation; value < minor → minor; else major. */
export interface DeviationLimits {
  readonly none: number;
  readonly minor: number;
}

export interface ConformalityRow {
  readonly ptvVolumeCc: number;
  readonly r100: DeviationLimits;
  readonly r50: DeviationLimits;
  readonly d2cmPercent: DeviationLimits;
  readonly lungV20Percent: DeviationLimits;
}

/** Shape of dose-models/conformality/*.json (schema dose-models/schemas/conformality-table.schema.json). */
export interface ConformalityTable {
  readonly id: string;
  readonly label: string;
  readonly status: string;
  readonly source: string;
  readonly references: readonly string[];
  readonly notes: readonly string[];
  readonly metrics: Readonly<Record<ConformalityMetric, { readonly label: string; readonly unit: string }>>;
  /** Ascending PTV volume. */
  readonly rows: readonly ConformalityRow[];
}

/**
 * Checks conformality-table data beyond its schema: at least 2 rows, PTV volumes strictly ascending and
 * finite, every limit finite with 0 < none ≤ minor. Returns it frozen.
 * Throws InputError('bad-conformality-table') naming the row.
 */
export function createConformalityTable(data: ConformalityTable): ConformalityTable {
  if (!Array.isArray(data.rows) || data.rows.length < 2) throw new InputError('bad-conformality-table', `${data.id}: needs at least 2 rows`);
  for (let r = 0; r < data.rows.length; r++) {
    const row = data.rows[r];
    if (!(Number.isFinite(row.ptvVolumeCc) && row.ptvVolumeCc > 0)) throw new InputError('bad-conformality-table', `${data.id}: row ${r} PTV volume ${row.ptvVolumeCc} cc`);
    if (r > 0 && !(row.ptvVolumeCc > data.rows[r - 1].ptvVolumeCc)) {
      throw new InputError('bad-conformality-table', `${data.id}: PTV volumes not ascending at row ${r} (${row.ptvVolumeCc} cc)`);
    }
    for (const metric of CONFORMALITY_METRICS) {
      const limits = row[metric];
      if (!(limits && Number.isFinite(limits.none) && Number.isFinite(limits.minor) && limits.none > 0 && limits.none <= limits.minor)) {
        throw new InputError('bad-conformality-table', `${data.id}: row ${row.ptvVolumeCc} cc, ${metric} limits ${JSON.stringify(limits)}`);
      }
    }
  }
  return Object.freeze({ ...data, rows: Object.freeze([...data.rows]) });
}

/** RTOG 0813 / 0915 Table 1 (dose-models/conformality/rtog-0813-0915.json; physics.md §3.1). */
export const rtogConformalityTable: ConformalityTable = createConformalityTable(rtogJson as unknown as ConformalityTable);
