import { InputError } from '../errors/InputError';

/**
 * Relative headroom added to the coverage scale so that the boundary voxel stays ≥ Rx after the dose is
 * accumulated again in Float32 (rounding of a few hundred Float32 additions is ~1e-6 relative).
 */
export const COVERAGE_HEADROOM = 1e-5;

/**
 * Smallest factor s (× (1 + COVERAGE_HEADROOM)) such that the voxels with s·dose ≥ prescription hold at least
 * `coveragePercent` of the target's weight (partial-volume fractions). The voxels are sorted by dose
 * (descending; ties by position, so the result is deterministic) and s = prescription / dose of the voxel at
 * which the cumulative weight first reaches the coverage. Voxels with weight 0 are ignored. Returns Infinity
 * when the coverage needs voxels that receive no dose. Throws InputError 'bad-length' / 'empty-target'.
 * @param doseGy dose of each target voxel (any consistent unit, e.g. Gy or dose / Rx)
 */
export function coverageScaleFactor(doseGy: ArrayLike<number>, weights: ArrayLike<number>, prescriptionGy: number, coveragePercent: number): number {
  if (doseGy.length !== weights.length) throw new InputError('bad-length', `${doseGy.length} doses but ${weights.length} weights`);
  const order: number[] = [];
  let total = 0;
  for (let n = 0; n < weights.length; n++) {
    if (weights[n] > 0) {
      order.push(n);
      total += weights[n];
    }
  }
  if (!(total > 0)) throw new InputError('empty-target', 'no target voxel with weight > 0');
  order.sort((a, b) => doseGy[b] - doseGy[a] || a - b);
  // Relative slack 1e-12 so that coverage 100 % is not missed by the rounding of the two sums.
  const needed = (coveragePercent / 100) * total * (1 - 1e-12);
  let cumulative = 0;
  for (const n of order) {
    cumulative += weights[n];
    if (cumulative >= needed) {
      const dose = doseGy[n];
      return dose > 0 ? (prescriptionGy / dose) * (1 + COVERAGE_HEADROOM) : Infinity;
    }
  }
  return Infinity;
}

/** % of the target weight with dose ≥ prescription (voxel-centre dose × partial-volume fraction). */
export function coveredPercent(doseGy: ArrayLike<number>, weights: ArrayLike<number>, prescriptionGy: number): number {
  let total = 0;
  let covered = 0;
  for (let n = 0; n < weights.length; n++) {
    total += weights[n];
    if (doseGy[n] >= prescriptionGy) covered += weights[n];
  }
  return total > 0 ? (100 * covered) / total : 0;
}
