// Polygon builders for the voxelisation and DVH tests (patient mm).
import type { PlanarContour } from '../../src/model/Structure';

/** Axis-aligned rectangle [x0, x1] × [y0, y1] on plane z (counter-clockwise). */
export function rectangleContour(zMm: number, x0: number, x1: number, y0: number, y1: number): PlanarContour {
  return { zMm, xyMm: new Float64Array([x0, y0, x1, y0, x1, y1, x0, y1]) };
}

/** Regular n-gon inscribed in the circle (cx, cy, r) on plane z; `clockwise` reverses the winding. */
export function circleContour(zMm: number, cx: number, cy: number, r: number, n = 360, clockwise = false): PlanarContour {
  const xy = new Float64Array(2 * n);
  for (let p = 0; p < n; p++) {
    const a = ((clockwise ? -1 : 1) * 2 * Math.PI * p) / n;
    xy[2 * p] = cx + r * Math.cos(a);
    xy[2 * p + 1] = cy + r * Math.sin(a);
  }
  return { zMm, xyMm: xy };
}

/** Exact area of that n-gon: n/2 · r² · sin(2π/n) (closed form). */
export function regularPolygonAreaMm2(r: number, n = 360): number {
  return (n / 2) * r * r * Math.sin((2 * Math.PI) / n);
}

/** Planes z0, z0 + step, ..., count planes. */
export function planes(z0: number, step: number, count: number): number[] {
  return Array.from({ length: count }, (_, p) => z0 + p * step);
}
