import type { PlanarContour } from '../model/Structure';
import { pointInPolygon } from '../voxelize/polygonArea';

/**
 * The contours of a structure that lie inside no other contour of their plane (nesting depth 0): the
 * structure with its holes filled. Used for lungs drawn as "lungs minus target" (a hole where the ITV was
 * cut out), so a nodule can be recognised as lying in the lung. Contours with fewer than 3 points are kept
 * (they hold a plane). Planes are contours whose z differ by at most 0.01 mm.
 */
export function outerContours(contours: readonly PlanarContour[]): PlanarContour[] {
  const sorted = [...contours].sort((a, b) => a.zMm - b.zMm);
  const out: PlanarContour[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && sorted[end].zMm - sorted[start].zMm <= 0.01) end++;
    for (let c = start; c < end; c++) {
      const xy = sorted[c].xyMm;
      let nested = false;
      for (let o = start; o < end && !nested; o++) {
        if (o !== c && xy.length >= 2 && sorted[o].xyMm.length >= 6) nested = pointInPolygon(sorted[o].xyMm, xy[0], xy[1]);
      }
      if (!nested) out.push(sorted[c]);
    }
    start = end;
  }
  return out;
}
