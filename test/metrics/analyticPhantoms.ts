// Analytic dose grids and spherical targets for the plan-metric tests (patient mm, Gy).
import type { Grid3, GridGeometry } from '../../src/geometry/Grid3';
import type { PlanarContour } from '../../src/model/Structure';
import { circleContour } from '../voxelize/contourFixtures';

/** A dose grid whose voxel (i, j, k) holds doseAt(voxel centre in patient mm). */
export function analyticDoseGrid(geometry: GridGeometry, doseAt: (x: number, y: number, z: number) => number): Grid3 {
  const [nx, ny, nz] = geometry.dimensions;
  const [sx, sy, sz] = geometry.spacingMm;
  const d = geometry.direction;
  const [ox, oy, oz] = geometry.originMm;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = ox + i * sx * d[0] + j * sy * d[3] + k * sz * d[6];
        const y = oy + i * sx * d[1] + j * sy * d[4] + k * sz * d[7];
        const z = oz + i * sx * d[2] + j * sy * d[5] + k * sz * d[8];
        data[i + j * nx + k * nx * ny] = doseAt(x, y, z);
      }
    }
  }
  return { ...geometry, data };
}

/**
 * A sphere of radius r (mm) centred at (cx, cy, cz) as axial contours every `stepMm` (planes placed so that
 * the ½-slice end caps make the slab stack span exactly [cz − r, cz + r]); each plane is the regular n-gon
 * inscribed in the sphere's section at the middle of its slab.
 */
export function sphereContours(cx: number, cy: number, cz: number, r: number, stepMm: number, n = 256): PlanarContour[] {
  const count = Math.round((2 * r) / stepMm);
  const step = (2 * r) / count;
  const out: PlanarContour[] = [];
  for (let p = 0; p < count; p++) {
    const z = cz - r + (p + 0.5) * step;
    out.push(circleContour(z, cx, cy, Math.sqrt(Math.max(0, r * r - (z - cz) ** 2)), n));
  }
  return out;
}

/** Volume of the lens where spheres of radii R and r with centres d apart overlap (0 ≤ |R − r| ≤ d ≤ R + r). */
export function sphereLensVolumeMm3(R: number, r: number, d: number): number {
  // Closed form (e.g. Weisstein, "Sphere-Sphere Intersection", MathWorld).
  return (Math.PI * (R + r - d) ** 2 * (d * d + 2 * d * r - 3 * r * r + 2 * d * R + 6 * r * R - 3 * R * R)) / (12 * d);
}

/**
 * A piecewise-linear radial dose profile in units of the prescription: 1.25 at r = 0, slope −0.025/mm to
 * r = 12 mm (0.95), −0.05/mm to 24 mm (0.35), −0.01/mm beyond (0 from 59 mm). Its isodoses are spheres:
 * 100 % at r = 10 mm, 50 % at r = 21 mm; at r = 29 mm it is 0.30 (closed form from the segments).
 * Linear in r between the knots, so its trilinear interpolant on a grid is never above it there (r is convex)
 * and below it by at most slope × Σₐ hₐ²/(8·r) (linear interpolation error of r, whose second derivative
 * along an axis is ≤ 1/r).
 */
export function radialProfile(rMm: number): number {
  if (rMm <= 12) return 1.25 - 0.025 * rMm;
  if (rMm <= 24) return 0.95 - 0.05 * (rMm - 12);
  return Math.max(0, 0.35 - 0.01 * (rMm - 24));
}

/** Upper bound of |trilinear interpolation of r − r| at radius ≥ rMinMm on a grid with these spacings. */
export function radiusInterpolationBoundMm(spacingMm: readonly number[], rMinMm: number): number {
  return (spacingMm[0] ** 2 + spacingMm[1] ** 2 + spacingMm[2] ** 2) / (8 * rMinMm);
}

/** Volume of the stack built by sphereContours (exact: Σ n-gon area × slab thickness), mm³. */
export function sphereStackVolumeMm3(r: number, stepMm: number, n = 256): number {
  const count = Math.round((2 * r) / stepMm);
  const step = (2 * r) / count;
  let volume = 0;
  for (let p = 0; p < count; p++) {
    const z = -r + (p + 0.5) * step;
    volume += (n / 2) * (r * r - z * z) * Math.sin((2 * Math.PI) / n) * step;
  }
  return volume;
}

/** A grid centred on the origin (a voxel centre) with `halfExtentMm` on each side at the given spacing. */
export function centredGrid(spacingMm: readonly [number, number, number], halfExtentMm: number, direction: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1]): GridGeometry {
  const half = spacingMm.map((s) => Math.ceil(halfExtentMm / s)) as [number, number, number];
  // Origin: patient position of voxel (0, 0, 0) = −half·spacing along each grid axis.
  const originMm: [number, number, number] = [0, 0, 0];
  for (let a = 0; a < 3; a++) for (let r = 0; r < 3; r++) originMm[r] -= half[a] * spacingMm[a] * direction[3 * a + r];
  return { dimensions: [2 * half[0] + 1, 2 * half[1] + 1, 2 * half[2] + 1], spacingMm, originMm, direction };
}

/**
 * Share (0..1) of the sphereContours stack's volume within radius ρ of its centre, treating each n-gon as its
 * circle (area error (2π/n)²/6 ≈ 1e-4): Σ over slabs ∫ π·min(a², max(0, ρ² − z²)) dz / Σ π a²·thickness, the
 * integral by 2000-point midpoint quadrature per slab. Dx% of the stack under a radial dose is profile(ρ) at share x/100.
 */
export function sphereStackShareWithin(r: number, stepMm: number, rhoMm: number): number {
  const count = Math.round((2 * r) / stepMm);
  const step = (2 * r) / count;
  let inside = 0;
  let total = 0;
  for (let p = 0; p < count; p++) {
    const zMid = -r + (p + 0.5) * step;
    const a2 = r * r - zMid * zMid;
    total += a2 * step;
    const parts = 2000;
    for (let q = 0; q < parts; q++) {
      const z = zMid - step / 2 + ((q + 0.5) * step) / parts;
      inside += Math.min(a2, Math.max(0, rhoMm * rhoMm - z * z)) * (step / parts);
    }
  }
  return inside / total;
}

/** Radius ρ whose ball holds `share` of the stack (bisection on sphereStackShareWithin). */
export function sphereStackRadiusForShare(r: number, stepMm: number, share: number): number {
  let lo = 0;
  let hi = 2 * r;
  for (let it = 0; it < 50; it++) {
    const mid = 0.5 * (lo + hi);
    if (sphereStackShareWithin(r, stepMm, mid) < share) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
