import { InputError } from '../errors/InputError';

/**
 * The axial planes a contour stack lives on: z = originMm + k·spacingMm (patient mm, k integer).
 * Every structure of one case should share a lattice so that contours match CT slices.
 */
export interface PlaneLattice {
  readonly spacingMm: number;
  readonly originMm: number;
}

/** Plane spacing and origin of the built-in phantom (planes at multiples of 2.5 mm). */
export const DEFAULT_PLANE_LATTICE: PlaneLattice = { spacingMm: 2.5, originMm: 0 };

/** Throws InputError unless the lattice has a positive finite spacing and a finite origin. */
export function validatePlaneLattice(lattice: PlaneLattice): void {
  if (!Number.isFinite(lattice.spacingMm) || lattice.spacingMm <= 0) {
    throw new InputError('bad-plane-spacing', `plane spacing must be a positive number of mm, got ${String(lattice.spacingMm)}`);
  }
  if (!Number.isFinite(lattice.originMm)) {
    throw new InputError('bad-plane-origin', `plane origin must be a finite number of mm, got ${String(lattice.originMm)}`);
  }
}

/**
 * Lattice plane positions strictly inside (zLowMm, zHighMm) when `strict`, else inside [zLowMm, zHighMm]
 * (with a 1e-9 mm tolerance), ascending. Positions are computed as origin + k·spacing (no accumulation).
 */
export function latticePlanesInRange(lattice: PlaneLattice, zLowMm: number, zHighMm: number, strict = false): number[] {
  validatePlaneLattice(lattice);
  const { spacingMm, originMm } = lattice;
  const eps = 1e-9;
  const kLow = Math.ceil((zLowMm - originMm) / spacingMm - eps);
  const kHigh = Math.floor((zHighMm - originMm) / spacingMm + eps);
  const planes: number[] = [];
  for (let k = kLow; k <= kHigh; k++) {
    const z = originMm + k * spacingMm;
    if (strict ? z > zLowMm && z < zHighMm : z >= zLowMm - eps && z <= zHighMm + eps) planes.push(z);
  }
  return planes;
}
