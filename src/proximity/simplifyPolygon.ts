/**
 * Douglas–Peucker simplification of a closed polygon (x, y pairs): removes vertices while every removed
 * vertex stays within `toleranceMm` of the simplified outline, so the region moves by at most the tolerance.
 * The polygon is split at its first vertex and the vertex farthest from it, and each chain is simplified.
 * Polygons of ≤ 4 vertices, or a tolerance ≤ 0, are returned unchanged.
 * @see D. H. Douglas, T. K. Peucker, Cartographica 10:112 (1973)
 */
export function simplifyPolygon(xyMm: Float64Array, toleranceMm: number): Float64Array {
  const n = xyMm.length >> 1;
  if (n <= 4 || !(toleranceMm > 0)) return xyMm;
  let far = 0;
  let farSq = -1;
  for (let p = 1; p < n; p++) {
    const d = (xyMm[2 * p] - xyMm[0]) ** 2 + (xyMm[2 * p + 1] - xyMm[1]) ** 2;
    if (d > farSq) {
      farSq = d;
      far = p;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[far] = 1;
  const toleranceSq = toleranceMm * toleranceMm;
  // Chains as index pairs (a, b), b may wrap past n (index mod n).
  const stack: number[] = [0, far, far, n];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    if (b - a < 2) continue;
    const ax = xyMm[2 * (a % n)];
    const ay = xyMm[2 * (a % n) + 1];
    const ex = xyMm[2 * (b % n)] - ax;
    const ey = xyMm[2 * (b % n) + 1] - ay;
    const lengthSq = ex * ex + ey * ey;
    let worst = -1;
    let worstSq = toleranceSq;
    for (let q = a + 1; q < b; q++) {
      const px = xyMm[2 * q] - ax;
      const py = xyMm[2 * q + 1] - ay;
      let t = lengthSq > 0 ? (px * ex + py * ey) / lengthSq : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const d = (px - t * ex) ** 2 + (py - t * ey) ** 2;
      if (d > worstSq) {
        worstSq = d;
        worst = q;
      }
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push(a, worst, worst, b);
  }
  let count = 0;
  for (let p = 0; p < n; p++) count += keep[p];
  if (count < 3) return xyMm;
  const out = new Float64Array(2 * count);
  let m = 0;
  for (let p = 0; p < n; p++) {
    if (keep[p] === 0) continue;
    out[m++] = xyMm[2 * p];
    out[m++] = xyMm[2 * p + 1];
  }
  return out;
}
