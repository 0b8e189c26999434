import { createPenaltyPoint, penaltyGradient, refreshPoint, type PenaltyPoint } from './penaltyGradient';
import { beamTermValue, penaltyValue, type PenaltyModel } from './PenaltyModel';
import { projectOntoBeamLimits, type BeamLimits } from './projectOntoBeamLimits';
import type { SolverOptions, SolverResult } from './spectralProjectedGradient';
import { workingSetForward, type WorkingSetInfluence } from './WorkingSetInfluence';

/** L-BFGS memory (pairs kept). */
const MEMORY = 8;
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 20;
/** Stopping window (iterations) of the relative-decrease test. */
const WINDOW = 5;
/** Recompute u = W·y from scratch this often. */
const REFRESH_EVERY = 25;

/** Scratch of one call. */
interface QuasiNewtonWorkspace {
  readonly free: Uint8Array;
  readonly direction: Float64Array;
  readonly trial: Float64Array;
  readonly delta: Float64Array;
  readonly du: Float64Array;
  readonly uTrial: Float64Array;
  readonly meanTrial: Float64Array;
  readonly alphas: Float64Array;
}

/**
 * Projected limited-memory BFGS on the free beams (the two-metric projection of Bertsekas, SIAM J Control Optim
 * 20:221, 1982, with an L-BFGS metric as in Kim, Sra & Dhillon, Optim Methods Softw 25:589, 2010): beams held at
 * a bound by their gradient stay fixed; for the others the direction is −H g from the two-loop recursion (Nocedal
 * & Wright, Numerical Optimization, Alg. 7.4) on the stored (s, Δg) pairs restricted to the free beams; the step
 * y(α) = P(y + α·d) is backtracked (Armijo). An iteration costs one product W·Δy over the changed beams per trial
 * and one transpose product, like a gradient step, but needs far fewer iterations on these ill-conditioned
 * problems (many nearly parallel beams). Deterministic.
 * @param y start (projected first), overwritten with the result
 */
export function projectedQuasiNewton(
  set: WorkingSetInfluence,
  model: PenaltyModel,
  limits: BeamLimits,
  y: Float64Array,
  options: SolverOptions,
  history: number[],
): SolverResult {
  const beamCount = set.beamCount;
  const rows = set.rowCount;
  const point = createPenaltyPoint(set, model);
  const gradient = new Float64Array(beamCount);
  const gradientNew = new Float64Array(beamCount);
  const workspace: QuasiNewtonWorkspace = {
    free: new Uint8Array(beamCount),
    direction: new Float64Array(beamCount),
    trial: new Float64Array(beamCount),
    delta: new Float64Array(beamCount),
    du: new Float64Array(rows),
    uTrial: new Float64Array(rows),
    meanTrial: new Float64Array(model.means.length),
    alphas: new Float64Array(MEMORY),
  };
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];

  projectOntoBeamLimits(y, limits, y);
  refreshPoint(set, model, y, point);
  let f = penaltyGradient(set, model, y, point, gradient);
  const values: number[] = [f];
  let iterations = 0;
  let converged = false;
  while (iterations < options.maxIterations) {
    const freeCount = markFree(limits, y, gradient, workspace.free);
    if (freeCount === 0) {
      converged = true;
      break;
    }
    let slope = twoLoopDirection(gradient, workspace, steps, changes);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature pairs): restart from the scaled gradient.
      steps.length = 0;
      changes.length = 0;
      slope = twoLoopDirection(gradient, workspace, steps, changes);
      if (!(slope < 0)) {
        converged = true;
        break;
      }
    }
    const alpha = backtrack(set, model, limits, y, point, gradient, f, workspace, steps.length === 0);
    if (alpha === 0) {
      if (steps.length > 0) {
        steps.length = 0;
        changes.length = 0;
        continue;
      }
      converged = true;
      break;
    }
    const s = new Float64Array(beamCount);
    for (let b = 0; b < beamCount; b++) s[b] = workspace.trial[b] - y[b];
    y.set(workspace.trial);
    iterations++;
    if (iterations % REFRESH_EVERY === 0) refreshPoint(set, model, y, point);
    else {
      point.u.set(workspace.uTrial);
      point.meanValue.set(workspace.meanTrial);
    }
    const fNew = penaltyGradient(set, model, y, point, gradientNew);
    const change = new Float64Array(beamCount);
    let curvature = 0;
    for (let b = 0; b < beamCount; b++) {
      change[b] = gradientNew[b] - gradient[b];
      curvature += s[b] * change[b];
    }
    if (curvature > 1e-12 * Math.abs(fNew)) {
      steps.push(s);
      changes.push(change);
      if (steps.length > MEMORY) {
        steps.shift();
        changes.shift();
      }
    }
    gradient.set(gradientNew);
    f = fNew;
    history.push(f);
    values.push(f);
    if (values.length > WINDOW && values[values.length - 1 - WINDOW] - f <= options.relativeTolerance * Math.abs(f)) {
      converged = true;
      break;
    }
  }
  return { iterations, objective: f, converged };
}

