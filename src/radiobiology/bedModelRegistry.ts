import modelsJson from '../../dose-models/radiobiology/models.json';
import { InputError } from '../errors/InputError';
import {
  BED_MODEL_IDS,
  PARAMETER_STATUSES,
  type BedModel,
  type BedModelId,
  type BedResult,
  type BedResultById,
  type DerivedQuantityDescriptor,
  type LqApplicability,
  type ParameterDescriptor,
} from './BedModel';
import { validateFractionation, type Fractionation } from './Fractionation';
import { lqBedGy } from './lqBed';
import { lqlBedGy, lqlBedPerFractionGy } from './lqlBed';
import { overallTimeCorrectionGy, overallTimeDays } from './overallTimeCorrection';
import { uscBed } from './uscBed';

/** Shape of dose-models/radiobiology/models.json (schema: dose-models/schemas/radiobiology-models.schema.json). */
export interface RadiobiologyModelsData {
  readonly lqApplicability: LqApplicability;
  readonly models: readonly {
    readonly id: BedModelId;
    readonly label: string;
    readonly description: string;
    readonly highDosePerFraction: boolean;
    readonly highDosePerFractionLabel: string;
    readonly references: readonly string[];
    readonly parameters: readonly ParameterDescriptor[];
    readonly derivedQuantities: readonly DerivedQuantityDescriptor[];
  }[];
}

/** Lookup of models by id. */
export interface BedModelRegistry {
  readonly ids: readonly BedModelId[];
  readonly lqApplicability: LqApplicability;
  has(id: string): id is BedModelId;
  /** The model with this id; throws InputError('unknown-model') for any other string. */
  get<Id extends BedModelId>(id: Id): BedModel<Id>;
  get(id: string): BedModel;
  list(): readonly BedModel[];
}

type Params = Readonly<Record<string, number>>;
type CoreResult<Id extends BedModelId> = Omit<BedResultById[Id], 'modelId' | 'fractionation' | 'physicalDosePerFractionGy' | 'parameters' | 'caveats'>;

/** The model mathematics, keyed by id; parameter descriptors and defaults come from the data file. */
const IMPLEMENTATIONS: { readonly [Id in BedModelId]: (f: Fractionation, d: number, p: Params) => CoreResult<Id> } = {
  lq: (f, _d, p) => {
    const bedGy = lqBedGy(f, p.alphaBetaGy);
    return { alphaBetaGy: p.alphaBetaGy, bedGy, eqd2Gy: bedGy / (1 + 2 / p.alphaBetaGy) };
  },
  'lq-time': (f, _d, p) => {
    const bedWithoutTimeGy = lqBedGy(f, p.alphaBetaGy);
    const time = overallTimeDays(f);
    const timeCorrectionGy = overallTimeCorrectionGy(time.days, {
      alphaPerGy: p.alphaPerGy,
      kickoffTimeDays: p.kickoffTimeDays,
      potentialDoublingTimeDays: p.potentialDoublingTimeDays,
    });
    // A correction larger than the BED is reported as a negative BED rather than clamped (never hide it).
    const bedGy = bedWithoutTimeGy - timeCorrectionGy;
    return {
      alphaBetaGy: p.alphaBetaGy,
      bedGy,
      // The 2 Gy reference schedule is not itself time-corrected.
      eqd2Gy: bedGy / (1 + 2 / p.alphaBetaGy),
      bedWithoutTimeGy,
      timeCorrectionGy,
      overallTimeDays: time.days,
      overallTimeSource: time.source,
    };
  },
  'lq-l': (f, d, p) => {
    const bedGy = lqlBedGy(f, p.alphaBetaGy, p.transitionDoseGy);
    return {
      alphaBetaGy: p.alphaBetaGy,
      bedGy,
      eqd2Gy: bedGy / (lqlBedPerFractionGy(2, p.alphaBetaGy, p.transitionDoseGy) / 2),
      transitionDoseGy: p.transitionDoseGy,
      aboveTransition: d > p.transitionDoseGy,
    };
  },
  usc: (f, _d, p) => {
    const usc = uscBed(f, { alphaPerGy: p.alphaPerGy, d0Gy: p.d0Gy, dqGy: p.dqGy });
    return {
      alphaBetaGy: usc.alphaBetaGy,
      bedGy: usc.bedGy,
      eqd2Gy: usc.sedGy,
      sedGy: usc.sedGy,
      sfedGy: usc.sfedGy,
      transitionDoseGy: usc.transitionDoseGy,
      betaPerGy2: usc.betaPerGy2,
      aboveTransition: usc.aboveTransition,
    };
  },
};

/**
 * Builds a registry from model data (normally the bundled models.json). Throws InputError('bad-model-data')
 * when the data and the implementations disagree (missing/unknown ids, bad status, default outside [min, max]).
 */
export function createBedModelRegistry(data: RadiobiologyModelsData): BedModelRegistry {
  const models = new Map<BedModelId, BedModel>();
  for (const entry of data.models) {
    checkModelData(entry);
    if (models.has(entry.id)) throw new InputError('bad-model-data', `model id '${entry.id}' appears twice`);
    models.set(entry.id, makeModel(entry, data.lqApplicability));
  }
  for (const id of BED_MODEL_IDS) {
    if (!models.has(id)) throw new InputError('bad-model-data', `model data has no entry for implemented model '${id}'`);
  }
  const ids = [...models.keys()];
  const has = (id: string): id is BedModelId => models.has(id as BedModelId);
  function get(id: string): BedModel {
    const model = models.get(id as BedModelId);
    if (!model) throw new InputError('unknown-model', `unknown BED model id '${id}' (known: ${ids.join(', ')})`);
    return model;
  }
  return { ids, lqApplicability: data.lqApplicability, has, get: get as BedModelRegistry['get'], list: () => [...models.values()] };
}

