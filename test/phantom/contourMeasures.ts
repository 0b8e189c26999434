// Test-side measurements on contour stacks, written independently of src/ (shoelace formula, ray casting).
import type { PlanarContour } from '../../src/model/Structure';

/** Shoelace area of one ring, mm² (absolute value). */
export function ringAreaMm2(xy: ArrayLike<number>): number {
  let twice = 0;
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    twice += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
  }
  return Math.abs(twice) / 2;
}

/** Ray-casting point-in-polygon for one ring. */
export function insideRing(xy: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  const n = xy.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = xy[2 * i];
    const yi = xy[2 * i + 1];
    const xj = xy[2 * j];
    const yj = xy[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Contours of a stack grouped by plane (z equal within 1 µm). */
export function byPlane(contours: readonly PlanarContour[]): Map<number, PlanarContour[]> {
  const planes = new Map<number, PlanarContour[]>();
  for (const c of contours) {
    const key = Math.round(c.zMm * 1000) / 1000;
    const list = planes.get(key) ?? [];
    list.push(c);
    planes.set(key, list);
  }
  return planes;
}

/** Even-odd area of one plane: a ring nested inside an odd number of others is a hole. */
export function planeAreaMm2(rings: readonly PlanarContour[]): number {
  let area = 0;
  for (const ring of rings) {
    let depth = 0;
    for (const other of rings) if (other !== ring && insideRing(other.xyMm, ring.xyMm[0], ring.xyMm[1])) depth++;
    area += (depth % 2 === 0 ? 1 : -1) * ringAreaMm2(ring.xyMm);
  }
  return area;
}

/** Volume of a contour stack as Σ plane area × plane spacing (slab model), cm³. */
export function stackVolumeCc(contours: readonly PlanarContour[], planeSpacingMm: number): number {
  let volume = 0;
  for (const rings of byPlane(contours).values()) volume += planeAreaMm2(rings) * planeSpacingMm;
  return volume / 1000;
}

/** Even-odd inside test of a point on one plane of a stack (false when the stack has no contour there). */
export function insideOnPlane(contours: readonly PlanarContour[], x: number, y: number, zMm: number): boolean {
  let inside = false;
  for (const c of contours) if (Math.abs(c.zMm - zMm) < 1e-3 && insideRing(c.xyMm, x, y)) inside = !inside;
  return inside;
}

/** Even-odd inside test against the rings of one plane. */
export function insideRings(rings: readonly PlanarContour[], x: number, y: number): boolean {
  let inside = false;
  for (const c of rings) if (insideRing(c.xyMm, x, y)) inside = !inside;
  return inside;
}
