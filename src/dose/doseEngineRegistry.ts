import type { ParameterDescriptor } from '../radiobiology/BedModel';
import { computeDose } from './computeDose';
import { computeDoseInfluence } from './computeDoseInfluence';
import { DOSE_ENGINE_PARAMETERS } from './DoseEngineOptions';

/** A dose engine, described so that the UI and CLI can list it and build its option form. */
export interface DoseEngine {
  readonly id: string;
  readonly label: string;
  /** One paragraph: method and known limits. */
  readonly description: string;
  readonly parameters: readonly ParameterDescriptor[];
  readonly computeDoseInfluence: typeof computeDoseInfluence;
  readonly computeDose: typeof computeDose;
}

export const RAY_TRACING_ENGINE: DoseEngine = {
  id: 'ray-tracing',
  label: 'Ray tracing (TMR × OCR × inverse square, radiological depth)',
  description:
    'CyberKnife-style ray tracing for fixed circular cones: dose = OF · TMR(d_eff) · OCR · (800/SAD)² · calibration, with the ' +
    'radiological depth traced exactly through the density grid. No lateral electron transport: target dose in lung is ' +
    'overestimated compared with Monte Carlo (docs/dose-engine.md).',
  parameters: DOSE_ENGINE_PARAMETERS,
  computeDoseInfluence,
  computeDose,
};

/** Dose engines by id (one today; a pencil-beam or Monte Carlo engine would register here). */
export const DOSE_ENGINES: ReadonlyMap<string, DoseEngine> = new Map([[RAY_TRACING_ENGINE.id, RAY_TRACING_ENGINE]]);
