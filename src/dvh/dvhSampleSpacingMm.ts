import { InputError } from '../errors/InputError';
import type { GridGeometry } from '../geometry/Grid3';

export interface DvhSamplingOptions {
  /** Distance between dose samples in x, y and z, mm; overrides the adaptive rule below. */
  readonly sampleSpacingMm?: number;
  /** Number of samples the adaptive spacing aims at for small and medium structures. Default 5e5. */
  readonly targetSampleCount?: number;
  /**
   * Coarsest adaptive spacing as a fraction of the finest dose-grid spacing. Default 1 (one sample per dose
   * voxel for structures of ≳ 5e5 voxels, e.g. a 13.5 L body on a 3 mm grid).
   */
  readonly maxSpacingPerDoseVoxel?: number;
  /** Used in error messages only. */
  readonly structureName?: string;
}

export const DEFAULT_TARGET_SAMPLE_COUNT = 2e5;
export const DEFAULT_MAX_SPACING_PER_DOSE_VOXEL = 1;

/**
 * Sample spacing h (mm) computeDvh uses for a structure of `volumeCc` on a dose grid:
 * h = min(∛(volume / targetSampleCount), maxSpacingPerDoseVoxel × finest dose spacing).
 * Small and medium structures get about targetSampleCount samples, i.e. h far below the dose voxel size
 * (0.27 mm for a 10 cc target, 0.13 mm for 1 cc); only structures of more than targetSampleCount dose voxels
 * (≥ 13.5 L at 3 mm) are sampled at the dose-grid spacing, which is as fine as the dose is known: each
 * sample's volume is spread over its cell's dose range from the local gradient, so the histogram does not
 * staircase. The cost is therefore bounded by ≈ targetSampleCount samples per structure plus one per dose
 * voxel of the largest ones.
 * Throws InputError 'bad-option' for a non-positive or non-finite option.
 */
export function dvhSampleSpacingMm(volumeCc: number, doseGeometry: GridGeometry, options: DvhSamplingOptions = {}): number {
  const name = options.structureName ?? 'structure';
  if (options.sampleSpacingMm !== undefined) {
    if (!(options.sampleSpacingMm > 0) || !Number.isFinite(options.sampleSpacingMm)) {
      throw new InputError('bad-option', `${name}: sampleSpacingMm must be > 0, got ${options.sampleSpacingMm}`);
    }
    return options.sampleSpacingMm;
  }
  const target = options.targetSampleCount ?? DEFAULT_TARGET_SAMPLE_COUNT;
  if (!(target >= 1) || !Number.isFinite(target)) throw new InputError('bad-option', `${name}: targetSampleCount must be ≥ 1, got ${target}`);
  const perVoxel = options.maxSpacingPerDoseVoxel ?? DEFAULT_MAX_SPACING_PER_DOSE_VOXEL;
  if (!(perVoxel > 0) || !Number.isFinite(perVoxel)) throw new InputError('bad-option', `${name}: maxSpacingPerDoseVoxel must be > 0, got ${perVoxel}`);
  if (!(volumeCc > 0) || !Number.isFinite(volumeCc)) throw new InputError('zero-volume', `${name}: volume must be > 0 cc, got ${volumeCc}`);
  const [sx, sy, sz] = doseGeometry.spacingMm;
  const capMm = perVoxel * Math.min(sx, sy, sz);
  return Math.min(Math.cbrt((1000 * volumeCc) / target), capMm);
}
