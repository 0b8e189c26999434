import { InputError } from '../errors/InputError';
import { gridTransforms, validateGridGeometry, voxelCount, type Grid3 } from '../geometry/Grid3';
import type { PointLps } from '../geometry/points';

/** A density grid prepared for ray walks: data, sizes and the world → index affine (voxel centres at integers). */
export interface DensityVolume {
  readonly data: Float32Array;
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  readonly worldToIndex: Float64Array;
}

/**
 * Checks a relative electron density grid (geometry, length, every value finite and ≥ 0) and prepares it for ray
 * walks. Throws InputError 'bad-density' naming the first bad voxel, or the grid errors of validateGridGeometry.
 */
export function prepareDensityVolume(densityGrid: Grid3<Float32Array>): DensityVolume {
  validateGridGeometry(densityGrid, 'density grid');
  const n = voxelCount(densityGrid);
  const data = densityGrid.data;
  if (data.length !== n) throw new InputError('bad-length', `density grid has ${data.length} values, its dimensions [${densityGrid.dimensions.join(', ')}] need ${n}`);
  for (let v = 0; v < n; v++) {
    const d = data[v];
    if (!(d >= 0) || d === Infinity) throw new InputError('bad-density', `density grid voxel ${v} is ${d}; relative electron densities must be finite and ≥ 0`);
  }
  const [nx, ny, nz] = densityGrid.dimensions;
  return { data, nx, ny, nz, worldToIndex: gridTransforms(densityGrid).worldToIndex };
}

/**
 * Exact voxel walk (Siddon / Amanatides–Woo) along the line p(s) = origin + s·step (patient mm, s ≥ 0) through the
 * density volume, writing the cumulative radiological path ∫₀^s ρ dl (mm water-equivalent) at the samples
 * s_m = sFirst + m·sStep, m = 0 … count − 1, into out[offset + m]. `lengthPerS` = |step| in mm. Voxel m spans
 * index [m − ½, m + ½) on each axis; outside the grid the density is 0 (air/vacuum). No allocation.
 */
