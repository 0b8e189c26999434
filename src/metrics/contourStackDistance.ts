import type { ContourSlab } from '../voxelize/contourSlabs';

/** Patient-axis box, mm. */
export interface BoxMm {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  readonly zMin: number;
  readonly zMax: number;
}

/** Exact distance to a contoured structure (the stack of slabs of contourSlabs). */
export interface ContourStackDistance {
  /** Box of the solid, mm; null when the contours enclose nothing. */
  readonly boxMm: BoxMm | null;
  /** Distance in mm from the patient point (x, y, z) to the solid, 0 inside or on it; +Infinity for an empty solid. */
  distanceMm(xMm: number, yMm: number, zMm: number): number;
}

const EDGE_STRIDE = 5;

interface PreparedSlab {
  readonly zLoMm: number;
  readonly zHiMm: number;
  /** Per edge (all polygons of the plane; even-odd): ax, ay, bx − ax, by − ay, 1/|b − a|² (0 for a null edge). */
  readonly edges: Float64Array;
  /** Centre and radius of a circle enclosing the plane's points (a second lower bound next to the box). */
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/**
 * Prepares the exact Euclidean distance from points to a structure modelled as a stack of slabs: each plane's
 * polygons (even-odd) extruded over [zLoMm, zHiMm]. The solid is the union of these prisms, so the distance is
 * the minimum over slabs of √(d_xy² + d_z²), where d_xy is the in-plane distance to the polygon region (0 inside)
 * and d_z the distance to the slab's z interval. Slabs are visited in order of a lower bound (z gap and
 * in-plane box distance) and the search stops when the next bound cannot beat the best distance so far. Zero-thickness slabs and polygons of fewer than 3
 * points (no area, as in the volume and DVH) are ignored.
 */
export function contourStackDistance(slabs: readonly ContourSlab[]): ContourStackDistance {
  const prepared: PreparedSlab[] = [];
  for (const slab of slabs) {
    if (!(slab.zHiMm > slab.zLoMm)) continue;
    let edgeCount = 0;
    for (const c of slab.contours) if (c.xyMm.length >= 6) edgeCount += c.xyMm.length >> 1;
    if (edgeCount === 0) continue;
    const edges = new Float64Array(EDGE_STRIDE * edgeCount);
    let e = 0;
    let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
    for (const c of slab.contours) {
      const xy = c.xyMm;
      const n = xy.length >> 1;
      if (n < 3) continue;
      for (let p = 0; p < n; p++) {
        const q = p + 1 < n ? p + 1 : 0;
        const ex = xy[2 * q] - xy[2 * p];
        const ey = xy[2 * q + 1] - xy[2 * p + 1];
        const len2 = ex * ex + ey * ey;
        edges[e++] = xy[2 * p];
        edges[e++] = xy[2 * p + 1];
        edges[e++] = ex;
        edges[e++] = ey;
        edges[e++] = len2 > 0 ? 1 / len2 : 0;
        xMin = Math.min(xMin, xy[2 * p]);
        xMax = Math.max(xMax, xy[2 * p]);
        yMin = Math.min(yMin, xy[2 * p + 1]);
        yMax = Math.max(yMax, xy[2 * p + 1]);
      }
    }
    const cx = 0.5 * (xMin + xMax);
    const cy = 0.5 * (yMin + yMax);
    let radius2 = 0;
    for (let f = 0; f < edges.length; f += EDGE_STRIDE) radius2 = Math.max(radius2, (edges[f] - cx) ** 2 + (edges[f + 1] - cy) ** 2);
    prepared.push({ zLoMm: slab.zLoMm, zHiMm: slab.zHiMm, edges, xMin, xMax, yMin, yMax, cx, cy, radius: Math.sqrt(radius2) });
  }
  prepared.sort((a, b) => a.zLoMm - b.zLoMm);
  if (prepared.length === 0) return { boxMm: null, distanceMm: () => Infinity };
  const boxMm: BoxMm = {
    xMin: Math.min(...prepared.map((s) => s.xMin)),
    xMax: Math.max(...prepared.map((s) => s.xMax)),
    yMin: Math.min(...prepared.map((s) => s.yMin)),
    yMax: Math.max(...prepared.map((s) => s.yMax)),
    zMin: prepared[0].zLoMm,
    zMax: Math.max(...prepared.map((s) => s.zHiMm)),
  };
  const count = prepared.length;

  // Per query: each slab's lower bound (z gap and box distance), slabs then evaluated in ascending bound order.
  const bound2 = new Float64Array(count);
  const order = new Int32Array(count);

  function distanceMm(x: number, y: number, z: number): number {
    for (let s = 0; s < count; s++) {
      const slab = prepared[s];
      const dz = Math.max(0, slab.zLoMm - z, z - slab.zHiMm);
      const bx = Math.max(0, slab.xMin - x, x - slab.xMax);
      const by = Math.max(0, slab.yMin - y, y - slab.yMax);
      const circle = Math.max(0, Math.hypot(x - slab.cx, y - slab.cy) - slab.radius);
      bound2[s] = dz * dz + Math.max(bx * bx + by * by, circle * circle);
      // Insertion into `order` by bound (slab counts are small: tens to a few hundred).
      let n = s;
      while (n > 0 && bound2[order[n - 1]] > bound2[s]) {
        order[n] = order[n - 1];
        n--;
      }
      order[n] = s;
    }
    let best2 = Infinity;
    for (let n = 0; n < count; n++) {
      const s = order[n];
      if (bound2[s] >= best2) break;
      const slab = prepared[s];
      const dz = Math.max(0, slab.zLoMm - z, z - slab.zHiMm);
      const d2 = dz * dz + planarDistanceSquared(slab.edges, x, y, best2 - dz * dz);
      if (d2 < best2) {
        best2 = d2;
        if (best2 === 0) return 0;
      }
    }
    return Math.sqrt(best2);
  }
  return { boxMm, distanceMm };
}

/**
 * Squared distance from (x, y) to the even-odd region of the edges, 0 inside. `limit2` lets the caller stop
 * caring once the result cannot be below it (the inside test still runs over every edge).
 */
function planarDistanceSquared(edges: Float64Array, x: number, y: number, limit2: number): number {
  let inside = false;
  let best2 = limit2;
  for (let e = 0; e < edges.length; e += EDGE_STRIDE) {
    const ax = edges[e], ay = edges[e + 1], ex = edges[e + 2], ey = edges[e + 3];
    const px = x - ax, py = y - ay;
    // Even-odd crossing of the ray towards +x (half-open in y so shared vertices count once).
    if (ay > y !== ay + ey > y && px * ey < py * ex === ey > 0) inside = !inside;
    let t = (px * ex + py * ey) * edges[e + 4];
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const dx = px - t * ex, dy = py - t * ey;
    const d2 = dx * dx + dy * dy;
    if (d2 < best2) best2 = d2;
  }
  return inside ? 0 : best2;
}
