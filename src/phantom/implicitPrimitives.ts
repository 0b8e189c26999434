import type { Vec3 } from '../geometry/points';

/**
 * Solid shapes described by a signed distance (mm, negative inside) so that contours and CT voxels of the
 * demo phantom come from the same function. Capsule, vertical cylinder and box distances are exact;
 * the ellipsoid one is the first-order estimate k0·(k0 − 1)/k1 (exact zero set, close to the true distance
 * near the surface), which is all that contouring and inside tests need.
 */
export type ImplicitPrimitive =
  | { readonly kind: 'capsule'; readonly aMm: Vec3; readonly bMm: Vec3; readonly radiusMm: number }
  | { readonly kind: 'ellipsoid'; readonly centerMm: Vec3; readonly radiiMm: Vec3 }
  | {
      readonly kind: 'vertical-cylinder';
      readonly centerXMm: number;
      readonly centerYMm: number;
      readonly radiusMm: number;
      readonly zMinMm: number;
      readonly zMaxMm: number;
    }
  | { readonly kind: 'box'; readonly minMm: Vec3; readonly maxMm: Vec3 };

/** Axis-aligned bounds of a primitive, mm. */
export interface BoundsMm {
  readonly minMm: Vec3;
  readonly maxMm: Vec3;
}

/** A rectangular lattice of sample points in one axial plane: point (i, j) is at (x0 + i·stepX, y0 + j·stepY). */
export interface PlaneRaster {
  readonly x0Mm: number;
  readonly y0Mm: number;
  readonly stepXMm: number;
  readonly stepYMm: number;
  readonly nx: number;
  readonly ny: number;
}

/** Value used for raster points far outside every primitive (mm). */
export const FAR_OUTSIDE_MM = 1e9;

export function primitiveBounds(p: ImplicitPrimitive): BoundsMm {
  switch (p.kind) {
    case 'capsule': {
      const r = p.radiusMm;
      return {
        minMm: [Math.min(p.aMm[0], p.bMm[0]) - r, Math.min(p.aMm[1], p.bMm[1]) - r, Math.min(p.aMm[2], p.bMm[2]) - r],
        maxMm: [Math.max(p.aMm[0], p.bMm[0]) + r, Math.max(p.aMm[1], p.bMm[1]) + r, Math.max(p.aMm[2], p.bMm[2]) + r],
      };
    }
    case 'ellipsoid':
      return {
        minMm: [p.centerMm[0] - p.radiiMm[0], p.centerMm[1] - p.radiiMm[1], p.centerMm[2] - p.radiiMm[2]],
        maxMm: [p.centerMm[0] + p.radiiMm[0], p.centerMm[1] + p.radiiMm[1], p.centerMm[2] + p.radiiMm[2]],
      };
    case 'vertical-cylinder':
      return {
        minMm: [p.centerXMm - p.radiusMm, p.centerYMm - p.radiusMm, p.zMinMm],
        maxMm: [p.centerXMm + p.radiusMm, p.centerYMm + p.radiusMm, p.zMaxMm],
      };
    case 'box':
      return { minMm: p.minMm, maxMm: p.maxMm };
  }
}

/** Exact distance (mm) from a point to the segment a–b minus the radius: the capsule's signed distance. */
export function capsuleSignedDistanceMm(aMm: Vec3, bMm: Vec3, radiusMm: number, x: number, y: number, z: number): number {
  const abx = bMm[0] - aMm[0];
  const aby = bMm[1] - aMm[1];
  const abz = bMm[2] - aMm[2];
  const apx = x - aMm[0];
  const apy = y - aMm[1];
  const apz = z - aMm[2];
  const lengthSq = abx * abx + aby * aby + abz * abz;
  let t = lengthSq > 0 ? (apx * abx + apy * aby + apz * abz) / lengthSq : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = apx - t * abx;
  const dy = apy - t * aby;
  const dz = apz - t * abz;
  return Math.sqrt(dx * dx + dy * dy + dz * dz) - radiusMm;
}

/** Signed distance estimate of an axis-aligned ellipsoid (mm): exact sign, first-order magnitude. */
export function ellipsoidSignedDistanceMm(centerMm: Vec3, radiiMm: Vec3, x: number, y: number, z: number): number {
  const ux = (x - centerMm[0]) / radiiMm[0];
  const uy = (y - centerMm[1]) / radiiMm[1];
  const uz = (z - centerMm[2]) / radiiMm[2];
  const k0 = Math.sqrt(ux * ux + uy * uy + uz * uz);
  const vx = ux / radiiMm[0];
  const vy = uy / radiiMm[1];
  const vz = uz / radiiMm[2];
  const k1 = Math.sqrt(vx * vx + vy * vy + vz * vz);
  if (k1 === 0) return -Math.min(radiiMm[0], radiiMm[1], radiiMm[2]);
  return (k0 * (k0 - 1)) / k1;
}

