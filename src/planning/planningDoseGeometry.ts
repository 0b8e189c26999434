import type { GridGeometry } from '../geometry/Grid3';
import type { Case } from '../model/Case';
import type { PlanarContour, Structure } from '../model/Structure';
import { boxExpand, boxUnion, type BoxMm } from '../proximity/BoxMm';
import { latticeGrid } from '../proximity/latticeGrid';

/** Margin around the lungs + targets box when the case has no body, mm (room for the D2cm shell and fall-off). */
export const NO_BODY_MARGIN_MM = 30;

/** Box of a stack of planar contours (vertices; z = the contour planes), mm; null without contours. */
export function contoursBoxMm(contours: readonly PlanarContour[]): BoxMm | null {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, z0 = Infinity, z1 = -Infinity;
  for (const c of contours) {
    const xy = c.xyMm;
    for (let n = 0; n + 1 < xy.length; n += 2) {
      if (xy[n] < x0) x0 = xy[n];
      if (xy[n] > x1) x1 = xy[n];
      if (xy[n + 1] < y0) y0 = xy[n + 1];
      if (xy[n + 1] > y1) y1 = xy[n + 1];
    }
    if (c.zMm < z0) z0 = c.zMm;
    if (c.zMm > z1) z1 = c.zMm;
  }
  return x0 <= x1 && z0 <= z1 ? { min: [x0, y0, z0], max: [x1, y1, z1] } : null;
}

/** Where the common dose grid comes from, for reports. */
export interface PlanningDoseGeometry {
  readonly geometry: GridGeometry;
  readonly basis: 'body' | 'lungs-and-targets';
}

/**
 * The case's common dose grid: axis-aligned lattice grid (latticeGrid: voxel centres on multiples of spacingMm)
 * over the body's bounding box, or — without a body structure — over the lungs and targets grown by
 * NO_BODY_MARGIN_MM. Returns null when the case has none of these contoured.
 * @param spacingMm isotropic dose-grid spacing, mm
 */
export function planningDoseGeometry(patientCase: Case, targets: readonly Structure[], spacingMm: number): PlanningDoseGeometry | null {
  const body = patientCase.structures.find((s) => s.role === 'body' && s.contours.length > 0);
  if (body) {
    const box = contoursBoxMm(body.contours);
    if (box) return { geometry: latticeGrid(box, spacingMm), basis: 'body' };
  }
  let box: BoxMm | null = null;
  for (const s of patientCase.structures) {
    if (!(s.role === 'lung' || s.role === 'lung-left' || s.role === 'lung-right' || targets.includes(s))) continue;
    const b = contoursBoxMm(s.contours);
    if (b) box = box ? boxUnion(box, b) : b;
  }
  return box ? { geometry: latticeGrid(boxExpand(box, NO_BODY_MARGIN_MM), spacingMm), basis: 'lungs-and-targets' } : null;
}
