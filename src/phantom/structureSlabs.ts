import { InputError } from '../errors/InputError';
import type { Vec3 } from '../geometry/points';
import type { PlanarContour } from '../model/Structure';
import { pointInPolygon } from '../voxelize/polygonArea';

const SAME_PLANE_TOLERANCE_MM = 1e-3;

/**
 * A contour stack seen as a solid: each plane's even-odd region extruded over z ± halfThicknessMm (half the
 * plane spacing, i.e. ½-slice end caps). Build once with structureSlabs, then query many points.
 */
export interface StructureSlabs {
  readonly halfThicknessMm: number;
  /** Sorted by zMm ascending; rings of one plane combine by the even-odd rule. */
  readonly planes: readonly { readonly zMm: number; readonly rings: readonly Float64Array[] }[];
}

/** Groups a structure's contours by plane (z within 1 µm) for distance and inside queries. */
export function structureSlabs(contours: readonly PlanarContour[], planeSpacingMm: number): StructureSlabs {
  if (!Number.isFinite(planeSpacingMm) || planeSpacingMm <= 0) {
    throw new InputError('bad-plane-spacing', `plane spacing must be a positive number of mm, got ${String(planeSpacingMm)}`);
  }
  const sorted = [...contours].sort((a, b) => a.zMm - b.zMm);
  const planes: { zMm: number; rings: Float64Array[] }[] = [];
  for (const c of sorted) {
    const last = planes[planes.length - 1];
    if (last && Math.abs(last.zMm - c.zMm) <= SAME_PLANE_TOLERANCE_MM) last.rings.push(c.xyMm);
    else planes.push({ zMm: c.zMm, rings: [c.xyMm] });
  }
  return { halfThicknessMm: planeSpacingMm / 2, planes };
}

/** Even-odd point-in-region test for the rings of one plane (points on an edge may go either way). */
export function isInsideRings(rings: readonly Float64Array[], xMm: number, yMm: number): boolean {
  let inside = false;
  for (const xy of rings) if (pointInPolygon(xy, xMm, yMm)) inside = !inside;
  return inside;
}

function nearestPlaneIndex(slabs: StructureSlabs, zMm: number): number {
  const planes = slabs.planes;
  let low = 0;
  let high = planes.length - 1;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (planes[mid].zMm <= zMm) low = mid;
    else high = mid;
  }
  return Math.abs(planes[high].zMm - zMm) < Math.abs(planes[low].zMm - zMm) ? high : low;
}

/** True when the point lies in the solid (the nearest plane's slab contains z and its region contains x, y). */
export function isInsideSlabs(slabs: StructureSlabs, pointMm: Vec3): boolean {
  if (slabs.planes.length === 0) return false;
  const plane = slabs.planes[nearestPlaneIndex(slabs, pointMm[2])];
  if (Math.abs(plane.zMm - pointMm[2]) > slabs.halfThicknessMm + 1e-9) return false;
  return isInsideRings(plane.rings, pointMm[0], pointMm[1]);
}

/** Distance from a point to the solid and the nearest point on it (the point itself when inside). */
export interface SlabDistance {
  readonly distanceMm: number;
  readonly nearestMm: Vec3;
}

/**
 * Euclidean distance (mm) from a point to the structure solid (0 inside), searching planes outwards from the
 * point's z and stopping once the z gap alone exceeds the best distance. Returns Infinity for an empty stack.
 */
export function distanceToSlabsMm(slabs: StructureSlabs, pointMm: Vec3): SlabDistance {
  const planes = slabs.planes;
  const [px, py, pz] = pointMm;
  let best = Infinity;
  let nearest: Vec3 = [Number.NaN, Number.NaN, Number.NaN];
  if (planes.length === 0) return { distanceMm: best, nearestMm: nearest };
  const h = slabs.halfThicknessMm;
  const start = nearestPlaneIndex(slabs, pz);
  const visit = (index: number): boolean => {
    const plane = planes[index];
    const dz = Math.max(0, Math.abs(pz - plane.zMm) - h);
    if (dz >= best) return false;
    const zNearest = Math.min(Math.max(pz, plane.zMm - h), plane.zMm + h);
    if (isInsideRings(plane.rings, px, py)) {
      best = dz;
      nearest = [px, py, zNearest];
      return true;
    }
    for (const xy of plane.rings) {
      const n = xy.length / 2;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const ax = xy[2 * j];
        const ay = xy[2 * j + 1];
        const ex = xy[2 * i] - ax;
        const ey = xy[2 * i + 1] - ay;
        const lengthSq = ex * ex + ey * ey;
        let t = lengthSq > 0 ? ((px - ax) * ex + (py - ay) * ey) / lengthSq : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const qx = ax + t * ex;
        const qy = ay + t * ey;
        const d = Math.hypot(px - qx, py - qy, dz);
        if (d < best) {
          best = d;
          nearest = [qx, qy, zNearest];
        }
      }
    }
    return true;
  };
  visit(start);
  for (let i = start + 1; i < planes.length && visit(i); i++);
  for (let i = start - 1; i >= 0 && visit(i); i--);
  return { distanceMm: best, nearestMm: nearest };
}