/** Signed distance estimate of an axis-aligned ellipse in the plane (mm): exact sign, first-order magnitude. */
export function ellipseSignedDistanceMm(cxMm: number, cyMm: number, aMm: number, bMm: number, x: number, y: number): number {
  const ux = (x - cxMm) / aMm;
  const uy = (y - cyMm) / bMm;
  const k0 = Math.sqrt(ux * ux + uy * uy);
  const vx = ux / aMm;
  const vy = uy / bMm;
  const k1 = Math.sqrt(vx * vx + vy * vy);
  if (k1 === 0) return -Math.min(aMm, bMm);
  return (k0 * (k0 - 1)) / k1;
}

function boxSignedDistanceMm(minMm: Vec3, maxMm: Vec3, x: number, y: number, z: number): number {
  const qx = Math.max(minMm[0] - x, x - maxMm[0]);
  const qy = Math.max(minMm[1] - y, y - maxMm[1]);
  const qz = Math.max(minMm[2] - z, z - maxMm[2]);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0), Math.max(qz, 0));
  return outside + Math.min(Math.max(qx, qy, qz), 0);
}

/** Signed distance (mm, negative inside) of a primitive at a point; see the type for which ones are exact. */
export function primitiveSignedDistanceMm(p: ImplicitPrimitive, x: number, y: number, z: number): number {
  switch (p.kind) {
    case 'capsule':
      return capsuleSignedDistanceMm(p.aMm, p.bMm, p.radiusMm, x, y, z);
    case 'ellipsoid':
      return ellipsoidSignedDistanceMm(p.centerMm, p.radiiMm, x, y, z);
    case 'vertical-cylinder': {
      const radial = Math.hypot(x - p.centerXMm, y - p.centerYMm) - p.radiusMm;
      const axial = Math.max(p.zMinMm - z, z - p.zMaxMm);
      return Math.hypot(Math.max(radial, 0), Math.max(axial, 0)) + Math.min(Math.max(radial, axial), 0);
    }
    case 'box':
      return boxSignedDistanceMm(p.minMm, p.maxMm, x, y, z);
  }
}

/** Signed distance of a union of primitives (minimum over them), mm; +FAR_OUTSIDE_MM for an empty list. */
export function unionSignedDistanceMm(primitives: readonly ImplicitPrimitive[], x: number, y: number, z: number): number {
  let best = FAR_OUTSIDE_MM;
  for (let i = 0; i < primitives.length; i++) {
    const d = primitiveSignedDistanceMm(primitives[i], x, y, z);
    if (d < best) best = d;
  }
  return best;
}

/** True when the primitive reaches the plane z (its bounds grown by `marginMm`). */
export function primitiveCutsPlane(p: ImplicitPrimitive, zMm: number, marginMm = 0): boolean {
  const b = primitiveBounds(p);
  return zMm >= b.minMm[2] - marginMm && zMm <= b.maxMm[2] + marginMm;
}

interface RasterWindow {
  iLow: number;
  iHigh: number;
  jLow: number;
  jHigh: number;
}

// Raster index window covering the primitive's xy bounds grown by growMm; undefined when the plane misses it.
function rasterWindow(p: ImplicitPrimitive, zMm: number, raster: PlaneRaster, growMm: number): RasterWindow | undefined {
  const b = primitiveBounds(p);
  if (zMm < b.minMm[2] - growMm || zMm > b.maxMm[2] + growMm) return undefined;
  const window = {
    iLow: Math.max(0, Math.floor((b.minMm[0] - growMm - raster.x0Mm) / raster.stepXMm)),
    iHigh: Math.min(raster.nx - 1, Math.ceil((b.maxMm[0] + growMm - raster.x0Mm) / raster.stepXMm)),
    jLow: Math.max(0, Math.floor((b.minMm[1] - growMm - raster.y0Mm) / raster.stepYMm)),
    jHigh: Math.min(raster.ny - 1, Math.ceil((b.maxMm[1] + growMm - raster.y0Mm) / raster.stepYMm)),
  };
  return window.iLow > window.iHigh || window.jLow > window.jHigh ? undefined : window;
}

/**
 * out[i] = min(out[i], sdf(point i) − offsetMm) for the raster points within the primitive's xy bounds grown by
 * `marginMm` (points further away are known to be > marginMm outside, so the caller's far value stands).
 * Hot path: one specialised loop per primitive kind over its bounding rectangle, no allocation.
 */
