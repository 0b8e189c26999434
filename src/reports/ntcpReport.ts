import { InputError } from '../errors/InputError';
import type { NtcpFit, NtcpModelKind, NtcpUncertainty } from '../ntcp/NtcpModel';
import { ntcpModelRegistry, type NtcpDoseBasis, type NtcpModelRegistry, type PneumonitisContext } from '../ntcp/ntcpModelRegistry';
import { requireNtcpDose } from '../ntcp/lkbNtcp';
import type { ParameterStatus } from '../radiobiology/BedModel';

/** Arguments of `sbrt-helper ntcp`. */
export interface NtcpReportRequest {
  /** Mean lung dose in EQD2 (α/β 3 Gy, voxelwise), total lung minus GTV/ITV, Gy (finite, ≥ 0). */
  readonly mldEqd2Gy: number;
  /** Model ids to evaluate, in the order wanted. Default: every model shown by default (registry.shownIds). */
  readonly modelIds?: readonly string[];
  /** Risk factor ids present (Appelt 2014: former-smoker, current-smoker, age-over-63, pulmonary-comorbidity, sequential-chemotherapy, mid-lower-lobe-tumour). */
  readonly riskFactors?: readonly string[];
}

/** A model parameter as used, with where its value comes from. */
export interface NtcpReportParameter {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly status: ParameterStatus;
  readonly source: string;
}

/** One model's line of the report. Probabilities are in [0, 1]. */
export interface NtcpReportModel {
  readonly id: string;
  /** Complication probability in [0, 1]. */
  readonly ntcp: number;
  readonly mldEqd2Gy: number;
  readonly label: string;
  readonly kind: NtcpModelKind;
  /** TD50 of the probit/LKB forms, Gy (absent for logistic forms). */
  readonly td50Gy?: number;
  /** D50 of the logistic forms (after risk factors for Appelt; derived −b0/b1 for QUANTEC), Gy. */
  readonly d50Gy?: number;
  /** Probit slope m (probit/LKB forms). */
  readonly m?: number;
  /** LKB volume parameter n (LKB forms). */
  readonly n?: number;
  /** Normalised slope at 50 % (logistic forms: the model's γ50; probit/LKB: derived 1/(m·√(2π))). */
  readonly gamma50: number;
  /** Product of the risk-factor odds ratios applied (Appelt). */
  readonly oddsRatio?: number;
  readonly riskFactorsApplied: readonly string[];
  readonly endpoint: string;
  readonly source: string;
  /** Evidence status of the parameter set as a whole. */
  readonly status: ParameterStatus;
  readonly fittedOn: NtcpFit;
  readonly alphaBetaGy: number;
  /** NTCP over a published parameter interval (e.g. the TD50 CI), when one exists; otherwise absent. */
  readonly uncertainty?: NtcpUncertainty;
  readonly uncertaintyNote: string;
  readonly parameters: Readonly<Record<string, NtcpReportParameter>>;
  readonly caveats: readonly string[];
}

/** Result of `sbrt-helper ntcp`: every model side by side, never one number as if certain. */
export interface NtcpReport {
  readonly models: readonly NtcpReportModel[];
  readonly mldEqd2Gy: number;
  /** Lowest and highest NTCP over the models evaluated, and which models gave them. */
  readonly spread: { readonly min: number; readonly max: number; readonly minModelId: string; readonly maxModelId: string };
  readonly riskFactors: readonly string[];
  /** The model used where one number must drive a decision, and why (registry.referenceModelId). */
  readonly referenceModelId: string;
  readonly referenceModelRationale: string;
  readonly doseBasis: NtcpDoseBasis;
  /** Observed rates and findings to read the predictions against. */
  readonly context: PneumonitisContext;
  readonly caveats: readonly string[];
}

