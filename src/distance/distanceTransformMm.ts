import { InputError } from '../errors/InputError';
import { validateMaskGeometry, type DistanceGeometry } from './maskGeometry';
import { weightedSquaredEdt } from './weightedSquaredEdt';

/** Exact Euclidean distance map of a mask. */
export interface DistanceTransformResult {
  /**
   * Per voxel, the distance in mm from its centre to the nearest voxel centre inside the mask (0 inside).
   * +Infinity everywhere when the mask is empty.
   */
  readonly distanceMm: Float32Array;
  /** True when the mask has no voxel, so every distance is +Infinity. */
  readonly maskIsEmpty: boolean;
}

/** Squared variant (mm²), to compare with squared thresholds without square roots. */
export interface SquaredDistanceTransformResult {
  readonly squaredDistanceMm2: Float32Array;
  readonly maskIsEmpty: boolean;
}

/**
 * Exact squared Euclidean distance transform in mm² between voxel centres, anisotropic spacing
 * (separable Felzenszwalb–Huttenlocher lower envelope, see weightedSquaredEdt). Any non-zero mask value
 * counts as inside. O(N) time; one Float32Array of N values plus scratch of the longest axis.
 * @param mask Uint8Array of nx·ny·nz values, index i + j·nx + k·nx·ny
 * @param geometry dimensions and spacingMm of the mask's grid
 * @param out optional Float32Array of nx·ny·nz values to write into
 */
export function squaredDistanceTransformMm2(mask: Uint8Array, geometry: DistanceGeometry, out?: Float32Array): SquaredDistanceTransformResult {
  const count = validateMaskGeometry(mask, geometry);
  if (out !== undefined && out.length !== count) throw new InputError('bad-length', `out has ${out.length} values, the grid has ${count}`);
  const [sx, sy, sz] = geometry.spacingMm;
  const squaredDistanceMm2 = weightedSquaredEdt(mask, geometry.dimensions, [sx * sx, sy * sy, sz * sz], out);
  return { squaredDistanceMm2, maskIsEmpty: !hasAnyVoxel(mask) };
}

/**
 * Exact Euclidean distance transform: for every voxel, the distance in mm from its centre to the nearest
 * voxel centre inside `mask` (0 inside the mask). Spacing may differ per axis. An empty mask gives
 * +Infinity everywhere and `maskIsEmpty: true`. Throws InputError for bad dimensions, spacing or lengths.
 * @param mask Uint8Array of nx·ny·nz values, index i + j·nx + k·nx·ny; non-zero = inside
 * @param geometry dimensions and spacingMm (a GridGeometry fits)
 * @param out optional Float32Array of nx·ny·nz values to write into
 * @see Felzenszwalb & Huttenlocher, Theory of Computing 8:415 (2012)
 */
export function distanceTransformMm(mask: Uint8Array, geometry: DistanceGeometry, out?: Float32Array): DistanceTransformResult {
  const { squaredDistanceMm2, maskIsEmpty } = squaredDistanceTransformMm2(mask, geometry, out);
  for (let v = 0; v < squaredDistanceMm2.length; v++) squaredDistanceMm2[v] = Math.sqrt(squaredDistanceMm2[v]);
  return { distanceMm: squaredDistanceMm2, maskIsEmpty };
}

function hasAnyVoxel(mask: Uint8Array): boolean {
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) return true;
  return false;
}
