import { antiAliasedIndicator, surfaceCrossings } from '../distance/maskSurfacePoints';
import { maskContact } from '../distance/maskContact';
import type { DistanceGeometry } from '../distance/maskGeometry';
import { minimumDistanceMm } from '../distance/minimumDistanceMm';
import type { PointIjk } from '../geometry/points';
import { growVoxelIndexBox, voxelIndexBox } from '../geometry/voxelIndexBox';
import { closestPointPair } from './PointTree';

/** Result of surfaceDistanceMm (the fields of MinimumDistanceResult that proximity uses). */
export interface SurfaceDistance {
  readonly distanceMm: number;
  readonly relation: 'overlap' | 'touch' | 'apart';
  /** Continuous voxel indices of the closest points on A and on B. */
  readonly closestPointA: PointIjk;
  readonly closestPointB: PointIjk;
}

/** Voxels around each mask's bounding box: room for the [1/6, 2/3, 1/6] filter and its crossings (as minimumDistanceMm). */
const CROP_MARGIN_VOXELS = 2;

/**
 * The distance of minimumDistanceMm (same anti-aliased sub-voxel surfaces, same crossing points, exact minimum
 * over them), but each mask is cropped to its own bounding box (+2 voxels) instead of the box of both, so the
 * work does not grow with the gap between two distant structures. Masks that overlap or share a face go to
 * minimumDistanceMm itself ('overlap'/'touch', distance 0). Both masks must be non-empty (minimumDistanceMm
 * throws InputError('empty-mask') otherwise).
 * @param maskA, maskB 0/1 masks on `geometry` (index i + j·nx + k·nx·ny)
 */
export function surfaceDistanceMm(maskA: Uint8Array, maskB: Uint8Array, geometry: DistanceGeometry): SurfaceDistance {
  if (overlapsOrTouches(maskA, maskB, geometry.dimensions)) return minimumDistanceMm(maskA, maskB, geometry);
  const a = surfacePoints(maskA, geometry);
  const b = surfacePoints(maskB, geometry);
  if (a === null || b === null) return minimumDistanceMm(maskA, maskB, geometry);
  const best = closestPointPair(a, b);
  const [sx, sy, sz] = geometry.spacingMm;
  const toIjk = (p: Float64Array, n: number): PointIjk => ({ i: p[3 * n] / sx, j: p[3 * n + 1] / sy, k: p[3 * n + 2] / sz });
  return { distanceMm: best.distanceMm, relation: 'apart', closestPointA: toIjk(a, best.indexA), closestPointB: toIjk(b, best.indexB) };
}

/** True when a voxel is in both masks or a voxel of A has a face neighbour in B. */
export function overlapsOrTouches(a: Uint8Array, b: Uint8Array, dims: readonly [number, number, number]): boolean {
  return maskContact(a, b, dims) !== undefined;
}

/** Surface crossing points of a mask in whole-grid mm (voxel (i, j, k) at (i·sx, j·sy, k·sz)); null when empty. */
function surfacePoints(mask: Uint8Array, geometry: DistanceGeometry): Float64Array | null {
  const [nx, ny] = geometry.dimensions;
  const found = voxelIndexBox(mask, geometry.dimensions, 0, 'above');
  if (found === null) return null;
  const { lo, hi } = growVoxelIndexBox(found, geometry.dimensions, [CROP_MARGIN_VOXELS, CROP_MARGIN_VOXELS, CROP_MARGIN_VOXELS]);
  const dims: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const crop = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      const src = lo[0] + (lo[1] + j) * nx + (lo[2] + k) * nx * ny;
      const dst = j * dims[0] + k * dims[0] * dims[1];
      for (let i = 0; i < dims[0]; i++) crop[dst + i] = mask[src + i];
    }
  }
  const field = antiAliasedIndicator(crop, dims);
  const points = surfaceCrossings(field, dims, geometry.spacingMm, new Float32Array(crop.length), Infinity);
  const [sx, sy, sz] = geometry.spacingMm;
  const offset = [lo[0] * sx, lo[1] * sy, lo[2] * sz];
  const out = new Float64Array(points.length);
  for (let p = 0; p < points.length; p += 3) {
    out[p] = points[p] + offset[0];
    out[p + 1] = points[p + 1] + offset[1];
    out[p + 2] = points[p + 2] + offset[2];
  }
  return out.length > 0 ? out : null;
}
