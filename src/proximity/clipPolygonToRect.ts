/**
 * Sutherland–Hodgman clipping of a closed polygon (x, y pairs) to the rectangle [xMin, xMax] × [yMin, yMax].
 * The result covers exactly polygon ∩ rectangle; where the polygon leaves and re-enters, it runs along the
 * rectangle's border (zero-width spurs), which only matters on the border itself. Returns an empty array
 * when nothing is left.
 * @see I. E. Sutherland, G. W. Hodgman, "Reentrant polygon clipping", Commun. ACM 17:32 (1974)
 */
export function clipPolygonToRect(xyMm: Float64Array, xMin: number, xMax: number, yMin: number, yMax: number): Float64Array {
  let points = xyMm;
  for (let edge = 0; edge < 4 && points.length >= 2; edge++) points = clipAgainst(points, edge, edge === 0 ? xMin : edge === 1 ? xMax : edge === 2 ? yMin : yMax);
  return points;
}

// edge 0: x ≥ limit, 1: x ≤ limit, 2: y ≥ limit, 3: y ≤ limit.
function clipAgainst(xy: Float64Array, edge: number, limit: number): Float64Array {
  const n = xy.length >> 1;
  const axis = edge < 2 ? 0 : 1;
  const sign = edge % 2 === 0 ? 1 : -1;
  const out = new Float64Array(4 * n);
  let m = 0;
  let px = xy[2 * n - 2];
  let py = xy[2 * n - 1];
  let pInside = sign * ((axis === 0 ? px : py) - limit) >= 0;
  for (let q = 0; q < n; q++) {
    const qx = xy[2 * q];
    const qy = xy[2 * q + 1];
    const qInside = sign * ((axis === 0 ? qx : qy) - limit) >= 0;
    if (qInside !== pInside) {
      const pa = axis === 0 ? px : py;
      const qa = axis === 0 ? qx : qy;
      const t = (limit - pa) / (qa - pa);
      out[m++] = axis === 0 ? limit : px + t * (qx - px);
      out[m++] = axis === 0 ? py + t * (qy - py) : limit;
    }
    if (qInside) {
      out[m++] = qx;
      out[m++] = qy;
    }
    px = qx;
    py = qy;
    pInside = qInside;
  }
  return out.slice(0, m);
}