/** Marks the free beams (not held at 0 or at the limit by their gradient); returns how many. */
function markFree(limits: BeamLimits, y: Float64Array, gradient: Float64Array, free: Uint8Array): number {
  let count = 0;
  for (let b = 0; b < y.length; b++) {
    const upper = limits.upper[b];
    const held = upper === 0 || (y[b] <= 0 && gradient[b] >= 0) || (y[b] >= upper && gradient[b] <= 0);
    free[b] = held ? 0 : 1;
    if (!held) count++;
  }
  return count;
}

/**
 * direction = −H·g on the free beams (0 elsewhere) by the L-BFGS two-loop recursion with the pairs restricted to
 * the free beams and H₀ = (s·Δg)/(Δg·Δg) of the newest pair (1 without pairs). Returns g·direction.
 */
function twoLoopDirection(gradient: Float64Array, workspace: QuasiNewtonWorkspace, steps: Float64Array[], changes: Float64Array[]): number {
  const { free, direction, alphas } = workspace;
  const n = gradient.length;
  for (let b = 0; b < n; b++) direction[b] = free[b] === 1 ? -gradient[b] : 0;
  const rhos = new Float64Array(steps.length);
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    const c = changes[i];
    let sc = 0;
    let sq = 0;
    for (let b = 0; b < n; b++) {
      if (free[b] === 0) continue;
      sc += s[b] * c[b];
      sq += s[b] * direction[b];
    }
    rhos[i] = sc > 0 ? 1 / sc : 0;
    alphas[i] = rhos[i] * sq;
    for (let b = 0; b < n; b++) if (free[b] === 1) direction[b] -= alphas[i] * c[b];
  }
  if (steps.length > 0) {
    const s = steps[steps.length - 1];
    const c = changes[steps.length - 1];
    let sc = 0;
    let cc = 0;
    for (let b = 0; b < n; b++) {
      if (free[b] === 0) continue;
      sc += s[b] * c[b];
      cc += c[b] * c[b];
    }
    const gamma = sc > 0 && cc > 0 ? sc / cc : 1;
    for (let b = 0; b < n; b++) direction[b] *= gamma;
  }
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    const c = changes[i];
    let cr = 0;
    for (let b = 0; b < n; b++) if (free[b] === 1) cr += c[b] * direction[b];
    const beta = rhos[i] * cr;
    for (let b = 0; b < n; b++) if (free[b] === 1) direction[b] += (alphas[i] - beta) * s[b];
  }
  let slope = 0;
  for (let b = 0; b < n; b++) slope += gradient[b] * direction[b];
  return slope;
}

/**
 * Armijo backtracking along y(α) = P(y + α·direction) from α = 1 (or, without curvature pairs, from the step that
 * moves the largest free weight by at most its own size), halving up to MAX_BACKTRACKS times. Leaves the accepted
 * point, its relative doses and means in the workspace; returns α or 0.
 */
function backtrack(
  set: WorkingSetInfluence,
  model: PenaltyModel,
  limits: BeamLimits,
  y: Float64Array,
  point: PenaltyPoint,
  gradient: Float64Array,
  f: number,
  workspace: QuasiNewtonWorkspace,
  firstStep: boolean,
): number {
  const { direction, trial, delta, du, uTrial, meanTrial } = workspace;
  let alpha = 1;
  if (firstStep) {
    let largest = 0;
    let scale = 0;
    for (let b = 0; b < y.length; b++) {
      largest = Math.max(largest, Math.abs(direction[b]));
      scale = Math.max(scale, y[b]);
    }
    if (largest > 0 && scale > 0) alpha = Math.min(1, scale / largest);
  }
  for (let k = 0; k < MAX_BACKTRACKS; k++) {
    for (let b = 0; b < y.length; b++) trial[b] = y[b] + alpha * direction[b];
    projectOntoBeamLimits(trial, limits, trial);
    let slope = 0;
    for (let b = 0; b < y.length; b++) {
      delta[b] = trial[b] - y[b];
      slope += gradient[b] * delta[b];
    }
    if (!(slope < 0)) return 0;
    workingSetForward(set, delta, du);
    for (let r = 0; r < uTrial.length; r++) uTrial[r] = point.u[r] + du[r];
    for (let t = 0; t < meanTrial.length; t++) {
      let change = 0;
      const coefficient = model.means[t].coefficient;
      for (let b = 0; b < y.length; b++) change += coefficient[b] * delta[b];
      meanTrial[t] = point.meanValue[t] + change;
    }
    const fTrial = penaltyValue(model, uTrial, meanTrial, beamTermValue(model, trial));
    if (fTrial <= f + ARMIJO * slope) return alpha;
    alpha *= 0.5;
  }
  return 0;
}
