import type { Dvh } from '../dvh/Dvh';
import type { DerivedQuantityDescriptor, ParameterDescriptor, ParameterStatus } from '../radiobiology/BedModel';

/** Mathematical forms the registry implements; each model in the data names one. */
export const NTCP_MODEL_KINDS = ['lkb', 'probit', 'logistic', 'appelt-logistic'] as const;
export type NtcpModelKind = (typeof NTCP_MODEL_KINDS)[number];

/** Parameter ids each kind needs (units in the ids: Gy, per Gy; m, n, gamma50 and b0 are dimensionless). */
export const NTCP_KIND_PARAMETERS: { readonly [K in NtcpModelKind]: readonly string[] } = {
  lkb: ['td50Gy', 'm', 'n'],
  probit: ['td50Gy', 'm'],
  logistic: ['b0', 'b1PerGy'],
  'appelt-logistic': ['d50Gy', 'gamma50'],
};

/** Fractionation the parameters were fitted on; NTCP of SBRT plans transfers these fits. */
export interface NtcpFit {
  readonly fractionation: 'conventional' | 'hypofractionated' | 'sbrt' | 'mixed';
  readonly description: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** α/β of the EQD2 conversion the model's dose metric assumes. */
export interface NtcpAlphaBeta {
  readonly alphaBetaGy: number;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** A published interval for one parameter (e.g. the 95 % CI of TD50). */
export interface NtcpParameterInterval {
  readonly parameterId: string;
  readonly lowerValue: number;
  readonly upperValue: number;
  /** e.g. "95 % confidence interval". */
  readonly kind: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** A binary clinical risk factor with its odds ratio (Appelt 2014). */
export interface RiskFactorDescriptor {
  /** Kebab-case id, e.g. 'age-over-63'. */
  readonly id: string;
  readonly label: string;
  readonly oddsRatio: number;
  /** Factors sharing a group are mutually exclusive (former vs current smoker). */
  readonly exclusiveGroup?: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** Everything the data file says about a model (dose-models/ntcp/pneumonitis-models.json). */
export interface NtcpModelDescription {
  /** Author-and-year id, e.g. 'lkb-seppenwoolde-2003'. */
  readonly id: string;
  readonly kind: NtcpModelKind;
  readonly label: string;
  readonly description: string;
  /** Shown in reports when no model ids are asked for. */
  readonly shownByDefault: boolean;
  /** Clinical endpoint, e.g. "symptomatic radiation pneumonitis (grade ≥ 2)". */
  readonly endpoint: string;
  readonly population: string;
  readonly fittedOn: NtcpFit;
  readonly alphaBeta: NtcpAlphaBeta;
  /** Where the parameter set comes from (one line). */
  readonly source: string;
  /** Evidence status of the parameter set as a whole (each parameter also has its own). */
  readonly status: ParameterStatus;
  readonly references: readonly string[];
  readonly parameters: readonly ParameterDescriptor[];
  readonly derivedQuantities: readonly DerivedQuantityDescriptor[];
  readonly uncertainty?: NtcpParameterInterval;
  /** What is known about the uncertainty (also when none was published/retrieved). */
  readonly uncertaintyNote: string;
  /** Risk factors the model takes (appelt-logistic only). */
  readonly riskFactors: readonly RiskFactorDescriptor[];
  readonly notes: readonly string[];
}

/** Dose input: the EQD2 (α/β 3 Gy) mean lung dose, or the EQD2 DVH of the lung (needed for LKB with n ≠ 1). */
export type NtcpDoseInput = { readonly mldEqd2Gy: number } | { readonly dvhEqd2: Dvh };

export interface NtcpComputeOptions {
  /** Parameter values by id; missing ones take their defaults. */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Risk factor ids present (used by appelt-logistic; other kinds report them as not modelled). */
  readonly riskFactors?: readonly string[];
}

/** NTCP at the lower and upper end of a published parameter interval (other parameters unchanged). */
export interface NtcpUncertainty extends NtcpParameterInterval {
  /** Lower and upper NTCP over the interval, probabilities in [0, 1]. */
  readonly ntcpLow: number;
  readonly ntcpHigh: number;
}

/** Result of one model. */
export interface NtcpResult {
  readonly modelId: string;
  readonly kind: NtcpModelKind;
  /** Complication probability in [0, 1] (not percent). */
  readonly ntcp: number;
  /** Dose metric fed to the curve: 'mld' or 'geud' (LKB with n ≠ 1 and a DVH). */
  readonly doseMetric: 'mld' | 'geud';
  /** Value of that metric, EQD2 Gy. */
  readonly doseMetricEqd2Gy: number;
  /** Mean lung dose, EQD2 Gy (given, or the DVH mean). */
  readonly mldEqd2Gy: number;
  /** Dose at 50 % risk after any risk-factor modification, Gy (TD50 for lkb/probit, D50 for logistic forms). */
  readonly d50Gy: number;
  /** Normalised slope at D50 (derived 1/(m·√(2π)) for lkb/probit; −b0/4 for the b0/b1 form). */
  readonly gamma50: number;
  /** Probit slope parameter (lkb, probit). */
  readonly m?: number;
  /** LKB volume parameter (lkb). */
  readonly n?: number;
  /** Product of the odds ratios applied (appelt-logistic; 1 when none). */
  readonly oddsRatio?: number;
  /** Risk factor ids that changed the result. */
  readonly riskFactorsApplied: readonly string[];
  /** Parameter values used, by id. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Parameters supplied by the caller rather than taken from the data. */
  readonly givenParameters: readonly string[];
  readonly uncertainty?: NtcpUncertainty;
  /** Defaults that are secondary/unverified, ignored risk factors, other cautions. */
  readonly caveats: readonly string[];
}

/** A self-describing NTCP model. */
export interface NtcpModel extends NtcpModelDescription {
  /**
   * NTCP for the dose input. Throws InputError: 'bad-dose' (negative/non-finite MLD), 'unknown-parameter',
   * 'bad-parameter' (outside [min, max]), 'needs-dvh' (LKB with n ≠ 1 given only an MLD),
   * 'unknown-risk-factor', 'conflicting-risk-factors', 'risk-factors-exceed-model'.
   */
  compute(dose: NtcpDoseInput, options?: NtcpComputeOptions): NtcpResult;
}
