import { InputError } from '../errors/InputError';
import type { BedModelId, BedResult, ParameterStatus } from '../radiobiology/BedModel';
import { bedModelRegistry, type BedModelRegistry } from '../radiobiology/bedModelRegistry';
import { requireAlphaBetaGy, requireFractionCount } from '../radiobiology/Fractionation';

/** Arguments of `sbrt-helper bed`. */
export interface BedReportRequest {
  /** Total physical dose, Gy (finite, > 0). */
  readonly totalDoseGy: number;
  /** Number of fractions (positive integer). */
  readonly fractions: number;
  /**
   * α/β, Gy. Default: the model's default (10 Gy, lung tumour BED10 convention, for lq, lq-time, lq-l).
   * Rejected for usc, whose α/β is derived from α, D0 and Dq (8.6 Gy with the Park 2008 NSCLC defaults).
   */
  readonly alphaBetaGy?: number;
  /** Registry model id: 'lq' (default), 'lq-l', 'usc', 'lq-time'. */
  readonly modelId?: string;
  /** Other model parameters by id, e.g. { transitionDoseGy: 8 } for lq-l or { alphaPerGy, d0Gy, dqGy } for usc. */
  readonly parameters?: Readonly<Record<string, number>>;
}

/** A model input as used, with where its value comes from. */
export interface BedReportParameter {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** 'given' when supplied by the caller, else the evidence status of the model default. */
  readonly status: ParameterStatus | 'given';
  readonly source: string;
}

/** A quantity the model derived from its parameters (USC: DT, β, α/β). */
export interface BedReportDerivedQuantity {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly formula: string;
  readonly status: ParameterStatus;
}

/**
 * Result of `sbrt-helper bed`, in the key order of its JSON output. The first six keys are common to every
 * model; the optional ones appear only for the models that define them.
 */
export interface BedReport {
  readonly model: BedModelId;
  readonly totalDoseGy: number;
  readonly fractions: number;
  /** α/β used, Gy (derived for usc). */
  readonly alphaBetaGy: number;
  /** Biologically effective dose under `model`, Gy. */
  readonly bedGy: number;
  /** Equivalent dose in 2 Gy fractions under `model`, Gy (usc: the SED). */
  readonly eqd2Gy: number;
  /** Physical dose per fraction, Gy. */
  readonly dosePerFractionGy: number;
  readonly modelLabel: string;
  readonly highDosePerFraction: boolean;
  readonly alphaBetaSource: 'given' | 'model-default' | 'derived';
  /** lq-l: dT (given or default); usc: derived DT. Gy per fraction. */
  readonly transitionDoseGy?: number;
  /** lq-l: d > dT; usc: d ≥ DT. */
  readonly aboveTransition?: boolean;
  /** usc: standard effective dose, Gy. */
  readonly sedGy?: number;
  /** usc: single-fraction equivalent dose, Gy. */
  readonly sfedGy?: number;
  /** usc: derived β, Gy⁻². */
  readonly betaPerGy2?: number;
  /** lq-time: LQ BED before the repopulation term, Gy. */
  readonly bedWithoutTimeGy?: number;
  /** lq-time: BED subtracted for repopulation, Gy. */
  readonly timeCorrectionGy?: number;
  /** lq-time: overall treatment time, days. */
  readonly overallTimeDays?: number;
  readonly overallTimeSource?: 'given' | 'weekday-rule';
  /** Every model parameter with its value and status. */
  readonly parameters: Readonly<Record<string, BedReportParameter>>;
  /** Derived quantities with their values (usc). */
  readonly derivedQuantities: Readonly<Record<string, BedReportDerivedQuantity>>;
  /** LQ range cautions and defaults that are secondary or unverified. */
  readonly caveats: readonly string[];
}

/** Model-specific result fields copied into the report when present. */
const MODEL_SPECIFIC_KEYS = ['transitionDoseGy', 'aboveTransition', 'sedGy', 'sfedGy', 'betaPerGy2', 'bedWithoutTimeGy', 'timeCorrectionGy', 'overallTimeDays', 'overallTimeSource'] as const;

