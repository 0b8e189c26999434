import { InputError } from '../errors/InputError';
import type { PointIjk } from '../geometry/points';
import { maskContact } from './maskContact';
import { validateMaskGeometry, type DistanceGeometry } from './maskGeometry';
import { antiAliasedIndicator, surfaceCrossings } from './maskSurfacePoints';
import { weightedSquaredEdt } from './weightedSquaredEdt';

/** Result of minimumDistanceMm. */
export interface MinimumDistanceResult {
  /**
   * Estimated minimum surface-to-surface distance in mm (0 when the masks overlap or touch): distance
   * between the sub-voxel surfaces of the anti-aliased masks (see minimumDistanceMm).
   */
  readonly distanceMm: number;
  /**
   * Minimum distance between voxel centres of A and B, mm. An upper bound of the true distance for
   * masks voxelised by centre inclusion, too large by up to about one spacing along the connecting
   * direction (most for grid-aligned surfaces). 0 on overlap.
   */
  readonly centreDistanceMm: number;
  /** 'overlap': a voxel is in both; 'touch': a voxel of A and one of B share a face; 'apart': otherwise. */
  readonly relation: 'overlap' | 'touch' | 'apart';
  /**
   * Continuous voxel indices of the closest points found on A's and B's surfaces ('apart'), or of the
   * contacting voxels ('overlap'/'touch'). Map to patient mm with indexToWorld.
   */
  readonly closestPointA: PointIjk;
  readonly closestPointB: PointIjk;
}

/**
 * Minimum distance between the surfaces of two binary masks on the same grid (e.g. GTV to proximal
 * bronchial tree), without the one-voxel bias of voxel-centre distances.
 *
 * Voxel centres lie inside their structures, so the nearest centre-to-centre distance overestimates the
 * gap (by one spacing on average for surfaces parallel to a grid plane), while the distance between voxel
 * boxes underestimates it for oblique surfaces (the box corners stick out). Instead each mask is
 * anti-aliased with the separable kernel [1/6, 2/3, 1/6] (cubic B-spline; guarded so no mask voxel
 * drops below 0.5) and its surface is taken as the 0.5 level, sampled at its crossings of the grid
 * edges (linear interpolation); the result is the minimum distance between the two point sets
 * (maskSurfacePoints.ts). For surfaces parallel to a grid plane the crossing is midway between the
 * last inside and first outside centre; oblique staircases are smoothed out; convex surfaces move
 * inwards by about σ²/R (σ² = ⅓ spacing², R = radius of curvature), so small curved structures read
 * slightly far. Structures one voxel thick collapse to their voxel centres (the estimate then tends
 * to the centre distance). What no method can remove from a binary mask is the sampling error, up to
 * about ±½ spacing along the connecting direction per surface. Measured bias: test/distance/minimumDistanceMm.test.ts.
 *
 * Only the bounding box of A ∪ B (plus 2 voxels) is processed; candidate surface points are pruned with
 * exact lower bounds from the EDTs of A and B, so the minimum over all crossing points is exact.
 *
 * 'touch' (distance 0) is face adjacency of a voxel of A and one of B. Edge or corner adjacency is not
 * contact: on coarse anisotropic grids such voxels can be a diagonal (e.g. 3.5 mm) apart, and the
 * estimate above is used. Throws InputError('empty-mask')
 * when either mask is empty: a distance to nothing is undefined, and +Infinity could pass for "far away"
 * in a proximity rule.
 * @param maskA, maskB Uint8Array of nx·ny·nz values on `geometry`, non-zero = inside
 */
export function minimumDistanceMm(maskA: Uint8Array, maskB: Uint8Array, geometry: DistanceGeometry): MinimumDistanceResult {
  validateMaskGeometry(maskA, geometry, 'maskA');
  validateMaskGeometry(maskB, geometry, 'maskB');
  const box = boundingBox(maskA, maskB, geometry.dimensions);
  if (box.countA === 0) throw new InputError('empty-mask', 'maskA is empty: minimum distance is undefined');
  if (box.countB === 0) throw new InputError('empty-mask', 'maskB is empty: minimum distance is undefined');
  const dims = box.dimensions;
  const a = crop(maskA, geometry.dimensions, box);
  const b = crop(maskB, geometry.dimensions, box);
  const spacing = geometry.spacingMm;
  const toIjk = (v: number): PointIjk => ({ i: box.lo[0] + (v % dims[0]), j: box.lo[1] + (Math.floor(v / dims[0]) % dims[1]), k: box.lo[2] + Math.floor(v / (dims[0] * dims[1])) });

  for (let v = 0; v < a.length; v++) {
    if (a[v] !== 0 && b[v] !== 0) return { distanceMm: 0, centreDistanceMm: 0, relation: 'overlap', closestPointA: toIjk(v), closestPointB: toIjk(v) };
  }
  const weights: [number, number, number] = [spacing[0] ** 2, spacing[1] ** 2, spacing[2] ** 2];
  const toB = weightedSquaredEdt(b, dims, weights);
  let centreSq = Infinity;
  for (let v = 0; v < a.length; v++) if (a[v] !== 0 && toB[v] < centreSq) centreSq = toB[v];
  const centreDistanceMm = Math.sqrt(centreSq);
  // No voxel is in both (checked above), so the contact found is a shared face.
  const contact = maskContact(a, b, dims);
  if (contact !== undefined) {
    return { distanceMm: 0, centreDistanceMm, relation: 'touch', closestPointA: toIjk(contact.indexA), closestPointB: toIjk(contact.indexB) };
  }

  const toA = weightedSquaredEdt(a, dims, weights);
  const fieldA = antiAliasedIndicator(a, dims);
  const fieldB = antiAliasedIndicator(b, dims);
  const maxStepMm = Math.max(spacing[0], spacing[1], spacing[2]);
  // A crossing point lies within maxStep of its inside end, which lies within one diagonal of a mask centre.
  const reachMm = maxStepMm + Math.hypot(spacing[0], spacing[1], spacing[2]);
  let bandMm = centreDistanceMm + reachMm;
  for (;;) {
    // A point whose inside end v has EDT(v) > band + reach + maxStep cannot come closer than `band`.
    const limit = (bandMm + reachMm + maxStepMm) ** 2;
    const pointsA = surfaceCrossings(fieldA, dims, spacing, toB, limit);
    const pointsB = surfaceCrossings(fieldB, dims, spacing, toA, limit);
    const best = closestPair(pointsA, pointsB);
    if (best.distanceMm <= bandMm) {
      const pa = pointsA.subarray(3 * best.indexA, 3 * best.indexA + 3);
      const pb = pointsB.subarray(3 * best.indexB, 3 * best.indexB + 3);
      return {
        distanceMm: best.distanceMm,
        centreDistanceMm,
        relation: 'apart',
        closestPointA: { i: box.lo[0] + pa[0] / spacing[0], j: box.lo[1] + pa[1] / spacing[1], k: box.lo[2] + pa[2] / spacing[2] },
        closestPointB: { i: box.lo[0] + pb[0] / spacing[0], j: box.lo[1] + pb[1] / spacing[1], k: box.lo[2] + pb[2] / spacing[2] },
      };
    }
    // Every point excluded so far is farther than the old band; widen to the pair just found (exact next round).
    bandMm = Number.isFinite(best.distanceMm) ? best.distanceMm : Infinity;
  }
}

