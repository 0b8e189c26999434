import type { PointIjk } from '../geometry/points';

/** Voxels searched around the point along each axis (a surface point lies within one voxel of its inside end). */
const SEARCH_RADIUS_VOXELS = 2;

/**
 * Which member of an organ group a closest point belongs to: the member with a voxel nearest to the point
 * (within two voxels; grid mm distance), the first listed on a tie. `point` is a continuous voxel index as
 * returned by minimumDistanceMm (a voxel for overlap/touch, a surface crossing for apart). Returns −1 when
 * no member has a voxel near the point.
 */
export function nearestMemberIndex(memberMasks: readonly Uint8Array[], dimensions: readonly [number, number, number], spacingMm: readonly [number, number, number], point: PointIjk): number {
  const [nx, ny, nz] = dimensions;
  const [sx, sy, sz] = spacingMm;
  const ci = Math.round(point.i);
  const cj = Math.round(point.j);
  const ck = Math.round(point.k);
  let best = -1;
  let bestSq = Infinity;
  for (let m = 0; m < memberMasks.length; m++) {
    const mask = memberMasks[m];
    for (let k = Math.max(0, ck - SEARCH_RADIUS_VOXELS); k <= Math.min(nz - 1, ck + SEARCH_RADIUS_VOXELS); k++) {
      for (let j = Math.max(0, cj - SEARCH_RADIUS_VOXELS); j <= Math.min(ny - 1, cj + SEARCH_RADIUS_VOXELS); j++) {
        for (let i = Math.max(0, ci - SEARCH_RADIUS_VOXELS); i <= Math.min(nx - 1, ci + SEARCH_RADIUS_VOXELS); i++) {
          if (mask[i + j * nx + k * nx * ny] === 0) continue;
          const d = ((i - point.i) * sx) ** 2 + ((j - point.j) * sy) ** 2 + ((k - point.k) * sz) ** 2;
          if (d < bestSq) {
            bestSq = d;
            best = m;
          }
        }
      }
    }
  }
  return best;
}
