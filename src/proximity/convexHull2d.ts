/**
 * Convex hull of 2D points (x, y pairs) by Andrew's monotone chain, counter-clockwise, without collinear
 * points. Fewer than 3 distinct points give those points. O(n log n).
 * @see A. M. Andrew, "Another efficient algorithm for convex hulls in two dimensions", Inf. Proc. Lett. 9:216 (1979)
 */
export function convexHull2d(xy: Float64Array): Float64Array {
  const n = xy.length >> 1;
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[p] = p;
  order.sort((a, b) => xy[2 * a] - xy[2 * b] || xy[2 * a + 1] - xy[2 * b + 1]);
  const hull = new Int32Array(2 * n + 1);
  let size = 0;
  const cross = (o: number, a: number, b: number): number =>
    (xy[2 * a] - xy[2 * o]) * (xy[2 * b + 1] - xy[2 * o + 1]) - (xy[2 * a + 1] - xy[2 * o + 1]) * (xy[2 * b] - xy[2 * o]);
  for (let q = 0; q < n; q++) {
    const p = order[q];
    while (size >= 2 && cross(hull[size - 2], hull[size - 1], p) <= 0) size--;
    hull[size++] = p;
  }
  const lower = size + 1;
  for (let q = n - 2; q >= 0; q--) {
    const p = order[q];
    while (size >= lower && cross(hull[size - 2], hull[size - 1], p) <= 0) size--;
    hull[size++] = p;
  }
  // The last point repeats the first (for n ≥ 2).
  const count = n >= 2 ? size - 1 : size;
  const out = new Float64Array(2 * count);
  for (let h = 0; h < count; h++) {
    out[2 * h] = xy[2 * hull[h]];
    out[2 * h + 1] = xy[2 * hull[h] + 1];
  }
  return out;
}
