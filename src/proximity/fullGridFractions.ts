import { InputError } from '../errors/InputError';
import type { StructureMask } from '../voxelize/StructureMask';

/**
 * The partial-volume fractions of a StructureMask over the whole grid (index i + j·nx + k·nx·ny, 0 outside
 * the structure's box). Reads both layouts of `fractions`: the whole grid (nx·ny·nz values) or only the
 * `boundsIjk` box (index (i − i0) + (j − j0)·bx + (k − k0)·bx·by); any other length throws
 * InputError('bad-mask-layout').
 */
export function fullGridFractions(mask: StructureMask): Float32Array {
  const [nx, ny, nz] = mask.geometry.dimensions;
  const b = mask.boundsIjk;
  if (mask.fractions.length === nx * ny * nz) return mask.fractions;
  const out = new Float32Array(nx * ny * nz);
  if (b === null) return out;
  const bx = b.i1 - b.i0 + 1;
  const by = b.j1 - b.j0 + 1;
  const bz = b.k1 - b.k0 + 1;
  if (mask.fractions.length !== bx * by * bz) {
    throw new InputError('bad-mask-layout', `fractions has ${mask.fractions.length} values; expected ${nx * ny * nz} (grid) or ${bx * by * bz} (bounds box)`);
  }
  for (let k = b.k0; k <= b.k1; k++) {
    for (let j = b.j0; j <= b.j1; j++) {
      const from = (j - b.j0) * bx + (k - b.k0) * bx * by;
      out.set(mask.fractions.subarray(from, from + bx), b.i0 + j * nx + k * nx * ny);
    }
  }
  return out;
}
