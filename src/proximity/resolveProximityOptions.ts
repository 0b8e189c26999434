import { InputError } from '../errors/InputError';
import type { Vec3 } from '../geometry/points';
import { DEFAULT_PTV_MARGIN_MM, validatePtvMarginMm } from './buildPtv';
import { DEFAULT_CHEST_WALL_THICKNESS_MM } from './deriveChestWall';
import type { ProximityOptions } from './NoduleProximity';

/** Options with defaults filled in and checked. */
export interface ProximitySettings {
  readonly ptvMarginMm: Vec3;
  readonly nearRangeMm: number;
  readonly fineSpacingMm: number;
  readonly maxCoarseVoxels: number;
  readonly chestWallThicknessMm: number;
}

export const DEFAULT_MAX_COARSE_VOXELS = 100_000;
/** Distances that may be up to this are measured at the fine spacing, mm (zone thresholds are 10 and 20 mm). */
export const DEFAULT_NEAR_RANGE_MM = 30;
/**
 * Default fine spacing, mm. Also for small nodules: distances use the sub-voxel surfaces of the partial-volume
 * fractions (fieldSurfacePointsMm; spheres of 2–10 mm radius: errors within ±0.25 mm at 1 mm, test/proximity),
 * while a 0.5 mm grid costs 8 times the voxels.
 */
export const DEFAULT_FINE_SPACING_MM = 1;

/**
 * Fills in defaults and checks ranges. Throws InputError('bad-margin') for a bad PTV margin (negative, NaN,
 * > 30 mm) and InputError('bad-option') naming any other out-of-range option.
 */
export function resolveProximityOptions(options: ProximityOptions = {}): ProximitySettings {
  const inRange = (name: string, value: number | undefined, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new InputError('bad-option', `${name} must be a number from ${min} to ${max}, got ${String(value)}`);
    }
    return value;
  };
  const maxCoarseVoxels = inRange('maxCoarseVoxels', options.maxCoarseVoxels, DEFAULT_MAX_COARSE_VOXELS, 1000, 10_000_000);
  if (!Number.isInteger(maxCoarseVoxels)) throw new InputError('bad-option', `maxCoarseVoxels must be an integer, got ${maxCoarseVoxels}`);
  return {
    ptvMarginMm: validatePtvMarginMm(options.ptvMarginMm ?? DEFAULT_PTV_MARGIN_MM),
    nearRangeMm: inRange('nearRangeMm', options.nearRangeMm, DEFAULT_NEAR_RANGE_MM, 5, 200),
    fineSpacingMm: inRange('fineSpacingMm', options.fineSpacingMm, DEFAULT_FINE_SPACING_MM, 0.25, 2),
    maxCoarseVoxels,
    chestWallThicknessMm: inRange('chestWallThicknessMm', options.chestWallThicknessMm, DEFAULT_CHEST_WALL_THICKNESS_MM, 5, 60),
  };
}
