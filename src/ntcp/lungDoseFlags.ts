import flagsJson from '../../dose-models/ntcp/sbrt-lung-dose-flags.json';
import { InputError } from '../errors/InputError';
import { PARAMETER_STATUSES, type ParameterStatus } from '../radiobiology/BedModel';

/** Lung dose metrics the flags read (physical dose, total lung = both lungs minus GTV/ITV). */
export const LUNG_FLAG_METRICS = ['mldGy', 'v5Percent', 'v10Percent', 'v20Percent', 'contralateralMldGy', 'ptvVolumeCc'] as const;
export type LungFlagMetric = (typeof LUNG_FLAG_METRICS)[number];

export type LungFlagKind = 'protocol-limit' | 'protocol-deviation' | 'risk-association' | 'institutional-goal';

/** One flag of dose-models/ntcp/sbrt-lung-dose-flags.json. */
export interface LungDoseFlagDefinition {
  readonly id: string;
  readonly label: string;
  readonly metric: LungFlagMetric;
  /** The flag is raised when `metric comparator value` holds. */
  readonly flaggedWhen: { readonly comparator: '>' | '>='; readonly value: number };
  readonly kind: LungFlagKind;
  readonly source: string;
  readonly status: ParameterStatus;
  readonly note: string;
}

/** Physical lung dose metrics; any may be omitted (its flags are then 'not-evaluated', never 'clear'). */
export interface LungDoseMetrics {
  /** Mean dose of the total lung, physical Gy. */
  readonly mldGy?: number;
  /** Volume receiving ≥ 5 / 10 / 20 Gy, % of the total lung. */
  readonly v5Percent?: number;
  readonly v10Percent?: number;
  readonly v20Percent?: number;
  /** Mean dose of the lung without nodules, physical Gy (absent when both lungs are treated). */
  readonly contralateralMldGy?: number;
  /** PTV volume, cc. */
  readonly ptvVolumeCc?: number;
}

/** Outcome of one flag. */
export interface LungDoseFlag extends LungDoseFlagDefinition {
  /** Metric value used, or null when not given. */
  readonly value: number | null;
  /** 'flagged' when the condition holds, 'clear' when it does not, 'not-evaluated' without a value. */
  readonly state: 'flagged' | 'clear' | 'not-evaluated';
}

const KINDS: readonly LungFlagKind[] = ['protocol-limit', 'protocol-deviation', 'risk-association', 'institutional-goal'];

/**
 * Checks flag data: known metric, comparator, kind and status, finite threshold ≥ 0, unique ids.
 * Throws InputError('bad-flag-data') naming the flag.
 */
export function createLungDoseFlagTable(data: { readonly flags: readonly LungDoseFlagDefinition[] }): readonly LungDoseFlagDefinition[] {
  const ids = new Set<string>();
  for (const f of data.flags) {
    const bad = (what: string): never => {
      throw new InputError('bad-flag-data', `lung dose flag '${String(f.id)}': ${what}`);
    };
    if (ids.has(f.id)) bad('duplicate id');
    ids.add(f.id);
    if (!(LUNG_FLAG_METRICS as readonly string[]).includes(f.metric)) bad(`unknown metric '${String(f.metric)}'`);
    if (f.flaggedWhen.comparator !== '>' && f.flaggedWhen.comparator !== '>=') bad(`unknown comparator '${String(f.flaggedWhen.comparator)}'`);
    if (!(Number.isFinite(f.flaggedWhen.value) && f.flaggedWhen.value >= 0)) bad(`threshold ${String(f.flaggedWhen.value)} is not a finite value ≥ 0`);
    if (!KINDS.includes(f.kind)) bad(`unknown kind '${String(f.kind)}'`);
    if (!PARAMETER_STATUSES.includes(f.status)) bad(`unknown status '${String(f.status)}'`);
  }
  return Object.freeze([...data.flags]);
}

/** The bundled SBRT lung flags (physics.md §2.5). */
export const sbrtLungDoseFlags: readonly LungDoseFlagDefinition[] = createLungDoseFlagTable(
  flagsJson as unknown as { readonly flags: readonly LungDoseFlagDefinition[] },
);

/**
 * Evaluates the SBRT lung dose–volume flags on physical lung metrics. Every flag is returned, in table order,
 * with its state; a missing metric gives 'not-evaluated' (never 'clear'). Throws InputError('bad-metric')
 * for a given value that is not finite or negative, or a percentage above 100.
 * @see docs/ntcp.md §SBRT lung flags
 */
export function lungDoseFlags(metrics: LungDoseMetrics, flags: readonly LungDoseFlagDefinition[] = sbrtLungDoseFlags): LungDoseFlag[] {
  for (const key of LUNG_FLAG_METRICS) {
    const v = metrics[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (key.endsWith('Percent') && v > 100)) {
      throw new InputError('bad-metric', `${key} must be a finite value ≥ 0${key.endsWith('Percent') ? ' and ≤ 100 %' : ''}, got ${String(v)}`);
    }
  }
  return flags.map((flag) => {
    const v = metrics[flag.metric];
    if (v === undefined) return { ...flag, value: null, state: 'not-evaluated' as const };
    const { comparator, value: threshold } = flag.flaggedWhen;
    const raised = comparator === '>=' ? v >= threshold : v > threshold;
    return { ...flag, value: v, state: raised ? ('flagged' as const) : ('clear' as const) };
  });
}