interface CropBox {
  readonly lo: [number, number, number];
  readonly dimensions: [number, number, number];
  readonly countA: number;
  readonly countB: number;
}

/** Bounding box of A ∪ B grown by 2 voxels (room for the filter and the crossings), clipped to the grid. */
function boundingBox(maskA: Uint8Array, maskB: Uint8Array, dimensions: readonly [number, number, number]): CropBox {
  const [nx, ny, nz] = dimensions;
  const lo: [number, number, number] = [nx, ny, nz];
  const hi: [number, number, number] = [-1, -1, -1];
  let countA = 0;
  let countB = 0;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        const inA = maskA[v] !== 0;
        const inB = maskB[v] !== 0;
        if (!inA && !inB) continue;
        if (inA) countA++;
        if (inB) countB++;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
    }
  }
  const dims: [number, number, number] = [0, 0, 0];
  for (let axis = 0; axis < 3; axis++) {
    lo[axis] = Math.max(0, lo[axis] - 2);
    dims[axis] = Math.min(dimensions[axis] - 1, hi[axis] + 2) - lo[axis] + 1;
  }
  return { lo, dimensions: dims, countA, countB };
}

function crop(mask: Uint8Array, dimensions: readonly [number, number, number], box: CropBox): Uint8Array {
  const [nx, ny] = dimensions;
  const [cx, cy, cz] = box.dimensions;
  const out = new Uint8Array(cx * cy * cz);
  for (let k = 0; k < cz; k++) {
    for (let j = 0; j < cy; j++) {
      const src = box.lo[0] + (box.lo[1] + j) * nx + (box.lo[2] + k) * nx * ny;
      const dst = j * cx + k * cx * cy;
      for (let i = 0; i < cx; i++) out[dst + i] = mask[src + i] !== 0 ? 1 : 0;
    }
  }
  return out;
}

/** Closest pair between two xyz point lists (B sorted by x, then a sweep within the current best). */
function closestPair(pointsA: Float64Array, pointsB: Float64Array): { distanceMm: number; indexA: number; indexB: number } {
  const countA = pointsA.length / 3;
  const countB = pointsB.length / 3;
  if (countA === 0 || countB === 0) return { distanceMm: Infinity, indexA: -1, indexB: -1 };
  const order = new Int32Array(countB);
  for (let n = 0; n < countB; n++) order[n] = n;
  order.sort((p, q) => pointsB[3 * p] - pointsB[3 * q]);
  const xs = new Float64Array(countB);
  for (let n = 0; n < countB; n++) xs[n] = pointsB[3 * order[n]];
  let bestSq = Infinity;
  let bestA = -1;
  let bestB = -1;
  for (let m = 0; m < countA; m++) {
    const x = pointsA[3 * m];
    const y = pointsA[3 * m + 1];
    const z = pointsA[3 * m + 2];
    // first B with xs ≥ x
    let lo = 0;
    let hi = countB;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    for (let n = lo; n < countB; n++) {
      const dx = xs[n] - x;
      if (dx * dx >= bestSq) break;
      const p = 3 * order[n];
      const d2 = dx * dx + (pointsB[p + 1] - y) ** 2 + (pointsB[p + 2] - z) ** 2;
      if (d2 < bestSq) {
        bestSq = d2;
        bestA = m;
        bestB = order[n];
      }
    }
    for (let n = lo - 1; n >= 0; n--) {
      const dx = x - xs[n];
      if (dx * dx >= bestSq) break;
      const p = 3 * order[n];
      const d2 = dx * dx + (pointsB[p + 1] - y) ** 2 + (pointsB[p + 2] - z) ** 2;
      if (d2 < bestSq) {
        bestSq = d2;
        bestA = m;
        bestB = order[n];
      }
    }
  }
  return { distanceMm: Math.sqrt(bestSq), indexA: bestA, indexB: bestB };
}
