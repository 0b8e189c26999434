import type { Fractionation } from './Fractionation';

/** Ids of the isoeffect models in the registry. */
export const BED_MODEL_IDS = ['lq', 'lq-time', 'lq-l', 'usc'] as const;
export type BedModelId = (typeof BED_MODEL_IDS)[number];

/**
 * Evidence status of a number, copied from docs/radiobiology.md: verified = confirmed in a retrievable
 * public source; secondary = quoted by third-party code/notes; derived = computed from other values;
 * unverified = placeholder or illustrative choice, to be checked before clinical use.
 */
export type ParameterStatus = 'verified' | 'secondary' | 'derived' | 'unverified';
export const PARAMETER_STATUSES: readonly ParameterStatus[] = ['verified', 'secondary', 'derived', 'unverified'];

/** A model input, described so that a UI can build its form generically. */
export interface ParameterDescriptor {
  readonly id: string;
  readonly label: string;
  /** Unit as displayed (Gy, Gy⁻¹, d). */
  readonly unit: string;
  /** Accepted range (inclusive); compute() rejects values outside it. */
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** Where the default comes from. */
  readonly source: string;
  /** Evidence status of the default value. */
  readonly status: ParameterStatus;
}

/** A quantity the model computes from its parameters (shown, not entered). */
export interface DerivedQuantityDescriptor {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly formula: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** Dose-per-fraction range of plain LQ (Brenner 2008), used to attach caveats to LQ results. */
export interface LqApplicability {
  readonly validatedUpToDosePerFractionGy: number;
  readonly reasonableUpToDosePerFractionGy: number;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** Result common to every model. Physical and biological doses are never mixed in one name. */
export interface BedResult {
  readonly modelId: BedModelId;
  /** The physical schedule the result was computed for (as given). */
  readonly fractionation: Fractionation;
  /** Physical dose per fraction d = D/n, Gy. */
  readonly physicalDosePerFractionGy: number;
  /** α/β used, Gy (derived from α, D0, Dq for USC). */
  readonly alphaBetaGy: number;
  /** Biologically effective dose, Gy. */
  readonly bedGy: number;
  /** Equivalent total dose in 2 Gy fractions under the same model, Gy (USC: equal to sedGy). */
  readonly eqd2Gy: number;
  /** Parameter values used (given or default), by parameter id. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Human-readable cautions: LQ used beyond its validated range, defaults that are secondary or unverified. */
  readonly caveats: readonly string[];
}

/** LQ with overall-time term. */
export interface LqTimeBedResult extends BedResult {
  readonly modelId: 'lq-time';
  /** LQ BED before the repopulation correction, Gy. */
  readonly bedWithoutTimeGy: number;
  /** BED subtracted for repopulation, Gy (0 when T ≤ Tk). */
  readonly timeCorrectionGy: number;
  readonly overallTimeDays: number;
  /** 'given' = Fractionation.overallTimeDays, 'weekday-rule' = floor(n/5)·7 + mod(n,5). */
  readonly overallTimeSource: 'given' | 'weekday-rule';
}

/** LQ-L (Astrahan 2008). */
export interface LqlBedResult extends BedResult {
  readonly modelId: 'lq-l';
  /** dT used, Gy per fraction. */
  readonly transitionDoseGy: number;
  /** True when d > dT (linear branch). */
  readonly aboveTransition: boolean;
}

/** Universal survival curve (Park 2008). */
export interface UscBedResult extends BedResult {
  readonly modelId: 'usc';
  /** Standard effective dose (2 Gy-fraction equivalent of BED_USC), Gy. */
  readonly sedGy: number;
  /** Single-fraction equivalent dose, Gy. */
  readonly sfedGy: number;
  /** Derived DT, Gy per fraction. */
  readonly transitionDoseGy: number;
  /** Derived β, Gy⁻². */
  readonly betaPerGy2: number;
  /** True when d ≥ DT (terminal-line branch). */
  readonly aboveTransition: boolean;
}

/** Result type of each model id. */
export interface BedResultById {
  readonly lq: BedResult;
  readonly 'lq-time': LqTimeBedResult;
  readonly 'lq-l': LqlBedResult;
  readonly usc: UscBedResult;
}

/** A self-describing isoeffect model. */
export interface BedModel<Id extends BedModelId = BedModelId> {
  readonly id: Id;
  readonly label: string;
  readonly description: string;
  /** True for models built for high doses per fraction (LQ-L, USC). */
  readonly highDosePerFraction: boolean;
  readonly highDosePerFractionLabel: string;
  readonly references: readonly string[];
  readonly parameters: readonly ParameterDescriptor[];
  readonly derivedQuantities: readonly DerivedQuantityDescriptor[];
  /**
   * Computes the model for a physical schedule. Missing parameters take their defaults; unknown ids,
   * non-finite values and values outside [min, max] throw InputError('bad-parameter' | 'unknown-parameter').
   */
  compute(fractionation: Fractionation, parameters?: Readonly<Record<string, number>>): BedResultById[Id];
}