export function rasterizeUnionMin(
  p: ImplicitPrimitive,
  zMm: number,
  raster: PlaneRaster,
  out: Float64Array,
  offsetMm = 0,
  marginMm = 3,
): void {
  const w = rasterWindow(p, zMm, raster, marginMm + Math.max(offsetMm, 0));
  if (!w) return;
  const { x0Mm, y0Mm, stepXMm, stepYMm, nx } = raster;
  if (p.kind === 'capsule') {
    // Distance to a segment: per row only x varies, so the projections are linear in i.
    const [ax, ay, az] = p.aMm;
    const abx = p.bMm[0] - ax;
    const aby = p.bMm[1] - ay;
    const abz = p.bMm[2] - az;
    const lengthSq = abx * abx + aby * aby + abz * abz;
    const inverseLengthSq = lengthSq > 0 ? 1 / lengthSq : 0;
    const apz = zMm - az;
    const limit = p.radiusMm + offsetMm;
    for (let j = w.jLow; j <= w.jHigh; j++) {
      const apy = y0Mm + j * stepYMm - ay;
      const row = j * nx;
      for (let i = w.iLow; i <= w.iHigh; i++) {
        const apx = x0Mm + i * stepXMm - ax;
        let t = (apx * abx + apy * aby + apz * abz) * inverseLengthSq;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const dx = apx - t * abx;
        const dy = apy - t * aby;
        const dz = apz - t * abz;
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz) - limit;
        if (d < out[row + i]) out[row + i] = d;
      }
    }
    return;
  }
  if (p.kind === 'vertical-cylinder' && zMm >= p.zMinMm && zMm <= p.zMaxMm) {
    // Inside the z range the distance is the in-plane circle distance (exact unless an end cap is nearer).
    const axial = Math.max(p.zMinMm - zMm, zMm - p.zMaxMm);
    for (let j = w.jLow; j <= w.jHigh; j++) {
      const dy = y0Mm + j * stepYMm - p.centerYMm;
      const row = j * nx;
      for (let i = w.iLow; i <= w.iHigh; i++) {
        const dx = x0Mm + i * stepXMm - p.centerXMm;
        const radial = Math.sqrt(dx * dx + dy * dy) - p.radiusMm;
        const d = (radial > axial ? radial : axial) - offsetMm;
        if (d < out[row + i]) out[row + i] = d;
      }
    }
    return;
  }
  if (p.kind === 'box' && zMm >= p.minMm[2] && zMm <= p.maxMm[2]) {
    // Inside the z range a box is a rectangle in the plane (the z faces only matter when nearer).
    const zInside = Math.max(p.minMm[2] - zMm, zMm - p.maxMm[2]);
    for (let j = w.jLow; j <= w.jHigh; j++) {
      const y = y0Mm + j * stepYMm;
      const qy = Math.max(p.minMm[1] - y, y - p.maxMm[1]);
      const row = j * nx;
      for (let i = w.iLow; i <= w.iHigh; i++) {
        const x = x0Mm + i * stepXMm;
        const qx = Math.max(p.minMm[0] - x, x - p.maxMm[0]);
        const outside = qx > 0 ? (qy > 0 ? Math.sqrt(qx * qx + qy * qy) : qx) : qy > 0 ? qy : 0;
        const inner = Math.max(qx, qy, zInside);
        const d = (outside > 0 ? outside : inner < 0 ? inner : 0) - offsetMm;
        if (d < out[row + i]) out[row + i] = d;
      }
    }
    return;
  }
  for (let j = w.jLow; j <= w.jHigh; j++) {
    const y = y0Mm + j * stepYMm;
    const row = j * nx;
    for (let i = w.iLow; i <= w.iHigh; i++) {
      const d = primitiveSignedDistanceMm(p, x0Mm + i * stepXMm, y, zMm) - offsetMm;
      if (d < out[row + i]) out[row + i] = d;
    }
  }
}

/** out[i] = max(out[i], −sdf(point i)) inside the primitive's bounds: subtracts the primitive from a field. */
export function rasterizeSubtract(p: ImplicitPrimitive, zMm: number, raster: PlaneRaster, out: Float64Array, marginMm = 3): void {
  const w = rasterWindow(p, zMm, raster, marginMm);
  if (!w) return;
  for (let j = w.jLow; j <= w.jHigh; j++) {
    const y = raster.y0Mm + j * raster.stepYMm;
    const row = j * raster.nx;
    for (let i = w.iLow; i <= w.iHigh; i++) {
      const d = -primitiveSignedDistanceMm(p, raster.x0Mm + i * raster.stepXMm, y, zMm);
      if (d > out[row + i]) out[row + i] = d;
    }
  }
}
