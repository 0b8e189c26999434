import { InputError } from '../errors/InputError';
import type { ParameterDescriptor } from '../radiobiology/BedModel';
import { DEFAULT_OCR_CUTOFF } from './compileBeamModel';
import type { FanLatticeCache } from './fanLattice';
import { GENERIC_BEAM_MODEL } from './genericBeamModel';

/**
 * Experimental lateral density scaling (off by default): in low density the penumbra is widened about the field
 * edge by f = σ(ρ̄)/σ(1), σ(ρ)² = sourceSigma² + (electronSigma/ρ)², ρ̄ = mean density over the last
 * upstreamLengthMm before the point (clamped to 0.2…1). The OCR is read at R + (r − R)/f, which also lowers the
 * central dose of small cones in lung (loss of lateral electronic equilibrium). Approximate; see docs/dose-engine.md.
 */
export interface LateralDensityScaling {
  readonly upstreamLengthMm: number;
  readonly sourceSigmaMm: number;
  readonly electronSigmaMm: number;
}

export interface DoseEngineOptions {
  /** Spacing of the fine fan-line lattice at the SAD on which radiological depth is traced exactly, mm. Default 2.5. */
  readonly rayLatticeSpacingMm?: number;
  /** Axial step of the radiological-depth samples along each fan line, mm. Default 2. */
  readonly depthSampleSpacingMm?: number;
  /** Lateral cut-off of each beam's footprint, fraction of the on-axis OCR (0 keeps the whole OCR table). Default 0.01. */
  readonly ocrCutoff?: number;
  /** When given (one value per dose-grid voxel), only voxels with a non-zero value receive dose (e.g. BODY, or a sample). */
  readonly voxelMask?: Uint8Array;
  /** Experimental lateral density scaling; `true` uses DEFAULT_LATERAL_DENSITY_SCALING. Default off. */
  readonly lateralDensityScaling?: boolean | LateralDensityScaling;
  /**
   * Keeps traced rays between calls on the same case (createFanLatticeCache): pass the same cache to the influence for
   * optimisation and to the final computeDose so the second call walks almost no rays. Results are identical.
   */
  readonly latticeCache?: FanLatticeCache;
}

/** Defaults of the lateral scaling: 10 mm upstream; σ of the generic model (source 1.02 mm, electrons √(σ0² − σsrc²) ≈ 1.05 mm). */
export const DEFAULT_LATERAL_DENSITY_SCALING: LateralDensityScaling = {
  upstreamLengthMm: 10,
  sourceSigmaMm: GENERIC_BEAM_MODEL.sourceSigmaMm,
  electronSigmaMm: Math.sqrt(GENERIC_BEAM_MODEL.primarySigmaMm ** 2 - GENERIC_BEAM_MODEL.sourceSigmaMm ** 2),
};

/** Options with defaults filled in and checked. */
export interface ResolvedDoseEngineOptions {
  readonly rayLatticeSpacingMm: number;
  readonly depthSampleSpacingMm: number;
  readonly ocrCutoff: number;
  readonly voxelMask: Uint8Array | undefined;
  readonly lateralDensityScaling: LateralDensityScaling | undefined;
  readonly latticeCache: FanLatticeCache | undefined;
}

/** The engine's numeric parameters, described for generic UI forms. */
export const DOSE_ENGINE_PARAMETERS: readonly ParameterDescriptor[] = [
  { id: 'rayLatticeSpacingMm', label: 'Ray lattice spacing at 800 mm', unit: 'mm', min: 0.25, max: 10, default: 2.5, source: 'accuracy study in docs/dose-engine.md', status: 'derived' },
  { id: 'depthSampleSpacingMm', label: 'Radiological depth sample step', unit: 'mm', min: 0.1, max: 10, default: 2, source: 'docs/dose-engine.md', status: 'derived' },
  { id: 'ocrCutoff', label: 'Footprint cut-off (fraction of on-axis dose)', unit: '', min: 0, max: 0.2, default: DEFAULT_OCR_CUTOFF, source: 'docs/dose-engine.md (low-dose tail truncation)', status: 'unverified' },
];

/** Fills defaults and validates; throws InputError 'bad-option' naming the value. */
export function resolveDoseEngineOptions(options: DoseEngineOptions, doseVoxelCount: number): ResolvedDoseEngineOptions {
  const lattice = options.rayLatticeSpacingMm ?? DOSE_ENGINE_PARAMETERS[0].default;
  const step = options.depthSampleSpacingMm ?? DOSE_ENGINE_PARAMETERS[1].default;
  const cutoff = options.ocrCutoff ?? DEFAULT_OCR_CUTOFF;
  for (const p of DOSE_ENGINE_PARAMETERS) {
    const value = p.id === 'rayLatticeSpacingMm' ? lattice : p.id === 'depthSampleSpacingMm' ? step : cutoff;
    if (!(value >= p.min && value <= p.max)) throw new InputError('bad-option', `${p.id} must be in [${p.min}, ${p.max}] ${p.unit}, got ${value}`);
  }
  if (options.voxelMask !== undefined && options.voxelMask.length !== doseVoxelCount) {
    throw new InputError('bad-option', `voxelMask has ${options.voxelMask.length} values, the dose grid has ${doseVoxelCount}`);
  }
  let scaling: LateralDensityScaling | undefined;
  if (options.lateralDensityScaling === true) scaling = DEFAULT_LATERAL_DENSITY_SCALING;
  else if (options.lateralDensityScaling) {
    scaling = options.lateralDensityScaling;
    const { upstreamLengthMm, sourceSigmaMm, electronSigmaMm } = scaling;
    if (!(upstreamLengthMm > 0 && upstreamLengthMm <= 100) || !(sourceSigmaMm >= 0 && sourceSigmaMm < 20) || !(electronSigmaMm > 0 && electronSigmaMm < 20)) {
      throw new InputError('bad-option', `lateralDensityScaling needs 0 < upstreamLengthMm ≤ 100, 0 ≤ sourceSigmaMm < 20, 0 < electronSigmaMm < 20; got ${JSON.stringify(scaling)}`);
    }
  }
  return { rayLatticeSpacingMm: lattice, depthSampleSpacingMm: step, ocrCutoff: cutoff, voxelMask: options.voxelMask, lateralDensityScaling: scaling, latticeCache: options.latticeCache };
}
