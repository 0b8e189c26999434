// Independent reference for the proximity tests: the exact distance between two contour stacks seen as stacks of
// prisms (each plane's even-odd region extruded over its slab: half-way to the neighbouring planes, ½ plane spacing
// end caps, a gap of more than 1.5 spacings ends the structure — the TPS convention of Nelms et al., Med Phys
// 42:4435 (2015)). Pure vector geometry on the contour vertices and edges: no grid, no voxels, no distance transform.
// For prisms P×[a,b] and Q×[c,d]: dist = hypot(gap([a,b],[c,d]), dist2d(P,Q)); dist2d = 0 when the regions meet
// (a ring's vertex inside the other region, or crossing edges), else the smallest distance between two edges,
// which for non-crossing segments is the smallest endpoint-to-segment distance.
import type { PlanarContour } from '../../src/model/Structure';

export interface SlabPlane {
  readonly zLo: number;
  readonly zHi: number;
  readonly rings: readonly Float64Array[];
  /** Edges as ax, ay, bx, by, sorted by min(ax, bx). */
  readonly edges: Float64Array;
  readonly maxEdgeWidth: number;
  /** xMin, yMin, xMax, yMax of the rings. */
  readonly box: readonly [number, number, number, number];
}

/** Planes of a contour stack with their slabs; `spacingMm` is needed for a single-plane stack (else the median gap). */
export function slabPlanes(contours: readonly PlanarContour[], spacingMm?: number): SlabPlane[] {
  const sorted = [...contours].sort((a, b) => a.zMm - b.zMm);
  const groups: { z: number; rings: Float64Array[] }[] = [];
  for (const c of sorted) {
    const last = groups[groups.length - 1];
    if (last && c.zMm - last.z <= 0.01) last.rings.push(c.xyMm);
    else groups.push({ z: c.zMm, rings: [c.xyMm] });
  }
  const gaps = groups.slice(1).map((g, i) => g.z - groups[i].z).sort((a, b) => a - b);
  const median = gaps.length % 2 === 1 ? gaps[gaps.length >> 1] : 0.5 * (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]);
  const spacing = spacingMm ?? median;
  if (!(spacing > 0)) throw new Error('single-plane stack: pass spacingMm');
  return groups.map((g, i) => {
    const below = i > 0 ? g.z - groups[i - 1].z : Infinity;
    const above = i + 1 < groups.length ? groups[i + 1].z - g.z : Infinity;
    const rings = g.rings.filter((r) => r.length >= 6);
    const list: number[][] = [];
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of rings) {
      const n = r.length / 2;
      for (let p = 0; p < n; p++) {
        const q = (p + 1) % n;
        list.push([r[2 * p], r[2 * p + 1], r[2 * q], r[2 * q + 1]]);
        [x0, x1] = [Math.min(x0, r[2 * p]), Math.max(x1, r[2 * p])];
        [y0, y1] = [Math.min(y0, r[2 * p + 1]), Math.max(y1, r[2 * p + 1])];
      }
    }
    list.sort((a, b) => Math.min(a[0], a[2]) - Math.min(b[0], b[2]));
    return {
      zLo: below > 1.5 * spacing ? g.z - spacing / 2 : g.z - below / 2,
      zHi: above > 1.5 * spacing ? g.z + spacing / 2 : g.z + above / 2,
      rings,
      edges: Float64Array.from(list.flat()),
      maxEdgeWidth: Math.max(0, ...list.map((e) => Math.abs(e[2] - e[0]))),
      box: [x0, y0, x1, y1],
    };
  });
}

/** Exact slab-model distance between two contour stacks, mm (0 when they overlap or touch). */
export function slabStackDistanceMm(a: readonly SlabPlane[], b: readonly SlabPlane[]): number {
  let best = Infinity;
  for (const p of a) {
    if (p.rings.length === 0) continue;
    // Planes of b in order of their z gap to p, stopping once the gap alone reaches the best distance.
    const order = b.map((q, i) => ({ i, dz: Math.max(0, q.zLo - p.zHi, p.zLo - q.zHi) })).sort((u, v) => u.dz - v.dz);
    for (const { i, dz } of order) {
      if (dz >= best) break;
      const q = b[i];
      if (q.rings.length === 0) continue;
      const dx = Math.max(0, q.box[0] - p.box[2], p.box[0] - q.box[2]);
      const dy = Math.max(0, q.box[1] - p.box[3], p.box[1] - q.box[3]);
      if (Math.hypot(dz, dx, dy) >= best) continue;
      const limit2d = Number.isFinite(best) ? Math.sqrt(best * best - dz * dz) : Infinity;
      best = Math.min(best, Math.hypot(dz, regionDistance2d(p, q, limit2d)));
      if (best === 0) return 0;
    }
  }
  return best;
}

function insideRegion(rings: readonly Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const ex = bx - ax;
  const ey = by - ay;
  const len2 = ex * ex + ey * ey;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * ex + (py - ay) * ey) / len2)) : 0;
  return Math.hypot(px - ax - t * ex, py - ay - t * ey);
}

function orient(px: number, py: number, qx: number, qy: number, rx: number, ry: number): number {
  return Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
}

function segmentsCross(e: Float64Array, i: number, f: Float64Array, j: number): boolean {
  const ax = e[i], ay = e[i + 1], bx = e[i + 2], by = e[i + 3];
  const cx = f[j], cy = f[j + 1], dx = f[j + 2], dy = f[j + 3];
  return orient(ax, ay, bx, by, cx, cy) * orient(ax, ay, bx, by, dx, dy) < 0 && orient(cx, cy, dx, dy, ax, ay) * orient(cx, cy, dx, dy, bx, by) < 0;
}

/** 2D distance between the regions of two planes (0 when they meet); only edge pairs closer than `limit` in x are compared. */
function regionDistance2d(p: SlabPlane, q: SlabPlane, limit: number): number {
  for (const r of p.rings) if (insideRegion(q.rings, r[0], r[1])) return 0;
  for (const r of q.rings) if (insideRegion(p.rings, r[0], r[1])) return 0;
  let best = limit;
  const e = p.edges;
  const f = q.edges;
  const countF = f.length / 4;
  const minX = (g: Float64Array, n: number) => Math.min(g[4 * n], g[4 * n + 2]);
  for (let i = 0; i < e.length; i += 4) {
    const lo = Math.min(e[i], e[i + 2]) - best - q.maxEdgeWidth;
    const hi = Math.max(e[i], e[i + 2]) + best;
    // first edge of q with min x ≥ lo
    let a = 0;
    let b = countF;
    while (a < b) {
      const m = (a + b) >> 1;
      if (minX(f, m) < lo) a = m + 1;
      else b = m;
    }
    for (let n = a; n < countF && minX(f, n) <= hi; n++) {
      const j = 4 * n;
      if (segmentsCross(e, i, f, j)) return 0;
      best = Math.min(
        best,
        pointSegmentDistance(e[i], e[i + 1], f[j], f[j + 1], f[j + 2], f[j + 3]),
        pointSegmentDistance(e[i + 2], e[i + 3], f[j], f[j + 1], f[j + 2], f[j + 3]),
        pointSegmentDistance(f[j], f[j + 1], e[i], e[i + 1], e[i + 2], e[i + 3]),
        pointSegmentDistance(f[j + 2], f[j + 3], e[i], e[i + 1], e[i + 2], e[i + 3]),
      );
    }
  }
  return best;
}
