// Phantoms and closed-form helpers for the dose-engine tests (unequal dimensions and spacing so axis swaps fail).
import type { Beam } from '../../src/dose/Beam';
import type { ConeBeamData } from '../../src/dose/BeamData';
import { IDENTITY_DIRECTION, type Grid3 } from '../../src/geometry/Grid3';
import type { PointLps, Vec3 } from '../../src/geometry/points';

/** 41 × 60 × 33 voxels at 2 × 2.5 × 3 mm; x centred on 0 (voxel i ↔ nx−1−i mirror exactly), y from −70 mm. */
export const WATER_DIMENSIONS: [number, number, number] = [41, 60, 33];
export const WATER_SPACING: Vec3 = [2, 2.5, 3];
export const WATER_ORIGIN: Vec3 = [-40, -70, -48];
/** Entrance surface of the box for beams along +y: the outer face of the first voxel row, mm. */
export const WATER_SURFACE_Y_MM = WATER_ORIGIN[1] - WATER_SPACING[1] / 2;

export function uniformPhantom(density = 1): Grid3<Float32Array> {
  const [nx, ny, nz] = WATER_DIMENSIONS;
  return { dimensions: WATER_DIMENSIONS, spacingMm: WATER_SPACING, originMm: WATER_ORIGIN, direction: IDENTITY_DIRECTION, data: new Float32Array(nx * ny * nz).fill(density) };
}

/** Water box with a slab of `density` for y-voxel rows [j0, j1] (slab faces on voxel boundaries). */
export function slabPhantom(j0: number, j1: number, density: number): Grid3<Float32Array> {
  const grid = uniformPhantom(1);
  const [nx, , nz] = WATER_DIMENSIONS;
  const ny = WATER_DIMENSIONS[1];
  for (let k = 0; k < nz; k++) for (let j = j0; j <= j1; j++) for (let i = 0; i < nx; i++) grid.data[i + j * nx + k * nx * ny] = density;
  return grid;
}

export function voxelCentre(grid: { originMm: Vec3; spacingMm: Vec3 }, i: number, j: number, k: number): PointLps {
  return { xMm: grid.originMm[0] + i * grid.spacingMm[0], yMm: grid.originMm[1] + j * grid.spacingMm[1], zMm: grid.originMm[2] + k * grid.spacingMm[2] };
}

export function flatIndex(i: number, j: number, k: number): number {
  const [nx, ny] = WATER_DIMENSIONS;
  return i + j * nx + k * nx * ny;
}

export function makeBeam(id: string, sourceMm: PointLps, aimPointMm: PointLps, coneDiameterMm: number): Beam {
  const d = [aimPointMm.xMm - sourceMm.xMm, aimPointMm.yMm - sourceMm.yMm, aimPointMm.zMm - sourceMm.zMm];
  const length = Math.hypot(d[0], d[1], d[2]);
  return { id, sourceMm, aimPointMm, coneDiameterMm, nodeIndex: 0, directionLps: [d[0] / length, d[1] / length, d[2] / length], sourceAxisDistanceMm: length };
}

/** Plain piecewise-linear interpolation, written independently of the engine's lookups. */
export function interpolateTable(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  if (x <= xs[0]) return ys[0];
  for (let n = 0; n < xs.length - 1; n++) {
    if (x <= xs[n + 1]) return ys[n] + ((x - xs[n]) / (xs[n + 1] - xs[n])) * (ys[n + 1] - ys[n]);
  }
  throw new Error(`x = ${x} beyond the table`);
}

/** OCR of a cone by bilinear interpolation in the table (depth clamped to the rows, 0 beyond the last radius), independent of the engine. */
export function tableOcr(cone: ConeBeamData, radiusMm: number, depthMm: number): number {
  const nr = cone.ocrRadiiMm.length;
  if (radiusMm > cone.ocrRadiiMm[nr - 1]) return 0; // beyond the table: no dose (as documented for the engine)
  const rows = cone.ocrDepthsMm;
  const row = (d: number): number[] => Array.from(cone.ocr.subarray(d * nr, (d + 1) * nr));
  if (depthMm <= rows[0]) return interpolateTable(cone.ocrRadiiMm, row(0), radiusMm);
  if (depthMm >= rows[rows.length - 1]) return interpolateTable(cone.ocrRadiiMm, row(rows.length - 1), radiusMm);
  let d = 0;
  while (depthMm > rows[d + 1]) d++;
  const f = (depthMm - rows[d]) / (rows[d + 1] - rows[d]);
  return (1 - f) * interpolateTable(cone.ocrRadiiMm, row(d), radiusMm) + f * interpolateTable(cone.ocrRadiiMm, row(d + 1), radiusMm);
}

/** Closed-form ray-tracing dose per MU (physics.md §6.1) from the table values. */
export function closedFormDoseGyPerMu(cone: ConeBeamData, calibrationGyPerMu: number, depthMm: number, radiusAtSadMm: number, axialDistanceMm: number, sadMm = 800): number {
  return cone.outputFactor * calibrationGyPerMu * interpolateTable(cone.tmrDepthsMm, cone.tmr, depthMm) * tableOcr(cone, radiusAtSadMm, depthMm) * (sadMm / axialDistanceMm) ** 2;
}
