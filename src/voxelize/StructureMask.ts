import { InputError } from '../errors/InputError';
import type { GridGeometry } from '../geometry/Grid3';

/** Inclusive voxel-index box: i0 ≤ i ≤ i1, j0 ≤ j ≤ j1, k0 ≤ k ≤ k1. */
export interface BoundsIjk {
  readonly i0: number;
  readonly i1: number;
  readonly j0: number;
  readonly j1: number;
  readonly k0: number;
  readonly k1: number;
}

/**
 * A structure voxelised on a grid with partial volumes, stored over its bounding box only (a body on a
 * 512×512×200 CT grid would otherwise cost 200 MB per structure).
 */
export interface StructureMask {
  /** The whole grid the mask lives on (the box is a window into it). */
  readonly geometry: GridGeometry;
  /** Tight box of the voxels with fraction > 0; null when no voxel is touched (then `fractions` is empty). */
  readonly boundsIjk: BoundsIjk | null;
  /**
   * Fraction 0..1 of each voxel of the box inside the structure; voxel (i, j, k) of the grid is at
   * (i − i0) + (j − j0)·bx + (k − k0)·bx·by with bx = i1 − i0 + 1, by = j1 − j0 + 1. Read single values with
   * maskFractionAt, or expand with maskToFullGrid.
   */
  readonly fractions: Float32Array;
  /** Σ fractions × voxel volume, cc (the part of the structure inside the grid). */
  readonly volumeCc: number;
  /** Exact contour volume (structureVolumeCc with the same options), cc, for comparison with volumeCc. */
  readonly structureVolumeCc: number;
  /** True when part of the structure lies outside the grid and is missing from `fractions`. */
  readonly clippedByGrid: boolean;
  /** Gaps between contour planes treated as the structure being absent (see contourSlabs); > 0 deserves a note. */
  readonly contourGapCount: number;
}

/** Voxel counts [bx, by, bz] of a box. */
export function boundsDimensions(bounds: BoundsIjk): [number, number, number] {
  return [bounds.i1 - bounds.i0 + 1, bounds.j1 - bounds.j0 + 1, bounds.k1 - bounds.k0 + 1];
}

/**
 * Fraction of grid voxel (i, j, k) inside the structure: the stored value inside the box, 0 elsewhere in the
 * grid. Throws InputError 'outside-grid' for an index outside the grid (a caller's bug, not an empty voxel).
 */
export function maskFractionAt(mask: StructureMask, i: number, j: number, k: number): number {
  const [nx, ny, nz] = mask.geometry.dimensions;
  if (!(Number.isInteger(i) && Number.isInteger(j) && Number.isInteger(k) && i >= 0 && i < nx && j >= 0 && j < ny && k >= 0 && k < nz)) {
    throw new InputError('outside-grid', `voxel (${i}, ${j}, ${k}) is not in the ${nx}×${ny}×${nz} grid`);
  }
  const b = mask.boundsIjk;
  if (b === null || i < b.i0 || i > b.i1 || j < b.j0 || j > b.j1 || k < b.k0 || k > b.k1) return 0;
  const bx = b.i1 - b.i0 + 1;
  const by = b.j1 - b.j0 + 1;
  return mask.fractions[i - b.i0 + (j - b.j0) * bx + (k - b.k0) * bx * by];
}

/**
 * The mask as fractions over the whole grid (index i + j·nx + k·nx·ny), for consumers that need a full
 * grid (rendering, grid arithmetic). Writes into `out` when given (it must have nx·ny·nz values; it is
 * cleared first). Throws InputError 'bad-output' for a wrong `out` length.
 */
export function maskToFullGrid(mask: StructureMask, out?: Float32Array): Float32Array {
  const [nx, ny, nz] = mask.geometry.dimensions;
  const size = nx * ny * nz;
  if (out !== undefined && out.length !== size) throw new InputError('bad-output', `out has ${out.length} values, the grid ${size}`);
  const full = out ?? new Float32Array(size);
  if (out !== undefined) full.fill(0);
  const b = mask.boundsIjk;
  if (b === null) return full;
  const [bx, by] = boundsDimensions(b);
  for (let k = b.k0; k <= b.k1; k++) {
    for (let j = b.j0; j <= b.j1; j++) {
      const from = (j - b.j0) * bx + (k - b.k0) * bx * by;
      full.set(mask.fractions.subarray(from, from + bx), b.i0 + j * nx + k * nx * ny);
    }
  }
  return full;
}
