import type { PlanarContour } from '../model/Structure';
import { convexHull2d } from './convexHull2d';

/**
 * Maximum Feret diameter (largest distance between two points) of a contoured structure, mm, exact over the
 * contour vertices: the farthest pair of a polyhedron's points is a pair of vertices, and on each plane only
 * the vertices of the plane's 2D convex hull can take part, so the hulls are computed first and their
 * vertices compared pairwise in 3D. The slab end caps are not included (the extent along z is between the
 * outermost contour planes, as a clinician measures on the images). 0 for a single point; NaN never occurs
 * for finite input. Returns 0 for no contours.
 */
export function maxFeretDiameterMm(contours: readonly PlanarContour[]): number {
  // Contours with exactly the same z share a hull; a plane split over several z values is still exact
  // (every vertex lies in some group, and extreme points of the union are extreme in their group).
  const byZ = new Map<number, number[]>();
  for (const c of contours) {
    const list = byZ.get(c.zMm) ?? [];
    for (let p = 0; p < c.xyMm.length; p++) list.push(c.xyMm[p]);
    byZ.set(c.zMm, list);
  }
  const points: number[] = [];
  for (const [z, xy] of byZ) {
    const hull = convexHull2d(Float64Array.from(xy));
    for (let p = 0; p < hull.length; p += 2) points.push(hull[p], hull[p + 1], z);
  }
  let bestSq = 0;
  for (let a = 0; a < points.length; a += 3) {
    const x = points[a];
    const y = points[a + 1];
    const z = points[a + 2];
    for (let b = a + 3; b < points.length; b += 3) {
      const d = (points[b] - x) ** 2 + (points[b + 1] - y) ** 2 + (points[b + 2] - z) ** 2;
      if (d > bestSq) bestSq = d;
    }
  }
  return Math.sqrt(bestSq);
}
