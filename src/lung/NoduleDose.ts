import { InputError } from '../errors/InputError';
import { validateGridGeometry, voxelCount, type Grid3, type GridGeometry } from '../geometry/Grid3';
import { assertMaskOnGrid } from '../metrics/maskFractionsOnGrid';
import { requireFractionCount } from '../radiobiology/Fractionation';
import type { StructureMask } from '../voxelize/StructureMask';

/**
 * One nodule's plan dose: total physical dose in Gy over all of its `fractions`, on the common dose grid of
 * the case (every nodule of a patient on the same grid). Physical doses of different nodules may only be
 * added when they share the fraction count (see summedLungDose).
 */
export interface NoduleDose {
  /** The nodule's name (Case.nodules[].name); unique within a patient. */
  readonly noduleName: string;
  /** Total physical dose over all fractions, Gy (finite, ≥ 0 inside the lung). */
  readonly doseGy: Grid3;
  /** Number of fractions the dose is delivered in (positive integer). */
  readonly fractions: number;
}

const GEOMETRY_TOLERANCE_MM = 1e-4;

/**
 * Checks that the nodule doses are usable together: at least one, unique non-empty names, positive integer
 * fraction counts, valid grids whose data length matches, all on ONE grid (dimensions equal, spacing and origin
 * within 1e-4 mm, direction within 1e-6), and — when given — every mask on that grid. Returns the common geometry.
 * Throws InputError: 'no-nodules', 'bad-nodule-name', 'duplicate-nodule', 'bad-fractions', grid errors,
 * 'bad-length', 'geometry-mismatch' (naming both grids).
 */
export function requireCommonDoseGrid(noduleDoses: readonly NoduleDose[], masks: readonly (StructureMask | null | undefined)[] = []): GridGeometry {
  if (!Array.isArray(noduleDoses) || noduleDoses.length === 0) throw new InputError('no-nodules', 'no nodule dose given');
  const names = new Set<string>();
  const first = noduleDoses[0].doseGy;
  for (let n = 0; n < noduleDoses.length; n++) {
    const nodule = noduleDoses[n];
    if (typeof nodule.noduleName !== 'string' || nodule.noduleName === '') throw new InputError('bad-nodule-name', `noduleDoses[${n}].noduleName must be a non-empty string`);
    if (names.has(nodule.noduleName)) throw new InputError('duplicate-nodule', `nodule '${nodule.noduleName}' is given twice`);
    names.add(nodule.noduleName);
    requireFractionCount(nodule.fractions, `${nodule.noduleName}: fractions`);
    const grid = nodule.doseGy;
    validateGridGeometry(grid, `${nodule.noduleName}: dose grid`);
    if (!(grid.data instanceof Float32Array) || grid.data.length !== voxelCount(grid)) {
      throw new InputError('bad-length', `${nodule.noduleName}: dose data has ${grid.data?.length} values, the grid ${voxelCount(grid)}`);
    }
    if (!sameGeometry(first, grid)) {
      throw new InputError(
        'geometry-mismatch',
        `nodule '${nodule.noduleName}': dose grid ${grid.dimensions.join('×')} at [${grid.originMm.join(', ')}] mm, spacing [${grid.spacingMm.join(', ')}] mm ` +
          `is not the grid of '${noduleDoses[0].noduleName}' (${first.dimensions.join('×')} at [${first.originMm.join(', ')}] mm, spacing [${first.spacingMm.join(', ')}] mm): ` +
          'resample all nodule doses to one grid first',
      );
    }
  }
  for (const mask of masks) if (mask) assertMaskOnGrid(mask, first, 'lung mask');
  return first;
}

/** True when two grid geometries describe the same lattice (tolerances as requireCommonDoseGrid). */
export function sameGeometry(a: GridGeometry, b: GridGeometry): boolean {
  return (
    a.dimensions.every((n, axis) => n === b.dimensions[axis]) &&
    a.spacingMm.every((s, axis) => Math.abs(s - b.spacingMm[axis]) <= GEOMETRY_TOLERANCE_MM) &&
    a.originMm.every((o, axis) => Math.abs(o - b.originMm[axis]) <= GEOMETRY_TOLERANCE_MM) &&
    a.direction.every((d, n) => Math.abs(d - b.direction[n]) <= 1e-6)
  );
}
