import { InputError } from '../errors/InputError';
import type { DoseInfluence } from './DoseInfluence';

/**
 * Dose per fraction (Gy) on the influence's grid: out[v] = Σ_b muPerBeam[b] · doseGyPerMu[b][n] for
 * voxelIndex[b][n] = v. Beams with 0 MU are skipped. `out` (length voxelCount) is overwritten when given, else
 * allocated. Throws InputError 'bad-length' for a wrong muPerBeam or out length, 'bad-weight' for a negative or
 * non-finite MU (delivery cannot be negative; NaN would spread silently).
 */
export function accumulateDose(influence: DoseInfluence, muPerBeam: ArrayLike<number>, out?: Float32Array): Float32Array {
  if (muPerBeam.length !== influence.beamCount) throw new InputError('bad-length', `muPerBeam has ${muPerBeam.length} values, the influence has ${influence.beamCount} beams`);
  if (out !== undefined && out.length !== influence.voxelCount) throw new InputError('bad-length', `out has ${out.length} values, the dose grid has ${influence.voxelCount}`);
  for (let b = 0; b < muPerBeam.length; b++) {
    const mu = muPerBeam[b];
    if (!(mu >= 0) || mu === Infinity) throw new InputError('bad-weight', `MU of beam ${b} must be finite and ≥ 0, got ${mu}`);
  }
  const dose = out ?? new Float32Array(influence.voxelCount);
  if (out) dose.fill(0);
  for (let b = 0; b < influence.beamCount; b++) {
    const mu = muPerBeam[b];
    if (mu === 0) continue;
    const index = influence.voxelIndex[b];
    const values = influence.doseGyPerMu[b];
    for (let n = 0; n < index.length; n++) dose[index[n]] += mu * values[n];
  }
  return dose;
}
