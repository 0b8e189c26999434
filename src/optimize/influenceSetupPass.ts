import type { DoseInfluence } from '../dose/DoseInfluence';
import { InputError } from '../errors/InputError';
import type { VoxelSet } from './BeamWeightProblem';

/** Per-beam sums gathered in the optimiser's single setup pass over the influence, and the starting plan. */
export interface InfluenceSetup {
  /** Σ_{v ∈ PTV} w_v · a_vb, Gy/MU × voxels (a = dose per MU). */
  readonly targetDoseSum: Float64Array;
  /** Σ_{v ∈ PTV} w_v · a_vb², (Gy/MU)² × voxels. */
  readonly targetDoseSquareSum: Float64Array;
  /** Σ over the whole footprint of a_vb, Gy/MU × voxels (integral dose per MU in voxel units). */
  readonly footprintDoseSum: Float64Array;
  /** Per organ given: mean dose per MU of each beam, Σ_{v ∈ organ} w_v a_vb / Σ w_v, Gy/MU. */
  readonly organMeanDosePerMu: readonly Float64Array[];
  /** Starting MU: W_PTV / footprintDoseSum_b (every beam deposits the same integral dose), 0 if it misses the PTV. */
  readonly startMu: Float64Array;
  /** Dose of startMu on the grid, Gy. */
  readonly startDoseGy: Float32Array;
}

/**
 * One pass over the influence that checks every entry (ascending indices inside the grid, finite dose ≥ 0),
 * gathers the per-beam sums above and accumulates the starting dose. Each beam's arrays are read twice in a row
 * (sums, then dose with the MU those sums give), the second time from cache.
 * @param rowOfVoxel grid-sized scratch map, all −1 on entry; restored to −1 on exit
 * Throws InputError 'bad-influence' naming the beam and entry.
 */
export function influenceSetupPass(
  influence: DoseInfluence,
  target: VoxelSet,
  organs: readonly VoxelSet[],
  rowOfVoxel: Int32Array,
): InfluenceSetup {
  const { beamCount, voxelCount } = influence;
  // Compact rows over PTV ∪ organs; per row one weight per set (column 0 = PTV).
  const sets = [target, ...organs];
  const setCount = sets.length;
  let capacity = 0;
  for (const set of sets) capacity += set.voxels.length;
  const rowWeight = new Float64Array(capacity * setCount);
  const setWeightSum = new Float64Array(setCount);
  let rows = 0;
  for (let s = 0; s < setCount; s++) {
    const { voxels, weights } = sets[s];
    for (let n = 0; n < voxels.length; n++) {
      let row = rowOfVoxel[voxels[n]];
      if (row < 0) {
        row = rows++;
        rowOfVoxel[voxels[n]] = row;
      }
      rowWeight[row * setCount + s] = weights[n];
      setWeightSum[s] += weights[n];
    }
  }

  const targetDoseSum = new Float64Array(beamCount);
  const targetDoseSquareSum = new Float64Array(beamCount);
  const footprintDoseSum = new Float64Array(beamCount);
  const organMeanDosePerMu = organs.map(() => new Float64Array(beamCount));
  const startMu = new Float64Array(beamCount);
  const startDoseGy = new Float32Array(voxelCount);
  const setSums = new Float64Array(setCount);
  const targetWeight = setWeightSum[0];
  for (let b = 0; b < beamCount; b++) {
    const index = influence.voxelIndex[b];
    const dose = influence.doseGyPerMu[b];
    const total = checkedTotal(index, dose, voxelCount, b);
    setSums.fill(0);
    const square = setSumsOfBeam(index, dose, rowOfVoxel, rowWeight, setCount, setSums);
    targetDoseSum[b] = setSums[0];
    targetDoseSquareSum[b] = square;
    footprintDoseSum[b] = total;
    for (let o = 0; o < organs.length; o++) organMeanDosePerMu[o][b] = setWeightSum[o + 1] > 0 ? setSums[o + 1] / setWeightSum[o + 1] : 0;
    if (setSums[0] > 0) {
      const mu = targetWeight / total;
      startMu[b] = mu;
      for (let n = 0; n < index.length; n++) startDoseGy[index[n]] += mu * dose[n];
    }
  }
  for (const set of sets) for (let n = 0; n < set.voxels.length; n++) rowOfVoxel[set.voxels[n]] = -1;
  return { targetDoseSum, targetDoseSquareSum, footprintDoseSum, organMeanDosePerMu, startMu, startDoseGy };
}

/** Σ dose of one beam, checking every entry (ascending indices inside the grid, finite dose ≥ 0). */
function checkedTotal(index: Uint32Array, dose: Float32Array, voxelCount: number, beam: number): number {
  let total = 0;
  let previous = -1;
  for (let n = 0; n < index.length; n++) {
    const v = index[n];
    const a = dose[n];
    if (v <= previous || v >= voxelCount || !(a >= 0 && a < Infinity)) throw badEntry(beam, n, v, a, previous, voxelCount);
    previous = v;
    total += a;
  }
  return total;
}

/** Adds w·a per set into `sums` for the beam's entries in the sets' rows; returns Σ w_PTV·a². */
function setSumsOfBeam(index: Uint32Array, dose: Float32Array, rowOfVoxel: Int32Array, rowWeight: Float64Array, setCount: number, sums: Float64Array): number {
  let square = 0;
  for (let n = 0; n < index.length; n++) {
    const row = rowOfVoxel[index[n]];
    if (row < 0) continue;
    const a = dose[n];
    const base = row * setCount;
    square += rowWeight[base] * a * a;
    for (let s = 0; s < setCount; s++) sums[s] += rowWeight[base + s] * a;
  }
  return square;
}

function badEntry(beam: number, entry: number, voxel: number, dose: number, previous: number, voxelCount: number): InputError {
  if (voxel <= previous) return new InputError('bad-influence', `beam ${beam}: voxel indices must be strictly ascending, entry ${entry} is ${voxel} after ${previous}`);
  if (voxel >= voxelCount) return new InputError('bad-influence', `beam ${beam}: voxel ${voxel} (entry ${entry}) is outside the grid of ${voxelCount} voxels`);
  return new InputError('bad-influence', `beam ${beam}: dose per MU at voxel ${voxel} must be finite and ≥ 0, got ${dose}`);
}
