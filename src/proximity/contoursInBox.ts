import type { PlanarContour } from '../model/Structure';
import type { BoxMm } from './BoxMm';
import { clipPolygonToRect } from './clipPolygonToRect';
import type { PreparedStructure } from './PreparedStructure';
import { simplifyPolygon } from './simplifyPolygon';

/**
 * The part of a structure's contours that matters inside `box`, for fast voxelisation of large structures
 * (body, lungs) on small local grids. Voxelised with the structure's `contourSpacingMm`, the result gives
 * the same partial volumes inside the box as the full contour set:
 * - planes whose slab meets the box's z range are kept, plus one neighbouring plane on each side, so every
 *   kept slab that meets the box keeps the same limits (slab limits depend only on neighbouring planes);
 * - each polygon (the structure's rasterPolygons, simplified within 0.05 mm) is clipped to the box's x, y
 *   rectangle (polygon ∩ rectangle is exact under the even-odd rule for points inside the rectangle; callers
 *   pass a box larger than the grid so the clip border lies outside it); polygons inside the rectangle are
 *   used as they are, polygons outside it are dropped;
 * - a kept plane with nothing left gets a one-point contour, which keeps the plane (and so the slab limits
 *   of its neighbours) without adding area;
 * - with `toleranceMm` > 0 the clipped polygons are simplified (simplifyPolygon): the outline moves by at
 *   most the tolerance, and far fewer edges make voxelisation on coarse grids fast.
 * Returns an empty list when no slab meets the box.
 */
export function contoursInBox(structure: PreparedStructure, box: BoxMm, toleranceMm = 0): PlanarContour[] {
  const slabs = structure.slabs;
  let first = -1;
  let last = -1;
  for (let s = 0; s < slabs.length; s++) {
    if (slabs[s].zHiMm < box.min[2] || slabs[s].zLoMm > box.max[2]) continue;
    if (first < 0) first = s;
    last = s;
  }
  if (first < 0) return [];
  first = Math.max(0, first - 1);
  last = Math.min(slabs.length - 1, last + 1);
  const [xMin, yMin] = box.min;
  const [xMax, yMax] = box.max;
  const out: PlanarContour[] = [];
  for (let s = first; s <= last; s++) {
    const before = out.length;
    for (const polygon of structure.rasterPolygons(s)) {
      const [px0, py0, px1, py1] = polygon.box;
      if (px1 < xMin || px0 > xMax || py1 < yMin || py0 > yMax) continue;
      const inside = px0 >= xMin && px1 <= xMax && py0 >= yMin && py1 <= yMax;
      const clipped = inside ? polygon.xyMm : simplifyPolygon(clipPolygonToRect(polygon.xyMm, xMin, xMax, yMin, yMax), toleranceMm);
      if (clipped.length >= 6) out.push({ zMm: polygon.zMm, xyMm: clipped });
    }
    if (out.length === before) out.push({ zMm: slabs[s].contours[0].zMm, xyMm: new Float64Array([0.5 * (xMin + xMax), 0.5 * (yMin + yMax)]) });
  }
  return out;
}
