import { InputError } from '../errors/InputError';
import type { Vec3 } from '../geometry/points';

/**
 * The part of a grid geometry that distances depend on. Distances are invariant under the grid's
 * (orthonormal) direction cosines, so `direction` and `originMm` are not needed; a full GridGeometry fits.
 */
export interface DistanceGeometry {
  readonly dimensions: readonly [number, number, number];
  readonly spacingMm: Vec3;
}

/**
 * Checks dimensions (positive integers), spacing (finite, > 0 mm) and that `mask` has nx·ny·nz values.
 * Returns the voxel count. Throws InputError naming the bad value.
 */
export function validateMaskGeometry(mask: ArrayLike<number>, geometry: DistanceGeometry, maskName = 'mask'): number {
  const { dimensions, spacingMm } = geometry;
  if (dimensions.length !== 3 || dimensions.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new InputError('bad-dimensions', `dimensions must be three positive integers, got [${dimensions.join(', ')}]`);
  }
  if (spacingMm.length !== 3 || spacingMm.some((s) => !Number.isFinite(s) || s <= 0)) {
    throw new InputError('bad-spacing', `spacingMm must be three finite values > 0, got [${spacingMm.join(', ')}]`);
  }
  const count = dimensions[0] * dimensions[1] * dimensions[2];
  if (mask.length !== count) {
    throw new InputError('bad-length', `${maskName} has ${mask.length} voxels, the grid [${dimensions.join(', ')}] has ${count}`);
  }
  return count;
}
