import type { Vec3 } from '../geometry/points';

/**
 * Exact Euclidean distances to ellipse and ellipsoid boundaries, by the bisection root-finder of
 * D. Eberly, "Distance from a Point to an Ellipse, an Ellipsoid, or a Hyperellipsoid" (Geometric Tools, 2013).
 * Used for the designed nodule distances of the demo phantom, so they come from the analytic shapes
 * rather than from their polygons.
 */

const BISECTION_STEPS = 200;

// Root of Σ (r_i z_i / (s + r_i))² − 1 on the bracket, r = squared axis ratios, z = scaled point (all z_i > 0).
function rootOfSecular(ratios: readonly number[], z: readonly number[], g: number): number {
  const n = z.length;
  const zLast = z[n - 1];
  let s0 = zLast - 1;
  let s1 = 0;
  if (g >= 0) {
    let sumSq = 0;
    for (let i = 0; i < n; i++) sumSq += (ratios[i] * z[i]) ** 2;
    s1 = Math.sqrt(sumSq) - 1;
  }
  let s = 0;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    s = (s0 + s1) / 2;
    if (s === s0 || s === s1) break;
    let value = -1;
    for (let i = 0; i < n; i++) value += ((ratios[i] * z[i]) / (s + ratios[i])) ** 2;
    if (value > 0) s0 = s;
    else if (value < 0) s1 = s;
    else break;
  }
  return s;
}

/**
 * Distance (mm) from the point (x, y) to the boundary curve of the ellipse with centre (cx, cy) and semi-axes
 * a (along x), b (along y); the point may be inside or outside. Returns 0 on the curve.
 */
export function distanceToEllipseCurveMm(xMm: number, yMm: number, cxMm: number, cyMm: number, aMm: number, bMm: number): number {
  // Reflect into the first quadrant and order the axes so that e0 ≥ e1.
  let y0 = Math.abs(xMm - cxMm);
  let y1 = Math.abs(yMm - cyMm);
  let e0 = aMm;
  let e1 = bMm;
  if (e0 < e1) {
    [e0, e1] = [e1, e0];
    [y0, y1] = [y1, y0];
  }
  if (y1 > 0) {
    if (y0 > 0) {
      const z0 = y0 / e0;
      const z1 = y1 / e1;
      const g = z0 * z0 + z1 * z1 - 1;
      if (g === 0) return 0;
      const r0 = (e0 / e1) ** 2;
      const s = rootOfSecular([r0, 1], [z0, z1], g);
      const x0 = (r0 * y0) / (s + r0);
      const x1 = y1 / (s + 1);
      return Math.hypot(x0 - y0, x1 - y1);
    }
    return Math.abs(y1 - e1);
  }
  const numerator = e0 * y0;
  const denominator = e0 * e0 - e1 * e1;
  if (numerator < denominator) {
    const xOverE0 = numerator / denominator;
    const x0 = e0 * xOverE0;
    const x1 = e1 * Math.sqrt(1 - xOverE0 * xOverE0);
    return Math.hypot(x0 - y0, x1);
  }
  return Math.abs(y0 - e0);
}

/**
 * Distance (mm) from a point to the surface of an axis-aligned ellipsoid (inside or outside points).
 * Coordinates exactly on a symmetry plane are nudged by 1e-9 mm so that the generic branch of Eberly's
 * method applies (the distance is continuous, so the change is below 1e-6 mm).
 */
export function distanceToEllipsoidSurfaceMm(pointMm: Vec3, centerMm: Vec3, radiiMm: Vec3): number {
  const order = [0, 1, 2].sort((a, b) => radiiMm[b] - radiiMm[a]);
  const e = order.map((axis) => radiiMm[axis]);
  const y = order.map((axis) => Math.max(Math.abs(pointMm[axis] - centerMm[axis]), 1e-9));
  const z = [y[0] / e[0], y[1] / e[1], y[2] / e[2]];
  const g = z[0] * z[0] + z[1] * z[1] + z[2] * z[2] - 1;
  if (g === 0) return 0;
  const ratios = [(e[0] / e[2]) ** 2, (e[1] / e[2]) ** 2, 1];
  const s = rootOfSecular(ratios, z, g);
  let sumSq = 0;
  for (let i = 0; i < 3; i++) {
    const x = (ratios[i] * y[i]) / (s + ratios[i]);
    sumSq += (x - y[i]) ** 2;
  }
  return Math.sqrt(sumSq);
}
