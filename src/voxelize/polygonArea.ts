import type { PlanarContour } from '../model/Structure';

/** Signed area of a closed polygon (x,y pairs, implicit closing edge) by the shoelace formula, mm²; > 0 counter-clockwise. */
export function polygonSignedAreaMm2(xyMm: Float64Array): number {
  const n = xyMm.length >> 1;
  if (n < 3) return 0;
  let twiceArea = 0;
  let px = xyMm[2 * n - 2];
  let py = xyMm[2 * n - 1];
  for (let p = 0; p < n; p++) {
    const qx = xyMm[2 * p];
    const qy = xyMm[2 * p + 1];
    twiceArea += px * qy - qx * py;
    px = qx;
    py = qy;
  }
  return 0.5 * twiceArea;
}

/** True when (x, y) is inside the polygon by the even-odd (crossing) rule. */
export function pointInPolygon(xyMm: Float64Array, x: number, y: number): boolean {
  const n = xyMm.length >> 1;
  let inside = false;
  let px = xyMm[2 * n - 2];
  let py = xyMm[2 * n - 1];
  for (let p = 0; p < n; p++) {
    const qx = xyMm[2 * p];
    const qy = xyMm[2 * p + 1];
    if (py <= y !== qy <= y && x < px + ((y - py) * (qx - px)) / (qy - py)) inside = !inside;
    px = qx;
    py = qy;
  }
  return inside;
}

/**
 * Area of the region enclosed by the contours of one plane under the even-odd rule, mm²: each contour's
 * absolute shoelace area counts + when it is nested in an even number of the other contours, − when odd
 * (a hole, an island in a hole, ...). Exact for non-crossing contours, which is what DICOM requires;
 * crossing contours get the nesting of their first vertex.
 */
export function evenOddAreaMm2(contours: readonly PlanarContour[]): number {
  let area = 0;
  for (let c = 0; c < contours.length; c++) {
    const xy = contours[c].xyMm;
    const a = Math.abs(polygonSignedAreaMm2(xy));
    if (a === 0) continue;
    let depth = 0;
    for (let o = 0; o < contours.length; o++) {
      if (o !== c && contours[o].xyMm.length >= 6 && pointInPolygon(contours[o].xyMm, xy[0], xy[1])) depth++;
    }
    area += depth % 2 === 0 ? a : -a;
  }
  return area;
}