export function walkCumulativeDepth(
  volume: DensityVolume,
  ox: number, oy: number, oz: number,
  sx: number, sy: number, sz: number,
  lengthPerS: number,
  sFirst: number, sStep: number, count: number,
  out: Float32Array, offset: number,
): void {
  const w = volume.worldToIndex;
  const { nx, ny, nz, data } = volume;
  // Continuous index coordinates shifted by ½ so that voxel n is the interval [n, n + 1).
  const qx = w[0] * ox + w[1] * oy + w[2] * oz + w[3] + 0.5;
  const qy = w[4] * ox + w[5] * oy + w[6] * oz + w[7] + 0.5;
  const qz = w[8] * ox + w[9] * oy + w[10] * oz + w[11] + 0.5;
  const dx = w[0] * sx + w[1] * sy + w[2] * sz;
  const dy = w[4] * sx + w[5] * sy + w[6] * sz;
  const dz = w[8] * sx + w[9] * sy + w[10] * sz;
  const sLast = sFirst + (count - 1) * sStep;
  // Slab intersection of the ray with the box [0, n] on each axis.
  let sIn = 0;
  let sOut = sLast;
  if (dx !== 0) {
    const a = -qx / dx;
    const b = (nx - qx) / dx;
    sIn = Math.max(sIn, Math.min(a, b));
    sOut = Math.min(sOut, Math.max(a, b));
  } else if (qx < 0 || qx >= nx) sOut = -1;
  if (dy !== 0) {
    const a = -qy / dy;
    const b = (ny - qy) / dy;
    sIn = Math.max(sIn, Math.min(a, b));
    sOut = Math.min(sOut, Math.max(a, b));
  } else if (qy < 0 || qy >= ny) sOut = -1;
  if (dz !== 0) {
    const a = -qz / dz;
    const b = (nz - qz) / dz;
    sIn = Math.max(sIn, Math.min(a, b));
    sOut = Math.min(sOut, Math.max(a, b));
  } else if (qz < 0 || qz >= nz) sOut = -1;

  let m = 0;
  if (!(sOut > sIn)) {
    for (; m < count; m++) out[offset + m] = 0;
    return;
  }
  // Samples before the grid: nothing traversed yet.
  while (m < count && sFirst + m * sStep <= sIn) out[offset + m++] = 0;

  // Voxel containing the ray just inside the entry point (midpoint rule avoids boundary ambiguity).
  const sProbe = sIn + Math.min(1e-9, (sOut - sIn) * 0.5);
  let i = Math.floor(qx + sProbe * dx);
  let j = Math.floor(qy + sProbe * dy);
  let k = Math.floor(qz + sProbe * dz);
  i = i < 0 ? 0 : i >= nx ? nx - 1 : i;
  j = j < 0 ? 0 : j >= ny ? ny - 1 : j;
  k = k < 0 ? 0 : k >= nz ? nz - 1 : k;
  const stepI = dx > 0 ? 1 : -1;
  const stepJ = dy > 0 ? 1 : -1;
  const stepK = dz > 0 ? 1 : -1;
  const dsI = dx !== 0 ? Math.abs(1 / dx) : Infinity;
  const dsJ = dy !== 0 ? Math.abs(1 / dy) : Infinity;
  const dsK = dz !== 0 ? Math.abs(1 / dz) : Infinity;
  let nextI = dx !== 0 ? (i + (dx > 0 ? 1 : 0) - qx) / dx : Infinity;
  let nextJ = dy !== 0 ? (j + (dy > 0 ? 1 : 0) - qy) / dy : Infinity;
  let nextK = dz !== 0 ? (k + (dz > 0 ? 1 : 0) - qz) / dz : Infinity;
  // Running flat index: ±1, ±nx, ±nx·ny per step; steps left before leaving the grid on each axis.
  let index = i + j * nx + k * nx * ny;
  const strideI = stepI;
  const strideJ = stepJ * nx;
  const strideK = stepK * nx * ny;
  let leftI = stepI > 0 ? nx - 1 - i : i;
  let leftJ = stepJ > 0 ? ny - 1 - j : j;
  let leftK = stepK > 0 ? nz - 1 - k : k;
  let sCur = sIn;
  let accumulated = 0;
  let sSample = sFirst + m * sStep;
  for (;;) {
    let sNext = nextI < nextJ ? (nextI < nextK ? nextI : nextK) : nextJ < nextK ? nextJ : nextK;
    const leaving = sNext >= sOut;
    if (leaving) sNext = sOut;
    const rho = data[index] * lengthPerS;
    while (sSample <= sNext && m < count) {
      out[offset + m] = accumulated + rho * (sSample - sCur);
      m++;
      sSample = sFirst + m * sStep;
    }
    accumulated += rho * (sNext - sCur);
    if (leaving || m >= count) break;
    sCur = sNext;
    if (nextI === sNext) {
      if (leftI-- === 0) break;
      index += strideI;
      nextI += dsI;
    } else if (nextJ === sNext) {
      if (leftJ-- === 0) break;
      index += strideJ;
      nextJ += dsJ;
    } else {
      if (leftK-- === 0) break;
      index += strideK;
      nextK += dsK;
    }
  }
  for (; m < count; m++) out[offset + m] = accumulated;
}

/**
 * Radiological path length (mm water-equivalent) between two points: Σ ρ_i · Δl_i over the voxels the segment crosses
 * (exact traversal). Outside the grid ρ = 0. Throws InputError for non-finite points; the grid is checked by
 * prepareDensityVolume (call it once and reuse the volume in loops).
 * @see walkCumulativeDepth
 */
export function radiologicalPathMm(volume: DensityVolume, fromMm: PointLps, toMm: PointLps): number {
  const sx = toMm.xMm - fromMm.xMm;
  const sy = toMm.yMm - fromMm.yMm;
  const sz = toMm.zMm - fromMm.zMm;
  const length = Math.hypot(sx, sy, sz);
  if (!Number.isFinite(length) || ![fromMm.xMm, fromMm.yMm, fromMm.zMm].every(Number.isFinite)) {
    throw new InputError('not-finite', 'radiologicalPathMm: points must be finite');
  }
  if (length === 0) return 0;
  const out = new Float32Array(1);
  walkCumulativeDepth(volume, fromMm.xMm, fromMm.yMm, fromMm.zMm, sx, sy, sz, length, 1, 1, 1, out, 0);
  return out[0];
}