/**
 * Pneumonitis NTCP of an EQD2 mean lung dose under every selected model, with their spread and the clinical
 * context: the core of `sbrt-helper ntcp`. Model and report caveats are listed, never hidden.
 * Throws InputError: 'bad-dose' (MLD not finite or < 0), 'unknown-model', 'no-models' (empty modelIds),
 * 'unknown-risk-factor' (an id no model defines), 'conflicting-risk-factors' (former and current smoker),
 * 'risk-factors-exceed-model'.
 * @see docs/ntcp.md
 */
export function ntcpReport(request: NtcpReportRequest, registry: NtcpModelRegistry = ntcpModelRegistry): NtcpReport {
  const mldEqd2Gy = requireNtcpDose(request.mldEqd2Gy, 'mldEqd2Gy');
  const modelIds = [...new Set(request.modelIds ?? registry.shownIds)];
  if (modelIds.length === 0) throw new InputError('no-models', 'no NTCP model selected');
  const riskFactors = [...new Set(request.riskFactors ?? [])];
  const knownFactors = registry.riskFactors.map((f) => f.id);
  for (const id of riskFactors) {
    if (!knownFactors.includes(id)) throw new InputError('unknown-risk-factor', `unknown risk factor '${id}' (known: ${knownFactors.join(', ')})`);
  }
  const models = modelIds.map((id) => registry.get(id));
  const lines: NtcpReportModel[] = models.map((model) => {
    const modelFactors = riskFactors.filter((id) => model.riskFactors.some((f) => f.id === id));
    const result = model.compute({ mldEqd2Gy }, { riskFactors: model.riskFactors.length > 0 ? modelFactors : riskFactors });
    const parameters: Record<string, NtcpReportParameter> = {};
    for (const p of model.parameters) {
      parameters[p.id] = { label: p.label, value: result.parameters[p.id], unit: p.unit, status: p.status, source: p.source };
    }
    const probit = model.kind === 'lkb' || model.kind === 'probit';
    const caveats = [...result.caveats];
    const ignored = riskFactors.filter((id) => !modelFactors.includes(id));
    if (model.riskFactors.length > 0 && ignored.length > 0) caveats.push(`risk factors (${ignored.join(', ')}) are not part of this model and were not applied`);
    return {
      id: model.id,
      ntcp: result.ntcp,
      mldEqd2Gy: result.mldEqd2Gy,
      label: model.label,
      kind: model.kind,
      ...(probit ? { td50Gy: result.d50Gy } : { d50Gy: result.d50Gy }),
      ...(result.m !== undefined ? { m: result.m } : {}),
      ...(result.n !== undefined ? { n: result.n } : {}),
      gamma50: result.gamma50,
      ...(result.oddsRatio !== undefined ? { oddsRatio: result.oddsRatio } : {}),
      riskFactorsApplied: result.riskFactorsApplied,
      endpoint: model.endpoint,
      source: model.source,
      status: model.status,
      fittedOn: model.fittedOn,
      alphaBetaGy: model.alphaBeta.alphaBetaGy,
      ...(result.uncertainty !== undefined ? { uncertainty: result.uncertainty } : {}),
      uncertaintyNote: model.uncertaintyNote,
      parameters,
      caveats,
    };
  });

  let minLine = lines[0];
  let maxLine = lines[0];
  for (const line of lines) {
    if (line.ntcp < minLine.ntcp) minLine = line;
    if (line.ntcp > maxLine.ntcp) maxLine = line;
  }
  const caveats = registry.caveats.map((c) => `${c.text} (${c.source})`);
  if (lines.length === 1) caveats.push('only one model was evaluated: its value hides the spread between models');
  if (riskFactors.length > 0 && !models.some((m) => m.riskFactors.length > 0)) {
    caveats.push(`risk factors (${riskFactors.join(', ')}) were given but no selected model takes them`);
  }
  return {
    models: lines,
    mldEqd2Gy,
    spread: { min: minLine.ntcp, max: maxLine.ntcp, minModelId: minLine.id, maxModelId: maxLine.id },
    riskFactors,
    referenceModelId: registry.referenceModelId,
    referenceModelRationale: registry.referenceModelRationale,
    doseBasis: registry.doseBasis,
    context: registry.context,
    caveats,
  };
}
