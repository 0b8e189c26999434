import { updateCoverageFloor, type PenaltyModel } from './PenaltyModel';
import type { BeamLimits } from './projectOntoBeamLimits';
import { projectedQuasiNewton } from './projectedQuasiNewton';
import { spectralProjectedGradient, type SolverOptions, type SolverResult } from './spectralProjectedGradient';
import { workingSetForward, type WorkingSetInfluence } from './WorkingSetInfluence';

/** Spectral projected-gradient iterations before the quasi-Newton phase (cold start, warm start). */
const WARM_UP_ITERATIONS = 10;
const WARM_START_ITERATIONS = 2;
/** Lower clamp of the factor q applied to the MU limits. */
const MIN_LIMIT_FACTOR = 0.9;

/**
 * Minimises the PenaltyModel over the BeamLimits set from `y` (overwritten with the result): the dose-volume
 * coverage weights and the coverage dose q are fixed for the whole solve (a well-defined objective for the line
 * searches and the stopping test; they are refreshed at the start of each solve, i.e. each round; the MU limits
 * of `baseLimits`, meant for the normalised plan, are multiplied by q clamped to [0.9, 1]), then a few spectral projected-gradient
 * iterations (robust far from the solution, large first moves) and projected L-BFGS until the relative tolerance.
 * maxIterations counts both.
 */
export function solvePenaltyProblem(
  set: WorkingSetInfluence,
  model: PenaltyModel,
  baseLimits: BeamLimits,
  y: Float64Array,
  options: SolverOptions & { readonly warmStart?: boolean },
  history: number[],
): SolverResult {
  const u = new Float64Array(set.rowCount);
  workingSetForward(set, y, u);
  updateCoverageFloor(model, u);
  // MU limits of the normalised plan: the normalisation will divide the MU by about q. Clamped to [0.9, 1]: when the
  // limits themselves keep the plan under Rx (q < 1), tightening with q would lower q again without end.
  const q = Math.min(1, Math.max(MIN_LIMIT_FACTOR, model.coverageFloorRel));
  const limits: BeamLimits = {
    upper: baseLimits.upper.map((upper) => upper * q),
    muPerUnit: baseLimits.muPerUnit,
    budget: baseLimits.budget * q,
  };
  const warmUp = Math.min(options.warmStart ? WARM_START_ITERATIONS : WARM_UP_ITERATIONS, options.maxIterations);
  const warm = spectralProjectedGradient(set, model, limits, y, { ...options, maxIterations: warmUp }, history);
  const remaining = options.maxIterations - warm.iterations;
  if (remaining <= 0) return warm;
  const quasi = projectedQuasiNewton(set, model, limits, y, { ...options, maxIterations: remaining }, history);
  return { iterations: warm.iterations + quasi.iterations, objective: quasi.objective, converged: quasi.converged };
}
