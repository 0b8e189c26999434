import type { DoseInfluence } from '../dose/DoseInfluence';
import { InputError } from '../errors/InputError';
import { DEFAULT_COVERAGE_PERCENT, type VoxelSet } from './BeamWeightProblem';
import { coverageScaleFactor, coveredPercent } from './targetCoverage';
import { validateVoxelSet } from './validateBeamWeightProblem';

export interface CoverageNormalizationInput {
  readonly influence: DoseInfluence;
  readonly target: VoxelSet;
  readonly prescriptionGyPerFraction: number;
  /** Default 95. */
  readonly coveragePercent?: number;
}

export interface MuFromWeightsResult {
  /** MU per fraction = muPerUnitWeight × weight. */
  readonly muPerBeam: Float64Array;
  readonly muPerUnitWeight: number;
  /** % of the PTV volume ≥ Rx (voxel-centre dose × partial-volume fraction), ≥ coveragePercent. */
  readonly v100Percent: number;
  /** 100 × Rx / PTV maximum. */
  readonly prescriptionIsodosePercent: number;
  /** PTV maximum, Gy per fraction. */
  readonly maxDoseGyPerFraction: number;
}

/**
 * Turns relative beam weights (any non-negative scale, e.g. weightsFromMu or a stored plan) into MU per fraction
 * by the coverage normalisation: MU = k·weight with the smallest k (plus COVERAGE_HEADROOM) that gives V100 ≥
 * coveragePercent (coverageScaleFactor). Only the PTV voxels of each beam are read (merge of the two ascending
 * index lists). Throws InputError 'bad-weight' (negative, non-finite, wrong length or all 0), 'bad-voxels',
 * 'bad-prescription', 'bad-coverage', 'target-not-covered' (the weights leave more than 100 − coverage % of the
 * PTV without dose).
 */
export function muFromWeights(relativeWeights: ArrayLike<number>, input: CoverageNormalizationInput): MuFromWeightsResult {
  const { influence, target } = input;
  const rx = input.prescriptionGyPerFraction;
  const coverage = input.coveragePercent ?? DEFAULT_COVERAGE_PERCENT;
  if (relativeWeights.length !== influence.beamCount) throw new InputError('bad-weight', `${relativeWeights.length} weights for ${influence.beamCount} beams`);
  let any = false;
  for (let b = 0; b < relativeWeights.length; b++) {
    const w = relativeWeights[b];
    if (!(w >= 0 && w < Infinity)) throw new InputError('bad-weight', `weight of beam ${b} must be finite and ≥ 0, got ${w}`);
    if (w > 0) any = true;
  }
  if (!any) throw new InputError('bad-weight', 'all beam weights are 0');
  if (!(Number.isFinite(rx) && rx > 0)) throw new InputError('bad-prescription', `prescriptionGyPerFraction must be a finite value > 0 Gy, got ${rx}`);
  if (!(coverage > 0 && coverage <= 100)) throw new InputError('bad-coverage', `coveragePercent must be in (0, 100], got ${coverage}`);
  validateVoxelSet(target, influence.voxelCount, 'target');

  const doseGy = targetDoseOfWeights(influence, target.voxels, relativeWeights);
  const k = coverageScaleFactor(doseGy, target.weights, rx, coverage);
  if (!Number.isFinite(k)) throw new InputError('target-not-covered', `these weights leave more than ${100 - coverage} % of the target without dose`);
  const muPerBeam = new Float64Array(relativeWeights.length);
  for (let b = 0; b < muPerBeam.length; b++) muPerBeam[b] = k * relativeWeights[b];
  let max = 0;
  for (let n = 0; n < doseGy.length; n++) {
    doseGy[n] *= k;
    if (target.weights[n] > 0) max = Math.max(max, doseGy[n]);
  }
  return { muPerBeam, muPerUnitWeight: k, v100Percent: coveredPercent(doseGy, target.weights, rx), prescriptionIsodosePercent: (100 * rx) / max, maxDoseGyPerFraction: max };
}

/** Relative weights: each beam's share of the total MU (sum 1; all 0 when the total is 0). */
export function weightsFromMu(muPerBeam: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let b = 0; b < muPerBeam.length; b++) {
    const mu = muPerBeam[b];
    if (!(mu >= 0 && mu < Infinity)) throw new InputError('bad-weight', `MU of beam ${b} must be finite and ≥ 0, got ${mu}`);
    total += mu;
  }
  const out = new Float64Array(muPerBeam.length);
  if (total > 0) for (let b = 0; b < out.length; b++) out[b] = muPerBeam[b] / total;
  return out;
}

/** Dose at the target voxels of Σ_b weight_b · influence_b, by merging each beam's ascending indices with the target's. */
function targetDoseOfWeights(influence: DoseInfluence, voxels: Uint32Array, weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(voxels.length);
  for (let b = 0; b < influence.beamCount; b++) {
    const w = weights[b];
    if (w === 0) continue;
    const index = influence.voxelIndex[b];
    const dose = influence.doseGyPerMu[b];
    let i = lowerBound(index, voxels[0] ?? 0);
    let j = 0;
    while (i < index.length && j < voxels.length) {
      const a = index[i];
      const t = voxels[j];
      if (a === t) {
        out[j] += w * dose[i];
        i++;
        j++;
      } else if (a < t) i++;
      else j++;
    }
  }
  return out;
}

function lowerBound(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
