import { InputError } from '../errors/InputError';

/**
 * Voxels of one structure on a dose grid: flat indices (i + j·nx + k·nx·ny), strictly ascending, with the
 * partial-volume fraction (0..1) of each voxel inside the structure. Volume in cc = Σ weights × voxel volume.
 */
export interface VoxelSet {
  readonly voxels: Uint32Array;
  readonly weights: Float32Array;
}

/** MU figures of a plan (planSummary). */
export interface MuSummary {
  /** Σ MU per fraction. */
  readonly totalMuPerFraction: number;
  /** Beams with MU > activeThresholdMu. */
  readonly activeBeamCount: number;
  /** Beams with 0 < MU < minimumMuPerBeam (undeliverable; 0 after optimisation). */
  readonly beamsBelowMinimum: readonly number[];
  readonly maxMuPerBeam: number;
  /** Mean over active beams (0 when none). */
  readonly meanMuPerActiveBeam: number;
}

/**
 * Prescription isodose line IDL in % of the maximum (Rx = IDL × Dmax), CyberKnife style: 70–85, default 80
 * (clinical-context.md; the nodule centre receives Rx / IDL).
 */
export const DEFAULT_PRESCRIPTION_ISODOSE_PERCENT = 80;
export const MIN_PRESCRIPTION_ISODOSE_PERCENT = 70;
export const MAX_PRESCRIPTION_ISODOSE_PERCENT = 85;

/** Returns `percent` when it is a prescription isodose of 70–85 %; throws InputError 'bad-isodose' otherwise. */
export function requirePrescriptionIsodosePercent(percent: number): number {
  if (!(percent >= MIN_PRESCRIPTION_ISODOSE_PERCENT && percent <= MAX_PRESCRIPTION_ISODOSE_PERCENT)) {
    throw new InputError('bad-isodose', `prescription isodose must be ${MIN_PRESCRIPTION_ISODOSE_PERCENT}–${MAX_PRESCRIPTION_ISODOSE_PERCENT} % of the maximum, got ${percent}`);
  }
  return percent;
}
/** Share of the PTV volume that receives at least Rx after normalisation (V100), %. */
export const DEFAULT_COVERAGE_PERCENT = 95;
/** Smallest deliverable beam, MU per fraction. */
export const DEFAULT_MINIMUM_MU_PER_BEAM = 5;
