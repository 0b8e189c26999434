import { createPenaltyPoint, dot, penaltyGradient, refreshPoint } from './penaltyGradient';
import { beamTermValue, penaltyValue, type PenaltyModel } from './PenaltyModel';
import { projectOntoBeamLimits, type BeamLimits } from './projectOntoBeamLimits';
import { workingSetForward, type WorkingSetInfluence } from './WorkingSetInfluence';

export interface SolverOptions {
  readonly maxIterations: number;
  /** Stop when the best objective fell by less than this fraction of itself over the last 10 iterations. */
  readonly relativeTolerance: number;
}

export interface SolverResult {
  readonly iterations: number;
  readonly objective: number;
  /** True when stopped by the tolerance or at a stationary point, false at maxIterations. */
  readonly converged: boolean;
}

/** Nonmonotone window M and sufficient-decrease constant γ of SPG2 (Birgin, Martínez & Raydan 2000). */
const MEMORY = 5;
const ARMIJO = 1e-4;
/** Stopping window (iterations) of the relative-decrease test. */
const WINDOW = 10;
const STEP_MIN = 1e-30;
const STEP_MAX = 1e30;
const MAX_BACKTRACKS = 40;
/** Recompute u = W·y from scratch this often (u is otherwise updated incrementally). */
const REFRESH_EVERY = 25;

/**
 * Minimises the PenaltyModel over the BeamLimits set by the spectral projected gradient method SPG2 (Birgin,
 * Martínez & Raydan, SIAM J Optim 10:1196, 2000): direction P(y − λg) − y with the Barzilai–Borwein step λ,
 * nonmonotone Armijo backtracking with safeguarded quadratic interpolation. Along a direction the relative dose
 * is u + α·(W·dir), so an iteration costs one product W·dir (beams with dir = 0, i.e. most beams held at 0, are
 * skipped) and one transpose product; line-search trials cost O(rows). Returns the best point seen in `y`.
 * Deterministic: fixed loop orders only.
 * @param y start (projected first), overwritten with the result
 * @param history receives the objective after every iteration
 */
export function spectralProjectedGradient(
  set: WorkingSetInfluence,
  model: PenaltyModel,
  limits: BeamLimits,
  y: Float64Array,
  options: SolverOptions,
  history: number[],
): SolverResult {
  const beamCount = set.beamCount;
  const rows = set.rowCount;
  const meanCount = model.means.length;
  const point = createPenaltyPoint(set, model);
  const { u, meanValue } = point;
  const du = new Float64Array(rows);
  const uTrial = new Float64Array(rows);
  const gradient = new Float64Array(beamCount);
  const gradientNew = new Float64Array(beamCount);
  const direction = new Float64Array(beamCount);
  const trial = new Float64Array(beamCount);
  const meanDirection = new Float64Array(meanCount);
  const meanTrial = new Float64Array(meanCount);

  projectOntoBeamLimits(y, limits, y);
  refreshPoint(set, model, y, point);
  let f = penaltyGradient(set, model, y, point, gradient);
  const recent: number[] = [f];
  // Best value so far after each iteration (the nonmonotone search may go up for a while) and its point.
  const best: number[] = [f];
  const bestY = Float64Array.from(y);
  // Initial step: 1 / ‖P(y − g) − y‖∞ (SPG2).
  for (let b = 0; b < beamCount; b++) trial[b] = y[b] - gradient[b];
  projectOntoBeamLimits(trial, limits, trial);
  let step = clamp(1 / Math.max(maxAbsDifference(trial, y), 1e-300));
  const restartStep = step;
  let iterations = 0;
  let converged = false;
  while (iterations < options.maxIterations) {
    for (let b = 0; b < beamCount; b++) trial[b] = y[b] - step * gradient[b];
    projectOntoBeamLimits(trial, limits, trial);
    let slope = 0;
    let moving = false;
    for (let b = 0; b < beamCount; b++) {
      const d = trial[b] - y[b];
      direction[b] = d;
      slope += gradient[b] * d;
      if (d !== 0) moving = true;
    }
    if (!moving || !(slope < 0)) {
      converged = true;
      break;
    }
    workingSetForward(set, direction, du);
    for (let t = 0; t < meanCount; t++) meanDirection[t] = dot(model.means[t].coefficient, direction);
    // Beam-space terms along the direction: L0 + α L1 + α² L2.
    const beam0 = beamTermValue(model, y);
    const beam1 = dot(model.linear, direction) + 2 * model.ridge * dot(y, direction);
    const beam2 = model.ridge * dot(direction, direction);
    let reference = -Infinity;
    for (const value of recent) reference = Math.max(reference, value);

    let alpha = 1;
    let accepted = false;
    for (let k = 0; k < MAX_BACKTRACKS; k++) {
      for (let r = 0; r < rows; r++) uTrial[r] = u[r] + alpha * du[r];
      for (let t = 0; t < meanCount; t++) meanTrial[t] = meanValue[t] + alpha * meanDirection[t];
      const fTrial = penaltyValue(model, uTrial, meanTrial, beam0 + alpha * (beam1 + alpha * beam2));
      if (fTrial <= reference + ARMIJO * alpha * slope) {
        accepted = true;
        break;
      }
      const interpolated = (-0.5 * alpha * alpha * slope) / (fTrial - f - alpha * slope);
      alpha = interpolated >= 0.1 * alpha && interpolated <= 0.9 * alpha ? interpolated : 0.5 * alpha;
    }
    if (!accepted) {
      if (step > restartStep) {
        // A long spectral step that no backtracking rescues (negative curvature): restart from the initial rule.
        step = restartStep;
        continue;
      }
      // No decrease representable along a descent direction: stationary to working precision.
      converged = true;
      break;
    }
    for (let b = 0; b < beamCount; b++) y[b] += alpha * direction[b];
    // Keep exactly feasible (rounding of y + α·d may leave [0, upper] by an ulp).
    projectOntoBeamLimits(y, limits, y);
    iterations++;
    if (iterations % REFRESH_EVERY === 0) refreshPoint(set, model, y, point);
    else {
      u.set(uTrial);
      meanValue.set(meanTrial);
    }
    const fNew = penaltyGradient(set, model, y, point, gradientNew);
    let sy = 0;
    let ss = 0;
    for (let b = 0; b < beamCount; b++) {
      const s = alpha * direction[b];
      sy += s * (gradientNew[b] - gradient[b]);
      ss += s * s;
    }
    // Negative curvature along s (the near-maximum term is not convex): keep the last step.
    if (sy > 0) step = clamp(ss / sy);
    gradient.set(gradientNew);
    f = fNew;
    history.push(f);
    recent.push(f);
    if (recent.length > MEMORY) recent.shift();
    const previousBest = best[best.length - 1];
    if (f < previousBest) bestY.set(y);
    best.push(Math.min(previousBest, f));
    if (best.length > WINDOW) {
      const before = best[best.length - 1 - WINDOW];
      const now = best[best.length - 1];
      if (before - now <= options.relativeTolerance * Math.abs(now)) {
        converged = true;
        break;
      }
    }
  }
  y.set(bestY);
  return { iterations, objective: best[best.length - 1], converged };
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let n = 0; n < a.length; n++) m = Math.max(m, Math.abs(a[n] - b[n]));
  return m;
}

function clamp(step: number): number {
  return Math.min(STEP_MAX, Math.max(STEP_MIN, step));
}
