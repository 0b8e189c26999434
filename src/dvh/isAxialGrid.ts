import type { GridGeometry } from '../geometry/Grid3';

/** Direction cosines below this count as 0 (≤ 0.3 µm of position error 300 mm off-axis). */
export const AXIAL_TOLERANCE = 1e-6;

/**
 * True when the grid's i and j axes lie in the axial plane and k is ±z (within AXIAL_TOLERANCE): then a
 * point's (i, j) does not depend on z and its k depends on z only, so planar contours map to index space
 * plane by plane. Decubitus and feet-first grids are axial; gantry-tilted or sagittal ones are not.
 * The axial code paths take i, j at the contour plane's z and k from z alone; the neglected cosines move a
 * point by ≤ 1e-6 × its distance from the origin.
 */
export function isAxialGrid(geometry: GridGeometry): boolean {
  const d = geometry.direction;
  return Math.abs(d[2]) <= AXIAL_TOLERANCE && Math.abs(d[5]) <= AXIAL_TOLERANCE && Math.abs(d[6]) <= AXIAL_TOLERANCE && Math.abs(d[7]) <= AXIAL_TOLERANCE;
}
