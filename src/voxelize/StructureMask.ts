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

/** A structure voxelised on a grid with partial volumes. */
export interface StructureMask {
  readonly geometry: GridGeometry;
  /** Fraction 0..1 of each voxel inside the structure; index i + j·nx + k·nx·ny. */
  readonly fractions: Float32Array;
  /** Σ fractions × voxel volume, cc (the part of the structure inside the grid). */
  readonly volumeCc: number;
  /** Tight box of the voxels with fraction > 0; null when no voxel is touched (loops can skip the mask). */
  readonly boundsIjk: BoundsIjk | null;
  /** Exact contour volume (structureVolumeCc with the same options), cc, for comparison with volumeCc. */
  readonly structureVolumeCc: number;
  /** True when part of the structure lies outside the grid and is missing from `fractions`. */
  readonly clippedByGrid: boolean;
  /** Gaps between contour planes treated as the structure being absent (see contourSlabs); > 0 deserves a note. */
  readonly contourGapCount: number;
}
