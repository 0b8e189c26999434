import type { PlanarContour } from '../model/Structure';

/**
 * The non-horizontal edges of all polygons on one plane, ready for even-odd scan-line filling, in a 2D
 * frame (patient x,y mm or a grid's continuous i,j index). `data` holds 4 numbers per edge:
 * yMin, yMax, x at yMin, dx/dy. The bounding box covers every point, including degenerate contours.
 */
export interface ScanlineEdges {
  readonly count: number;
  readonly data: Float64Array;
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/**
 * Builds the edge table of the contours of one plane. `affine` (optional, 6 numbers a,b,c,d,e,f) maps each
 * point (x, y) to (a·x + b·y + c, d·x + e·y + f) first, e.g. patient mm → grid index. Each contour is closed
 * implicitly (last point back to the first).
 */
export function buildScanlineEdges(contours: readonly PlanarContour[], affine?: Float64Array): ScanlineEdges {
  let total = 0;
  for (const contour of contours) total += contour.xyMm.length >> 1;
  const data = new Float64Array(4 * total);
  let count = 0;
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  const [a, b, c, d, e, f] = affine ?? [1, 0, 0, 0, 1, 0];
  for (const contour of contours) {
    const xy = contour.xyMm;
    const n = xy.length >> 1;
    if (n === 0) continue;
    let px = a * xy[2 * n - 2] + b * xy[2 * n - 1] + c;
    let py = d * xy[2 * n - 2] + e * xy[2 * n - 1] + f;
    for (let p = 0; p < n; p++) {
      const qx = a * xy[2 * p] + b * xy[2 * p + 1] + c;
      const qy = d * xy[2 * p] + e * xy[2 * p + 1] + f;
      if (qx < xMin) xMin = qx;
      if (qx > xMax) xMax = qx;
      if (qy < yMin) yMin = qy;
      if (qy > yMax) yMax = qy;
      if (py !== qy) {
        const o = 4 * count++;
        const lowIsP = py < qy;
        data[o] = lowIsP ? py : qy;
        data[o + 1] = lowIsP ? qy : py;
        data[o + 2] = lowIsP ? px : qx;
        data[o + 3] = (qx - px) / (qy - py);
      }
      px = qx;
      py = qy;
    }
  }
  return { count, data, xMin, xMax, yMin, yMax };
}

/**
 * x positions where the horizontal line at `y` crosses the edges, sorted ascending, written to `out`
 * (length ≥ edges.count); returns how many. Half-open rule yMin ≤ y < yMax so a vertex is counted once.
 * Pairs (out[0], out[1]), (out[2], out[3]), ... are the inside intervals by the even-odd rule.
 */
export function scanlineCrossings(edges: ScanlineEdges, y: number, out: Float64Array): number {
  const data = edges.data;
  let n = 0;
  for (let o = 0, end = 4 * edges.count; o < end; o += 4) {
    if (y >= data[o] && y < data[o + 1]) {
      const x = data[o + 2] + (y - data[o]) * data[o + 3];
      // Insertion sort: a scan line crosses few edges.
      let m = n++;
      while (m > 0 && out[m - 1] > x) {
        out[m] = out[m - 1];
        m--;
      }
      out[m] = x;
    }
  }
  return n;
}
