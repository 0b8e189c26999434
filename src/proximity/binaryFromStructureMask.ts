import { InputError } from '../errors/InputError';
import type { StructureMask } from '../voxelize/StructureMask';

/** Partial-volume fraction at or above which a voxel belongs to the binary mask. */
export const BINARY_FRACTION_THRESHOLD = 0.5;

/**
 * Binary mask (0/1, full grid, index i + j·nx + k·nx·ny) of a partial-volume StructureMask: fraction ≥ 0.5,
 * i.e. the voxel is at least half inside, so the mask boundary follows the true surface to within about
 * half a voxel. A structure too thin to fill half of any voxel would vanish: then the voxels with at least
 * half the largest fraction are taken instead, so a structure that touches the grid is never lost.
 *
 * Reads both layouts of `fractions`: the whole grid (nx·ny·nz values) or only the `boundsIjk` box
 * (index (i − i0) + (j − j0)·bx + (k − k0)·bx·by); any other length throws InputError('bad-mask-layout').
 */
export function binaryFromStructureMask(mask: StructureMask): Uint8Array {
  const [nx, ny, nz] = mask.geometry.dimensions;
  const out = new Uint8Array(nx * ny * nz);
  const b = mask.boundsIjk;
  if (b === null) return out;
  const bx = b.i1 - b.i0 + 1;
  const by = b.j1 - b.j0 + 1;
  const bz = b.k1 - b.k0 + 1;
  const full = mask.fractions.length === nx * ny * nz;
  if (!full && mask.fractions.length !== bx * by * bz) {
    throw new InputError('bad-mask-layout', `fractions has ${mask.fractions.length} values; expected ${nx * ny * nz} (grid) or ${bx * by * bz} (bounds box)`);
  }
  const f = mask.fractions;
  let threshold = BINARY_FRACTION_THRESHOLD;
  let largest = 0;
  for (let pass = 0; pass < 2; pass++) {
    let count = 0;
    for (let k = b.k0; k <= b.k1; k++) {
      for (let j = b.j0; j <= b.j1; j++) {
        const src = full ? b.i0 + j * nx + k * nx * ny : (j - b.j0) * bx + (k - b.k0) * bx * by;
        const dst = j * nx + k * nx * ny;
        for (let i = 0; i < bx; i++) {
          const value = f[src + i];
          if (value > largest) largest = value;
          if (value >= threshold) {
            out[dst + b.i0 + i] = 1;
            count++;
          }
        }
      }
    }
    if (count > 0 || largest <= 0) break;
    threshold = 0.5 * largest;
  }
  return out;
}
