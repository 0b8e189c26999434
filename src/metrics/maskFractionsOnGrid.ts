import { InputError } from '../errors/InputError';
import type { GridGeometry } from '../geometry/Grid3';
import { maskToFullGrid, type StructureMask } from '../voxelize/StructureMask';

const GEOMETRY_TOLERANCE_MM = 1e-4;

/**
 * Throws InputError 'geometry-mismatch' (naming both grids) unless the mask lies on `geometry`: same
 * dimensions, spacing and origin within 1e-4 mm, direction cosines within 1e-6.
 */
export function assertMaskOnGrid(mask: StructureMask, geometry: GridGeometry, what = 'mask'): void {
  const a = geometry;
  const b = mask.geometry;
  const same =
    a.dimensions.every((n, axis) => n === b.dimensions[axis]) &&
    a.spacingMm.every((s, axis) => Math.abs(s - b.spacingMm[axis]) <= GEOMETRY_TOLERANCE_MM) &&
    a.originMm.every((o, axis) => Math.abs(o - b.originMm[axis]) <= GEOMETRY_TOLERANCE_MM) &&
    a.direction.every((d, n) => Math.abs(d - b.direction[n]) <= 1e-6);
  if (!same) {
    throw new InputError(
      'geometry-mismatch',
      `${what}: grid ${b.dimensions.join('×')} at [${b.originMm.join(', ')}] mm is not the dose grid ${a.dimensions.join('×')} at [${a.originMm.join(', ')}] mm`,
    );
  }
}

/**
 * The voxel fractions (0..1) of a partial-volume mask as one value per voxel of `geometry` (index
 * i + j·nx + k·nx·ny; a new array, via maskToFullGrid), after assertMaskOnGrid.
 */
export function maskFractionsOnGrid(mask: StructureMask, geometry: GridGeometry, what = 'mask'): Float32Array {
  assertMaskOnGrid(mask, geometry, what);
  return maskToFullGrid(mask);
}
