import modelsJson from '../../dose-models/ntcp/pneumonitis-models.json';
import { InputError } from '../errors/InputError';
import { PARAMETER_STATUSES, type ParameterDescriptor, type ParameterStatus } from '../radiobiology/BedModel';
import { appeltModifiedParameters } from './appeltRiskModification';
import { geudGy } from './geudGy';
import { lkbNtcp, probitGamma50, requireNtcpDose } from './lkbNtcp';
import { logisticD50Ntcp, logisticNtcp } from './logisticNtcp';
import {
  NTCP_KIND_PARAMETERS,
  NTCP_MODEL_KINDS,
  type NtcpComputeOptions,
  type NtcpDoseInput,
  type NtcpModel,
  type NtcpModelDescription,
  type NtcpModelKind,
  type NtcpResult,
  type RiskFactorDescriptor,
} from './NtcpModel';

/** An observed complication rate shown next to model predictions (never used in a calculation). */
export interface ObservedRate {
  readonly id: string;
  readonly label: string;
  /** Rate in percent; a range when the source gives one. */
  readonly percent?: number;
  readonly percentRange?: { readonly low: number; readonly high: number };
  readonly endpoint: string;
  readonly population: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** Clinical context for NTCP reports: observed rates and qualitative findings. */
export interface PneumonitisContext {
  readonly observedRates: readonly ObservedRate[];
  readonly findings: readonly { readonly text: string; readonly source: string; readonly status: ParameterStatus }[];
}

/** What every NTCP report must say about its dose input and the models' applicability. */
export interface NtcpDoseBasis {
  readonly quantity: string;
  readonly alphaBetaGy: number;
  readonly lungDefinition: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** Shape of dose-models/ntcp/pneumonitis-models.json (schema: dose-models/schemas/ntcp-pneumonitis-models.schema.json). */
export interface PneumonitisModelsData {
  readonly description: string;
  readonly referenceModelId: string;
  readonly referenceModelRationale: string;
  readonly doseBasis: NtcpDoseBasis;
  readonly caveats: readonly { readonly text: string; readonly source: string; readonly status: ParameterStatus }[];
  readonly models: readonly NtcpModelDescription[];
  readonly context: PneumonitisContext;
}

/** Lookup of NTCP models by id. */
export interface NtcpModelRegistry {
  readonly ids: readonly string[];
  /** Models shown when a report names none (data flag shownByDefault). */
  readonly shownIds: readonly string[];
  /** A single model to use where one number must drive a decision (suggestion thresholds); see its rationale. */
  readonly referenceModelId: string;
  readonly referenceModelRationale: string;
  readonly doseBasis: NtcpDoseBasis;
  readonly caveats: PneumonitisModelsData['caveats'];
  readonly context: PneumonitisContext;
  /** Every risk factor any model takes (ids unique across models). */
  readonly riskFactors: readonly RiskFactorDescriptor[];
  has(id: string): boolean;
  /** The model with this id; throws InputError('unknown-model') otherwise. */
  get(id: string): NtcpModel;
  list(): readonly NtcpModel[];
}

type Params = Readonly<Record<string, number>>;

interface CurveValues {
  readonly ntcp: number;
  readonly d50Gy: number;
  readonly gamma50: number;
  readonly m?: number;
  readonly n?: number;
  readonly oddsRatio?: number;
}

/** One evaluation of a kind's formula at a dose metric value. */
type Curve = (doseGy: number, p: Params, logOddsRatio: number) => CurveValues;

const CURVES: { readonly [K in NtcpModelKind]: Curve } = {
  lkb: (d, p) => ({ ntcp: lkbNtcp(d, p.td50Gy, p.m), d50Gy: p.td50Gy, gamma50: probitGamma50(p.m), m: p.m, n: p.n }),
  probit: (d, p) => ({ ntcp: lkbNtcp(d, p.td50Gy, p.m), d50Gy: p.td50Gy, gamma50: probitGamma50(p.m), m: p.m }),
  logistic: (d, p) => {
    if (!(p.b1PerGy > 0) || !(p.b0 < 0)) throw new InputError('bad-parameter', `logistic needs b0 < 0 and b1 > 0 for a D50 > 0, got b0 = ${p.b0}, b1 = ${p.b1PerGy} Gy⁻¹`);
    return { ntcp: logisticNtcp(d, p.b0, p.b1PerGy), d50Gy: -p.b0 / p.b1PerGy, gamma50: -p.b0 / 4 };
  },
  'appelt-logistic': (d, p, logOr) => {
    const modified = appeltModifiedParameters(p.d50Gy, p.gamma50, Math.exp(logOr));
    return { ntcp: logisticD50Ntcp(d, p.d50Gy, p.gamma50, logOr), d50Gy: modified.d50Gy, gamma50: modified.gamma50, oddsRatio: Math.exp(logOr) };
  },
};

/**
 * Builds a registry from model data (normally the bundled pneumonitis-models.json). Throws
 * InputError('bad-model-data') naming the model when the data is inconsistent: unknown kind or status,
 * missing/unknown parameters for the kind, default outside [min, max], duplicate ids, an interval for an
 * unknown parameter, risk factors on a kind that does not take them, duplicate risk-factor ids, an unknown
 * reference model.
 */
export function createNtcpModelRegistry(data: PneumonitisModelsData): NtcpModelRegistry {
  const models = new Map<string, NtcpModel>();
  const riskFactors = new Map<string, RiskFactorDescriptor>();
  for (const entry of data.models) {
    checkModelData(entry);
    if (models.has(entry.id)) throw new InputError('bad-model-data', `NTCP model id '${entry.id}' appears twice`);
    for (const factor of entry.riskFactors) {
      if (riskFactors.has(factor.id)) throw new InputError('bad-model-data', `risk factor '${factor.id}' is defined by more than one model`);
      riskFactors.set(factor.id, factor);
    }
    models.set(entry.id, makeModel(entry));
  }
  if (!models.has(data.referenceModelId)) throw new InputError('bad-model-data', `reference model '${data.referenceModelId}' is not in the data`);
  for (const item of [data.doseBasis, ...data.caveats, ...data.context.observedRates, ...data.context.findings]) {
    if (!PARAMETER_STATUSES.includes(item.status)) throw new InputError('bad-model-data', `unknown status '${String(item.status)}' in the report context`);
  }
  const ids = [...models.keys()];
  return {
    ids,
    shownIds: ids.filter((id) => models.get(id)!.shownByDefault),
    referenceModelId: data.referenceModelId,
    referenceModelRationale: data.referenceModelRationale,
    doseBasis: data.doseBasis,
    caveats: data.caveats,
    context: data.context,
    riskFactors: [...riskFactors.values()],
    has: (id) => models.has(id),
    get(id) {
      const model = models.get(id);
      if (!model) throw new InputError('unknown-model', `unknown NTCP model id '${id}' (known: ${ids.join(', ')})`);
      return model;
    },
    list: () => [...models.values()],
  };
}

function makeModel(entry: NtcpModelDescription): NtcpModel {
  const curve = CURVES[entry.kind];
  return {
    ...entry,
    compute(dose: NtcpDoseInput, options: NtcpComputeOptions = {}): NtcpResult {
      const { values, given, caveats } = resolveParameters(entry, options.parameters ?? {});
      if (entry.alphaBeta.status === 'unverified') {
        caveats.push(`the α/β of the fit (${entry.alphaBeta.alphaBetaGy} Gy assumed) is UNVERIFIED: ${entry.alphaBeta.source}`);
      }
      const risk = resolveRiskFactors(entry, options.riskFactors ?? [], caveats);
      const metric = doseMetric(entry, dose, values);
      const core = curve(metric.doseGy, values, risk.logOddsRatio);
      let uncertainty: NtcpResult['uncertainty'];
      const interval = entry.uncertainty;
      if (interval !== undefined && !given.includes(interval.parameterId)) {
        const atLower = curve(metric.doseGy, { ...values, [interval.parameterId]: interval.lowerValue }, risk.logOddsRatio).ntcp;
        const atUpper = curve(metric.doseGy, { ...values, [interval.parameterId]: interval.upperValue }, risk.logOddsRatio).ntcp;
        uncertainty = { ...interval, ntcpLow: Math.min(atLower, atUpper), ntcpHigh: Math.max(atLower, atUpper) };
      } else if (interval !== undefined) {
        caveats.push(`${interval.parameterId} was given, so its published ${interval.kind} (${interval.lowerValue}–${interval.upperValue}) is not shown as an NTCP range`);
      }
      return {
        modelId: entry.id,
        kind: entry.kind,
        ntcp: core.ntcp,
        doseMetric: metric.kind,
        doseMetricEqd2Gy: metric.doseGy,
        mldEqd2Gy: metric.mldGy,
        d50Gy: core.d50Gy,
        gamma50: core.gamma50,
        ...(core.m !== undefined ? { m: core.m } : {}),
        ...(core.n !== undefined ? { n: core.n } : {}),
        ...(core.oddsRatio !== undefined ? { oddsRatio: core.oddsRatio } : {}),
        riskFactorsApplied: risk.applied,
        parameters: values,
        givenParameters: given,
        ...(uncertainty !== undefined ? { uncertainty } : {}),
        caveats,
      };
    },
  };
}

function doseMetric(entry: NtcpModelDescription, dose: NtcpDoseInput, p: Params): { kind: 'mld' | 'geud'; doseGy: number; mldGy: number } {
  if ('dvhEqd2' in dose) {
    const dvh = dose.dvhEqd2;
    const mldGy = geudGy(dvh, 1);
    if (entry.kind === 'lkb' && p.n !== 1) return { kind: 'geud', doseGy: geudGy(dvh, p.n), mldGy };
    return { kind: 'mld', doseGy: requireNtcpDose(mldGy, 'DVH mean dose'), mldGy };
  }
  const mldGy = requireNtcpDose(dose.mldEqd2Gy, 'mldEqd2Gy');
  if (entry.kind === 'lkb' && p.n !== 1) {
    throw new InputError('needs-dvh', `model '${entry.id}' with n = ${p.n} needs the lung EQD2 DVH (gEUD); the MLD alone determines it only for n = 1`);
  }
  return { kind: 'mld', doseGy: mldGy, mldGy };
}

function resolveParameters(entry: NtcpModelDescription, given: Params): { values: Params; given: string[]; caveats: string[] } {
  const descriptors = entry.parameters;
  for (const key of Object.keys(given)) {
    if (!descriptors.some((p) => p.id === key)) {
      throw new InputError('unknown-parameter', `NTCP model '${entry.id}' has no parameter '${key}' (known: ${descriptors.map((p) => p.id).join(', ')})`);
    }
  }
  const values: Record<string, number> = {};
  const supplied: string[] = [];
  const caveats: string[] = [];
  for (const p of descriptors) {
    const value = given[p.id] ?? p.default;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < p.min || value > p.max) {
      throw new InputError('bad-parameter', `NTCP model '${entry.id}' parameter ${p.id} = ${String(value)} ${p.unit} is outside [${p.min}, ${p.max}]`);
    }
    values[p.id] = value;
    if (given[p.id] !== undefined) supplied.push(p.id);
    else if (p.status === 'unverified' || p.status === 'secondary') {
      caveats.push(`${p.label} = ${p.default}${p.unit ? ` ${p.unit}` : ''} (default) is ${p.status === 'unverified' ? 'UNVERIFIED' : 'a secondary value'}: ${p.source}`);
    }
  }
  return { values, given: supplied, caveats };
}

function resolveRiskFactors(entry: NtcpModelDescription, ids: readonly string[], caveats: string[]): { logOddsRatio: number; applied: string[] } {
  if (entry.kind !== 'appelt-logistic') {
    if (ids.length > 0) caveats.push(`risk factors (${ids.join(', ')}) are not part of this model and were not applied`);
    return { logOddsRatio: 0, applied: [] };
  }
  const groups = new Map<string, string>();
  let logOddsRatio = 0;
  const applied: string[] = [];
  for (const id of new Set(ids)) {
    const factor = entry.riskFactors.find((f) => f.id === id);
    if (!factor) {
      throw new InputError('unknown-risk-factor', `model '${entry.id}' has no risk factor '${id}' (known: ${entry.riskFactors.map((f) => f.id).join(', ')})`);
    }
    if (factor.exclusiveGroup !== undefined) {
      const other = groups.get(factor.exclusiveGroup);
      if (other !== undefined) throw new InputError('conflicting-risk-factors', `'${other}' and '${id}' exclude each other (${factor.exclusiveGroup})`);
      groups.set(factor.exclusiveGroup, id);
    }
    logOddsRatio += Math.log(factor.oddsRatio);
    applied.push(id);
  }
  return { logOddsRatio, applied };
}

function checkModelData(entry: NtcpModelDescription): void {
  const fail = (message: string): never => {
    throw new InputError('bad-model-data', `NTCP model '${String(entry.id)}': ${message}`);
  };
  if (!(NTCP_MODEL_KINDS as readonly string[]).includes(entry.kind)) fail(`unknown kind '${String(entry.kind)}'`);
  const statuses: { what: string; status: ParameterStatus }[] = [
    { what: 'model', status: entry.status },
    { what: 'fittedOn', status: entry.fittedOn.status },
    { what: 'alphaBeta', status: entry.alphaBeta.status },
    ...entry.parameters.map((p) => ({ what: p.id, status: p.status })),
    ...entry.derivedQuantities.map((q) => ({ what: q.id, status: q.status })),
    ...entry.riskFactors.map((f) => ({ what: f.id, status: f.status })),
    ...(entry.uncertainty ? [{ what: 'uncertainty', status: entry.uncertainty.status }] : []),
  ];
  for (const s of statuses) if (!PARAMETER_STATUSES.includes(s.status)) fail(`${s.what}: unknown status '${String(s.status)}'`);
  const required = NTCP_KIND_PARAMETERS[entry.kind];
  const ids = entry.parameters.map((p) => p.id);
  for (const id of required) if (!ids.includes(id)) fail(`kind '${entry.kind}' needs parameter '${id}'`);
  for (const id of ids) if (!required.includes(id)) fail(`parameter '${id}' is not used by kind '${entry.kind}'`);
  for (const p of entry.parameters) checkDescriptor(p, fail);
  if (entry.uncertainty) {
    const u = entry.uncertainty;
    const p = entry.parameters.find((q) => q.id === u.parameterId);
    if (!p) fail(`uncertainty names unknown parameter '${u.parameterId}'`);
    else if (!(p.min <= u.lowerValue && u.lowerValue <= p.default && p.default <= u.upperValue && u.upperValue <= p.max)) {
      fail(`uncertainty ${u.lowerValue}–${u.upperValue} must bracket the default ${p.default} within [${p.min}, ${p.max}]`);
    }
  }
  if (entry.riskFactors.length > 0 && entry.kind !== 'appelt-logistic') fail(`kind '${entry.kind}' takes no risk factors`);
  for (const f of entry.riskFactors) if (!(Number.isFinite(f.oddsRatio) && f.oddsRatio > 0)) fail(`risk factor '${f.id}' odds ratio ${String(f.oddsRatio)} is not > 0`);
  if (!(Number.isFinite(entry.alphaBeta.alphaBetaGy) && entry.alphaBeta.alphaBetaGy > 0)) fail(`α/β ${String(entry.alphaBeta.alphaBetaGy)} is not > 0`);
}

function checkDescriptor(p: ParameterDescriptor, fail: (message: string) => never): void {
  if (![p.min, p.max, p.default].every(Number.isFinite) || !(p.min <= p.default && p.default <= p.max)) {
    fail(`parameter '${p.id}': default ${p.default} outside [${p.min}, ${p.max}]`);
  }
}

/** The registry built from the bundled dose-models/ntcp/pneumonitis-models.json. */
export const ntcpModelRegistry: NtcpModelRegistry = createNtcpModelRegistry(modelsJson as unknown as PneumonitisModelsData);
