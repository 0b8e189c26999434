import { InputError } from '../errors/InputError';
import { IDENTITY_DIRECTION, type GridGeometry } from '../geometry/Grid3';
import { voxelIndexBox } from '../geometry/voxelIndexBox';
import type { BoxMm } from './BoxMm';

/** Grids larger than this are refused: they would not fit a proximity computation's memory or time budget. */
const MAX_LATTICE_VOXELS = 64_000_000;

/**
 * Axis-aligned analysis grid (identity direction, patient LPS) with voxel centres on the lattice of integer
 * multiples of `spacingMm`, covering `box` (every point of the box lies within a voxel of the grid). Two
 * lattice grids with the same spacing are aligned, so masks move between them without interpolation.
 * Throws InputError for a non-positive spacing, a non-finite box or a grid above 64 M voxels.
 */
export function latticeGrid(box: BoxMm, spacingMm: number): GridGeometry {
  if (!(spacingMm > 0) || !Number.isFinite(spacingMm)) throw new InputError('bad-spacing', `lattice spacing must be > 0 mm, got ${spacingMm}`);
  const lo: number[] = [];
  const dims: number[] = [];
  for (let a = 0; a < 3; a++) {
    if (!Number.isFinite(box.min[a]) || !Number.isFinite(box.max[a]) || box.max[a] < box.min[a]) {
      throw new InputError('bad-box', `analysis box must be finite with min ≤ max, got [${box.min.join(', ')}] .. [${box.max.join(', ')}]`);
    }
    const first = Math.round(box.min[a] / spacingMm);
    const lastIndex = Math.round(box.max[a] / spacingMm);
    lo.push(first);
    dims.push(lastIndex - first + 1);
  }
  if (dims[0] * dims[1] * dims[2] > MAX_LATTICE_VOXELS) {
    throw new InputError('grid-too-large', `analysis grid [${dims.join(' × ')}] at ${spacingMm} mm exceeds ${MAX_LATTICE_VOXELS} voxels`);
  }
  return {
    dimensions: [dims[0], dims[1], dims[2]],
    spacingMm: [spacingMm, spacingMm, spacingMm],
    originMm: [lo[0] * spacingMm, lo[1] * spacingMm, lo[2] * spacingMm],
    direction: IDENTITY_DIRECTION,
  };
}

/** The region covered by an axis-aligned grid's voxels (centres ± ½ spacing), mm. Assumes identity direction. */
export function gridBoxMm(grid: GridGeometry): BoxMm {
  const { originMm: o, spacingMm: s, dimensions: n } = grid;
  return {
    min: [o[0] - 0.5 * s[0], o[1] - 0.5 * s[1], o[2] - 0.5 * s[2]],
    max: [o[0] + (n[0] - 0.5) * s[0], o[1] + (n[1] - 0.5) * s[1], o[2] + (n[2] - 0.5) * s[2]],
  };
}

/** Box of the voxels set in a mask (their centres ± ½ spacing), mm; null for an empty mask. Identity direction. */
export function maskBoxMm(mask: Uint8Array, grid: GridGeometry): BoxMm | null {
  const box = voxelIndexBox(mask, grid.dimensions, 0, 'above');
  if (box === null) return null;
  const { originMm: o, spacingMm: s } = grid;
  const { lo, hi } = box;
  return {
    min: [o[0] + (lo[0] - 0.5) * s[0], o[1] + (lo[1] - 0.5) * s[1], o[2] + (lo[2] - 0.5) * s[2]],
    max: [o[0] + (hi[0] + 0.5) * s[0], o[1] + (hi[1] + 0.5) * s[1], o[2] + (hi[2] + 0.5) * s[2]],
  };
}
