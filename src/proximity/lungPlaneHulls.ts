import type { PlanarContour } from '../model/Structure';
import { convexHull2d } from './convexHull2d';
import type { PreparedStructure } from './PreparedStructure';

/** Planes closer than this in z are one plane (same tolerance as contourSlabs). */
const PLANE_TOLERANCE_MM = 0.01;

/** The convex hull of all lung contours on one plane: the thoracic cavity enclosed by the lungs there. */
export interface LungPlaneHull {
  readonly zMm: number;
  /** z range of the plane's slab (union over the lungs), mm. */
  readonly zLoMm: number;
  readonly zHiMm: number;
  /** Counter-clockwise convex polygon, x, y pairs, mm. */
  readonly hullXy: Float64Array;
  /** Hull vertices that are lung vertices (not midline points), x, y, z triples: points on the costal lung surface. */
  readonly lungPoints: Float64Array;
}

/**
 * Per contour plane of the lungs (all lung structures together), the 2D convex hull of their contours. The
 * hull spans the mediastinum between the lungs and the medial concavities (hilum, heart, spine), so body
 * tissue outside it is the chest wall side. Where a plane holds contours on one side of `midlineXMm` only
 * (one apex or one base reaching further than the other), the hull is extended to the midline over that
 * lung's y range, so the medial side of a lone lung does not count as chest wall.
 * @param lungs prepared lung structures (holes filled, see outerContours)
 * @param midlineXMm patient mid-sagittal x, mm (e.g. the centre of the body's bounding box)
 */
export function lungPlaneHulls(lungs: readonly PreparedStructure[], midlineXMm: number): LungPlaneHull[] {
  const slabs = lungs.flatMap((lung) => lung.slabs).sort((a, b) => a.zMm - b.zMm);
  const planes: { zMm: number; zLoMm: number; zHiMm: number; contours: PlanarContour[] }[] = [];
  for (const slab of slabs) {
    const last = planes[planes.length - 1];
    if (last !== undefined && slab.zMm - last.zMm <= PLANE_TOLERANCE_MM) {
      last.contours.push(...slab.contours);
      last.zLoMm = Math.min(last.zLoMm, slab.zLoMm);
      last.zHiMm = Math.max(last.zHiMm, slab.zHiMm);
    } else {
      planes.push({ zMm: slab.zMm, zLoMm: slab.zLoMm, zHiMm: slab.zHiMm, contours: [...slab.contours] });
    }
  }
  const hulls: LungPlaneHull[] = [];
  for (const plane of planes) {
    const points: number[] = [];
    const sideY = [
      [Infinity, -Infinity],
      [Infinity, -Infinity],
    ];
    for (const contour of plane.contours) {
      const xy = contour.xyMm;
      const n = xy.length >> 1;
      if (n < 3) continue;
      let cx = 0;
      for (let p = 0; p < n; p++) cx += xy[2 * p];
      const side = cx / n < midlineXMm ? 0 : 1;
      for (let p = 0; p < n; p++) {
        points.push(xy[2 * p], xy[2 * p + 1]);
        sideY[side][0] = Math.min(sideY[side][0], xy[2 * p + 1]);
        sideY[side][1] = Math.max(sideY[side][1], xy[2 * p + 1]);
      }
    }
    if (points.length === 0) continue;
    const oneSided = (sideY[0][0] === Infinity) !== (sideY[1][0] === Infinity);
    const [yLo, yHi] = sideY[0][0] === Infinity ? sideY[1] : sideY[0];
    if (oneSided) points.push(midlineXMm, yLo, midlineXMm, yHi);
    const hullXy = convexHull2d(Float64Array.from(points));
    const lungPoints: number[] = [];
    for (let p = 0; p < hullXy.length; p += 2) {
      const isMidline = oneSided && hullXy[p] === midlineXMm && (hullXy[p + 1] === yLo || hullXy[p + 1] === yHi);
      if (!isMidline) lungPoints.push(hullXy[p], hullXy[p + 1], plane.zMm);
    }
    hulls.push({ zMm: plane.zMm, zLoMm: plane.zLoMm, zHiMm: plane.zHiMm, hullXy, lungPoints: Float64Array.from(lungPoints) });
  }
  return hulls;
}

/**
 * x interval [lo, hi] where the horizontal line y crosses a convex polygon, written to out[0..1]; false
 * when the line misses it.
 */
export function convexRowInterval(hullXy: Float64Array, y: number, out: Float64Array): boolean {
  const n = hullXy.length >> 1;
  let lo = Infinity;
  let hi = -Infinity;
  let px = hullXy[2 * n - 2];
  let py = hullXy[2 * n - 1];
  for (let q = 0; q < n; q++) {
    const qx = hullXy[2 * q];
    const qy = hullXy[2 * q + 1];
    if ((py <= y && y <= qy) || (qy <= y && y <= py)) {
      if (py === qy) {
        lo = Math.min(lo, px, qx);
        hi = Math.max(hi, px, qx);
      } else {
        const x = px + ((y - py) * (qx - px)) / (qy - py);
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    px = qx;
    py = qy;
  }
  out[0] = lo;
  out[1] = hi;
  return lo <= hi;
}
