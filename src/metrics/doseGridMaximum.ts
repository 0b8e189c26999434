import { InputError } from '../errors/InputError';
import { validateGridGeometry, type Grid3 } from '../geometry/Grid3';

/** Highest voxel dose of a grid and where it is. */
export interface DoseGridMaximum {
  /** Gy. Also the maximum of the trilinear interpolant, which never exceeds its lattice values. */
  readonly maxGy: number;
  /** Data index i + j·nx + k·nx·ny of the (first) hottest voxel. */
  readonly index: number;
}

/**
 * Checks a dose grid for metrics (valid geometry, nx·ny·nz values, every value finite and ≥ 0) and returns its
 * maximum. One pass over the grid. Throws InputError: grid errors, 'bad-grid-data' (length),
 * 'dose-not-finite' (NaN/∞ voxel), 'negative-dose'. `what` names the grid in messages.
 */
export function doseGridMaximum(dose: Grid3, what = 'dose grid'): DoseGridMaximum {
  validateGridGeometry(dose, what);
  const [nx, ny, nz] = dose.dimensions;
  const data = dose.data;
  if (data.length !== nx * ny * nz) throw new InputError('bad-grid-data', `${what} has ${data.length} values for ${nx}×${ny}×${nz} voxels`);
  let maxGy = -Infinity;
  let index = 0;
  for (let v = 0; v < data.length; v++) {
    const d = data[v];
    if (!(d >= 0) || d === Infinity) {
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      throw new InputError(d < 0 ? 'negative-dose' : 'dose-not-finite', `${what}: voxel (${i}, ${j}, ${k}) = ${d} Gy`);
    }
    if (d > maxGy) {
      maxGy = d;
      index = v;
    }
  }
  return { maxGy, index };
}
