// Dose grids for the DVH tests.
import type { Grid3, GridGeometry } from '../../src/geometry/Grid3';

/** A dose grid whose voxel (i, j, k) holds doseAt(its centre in patient mm). */
export function doseGrid(geometry: GridGeometry, doseAt: (x: number, y: number, z: number) => number): Grid3 {
  const [nx, ny, nz] = geometry.dimensions;
  const [sx, sy, sz] = geometry.spacingMm;
  const d = geometry.direction;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = geometry.originMm[0] + i * sx * d[0] + j * sy * d[3] + k * sz * d[6];
        const y = geometry.originMm[1] + i * sx * d[1] + j * sy * d[4] + k * sz * d[7];
        const z = geometry.originMm[2] + i * sx * d[2] + j * sy * d[5] + k * sz * d[8];
        data[i + j * nx + k * nx * ny] = doseAt(x, y, z);
      }
    }
  }
  return { ...geometry, data };
}

/**
 * A grid of `dimensions` at `spacingMm` whose axes are `direction`, placed so that its voxel-centre hull is
 * centred on `centreMm` (for rotated grids that must cover a given structure).
 */
export function centredGeometry(dimensions: [number, number, number], spacingMm: [number, number, number], direction: number[], centreMm: [number, number, number]): GridGeometry {
  const origin: [number, number, number] = [...centreMm];
  for (let axis = 0; axis < 3; axis++) {
    const half = ((dimensions[axis] - 1) / 2) * spacingMm[axis];
    for (let c = 0; c < 3; c++) origin[c] -= half * direction[3 * axis + c];
  }
  return { dimensions, spacingMm, originMm: origin, direction };
}
