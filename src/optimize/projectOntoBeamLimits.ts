/**
 * Feasible set of the scaled beam variables y: 0 ≤ y_b ≤ upper_b and Σ_b muPerUnit_b · y_b ≤ budget
 * (MU_b = muPerUnit_b · y_b). upper_b = 0 fixes a beam at 0 (pruned or missing the PTV); Infinity = no limit.
 */
export interface BeamLimits {
  readonly upper: Float64Array;
  readonly muPerUnit: Float64Array;
  readonly budget: number;
}

const BISECTION_STEPS = 100;

/**
 * Euclidean projection of z onto the BeamLimits set, written to `out` (may be z). Without an active budget it is
 * the clamp to [0, upper]; with it, y_b = clamp(z_b − τ·muPerUnit_b, 0, upper_b) with the smallest τ ≥ 0 that
 * meets the budget (KKT conditions of the projection), found by bisection (the budget sum is non-increasing in τ);
 * the upper end of the final bracket is returned so the result is always feasible.
 */
export function projectOntoBeamLimits(z: Float64Array, limits: BeamLimits, out: Float64Array): Float64Array {
  const { upper, muPerUnit, budget } = limits;
  const beamCount = z.length;
  let total = 0;
  for (let b = 0; b < beamCount; b++) {
    const y = Math.min(Math.max(z[b], 0), upper[b]);
    out[b] = y;
    total += muPerUnit[b] * y;
  }
  if (total <= budget) return out;
  let low = 0;
  let high = 0;
  for (let b = 0; b < beamCount; b++) if (upper[b] > 0 && muPerUnit[b] > 0) high = Math.max(high, z[b] / muPerUnit[b]);
  for (let step = 0; step < BISECTION_STEPS && high - low > 0; step++) {
    const tau = 0.5 * (low + high);
    if (tau === low || tau === high) break;
    if (budgetSum(z, limits, tau) > budget) low = tau;
    else high = tau;
  }
  for (let b = 0; b < beamCount; b++) out[b] = Math.min(Math.max(z[b] - high * muPerUnit[b], 0), upper[b]);
  return out;
}

function budgetSum(z: Float64Array, limits: BeamLimits, tau: number): number {
  let total = 0;
  for (let b = 0; b < z.length; b++) total += limits.muPerUnit[b] * Math.min(Math.max(z[b] - tau * limits.muPerUnit[b], 0), limits.upper[b]);
  return total;
}
