import type { PointLps } from '../geometry/points';
import type { StructureMask } from '../voxelize/StructureMask';
import { maskCentroidMm, overlapVolumeCc } from './structureMaskAlgebra';

export type LungSide = 'left' | 'right';

/** Which lung a nodule is in, and how that was decided. */
export interface NoduleSide {
  readonly noduleName: string;
  /** Patient side; null when it cannot be decided (then `reason` says why). */
  readonly side: LungSide | null;
  /**
   * 'overlap': the lung (left/right structure) sharing the larger volume with the nodule's tumour volume;
   * 'centroid': the tumour overlaps neither lung, so its centre x is compared with the mid-point of the two
   * lungs' centres (LPS: +x is patient left); null when undecided.
   */
  readonly method: 'overlap' | 'centroid' | null;
  /** Fraction-weighted centre of the tumour volume used, patient mm (LPS); null without one. */
  readonly centroidMm: PointLps | null;
  /** Structure the side was taken from (ITV, else GTV, else PTV). */
  readonly targetName: string | null;
  readonly reason: string;
}

/**
 * Side of one nodule from its tumour mask and the left/right lung masks (before targets are subtracted).
 * Uses overlap volumes first; when the tumour touches neither lung, its centroid x against the mid-point of the
 * lung centroids (never the patient origin x = 0, which is not the midline in general). Without both lung
 * masks the side is null: the helper does not guess a midline.
 */
export function noduleLungSide(noduleName: string, target: { readonly name: string; readonly mask: StructureMask } | null, left: StructureMask | null, right: StructureMask | null): NoduleSide {
  if (target === null) return { noduleName, side: null, method: null, centroidMm: null, targetName: null, reason: 'the nodule has no tumour structure (GTV/ITV/PTV) on the grid' };
  const centroidMm = maskCentroidMm(target.mask);
  const base = { noduleName, centroidMm, targetName: target.name };
  if (centroidMm === null) return { ...base, side: null, method: null, reason: `'${target.name}' covers no voxel of the dose grid` };
  if (left === null || right === null) {
    return { ...base, side: null, method: null, reason: 'no separate left and right lung structures: the side is not guessed from a midline' };
  }
  const inLeftCc = overlapVolumeCc(target.mask, left);
  const inRightCc = overlapVolumeCc(target.mask, right);
  if (inLeftCc > 0 || inRightCc > 0) {
    if (inLeftCc === inRightCc) return { ...base, side: null, method: null, reason: `'${target.name}' overlaps both lungs equally (${inLeftCc.toFixed(3)} cc)` };
    const side: LungSide = inLeftCc > inRightCc ? 'left' : 'right';
    return { ...base, side, method: 'overlap', reason: `'${target.name}' overlaps the left lung by ${inLeftCc.toFixed(3)} cc and the right by ${inRightCc.toFixed(3)} cc` };
  }
  const leftCentre = maskCentroidMm(left);
  const rightCentre = maskCentroidMm(right);
  if (leftCentre === null || rightCentre === null || !(leftCentre.xMm > rightCentre.xMm)) {
    return { ...base, side: null, method: null, reason: "the tumour overlaps neither lung and the lungs' centres do not give a left/right order (LPS: left lung at larger x)" };
  }
  const midXMm = (leftCentre.xMm + rightCentre.xMm) / 2;
  if (centroidMm.xMm === midXMm) return { ...base, side: null, method: null, reason: 'the tumour centre lies on the mid-point between the lungs' };
  const side: LungSide = centroidMm.xMm > midXMm ? 'left' : 'right';
  return { ...base, side, method: 'centroid', reason: `'${target.name}' overlaps neither lung; its centre x = ${centroidMm.xMm.toFixed(1)} mm vs the lungs' mid-point ${midXMm.toFixed(1)} mm` };
}
