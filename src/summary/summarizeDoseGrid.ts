import type { DoseGrid } from '../model/DoseGrid';

/** What `inspect` reports for an RTDOSE: the lattice and the scaled dose statistics. */
export interface DoseGridSummary {
  readonly dimensions: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  readonly originMm: readonly [number, number, number];
  readonly direction: readonly number[];
  readonly units: DoseGrid['units'];
  readonly summationType: string;
  /** Over all voxels of the grid, in `units` (Gy unless RELATIVE); NaN voxels are counted in nanVoxels, not in the statistics. */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly nanVoxels: number;
}

/** Grid geometry and min/max/mean of a dose grid (one pass over the voxels). */
export function summarizeDoseGrid(dose: DoseGrid): DoseGridSummary {
  const { data, dimensions, spacingMm, originMm, direction } = dose.doseGy;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let nanVoxels = 0;
  for (let n = 0; n < data.length; n++) {
    const v = data[n];
    if (v !== v) {
      nanVoxels++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const counted = data.length - nanVoxels;
  return {
    dimensions: [...dimensions] as [number, number, number],
    spacingMm: [...spacingMm] as [number, number, number],
    originMm: [...originMm] as [number, number, number],
    direction: [...direction],
    units: dose.units,
    summationType: dose.summationType,
    min: counted > 0 ? min : Number.NaN,
    max: counted > 0 ? max : Number.NaN,
    mean: counted > 0 ? sum / counted : Number.NaN,
    nanVoxels,
  };
}
