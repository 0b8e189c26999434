import type { Grid3 } from '../geometry/Grid3';

/**
 * Dose at a continuous voxel index (i, j, k) of `grid` by trilinear interpolation between voxel centres.
 * Points up to half a voxel beyond the outer voxel centres (still inside the outer voxels) take the
 * interpolated value on the outer layer; farther out the dose is unknown and NaN is returned.
 * A dimension of 1 is treated as constant along that axis.
 */
export function trilinearDoseAt(grid: Grid3, i: number, j: number, k: number): number {
  const nx = grid.dimensions[0];
  const ny = grid.dimensions[1];
  const nz = grid.dimensions[2];
  if (!(i >= -0.5 && i <= nx - 0.5 && j >= -0.5 && j <= ny - 0.5 && k >= -0.5 && k <= nz - 0.5)) return Number.NaN;
  const x = i <= 0 ? 0 : i >= nx - 1 ? nx - 1 : i;
  const y = j <= 0 ? 0 : j >= ny - 1 ? ny - 1 : j;
  const z = k <= 0 ? 0 : k >= nz - 1 ? nz - 1 : k;
  let i0 = Math.floor(x);
  let j0 = Math.floor(y);
  let k0 = Math.floor(z);
  if (i0 > nx - 2) i0 = nx > 1 ? nx - 2 : 0;
  if (j0 > ny - 2) j0 = ny > 1 ? ny - 2 : 0;
  if (k0 > nz - 2) k0 = nz > 1 ? nz - 2 : 0;
  const tx = x - i0;
  const ty = y - j0;
  const tz = z - k0;
  const di = nx > 1 ? 1 : 0;
  const dj = ny > 1 ? nx : 0;
  const dk = nz > 1 ? nx * ny : 0;
  const data = grid.data;
  const o = i0 + j0 * nx + k0 * nx * ny;
  const c00 = data[o] + tx * (data[o + di] - data[o]);
  const c10 = data[o + dj] + tx * (data[o + dj + di] - data[o + dj]);
  const c01 = data[o + dk] + tx * (data[o + dk + di] - data[o + dk]);
  const c11 = data[o + dk + dj] + tx * (data[o + dk + dj + di] - data[o + dk + dj]);
  const c0 = c00 + ty * (c10 - c00);
  const c1 = c01 + ty * (c11 - c01);
  return c0 + tz * (c1 - c0);
}

