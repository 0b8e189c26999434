import { beamTermValue, penaltyValue, type PenaltyModel } from './PenaltyModel';
import { workingSetForward, workingSetTranspose, type WorkingSetInfluence } from './WorkingSetInfluence';

/** Scratch arrays of one evaluation point (relative doses, residuals, organ means). */
export interface PenaltyPoint {
  /** u = W·y per working-set row. */
  readonly u: Float64Array;
  readonly residual: Float64Array;
  /** ū per mean term. */
  readonly meanValue: Float64Array;
  readonly meanResidual: Float64Array;
}

export function createPenaltyPoint(set: WorkingSetInfluence, model: PenaltyModel): PenaltyPoint {
  const meanCount = model.means.length;
  return { u: new Float64Array(set.rowCount), residual: new Float64Array(set.rowCount), meanValue: new Float64Array(meanCount), meanResidual: new Float64Array(meanCount) };
}

/** Recomputes u = W·y and the organ means ū from y (one product). */
export function refreshPoint(set: WorkingSetInfluence, model: PenaltyModel, y: Float64Array, point: PenaltyPoint): void {
  workingSetForward(set, y, point.u);
  for (let t = 0; t < model.means.length; t++) point.meanValue[t] = dot(model.means[t].coefficient, y);
}

/**
 * Objective and its gradient in y at a point whose u and ū are current:
 * ∂f/∂y_b = Σ_r W_rb ∂f/∂u_r + ℓ_b + 2ρ y_b + Σ_t ∂f/∂ū_t · coefficient_tb (one transpose product). Returns f.
 */
export function penaltyGradient(set: WorkingSetInfluence, model: PenaltyModel, y: Float64Array, point: PenaltyPoint, gradient: Float64Array): number {
  const f = penaltyValue(model, point.u, point.meanValue, beamTermValue(model, y), point.residual, point.meanResidual);
  workingSetTranspose(set, point.residual, gradient);
  for (let b = 0; b < gradient.length; b++) {
    let g = gradient[b] + model.linear[b] + 2 * model.ridge * y[b];
    for (let t = 0; t < model.means.length; t++) g += point.meanResidual[t] * model.means[t].coefficient[b];
    gradient[b] = g;
  }
  return f;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let n = 0; n < a.length; n++) sum += a[n] * b[n];
  return sum;
}
