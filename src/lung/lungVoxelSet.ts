import { InputError } from '../errors/InputError';
import { voxelVolumeCc, type GridGeometry } from '../geometry/Grid3';
import { boundsDimensions, type StructureMask } from '../voxelize/StructureMask';

/**
 * The voxels of a partial-volume mask as a flat list, built once and reused for every metric pass (suggestions
 * re-evaluate the same lung many times with rescaled doses).
 */
export interface LungVoxelSet {
  readonly geometry: GridGeometry;
  /** Grid index (i + j·nx + k·nx·ny) of every voxel with fraction > 0. */
  readonly indices: Int32Array;
  /** Volume of each listed voxel inside the structure, fraction × voxel volume, cc. */
  readonly volumesCc: Float64Array;
  /** Σ volumesCc, cc. */
  readonly volumeCc: number;
}

/** Lists a mask's voxels (fraction > 0). Throws InputError('empty-mask') when it has none. */
export function lungVoxelSet(mask: StructureMask, what = 'lung mask'): LungVoxelSet {
  const b = mask.boundsIjk;
  if (b === null) throw new InputError('empty-mask', `${what} covers no voxel of the dose grid`);
  const [nx, ny] = mask.geometry.dimensions;
  const [bx, by] = boundsDimensions(b);
  const voxelCc = voxelVolumeCc(mask.geometry);
  let count = 0;
  for (let n = 0; n < mask.fractions.length; n++) if (mask.fractions[n] > 0) count++;
  const indices = new Int32Array(count);
  const volumesCc = new Float64Array(count);
  let volumeCc = 0;
  let at = 0;
  for (let k = b.k0; k <= b.k1; k++) {
    for (let j = b.j0; j <= b.j1; j++) {
      const boxOffset = (k - b.k0) * bx * by + (j - b.j0) * bx - b.i0;
      const gridOffset = k * nx * ny + j * nx;
      for (let i = b.i0; i <= b.i1; i++) {
        const f = mask.fractions[boxOffset + i];
        if (!(f > 0)) continue;
        indices[at] = gridOffset + i;
        volumesCc[at] = f * voxelCc;
        volumeCc += f * voxelCc;
        at++;
      }
    }
  }
  if (!(volumeCc > 0)) throw new InputError('empty-mask', `${what} covers no voxel of the dose grid`);
  return { geometry: mask.geometry, indices, volumesCc, volumeCc };
}
