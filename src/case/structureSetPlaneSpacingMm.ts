import type { PlanarContour } from '../model/Structure';

/**
 * Median spacing between neighbouring contour planes over all structures of a set, mm (undefined when no
 * structure has two planes). Used as the slab thickness of structures drawn on a single plane (tiny
 * nodules), which carry no spacing of their own; the set's planes are the CT slices they were drawn on.
 */
export function structureSetPlaneSpacingMm(structures: readonly { readonly contours: readonly PlanarContour[] }[], toleranceMm = 0.01): number | undefined {
  const steps: number[] = [];
  for (const structure of structures) {
    let previous = Number.NaN;
    for (const contour of structure.contours) {
      const step = contour.zMm - previous;
      if (step > toleranceMm) steps.push(step);
      previous = contour.zMm;
    }
  }
  if (steps.length === 0) return undefined;
  steps.sort((a, b) => a - b);
  return steps[steps.length >> 1];
}

/** Slab options for one structure: the set's spacing only when the structure has a single plane. */
export function singlePlaneSpacingOption(contours: readonly PlanarContour[], setSpacingMm: number | undefined, toleranceMm = 0.01): { contourSpacingMm?: number } {
  if (setSpacingMm === undefined || contours.length === 0) return {};
  const z0 = contours[0].zMm;
  return contours.every((c) => Math.abs(c.zMm - z0) <= toleranceMm) ? { contourSpacingMm: setSpacingMm } : {};
}
