import { InputError } from '../errors/InputError';
import type { Vec3 } from '../geometry/points';
import type { PlanarContour } from '../model/Structure';
import { DEFAULT_MAX_SEGMENT_MM, ellipsePolygonXy } from './ellipsePolygon';
import { latticePlanesInRange, type PlaneLattice } from './PlaneLattice';

/** An axis-aligned ellipsoid in patient mm (LPS); a sphere has three equal radii. */
export interface EllipsoidShape {
  readonly centerMm: Vec3;
  /** Semi-axes along patient x, y, z, mm. */
  readonly radiiMm: Vec3;
}

/** A sphere of the given diameter (mm) as an EllipsoidShape. */
export function sphereShape(centerMm: Vec3, diameterMm: number): EllipsoidShape {
  const r = diameterMm / 2;
  return { centerMm, radiiMm: [r, r, r] };
}

/** Throws InputError unless the centre is finite and every radius is a positive finite number. */
export function validateEllipsoid(shape: EllipsoidShape, what = 'ellipsoid'): void {
  if (shape.centerMm.length !== 3 || shape.centerMm.some((c) => !Number.isFinite(c))) {
    throw new InputError('not-finite', `${what}: centre must be three finite mm values, got [${shape.centerMm.join(', ')}]`);
  }
  if (shape.radiiMm.length !== 3 || shape.radiiMm.some((r) => !Number.isFinite(r) || r <= 0)) {
    throw new InputError('bad-radius', `${what}: radii must be three positive mm values, got [${shape.radiiMm.join(', ')}]`);
  }
}

/**
 * Contour stack of an ellipsoid on the planes of `lattice` that cut it (planes strictly inside
 * (cz − rz, cz + rz); a plane exactly tangent to a pole would give a zero-area contour and is left out).
 * Each contour is the exact cross-section ellipse, polygonised with edges ≤ maxSegmentMm.
 * The stack's slab volume Σ area·spacing approaches 4/3·π·rx·ry·rz as spacing/rz → 0; a nodule smaller
 * than about two plane spacings may cut a single plane (or none: then the result is empty — callers warn).
 */
export function ellipsoidContours(shape: EllipsoidShape, lattice: PlaneLattice, maxSegmentMm = DEFAULT_MAX_SEGMENT_MM): PlanarContour[] {
  validateEllipsoid(shape);
  const [cx, cy, cz] = shape.centerMm;
  const [rx, ry, rz] = shape.radiiMm;
  const contours: PlanarContour[] = [];
  for (const zMm of latticePlanesInRange(lattice, cz - rz, cz + rz, true)) {
    const u = (zMm - cz) / rz;
    const scale = Math.sqrt(1 - u * u);
    contours.push({ zMm, xyMm: ellipsePolygonXy(cx, cy, rx * scale, ry * scale, maxSegmentMm) });
  }
  return contours;
}

/** True when the point lies inside or on the ellipsoid. */
export function isInsideEllipsoid(shape: EllipsoidShape, xMm: number, yMm: number, zMm: number): boolean {
  const dx = (xMm - shape.centerMm[0]) / shape.radiiMm[0];
  const dy = (yMm - shape.centerMm[1]) / shape.radiiMm[1];
  const dz = (zMm - shape.centerMm[2]) / shape.radiiMm[2];
  return dx * dx + dy * dy + dz * dz <= 1;
}
