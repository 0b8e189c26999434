import { InputError } from '../errors/InputError';
import type { VoxelSet } from './BeamWeightProblem';

/**
 * VoxelSet of the voxels with fraction > 0 of a grid-sized mask (Uint8Array: any non-zero = 1; Float32Array:
 * partial-volume fractions 0..1, e.g. maskToFullGrid). Indices come out strictly ascending. Throws InputError
 * 'bad-voxels' for a fraction outside [0, 1] or NaN (never clamped).
 */
export function voxelSetFromFractions(mask: Uint8Array | Float32Array): VoxelSet {
  let count = 0;
  const isBinary = mask instanceof Uint8Array;
  for (let v = 0; v < mask.length; v++) {
    const f = mask[v];
    if (!isBinary && !(f >= 0 && f <= 1)) throw new InputError('bad-voxels', `fraction of voxel ${v} must be in [0, 1], got ${f}`);
    if (f > 0) count++;
  }
  const voxels = new Uint32Array(count);
  const weights = new Float32Array(count);
  let n = 0;
  for (let v = 0; v < mask.length; v++) {
    if (mask[v] > 0) {
      voxels[n] = v;
      weights[n] = isBinary ? 1 : mask[v];
      n++;
    }
  }
  return { voxels, weights };
}
