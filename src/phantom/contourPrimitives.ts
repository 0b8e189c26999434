import type { PlanarContour } from '../model/Structure';
import { contourRaster } from './contourRaster';
import {
  FAR_OUTSIDE_MM,
  primitiveBounds,
  primitiveCutsPlane,
  rasterizeSubtract,
  rasterizeUnionMin,
  type ImplicitPrimitive,
  type PlaneRaster,
} from './implicitPrimitives';

/** Raster step (mm) for tube-like structures: vertices ≤ 0.71 mm apart along the contour. */
export const TUBE_RASTER_STEP_MM = 0.5;

/**
 * Contours, on the plane z, of the union of `primitives` minus the union of `subtract`, by marching squares on
 * a raster of `stepMm` covering the active primitives. Returns [] when no primitive reaches the plane.
 */
export function contourPrimitiveUnion(
  primitives: readonly ImplicitPrimitive[],
  zMm: number,
  subtract: readonly ImplicitPrimitive[] = [],
  stepMm = TUBE_RASTER_STEP_MM,
): PlanarContour[] {
  const active = primitives.filter((p) => primitiveCutsPlane(p, zMm));
  if (active.length === 0) return [];
  const margin = 2 * stepMm + 1;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const p of active) {
    const b = primitiveBounds(p);
    xMin = Math.min(xMin, b.minMm[0]);
    xMax = Math.max(xMax, b.maxMm[0]);
    yMin = Math.min(yMin, b.minMm[1]);
    yMax = Math.max(yMax, b.maxMm[1]);
  }
  // Snap the raster to multiples of the step so that results do not depend on which primitives are active.
  const x0Mm = Math.floor((xMin - margin) / stepMm) * stepMm;
  const y0Mm = Math.floor((yMin - margin) / stepMm) * stepMm;
  const raster: PlaneRaster = {
    x0Mm,
    y0Mm,
    stepXMm: stepMm,
    stepYMm: stepMm,
    nx: Math.ceil((xMax + margin - x0Mm) / stepMm) + 1,
    ny: Math.ceil((yMax + margin - y0Mm) / stepMm) + 1,
  };
  const field = new Float64Array(raster.nx * raster.ny).fill(FAR_OUTSIDE_MM);
  for (const p of active) rasterizeUnionMin(p, zMm, raster, field, 0, margin);
  for (const p of subtract) rasterizeSubtract(p, zMm, raster, field, margin);
  return contourRaster(field, raster, zMm);
}
