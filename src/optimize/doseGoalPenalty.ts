/**
 * Voxel dose goals in relative dose u = dose / Rx: a lower goal (under-dose penalised) and an upper goal (over-dose
 * penalised), each with its own weight. Upper Infinity / lower 0 = no goal.
 */
export interface DoseGoals {
  readonly lowerRel: Float64Array;
  readonly lowerWeight: Float64Array;
  readonly upperRel: Float64Array;
  readonly upperWeight: Float64Array;
}

/**
 * f(u) = Σ_v lw_v (L_v − u_v)₊² + uw_v (u_v − U_v)₊²: a convex piecewise quadratic. Writes ∂f/∂u to `residual`
 * when given.
 */
export function doseGoalPenalty(goals: DoseGoals, u: Float64Array, residual?: Float64Array): number {
  const { lowerRel, lowerWeight, upperRel, upperWeight } = goals;
  let f = 0;
  for (let v = 0; v < u.length; v++) {
    const value = u[v];
    let r = 0;
    const under = lowerRel[v] - value;
    if (under > 0) {
      f += lowerWeight[v] * under * under;
      r -= 2 * lowerWeight[v] * under;
    }
    const over = value - upperRel[v];
    if (over > 0) {
      f += upperWeight[v] * over * over;
      r += 2 * upperWeight[v] * over;
    }
    if (residual !== undefined) residual[v] = r;
  }
  return f;
}

/**
 * Minimiser over λ ∈ [0, 1] of f(u + λ·du) + c₁λ + c₂λ² (the goal penalty along a step plus a beam-space quadratic,
 * e.g. a ridge term). The derivative is piecewise linear and non-decreasing in λ (f is convex), so safeguarded Newton
 * steps on it inside a shrinking bracket end after a few passes over the rows.
 */
export function lineMinimum(goals: DoseGoals, u: Float64Array, du: Float64Array, c1: number, c2: number): number {
  const { lowerRel, lowerWeight, upperRel, upperWeight } = goals;
  const slopeAndCurvature = (lambda: number): [number, number] => {
    let s = c1 + 2 * c2 * lambda;
    let h = 2 * c2;
    for (let v = 0; v < u.length; v++) {
      const d = du[v];
      if (d === 0) continue;
      const value = u[v] + lambda * d;
      const under = lowerRel[v] - value;
      if (under > 0) {
        s -= 2 * lowerWeight[v] * under * d;
        h += 2 * lowerWeight[v] * d * d;
      }
      const over = value - upperRel[v];
      if (over > 0) {
        s += 2 * upperWeight[v] * over * d;
        h += 2 * upperWeight[v] * d * d;
      }
    }
    return [s, h];
  };
  let [s, h] = slopeAndCurvature(0);
  if (s >= 0) return 0;
  // Converged when the slope is a millionth of the starting one (the objective then changes by < 1e-6 of the gain).
  const slopeTolerance = 1e-6 * -s;
  let low = 0;
  let high = 1;
  const [sHigh] = slopeAndCurvature(1);
  if (sHigh <= 0) return 1;
  let lambda = 0;
  for (let step = 0; step < 30; step++) {
    let next = h > 0 ? lambda - s / h : 0.5 * (low + high);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    lambda = next;
    [s, h] = slopeAndCurvature(lambda);
    if (Math.abs(s) <= slopeTolerance) return lambda;
    if (s > 0) high = lambda;
    else low = lambda;
    if (high - low <= 1e-6 * high) break;
  }
  // The minimum lies in [low, high] (slope ≤ 0 at low, > 0 at high); low > 0 always lowers f.
  return low > 0 ? low : lambda;
}
