import { expandMask, type MarginMm } from '../distance/expandMask';
import { InputError } from '../errors/InputError';
import type { GridGeometry } from '../geometry/Grid3';
import type { Vec3 } from '../geometry/points';

/** Default GTV/ITV → PTV margin, mm (common lung SBRT practice with 4D-CT ITV; configurable). */
export const DEFAULT_PTV_MARGIN_MM = 5;
/** Largest margin accepted, mm: beyond this it is a typing error, not a PTV. */
export const MAX_PTV_MARGIN_MM = 30;

/**
 * Checks a PTV margin (isotropic, or per patient axis [x, y, z] in LPS) and returns it per axis. Throws
 * InputError('bad-margin') for a non-number, wrong length, NaN/∞, a negative value or more than 30 mm.
 */
export function validatePtvMarginMm(marginMm: MarginMm): Vec3 {
  const values: readonly unknown[] = typeof marginMm === 'number' ? [marginMm, marginMm, marginMm] : Array.isArray(marginMm) ? marginMm : [];
  if (values.length !== 3 || values.some((m) => typeof m !== 'number')) {
    throw new InputError('bad-margin', `PTV margin must be a number of mm or [x, y, z] mm, got ${JSON.stringify(marginMm)}`);
  }
  const [x, y, z] = values as number[];
  for (const m of [x, y, z]) {
    if (!Number.isFinite(m)) throw new InputError('bad-margin', `PTV margin must be finite, got ${JSON.stringify(marginMm)} mm`);
    if (m < 0) throw new InputError('bad-margin', `PTV margin must not be negative, got ${JSON.stringify(marginMm)} mm`);
    if (m > MAX_PTV_MARGIN_MM) throw new InputError('bad-margin', `PTV margin ${JSON.stringify(marginMm)} mm is more than ${MAX_PTV_MARGIN_MM} mm: not a plausible PTV margin`);
  }
  return [x, y, z];
}

/** "GTV_1 + 5 mm" or "GTV_1 + 5/5/8 mm (x/y/z)". */
export function describePtvMargin(targetName: string, marginMm: Vec3): string {
  const [x, y, z] = marginMm;
  return x === y && y === z ? `${targetName} + ${x} mm` : `${targetName} + ${x}/${y}/${z} mm (x/y/z)`;
}

/**
 * PTV mask = target mask expanded by the margin (expandMask: sub-voxel surface, isotropic or per-axis
 * ellipsoidal margin along patient x, y, z), then clipped to the body mask when one is given (voxels outside
 * the body are removed: no dose is planned to air). The grid must leave room for the margin around the
 * target. Throws InputError for a bad margin (validatePtvMarginMm) or mismatched lengths.
 * @param targetMask 0/1 mask of the GTV/ITV on `grid`
 * @param bodyMask 0/1 body mask on `grid`, or null (no clipping)
 */
export function buildPtvMask(targetMask: Uint8Array, grid: GridGeometry, marginMm: MarginMm, bodyMask: Uint8Array | null): Uint8Array {
  const margin = validatePtvMarginMm(marginMm);
  if (bodyMask !== null && bodyMask.length !== targetMask.length) {
    throw new InputError('bad-length', `body mask has ${bodyMask.length} voxels, the target mask ${targetMask.length}`);
  }
  const ptv = expandMask(targetMask, grid, margin);
  if (bodyMask !== null) for (let v = 0; v < ptv.length; v++) ptv[v] &= bodyMask[v];
  return ptv;
}