function makeModel<Id extends BedModelId>(entry: RadiobiologyModelsData['models'][number] & { id: Id }, applicability: LqApplicability): BedModel<Id> {
  const implementation = IMPLEMENTATIONS[entry.id] as (f: Fractionation, d: number, p: Params) => CoreResult<Id>;
  const descriptors = entry.parameters;
  const isLq = entry.id === 'lq' || entry.id === 'lq-time';
  return {
    id: entry.id,
    label: entry.label,
    description: entry.description,
    highDosePerFraction: entry.highDosePerFraction,
    highDosePerFractionLabel: entry.highDosePerFractionLabel,
    references: entry.references,
    parameters: descriptors,
    derivedQuantities: entry.derivedQuantities,
    compute(fractionation: Fractionation, given: Params = {}): BedResultById[Id] {
      validateFractionation(fractionation);
      const { values, caveats } = resolveParameters(entry.id, descriptors, given);
      const d = fractionation.totalDoseGy / fractionation.fractions;
      if (isLq) caveats.unshift(...lqRangeCaveats(d, applicability));
      const core = implementation(fractionation, d, values);
      const common: Omit<BedResult, 'alphaBetaGy' | 'bedGy' | 'eqd2Gy'> = {
        modelId: entry.id,
        fractionation,
        physicalDosePerFractionGy: d,
        parameters: values,
        caveats,
      };
      return { ...common, ...core } as unknown as BedResultById[Id];
    },
  };
}

/** Fills defaults, checks ranges, and lists caveats for defaults that are not verified. */
function resolveParameters(modelId: BedModelId, descriptors: readonly ParameterDescriptor[], given: Params): { values: Params; caveats: string[] } {
  for (const key of Object.keys(given)) {
    if (!descriptors.some((p) => p.id === key)) {
      throw new InputError('unknown-parameter', `model '${modelId}' has no parameter '${key}' (known: ${descriptors.map((p) => p.id).join(', ')})`);
    }
  }
  const values: Record<string, number> = {};
  const caveats: string[] = [];
  for (const p of descriptors) {
    const supplied = given[p.id];
    const value = supplied ?? p.default;
    if (!Number.isFinite(value) || value < p.min || value > p.max) {
      throw new InputError('bad-parameter', `model '${modelId}' parameter ${p.id} = ${String(value)} ${p.unit} is outside [${p.min}, ${p.max}]`);
    }
    values[p.id] = value;
    if (supplied === undefined && (p.status === 'unverified' || p.status === 'secondary')) {
      const tag = p.status === 'unverified' ? 'UNVERIFIED' : 'a secondary value';
      caveats.push(`${p.label} = ${p.default} ${p.unit} (default) is ${tag}: ${p.source}`);
    }
  }
  return { values, caveats };
}

function lqRangeCaveats(dosePerFractionGy: number, a: LqApplicability): string[] {
  const d = dosePerFractionGy;
  if (d > a.reasonableUpToDosePerFractionGy) {
    return [`d = ${round2(d)} Gy per fraction is above ~${a.reasonableUpToDosePerFractionGy} Gy, the upper limit where LQ is considered reasonable (${a.source}); compare with a high-dose-per-fraction model (lq-l, usc)`];
  }
  if (d > a.validatedUpToDosePerFractionGy) {
    return [`d = ${round2(d)} Gy per fraction is above ~${a.validatedUpToDosePerFractionGy} Gy, where LQ is reasonably well validated; reasonable up to ~${a.reasonableUpToDosePerFractionGy} Gy (${a.source})`];
  }
  return [];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function checkModelData(entry: RadiobiologyModelsData['models'][number]): void {
  if (!(BED_MODEL_IDS as readonly string[]).includes(entry.id)) {
    throw new InputError('bad-model-data', `model data lists '${String(entry.id)}', which has no implementation`);
  }
  for (const p of [...entry.parameters, ...entry.derivedQuantities]) {
    if (!PARAMETER_STATUSES.includes(p.status)) throw new InputError('bad-model-data', `model '${entry.id}' ${p.id}: unknown status '${String(p.status)}'`);
  }
  for (const p of entry.parameters) {
    if (!(p.min <= p.default && p.default <= p.max)) {
      throw new InputError('bad-model-data', `model '${entry.id}' ${p.id}: default ${p.default} outside [${p.min}, ${p.max}]`);
    }
  }
  const required: Record<BedModelId, readonly string[]> = {
    lq: ['alphaBetaGy'],
    'lq-time': ['alphaBetaGy', 'alphaPerGy', 'kickoffTimeDays', 'potentialDoublingTimeDays'],
    'lq-l': ['alphaBetaGy', 'transitionDoseGy'],
    usc: ['alphaPerGy', 'd0Gy', 'dqGy'],
  };
  const ids = entry.parameters.map((p) => p.id);
  for (const id of required[entry.id]) {
    if (!ids.includes(id)) throw new InputError('bad-model-data', `model '${entry.id}' data lacks parameter '${id}'`);
  }
}

/** The registry built from the bundled dose-models/radiobiology/models.json. */
export const bedModelRegistry: BedModelRegistry = createBedModelRegistry(modelsJson as unknown as RadiobiologyModelsData);

/** Shorthand: bedModelRegistry.get(id).compute(fractionation, parameters). */
export function computeBed<Id extends BedModelId>(id: Id, fractionation: Fractionation, parameters?: Params): BedResultById[Id] {
  return bedModelRegistry.get(id).compute(fractionation, parameters);
}
