import { InputError } from '../errors/InputError';
import type { PlanarContour } from '../model/Structure';

/**
 * End-cap policy at the first and last contour plane (and on both sides of a gap):
 * - 'half-slice': the plane's slab extends ½ contour spacing outward (Nelms 2015 benchmark, most TPSs);
 * - 'none': the structure stops exactly at the plane.
 */
export type EndCaps = 'half-slice' | 'none';

export interface ContourSlabOptions {
  /** Default 'half-slice'. */
  readonly endCaps?: EndCaps;
  /**
   * Contour plane spacing in mm. Default: the median distance between neighbouring planes. Required for a
   * structure drawn on a single plane (there is nothing to infer it from; pass the CT slice thickness).
   */
  readonly contourSpacingMm?: number;
  /** Contours whose z differ by at most this are on the same plane. Default 0.01 mm. */
  readonly planeToleranceMm?: number;
  /** A distance between neighbouring planes above gapFactor × spacing ends the structure there. Default 1.5. */
  readonly gapFactor?: number;
  /** Used in error messages only. */
  readonly structureName?: string;
}

/** One contour plane and the z interval [zLoMm, zHiMm] of patient space it stands for. */
export interface ContourSlab {
  /** Plane z (mean of the merged contours' z), mm. */
  readonly zMm: number;
  readonly zLoMm: number;
  readonly zHiMm: number;
  /** All contours on the plane; they combine by the even-odd rule. */
  readonly contours: readonly PlanarContour[];
}

export interface ContourSlabs {
  /** Sorted by z ascending. */
  readonly slabs: readonly ContourSlab[];
  /** Spacing used for the end caps and the gap rule, mm (given or inferred). */
  readonly contourSpacingMm: number;
  /** Number of gaps (distance > gapFactor × spacing) treated as the structure ending and restarting. */
  readonly gapCount: number;
}

/**
 * Groups planar contours into planes and gives each plane its z slab (the "stack of slabs" model used by
 * treatment-planning systems):
 * - contours within `planeToleranceMm` in z share a plane (never exact float equality);
 * - between neighbouring planes the boundary is half-way;
 * - the first/last plane gets an end cap per `endCaps` (½ × contourSpacingMm outward, or none);
 * - a distance between planes larger than `gapFactor` (1.5) × the contour spacing is a gap where the structure
 *   is absent: it is not filled, and both sides get end caps as if the structure ended there.
 *   The reference spacing is the median plane distance, so a contour set mixing e.g. 2.5 and 5 mm planes
 *   (mostly 2.5) would see its 5 mm steps as gaps: pass contourSpacingMm (the largest regular spacing)
 *   then. Callers should report `gapCount` > 0.
 * Contours with fewer than 3 points have no area but still define a plane (e.g. a cone's apex).
 * Throws InputError: 'empty-structure' (no contours), 'bad-contour' (odd or empty coordinate list),
 * 'not-finite' (NaN/∞ coordinate), 'unknown-contour-spacing' (single plane without contourSpacingMm),
 * 'bad-option'.
 */
export function contourSlabs(contours: readonly PlanarContour[], options: ContourSlabOptions = {}): ContourSlabs {
  const name = options.structureName ?? 'structure';
  const endCaps = options.endCaps ?? 'half-slice';
  const toleranceMm = options.planeToleranceMm ?? 0.01;
  const gapFactor = options.gapFactor ?? 1.5;
  if (endCaps !== 'half-slice' && endCaps !== 'none') throw new InputError('bad-option', `${name}: unknown endCaps '${String(endCaps)}'`);
  if (!(toleranceMm >= 0) || !Number.isFinite(toleranceMm)) throw new InputError('bad-option', `${name}: planeToleranceMm must be ≥ 0, got ${toleranceMm}`);
  if (!(gapFactor > 1) || !Number.isFinite(gapFactor)) throw new InputError('bad-option', `${name}: gapFactor must be > 1, got ${gapFactor}`);
  if (contours.length === 0) throw new InputError('empty-structure', `${name}: no contours`);
  for (let c = 0; c < contours.length; c++) validateContour(contours[c], name, c);

  const sorted = [...contours].sort((a, b) => a.zMm - b.zMm);
  const planes: { zMm: number; contours: PlanarContour[] }[] = [];
  let firstZ = Number.NaN;
  let zSum = 0;
  for (const contour of sorted) {
    const last = planes[planes.length - 1];
    // Compare with the plane's first z so a slow drift cannot chain distinct planes together.
    if (last !== undefined && contour.zMm - firstZ <= toleranceMm) {
      last.contours.push(contour);
      zSum += contour.zMm;
      last.zMm = zSum / last.contours.length;
    } else {
      planes.push({ zMm: contour.zMm, contours: [contour] });
      firstZ = contour.zMm;
      zSum = contour.zMm;
    }
  }

  let spacingMm = options.contourSpacingMm;
  if (spacingMm !== undefined) {
    if (!(spacingMm > 0) || !Number.isFinite(spacingMm)) throw new InputError('bad-option', `${name}: contourSpacingMm must be > 0, got ${spacingMm}`);
  } else if (planes.length < 2) {
    throw new InputError('unknown-contour-spacing', `${name}: contours on a single plane (z = ${planes[0].zMm} mm); pass contourSpacingMm (e.g. the CT slice thickness)`);
  } else {
    const gaps = new Float64Array(planes.length - 1);
    for (let p = 0; p + 1 < planes.length; p++) gaps[p] = planes[p + 1].zMm - planes[p].zMm;
    gaps.sort();
    const mid = gaps.length >> 1;
    spacingMm = gaps.length % 2 === 1 ? gaps[mid] : 0.5 * (gaps[mid - 1] + gaps[mid]);
  }

  const capMm = endCaps === 'half-slice' ? 0.5 * spacingMm : 0;
  const gapLimitMm = gapFactor * spacingMm;
  const slabs: ContourSlab[] = [];
  let gapCount = 0;
  for (let p = 0; p < planes.length; p++) {
    const z = planes[p].zMm;
    const below = p > 0 ? z - planes[p - 1].zMm : Number.POSITIVE_INFINITY;
    const above = p + 1 < planes.length ? planes[p + 1].zMm - z : Number.POSITIVE_INFINITY;
    if (Number.isFinite(above) && above > gapLimitMm) gapCount++;
    slabs.push({
      zMm: z,
      zLoMm: below > gapLimitMm ? z - capMm : z - 0.5 * below,
      zHiMm: above > gapLimitMm ? z + capMm : z + 0.5 * above,
      contours: planes[p].contours,
    });
  }
  return { slabs, contourSpacingMm: spacingMm, gapCount };
}

function validateContour(contour: PlanarContour, name: string, index: number): void {
  if (!Number.isFinite(contour.zMm)) throw new InputError('not-finite', `${name}: contour ${index} has z = ${contour.zMm}`);
  const xy = contour.xyMm;
  if (xy.length === 0 || xy.length % 2 !== 0) {
    throw new InputError('bad-contour', `${name}: contour ${index} at z = ${contour.zMm} mm has ${xy.length} coordinates (need x,y pairs)`);
  }
  for (let n = 0; n < xy.length; n++) {
    if (!Number.isFinite(xy[n])) throw new InputError('not-finite', `${name}: contour ${index} at z = ${contour.zMm} mm has coordinate ${n} = ${xy[n]}`);
  }
}