/**
 * BED and EQD2 of one physical schedule under a registry model: the core of `sbrt-helper bed`.
 * Validates at the boundary: InputError('bad-dose') unless totalDoseGy is finite and > 0;
 * 'bad-fractions' unless fractions is a positive integer; 'bad-alpha-beta' for a non-finite or ≤ 0 α/β;
 * 'unknown-model' for an unknown model id; 'alpha-beta-not-free' when α/β is given for usc (or given twice);
 * the registry's 'bad-parameter' / 'unknown-parameter' for parameters outside their [min, max] or unknown.
 * @see docs/radiobiology.md for the formulas, docs/protocols.md §bed for this report
 */
export function bedReport(request: BedReportRequest, registry: BedModelRegistry = bedModelRegistry): BedReport {
  const { totalDoseGy, fractions, alphaBetaGy } = request;
  if (typeof totalDoseGy !== 'number' || !Number.isFinite(totalDoseGy) || totalDoseGy <= 0) {
    throw new InputError('bad-dose', `totalDoseGy must be a finite dose > 0 Gy, got ${String(totalDoseGy)}`);
  }
  requireFractionCount(fractions);
  const model = registry.get(request.modelId ?? 'lq');
  const given: Record<string, number> = { ...(request.parameters ?? {}) };
  const takesAlphaBeta = model.parameters.some((p) => p.id === 'alphaBetaGy');
  if (alphaBetaGy !== undefined) {
    requireAlphaBetaGy(alphaBetaGy);
    if (!takesAlphaBeta) {
      const derived = model.derivedQuantities.find((q) => q.id === 'alphaBetaGy');
      throw new InputError(
        'alpha-beta-not-free',
        `model '${model.id}' derives α/β from its parameters (${derived?.formula ?? 'not a parameter'}; ${derived?.source ?? ''}); omit alphaBetaGy or pass ${model.parameters.map((p) => p.id).join(', ')} instead`,
      );
    }
    if (given.alphaBetaGy !== undefined && given.alphaBetaGy !== alphaBetaGy) {
      throw new InputError('alpha-beta-not-free', `α/β given twice with different values: alphaBetaGy ${alphaBetaGy} and parameters.alphaBetaGy ${given.alphaBetaGy}`);
    }
    given.alphaBetaGy = alphaBetaGy;
  }
  const result = model.compute({ totalDoseGy, fractions }, given);

  const parameters: Record<string, BedReportParameter> = {};
  for (const p of model.parameters) {
    const supplied = given[p.id] !== undefined;
    parameters[p.id] = {
      label: p.label,
      value: result.parameters[p.id],
      unit: p.unit,
      status: supplied ? 'given' : p.status,
      source: supplied ? 'given by the user' : p.source,
    };
  }
  const derivedQuantities: Record<string, BedReportDerivedQuantity> = {};
  const resultFields = result as unknown as Readonly<Record<string, unknown>>;
  for (const q of model.derivedQuantities) {
    const value = resultFields[q.id];
    if (typeof value === 'number') derivedQuantities[q.id] = { label: q.label, value, unit: q.unit, formula: q.formula, status: q.status };
  }
  const specific: Record<string, unknown> = {};
  for (const key of MODEL_SPECIFIC_KEYS) if (resultFields[key] !== undefined) specific[key] = resultFields[key];

  const common: Pick<BedResult, 'alphaBetaGy' | 'bedGy' | 'eqd2Gy'> = result;
  return {
    model: model.id,
    totalDoseGy,
    fractions,
    alphaBetaGy: common.alphaBetaGy,
    bedGy: common.bedGy,
    eqd2Gy: common.eqd2Gy,
    dosePerFractionGy: result.physicalDosePerFractionGy,
    modelLabel: model.label,
    highDosePerFraction: model.highDosePerFraction,
    alphaBetaSource: !takesAlphaBeta ? 'derived' : given.alphaBetaGy !== undefined ? 'given' : 'model-default',
    ...specific,
    parameters,
    derivedQuantities,
    caveats: result.caveats,
  };
}
