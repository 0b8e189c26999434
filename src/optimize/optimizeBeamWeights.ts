import { accumulateDose } from '../dose/accumulateDose';
import { InputError } from '../errors/InputError';
import type {
  AchievedOrgan,
  AchievedPlan,
  AchievedShell,
  BeamWeightOptions,
  BeamWeightProblem,
  BeamWeightResult,
  OptimizationRound,
  OptimizationWarning,
  VoxelSet,
} from './BeamWeightProblem';
import { influenceSetupPass } from './influenceSetupPass';
import type { CappedRows, MeanTerm, PenaltyModel } from './PenaltyModel';
import { planSummary } from './planSummary';
import type { BeamLimits } from './projectOntoBeamLimits';
import { solvePenaltyProblem } from './solvePenaltyProblem';
import { coverageScaleFactor, coveredPercent } from './targetCoverage';
import { validateBeamWeightProblem, type ResolvedBeamWeightProblem } from './validateBeamWeightProblem';
import { compactWorkingSet, extendWorkingSet, workingSetForward, type WorkingSetInfluence } from './WorkingSetInfluence';

/** A capped voxel term before restriction to the working set (shell or organ maximum). */
interface CapSource {
  readonly set: VoxelSet;
  /** importance / PTV weight. */
  readonly scale: number;
  /** The user's cap / Rx. */
  readonly userCapRel: number;
  readonly organ: number | null;
  /** Current term on the working set (threshold and multiplier live here across rounds). */
  term: CappedRows;
}

/** κ: weight of the under-dose of the coldest (100 − coverage) % of the PTV, relative to ŵ (keeps cold holes out). */
const COLD_TAIL_WEIGHT = 0.1;
/** Upper bound of the organ escalation factor (importance × this at most). */
const MAX_ESCALATION = 4096;
const ESCALATION_STEP = 4;
/**
 * Before a bracket exists the goal moves by (wanted / achieved)^gain: the achieved maximum follows h only partly
 * (d ln ratio / d ln h ≈ 0.3–0.7 on the phantoms), so a gain of 2 saves rounds.
 */
const UNBRACKETED_GAIN = 2;
/** Per round, the near-maximum goal moves by at most this factor. */
const MAX_HOT_CHANGE = 1.15;

/**
 * Beam weights (MU per fraction) for one PTV, CyberKnife style: the prescription isodose line (IDL, 70–85 % of the
 * maximum) covers the PTV (V100 = coverage, default 95 %), dose falls off outside (fall-off shells) and organ
 * limits are respected where possible. Method (docs/optimisation.md):
 * 1. One setup pass over the influence: checks every entry; per-beam PTV sums (variable scaling), organ mean-dose
 *    vectors, integral dose; starting plan "same integral dose per beam" normalised to the coverage.
 * 2. Working set W = PTV voxels + shell voxels whose starting dose reaches screeningFraction × cap (organs: half
 *    that); their rows are copied into a compact sparse matrix (one pass over the influence).
 * 3. Rounds: minimise the penalty objective (PenaltyModel) on W (solvePenaltyProblem: spectral projected gradient
 *    warm-up, then projected L-BFGS) over 0 ≤ MU ≤ maxMuPerBeam, Σ MU ≤ totalMuBudget; scale the MU so that V100
 *    = coverage; then prepare the next round: steer the PTV maximum goal towards the requested IDL
 *    (steerMaximum), escalate organs over their limits (escalateOrgans), prune beams under minimumMuPerBeam
 *    (gradually, once the IDL is within tolerance), drop idle rows of W. When nothing changes, one full pass
 *    certifies W: if no voxel outside W exceeds its cap, the solution is a stationary point of the full problem
 *    (outside voxels add neither value nor gradient); otherwise they join W and the rounds go on.
 * 4. The MU and the Float32 dose grid of the last pass are scaled by the normalisation; the achieved figures come
 *    from them (PTV figures from the Float64 working-set doses).
 * Deterministic: no randomness, fixed loop orders, so the same problem gives the same plan bit for bit.
 * Throws InputError (see validateBeamWeightProblem), 'target-not-covered' when the beams cannot reach the
 * coverage at any MU.
 */
export function optimizeBeamWeights(problem: BeamWeightProblem, options: BeamWeightOptions = {}): BeamWeightResult {
  const p = validateBeamWeightProblem(problem, options);
  const { influence, target, options: opt } = p;
  const rx = p.prescriptionGyPerFraction;
  const beamCount = influence.beamCount;
  const warnings: OptimizationWarning[] = [];
  const rowOfVoxel = new Int32Array(influence.voxelCount).fill(-1);

  const meanOrgans = p.organs.map((organ, o) => ({ organ, o })).filter(({ organ }) => organ.meanDoseGyPerFraction !== undefined && organ.importance > 0);
  const setup = influenceSetupPass(influence, target, meanOrgans.map(({ organ }) => organ), rowOfVoxel);
  let targetWeight = 0;
  for (let n = 0; n < target.weights.length; n++) targetWeight += target.weights[n];

  // Variable scaling: y_b = MU_b / muPerUnit_b with muPerUnit_b = Rx / rms PTV dose per MU (Jacobi on the PTV term).
  const columnScale = new Float64Array(beamCount);
  const muPerUnit = new Float64Array(beamCount);
  let missing = 0;
  for (let b = 0; b < beamCount; b++) {
    const ms = setup.targetDoseSquareSum[b] / targetWeight;
    if (setup.targetDoseSum[b] > 0 && ms > 0) {
      columnScale[b] = 1 / Math.sqrt(ms);
      muPerUnit[b] = rx * columnScale[b];
    } else missing++;
  }
  if (missing === beamCount) throw new InputError('target-not-covered', 'no beam deposits dose in the target');
  if (missing > 0) warnings.push({ code: 'beams-miss-target', message: `${missing} of ${beamCount} beams deposit no dose in the target and get 0 MU` });

  // Start: same integral dose per beam, scaled to the coverage.
  const startTargetDose = gather(setup.startDoseGy, target.voxels);
  const startScale = coverageScaleFactor(startTargetDose, target.weights, rx, p.coveragePercent);
  if (!Number.isFinite(startScale)) {
    throw new InputError('target-not-covered', `less than ${p.coveragePercent} % of the target volume receives dose from any beam`);
  }
  const y = new Float64Array(beamCount);
  for (let b = 0; b < beamCount; b++) y[b] = muPerUnit[b] > 0 ? (setup.startMu[b] * startScale) / muPerUnit[b] : 0;

  // Capped voxel terms (shells, organ maxima) and organ means.
  const caps: CapSource[] = [];
  p.shells.forEach((shell) => {
    caps.push({ set: shell, scale: shell.importance / targetWeight, userCapRel: shell.maxDoseGyPerFraction / rx, organ: null, term: emptyTerm(shell.maxDoseGyPerFraction / rx) });
  });
  p.organs.forEach((organ, o) => {
    if (organ.maxDoseGyPerFraction === undefined || organ.importance === 0) return;
    caps.push({ set: organ, scale: organ.importance / targetWeight, userCapRel: organ.maxDoseGyPerFraction / rx, organ: o, term: emptyTerm(organ.maxDoseGyPerFraction / rx) });
  });
  const means: (MeanTerm & { readonly userCapRel: number; readonly organ: number; readonly importance: number })[] = meanOrgans.map(({ organ, o }, t) => {
    const coefficient = new Float64Array(beamCount);
    for (let b = 0; b < beamCount; b++) coefficient[b] = (setup.organMeanDosePerMu[t][b] * muPerUnit[b]) / rx;
    const userCapRel = (organ.meanDoseGyPerFraction as number) / rx;
    return { coefficient, capRel: userCapRel, weight: organ.importance, userCapRel, organ: o, importance: organ.importance };
  });
  const linear = new Float64Array(beamCount);
  for (let b = 0; b < beamCount; b++) {
    const outside = Math.max(0, setup.footprintDoseSum[b] - setup.targetDoseSum[b]);
    linear[b] = (opt.integralDoseImportance * outside * muPerUnit[b]) / (targetWeight * rx);
  }

  // Working set from the starting dose.
  const theta = opt.screeningFraction;
  const initial = collectCandidates(caps, rowOfVoxel, setup.startDoseGy, startScale / rx, theta, target.voxels);
  let set = extendWorkingSet(influence, null, initial, rowOfVoxel, columnScale);
  const requestedRatio = 100 / p.prescriptionIsodosePercent;
  const model: PenaltyModel = {
    targetRows: new Uint32Array(0),
    targetWeights: new Float64Array(0),
    coverageFraction: p.coveragePercent / 100,
    coverageFloorRel: 0,
    coverageWeights: new Float64Array(0),
    coverageImportance: opt.coverageImportance,
    allVoxelCoverageWeight: COLD_TAIL_WEIGHT,
    hotRel: requestedRatio,
    hotCapRel: requestedRatio,
    overdoseImportance: opt.overdoseImportance,
    nearMaxImportance: opt.nearMaxImportance,
    capped: [],
    means,
    linear,
    ridge: opt.ridgeImportance,
  };
  rebuildModel(model, caps, target, targetWeight, rowOfVoxel);
  const levers = organLevers(caps, means);

  const upper = new Float64Array(beamCount);

  const pruned = new Uint8Array(beamCount);
  const setLimits = (): BeamLimits => {
    for (let b = 0; b < beamCount; b++) upper[b] = muPerUnit[b] > 0 && pruned[b] === 0 ? p.maxMuPerBeam / muPerUnit[b] : 0;
    return { upper, muPerUnit, budget: p.totalMuBudget };
  };

  const history: number[] = [];
  const rounds: OptimizationRound[] = [];
  const hotPoints: HotPoint[] = [];
  const escalations = { over: 0, max: 0 };
  let iterations = 0;
  let converged = false;
  let fullDose: Float32Array | undefined;
  let fullDoseCurrent = false;
  let scale = startScale;
  const mu = new Float64Array(beamCount);
  let u = new Float64Array(set.rowCount);
  // Steer while the IDL is off by more than 60 % of the tolerance, leaving margin for the pruning rounds.
  const innerTolerance = 0.6 * opt.isodoseTolerancePercent;
  let isodoseSteering = true;

  for (let round = 0; round < opt.maxRounds; round++) {
    const result = solvePenaltyProblem(set, model, setLimits(), y, { maxIterations: opt.maxIterationsPerSolve, relativeTolerance: opt.relativeTolerance, warmStart: round > 0 }, history);
    iterations += result.iterations;
    if (u.length !== set.rowCount) u = new Float64Array(set.rowCount);
    workingSetForward(set, y, u);
    const targetU = gatherRows(u, model.targetRows);
    scale = coverageScaleFactor(targetU, model.targetWeights, 1, p.coveragePercent);
    if (!Number.isFinite(scale)) throw new InputError('target-not-covered', `the remaining beams cannot cover ${p.coveragePercent} % of the target`);
    // Drop rows far under their caps (they add nothing to the objective but cost in every product); the final
    // certification brings back any that matter.
    const compacted = dropIdleRows(set, model, caps, target, targetWeight, rowOfVoxel, u, scale, theta / 2);
    if (compacted !== null) {
      set = compacted;
      u = new Float64Array(set.rowCount);
      workingSetForward(set, y, u);
    }
    const ratio = scale * maxOf(targetU);
    const isodose = 100 / ratio;
    for (let b = 0; b < beamCount; b++) mu[b] = muPerUnit[b] * y[b];
    const actions: string[] = [];

    if (isodoseSteering && Math.abs(isodose - p.prescriptionIsodosePercent) > innerTolerance) {
      hotPoints.push({ hot: model.hotRel, ratio });
      const steer = steerMaximum(hotPoints, requestedRatio, model, escalations);
      if (steer) actions.push('isodose');
      else isodoseSteering = false;
    }
    if (escalateOrgans(levers, u, y, scale)) actions.push('organ');
    // Pruning needs a settled plan: no organ or MU-limit change pending and the IDL within the requested tolerance.
    const settled = !actions.some((action) => action !== 'isodose') && Math.abs(isodose - p.prescriptionIsodosePercent) <= opt.isodoseTolerancePercent;
    if (settled && pruneSmallBeams(mu, scale, opt.minimumMuPerBeam, pruned, y, true)) actions.push('prune');
    fullDoseCurrent = false;
    if (actions.length === 0) {
      // Certify the working set on every voxel.
      fullDose = accumulateDose(influence, mu, fullDose);
      fullDoseCurrent = true;
      const added = collectViolations(caps, rowOfVoxel, fullDose, 1 / (rx * model.coverageFloorRel), theta);
      if (added.length > 0) {
        set = extendWorkingSet(influence, set, added, rowOfVoxel, columnScale);
        rebuildModel(model, caps, target, targetWeight, rowOfVoxel);
        fullDoseCurrent = false;
        actions.push('working-set');
      }
    }
    rounds.push({ iterations: result.iterations, objective: result.objective, coverageScale: scale, prescriptionIsodosePercent: isodose, actions, workingSetVoxels: set.rowCount });
    if (actions.length === 0) {
      converged = true;
      break;
    }
  }

  if (!converged) {
    warnings.push({ code: 'not-converged', message: `the optimisation stopped after ${opt.maxRounds} rounds with pending changes (${rounds[rounds.length - 1].actions.join(', ')})` });
    // Whatever happened, no undeliverable beam: prune without re-optimising and renormalise (pruning only lowers
    // dose, so the new scale is ≥ the old and no remaining beam falls under the minimum).
    if (opt.minimumMuPerBeam > 0 && pruneSmallBeams(mu, scale, opt.minimumMuPerBeam, pruned, y, false)) {
      warnings.push({ code: 'pruned-without-reoptimisation', message: `beams under ${opt.minimumMuPerBeam} MU were removed after the last round without re-optimisation` });
    }
    if (u.length !== set.rowCount) u = new Float64Array(set.rowCount);
    workingSetForward(set, y, u);
    scale = coverageScaleFactor(gatherRows(u, model.targetRows), model.targetWeights, 1, p.coveragePercent);
    if (!Number.isFinite(scale)) throw new InputError('target-not-covered', `the remaining beams cannot cover ${p.coveragePercent} % of the target`);
    for (let b = 0; b < beamCount; b++) mu[b] = muPerUnit[b] * y[b];
    fullDoseCurrent = false;
  }
  const doseGy = fullDoseCurrent && fullDose !== undefined ? fullDose : accumulateDose(influence, mu, fullDose);

  const muPerBeam = new Float64Array(beamCount);
  for (let b = 0; b < beamCount; b++) muPerBeam[b] = mu[b] * scale;
  for (let v = 0; v < doseGy.length; v++) doseGy[v] *= scale;
  workingSetForward(set, y, u);
  const targetDoseGy = gatherRows(u, model.targetRows);
  for (let n = 0; n < targetDoseGy.length; n++) targetDoseGy[n] *= rx * scale;
  const achieved = achievedPlan(p, doseGy, targetDoseGy, model.targetWeights);
  warnings.push(...planWarnings(p, achieved, muPerBeam));
  const prunedBeams: number[] = [];
  for (let b = 0; b < beamCount; b++) if (pruned[b] === 1) prunedBeams.push(b);
  return {
    muPerBeam,
    prunedBeams,
    iterations,
    objectiveHistory: history,
    rounds,
    normalizationFactor: scale,
    achieved,
    summary: planSummary(muPerBeam, { minimumMuPerBeam: opt.minimumMuPerBeam }),
    dosePerFractionGy: doseGy,
    converged,
    warnings,
  };
}

/**
 * Working set without the capped-only rows whose normalised dose is under `fraction` × their lowest working cap
 * (PTV rows always stay); null when fewer than 10 % of the rows would go. Rebuilds the model's terms.
 */
function dropIdleRows(
  set: WorkingSetInfluence,
  model: PenaltyModel,
  caps: CapSource[],
  target: VoxelSet,
  targetWeight: number,
  rowOfVoxel: Int32Array,
  u: Float64Array,
  scale: number,
  fraction: number,
): WorkingSetInfluence | null {
  const lowestCap = new Float64Array(set.rowCount).fill(Infinity);
  for (const row of model.targetRows) lowestCap[row] = 0;
  for (const cap of caps) {
    const { rows } = cap.term;
    for (let n = 0; n < rows.length; n++) lowestCap[rows[n]] = Math.min(lowestCap[rows[n]], cap.term.thresholdRel);
  }
  const keep = new Uint8Array(set.rowCount);
  let dropped = 0;
  for (let r = 0; r < set.rowCount; r++) {
    if (u[r] * scale >= fraction * lowestCap[r]) keep[r] = 1;
    else dropped++;
  }
  if (dropped < 0.1 * set.rowCount) return null;
  const compacted = compactWorkingSet(set, keep, rowOfVoxel);
  rebuildModel(model, caps, target, targetWeight, rowOfVoxel);
  return compacted;
}

function emptyTerm(thresholdRel: number): CappedRows {
  return { rows: new Uint32Array(0), weights: new Float64Array(0), thresholdRel, multiplier: 1 };
}

/** Re-restricts every term to the working set (keeps thresholds and multipliers). */
function rebuildModel(model: PenaltyModel, caps: CapSource[], target: VoxelSet, targetWeight: number, rowOfVoxel: Int32Array): void {
  const targetRows: number[] = [];
  const targetWeights: number[] = [];
  for (let n = 0; n < target.voxels.length; n++) {
    if (target.weights[n] > 0) {
      targetRows.push(rowOfVoxel[target.voxels[n]]);
      targetWeights.push(target.weights[n] / targetWeight);
    }
  }
  model.targetRows = Uint32Array.from(targetRows);
  model.targetWeights = Float64Array.from(targetWeights);
  model.capped.length = 0;
  for (const cap of caps) {
    const rows: number[] = [];
    const weights: number[] = [];
    const { voxels, weights: fractions } = cap.set;
    for (let n = 0; n < voxels.length; n++) {
      const row = rowOfVoxel[voxels[n]];
      if (row >= 0 && fractions[n] > 0) {
        rows.push(row);
        weights.push(fractions[n] * cap.scale);
      }
    }
    cap.term = { rows: Uint32Array.from(rows), weights: Float64Array.from(weights), thresholdRel: cap.term.thresholdRel, multiplier: cap.term.multiplier };
    model.capped.push(cap.term);
  }
}

/**
 * Voxels for a new working set: the target plus, per capped term, voxels whose dose × doseToRel reaches
 * theta × threshold. Strictly ascending; `rowOfVoxel` is used as scratch (−2 = picked) and restored.
 */
function collectCandidates(caps: readonly CapSource[], rowOfVoxel: Int32Array, doseGy: Float32Array, doseToRel: number, theta: number, always: Uint32Array): Uint32Array {
  const picked: number[] = [];
  const pick = (v: number): void => {
    if (rowOfVoxel[v] === -1) {
      rowOfVoxel[v] = -2;
      picked.push(v);
    }
  };
  for (let n = 0; n < always.length; n++) pick(always[n]);
  for (const cap of caps) {
    // Organ limits are screened more widely (θ/2): their escalation needs their hottest voxels in the working set.
    const limit = (cap.organ === null ? theta : theta / 2) * cap.term.thresholdRel;
    const { voxels, weights } = cap.set;
    for (let n = 0; n < voxels.length; n++) if (weights[n] > 0 && doseGy[voxels[n]] * doseToRel >= limit) pick(voxels[n]);
  }
  const result = Uint32Array.from(picked).sort();
  for (let n = 0; n < result.length; n++) rowOfVoxel[result[n]] = -1;
  return result;
}

/** Voxels outside the working set above their cap make the set grow by every outside voxel above theta × cap. */
function collectViolations(caps: readonly CapSource[], rowOfVoxel: Int32Array, doseGy: Float32Array, doseToRel: number, theta: number): Uint32Array {
  let violated = false;
  for (const cap of caps) {
    const limit = cap.term.thresholdRel;
    const { voxels, weights } = cap.set;
    for (let n = 0; n < voxels.length && !violated; n++) {
      if (weights[n] > 0 && rowOfVoxel[voxels[n]] < 0 && doseGy[voxels[n]] * doseToRel > limit) violated = true;
    }
  }
  if (!violated) return new Uint32Array(0);
  return collectCandidates(caps, rowOfVoxel, doseGy, doseToRel, theta, new Uint32Array(0));
}

/** An organ limit the rounds may strengthen: the weight and working threshold of its term. */
interface OrganLever {
  readonly userCapRel: number;
  readonly maxWeight: number;
  weight: number;
  threshold: number;
  /** Unscaled relative value (organ maximum over its working-set rows, or mean). */
  readonly value: (u: Float64Array, y: Float64Array) => number;
  readonly apply: () => void;
  /** Before each escalation: the normalised value and the weight/threshold it replaced. */
  readonly history: { value: number; weight: number; threshold: number }[];
  frozen: boolean;
}

function organLevers(caps: CapSource[], means: (MeanTerm & { readonly userCapRel: number; readonly importance: number })[]): OrganLever[] {
  const levers: OrganLever[] = [];
  for (const cap of caps) {
    if (cap.organ === null) continue;
    const lever: OrganLever = {
      userCapRel: cap.userCapRel,
      maxWeight: MAX_ESCALATION,
      weight: cap.term.multiplier,
      threshold: cap.term.thresholdRel,
      value: (u) => {
        let max = 0;
        for (let n = 0; n < cap.term.rows.length; n++) max = Math.max(max, u[cap.term.rows[n]]);
        return max;
      },
      apply: () => {
        cap.term.multiplier = lever.weight;
        cap.term.thresholdRel = lever.threshold;
      },
      history: [],
      frozen: false,
    };
    levers.push(lever);
  }
  for (const mean of means) {
    const lever: OrganLever = {
      userCapRel: mean.userCapRel,
      maxWeight: mean.importance * MAX_ESCALATION,
      weight: mean.weight,
      threshold: mean.capRel,
      value: (_u, y) => {
        let value = 0;
        for (let b = 0; b < y.length; b++) value += mean.coefficient[b] * y[b];
        return value;
      },
      apply: () => {
        mean.weight = lever.weight;
        mean.capRel = lever.threshold;
      },
      history: [],
      frozen: false,
    };
    levers.push(lever);
  }
  return levers;
}

/**
 * Organ limits exceeded after normalisation: weight × ESCALATION_STEP (up to MAX_ESCALATION) and the working cap
 * multiplied by limit / achieved (not below half the limit), so the normalised dose converges onto the limit (the
 * model multiplies caps by the coverage dose q, so the working cap is already in normalised terms).
 * When two escalations in a row did not lower the organ's normalised value by 2 % (the limit conflicts with
 * coverage, e.g. an organ inside the PTV), they are undone and the organ is left alone from then on: coverage has
 * priority, the excess is reported. Returns whether any weight or threshold changed.
 */
function escalateOrgans(levers: OrganLever[], u: Float64Array, y: Float64Array, scale: number): boolean {
  let changed = false;
  for (const lever of levers) {
    if (lever.frozen) continue;
    const value = lever.value(u, y) * scale;
    if (value <= lever.userCapRel * (1 + 1e-6)) continue;
    const history = lever.history;
    if (history.length >= 2 && value > 0.98 * history[history.length - 2].value) {
      // Two escalations without progress: the limit conflicts with coverage; undo them and leave the organ alone.
      const undo = history[history.length - 2];
      lever.weight = undo.weight;
      lever.threshold = undo.threshold;
      lever.frozen = true;
    } else if (lever.weight * ESCALATION_STEP <= lever.maxWeight) {
      history.push({ value, weight: lever.weight, threshold: lever.threshold });
      lever.weight *= ESCALATION_STEP;
      // Integral-like correction: aim the working cap below the limit by the current excess.
      lever.threshold = Math.max(0.5 * lever.userCapRel, (lever.threshold * lever.userCapRel) / value);
    } else {
      lever.frozen = true;
      continue;
    }
    lever.apply();
    changed = true;
  }
  return changed;
}

/** Per pruning round, at most this fraction of the active beams is removed (the smallest first). */
const PRUNE_FRACTION = 0.2;

/**
 * Sets beams with 0 < scale·MU < minimum to 0 MU and fixes them there. With `gradual`, only the smallest of them,
 * at most PRUNE_FRACTION of the active beams (at least one), go in one round: after re-optimisation their similar
 * neighbours grow above the minimum instead of a whole class of beams (e.g. one cone size) disappearing at once.
 * Ties are broken by beam index. Returns whether any was pruned.
 */
function pruneSmallBeams(mu: Float64Array, scale: number, minimum: number, pruned: Uint8Array, y: Float64Array, gradual: boolean): boolean {
  const small: number[] = [];
  let active = 0;
  for (let b = 0; b < mu.length; b++) {
    if (mu[b] > 0) active++;
    if (mu[b] > 0 && mu[b] * scale < minimum) small.push(b);
  }
  if (small.length === 0) return false;
  small.sort((a, b) => mu[a] - mu[b] || a - b);
  const count = gradual ? Math.min(small.length, Math.max(1, Math.floor(PRUNE_FRACTION * active))) : small.length;
  for (let n = 0; n < count; n++) {
    const b = small[n];
    pruned[b] = 1;
    mu[b] = 0;
    y[b] = 0;
  }
  return true;
}

/** One isodose-steering observation: the goal h used and the achieved Dmax / Rx after normalisation. */
interface HotPoint {
  readonly hot: number;
  readonly ratio: number;
}

/** Escalations of λ_over or λ_max (×4 each) before the isodose steering gives up. */
const MAX_ESCALATIONS = 4;
/** A steering round that moves the IDL by less than this (percentage points) counts as no progress. */
const MIN_ISODOSE_PROGRESS = 0.25;

/**
 * Moves the PTV maximum goal h towards the requested IDL. The next h is h·(wanted / achieved Dmax/Rx)^2 until two
 * rounds bracket the wanted ratio, then regula falsi (log–log) between the latest bracketing (h, ratio) pairs;
 * limited to ×/÷ MAX_HOT_CHANGE per round and to h ≥ 1 (the maximum cannot be below Rx). When a round in the same direction moved the IDL by less than
 * MIN_ISODOSE_PROGRESS, the lever of that direction is strengthened ×4: λ_over when the plan is too hot, λ_max when
 * too flat (λ_max from 1 if it was 0); after MAX_ESCALATIONS of a lever, returns false: the beams cannot shape the
 * requested maximum and the plan keeps its IDL (reported with a warning).
 */
function steerMaximum(points: HotPoint[], wanted: number, model: PenaltyModel, escalations: { over: number; max: number }): boolean {
  const last = points[points.length - 1];
  const tooHot = last.ratio > wanted;
  if (points.length >= 2) {
    const before = points[points.length - 2];
    const sameDirection = before.ratio > wanted === tooHot;
    if (sameDirection && Math.abs(100 / last.ratio - 100 / before.ratio) < MIN_ISODOSE_PROGRESS) {
      if (tooHot) {
        if (escalations.over >= MAX_ESCALATIONS) return false;
        escalations.over++;
        model.overdoseImportance = Math.max(model.overdoseImportance * 4, 1);
      } else {
        if (escalations.max >= MAX_ESCALATIONS) return false;
        escalations.max++;
        model.nearMaxImportance = Math.max(model.nearMaxImportance * 4, 1);
      }
      // The old pairs were made with other weights: start the bracketing afresh.
      points.splice(0, points.length - 1);
    }
  }
  // Bracket: the latest points on each side of the wanted ratio (same weights); regula falsi in log–log inside a
  // bracket (the response is monotone but far from linear), else the multiplicative step.
  let next = last.hot * (wanted / last.ratio) ** UNBRACKETED_GAIN;
  let below: HotPoint | null = null;
  let above: HotPoint | null = null;
  for (const point of points) {
    if (point.ratio < wanted) below = point;
    else above = point;
  }
  if (below !== null && above !== null && below.hot !== above.hot) {
    const t = (Math.log(wanted) - Math.log(below.ratio)) / (Math.log(above.ratio) - Math.log(below.ratio));
    next = Math.exp(Math.log(below.hot) + t * (Math.log(above.hot) - Math.log(below.hot)));
  }
  model.hotRel = Math.max(1, Math.min(last.hot * MAX_HOT_CHANGE, Math.max(last.hot / MAX_HOT_CHANGE, next)));
  return true;
}

function achievedPlan(p: ResolvedBeamWeightProblem, doseGy: Float32Array, targetDoseGy: Float64Array, targetWeights: Float64Array): AchievedPlan {
  const rx = p.prescriptionGyPerFraction;
  let maxDose = 0;
  let minDose = Infinity;
  let meanDose = 0;
  for (let n = 0; n < targetDoseGy.length; n++) {
    maxDose = Math.max(maxDose, targetDoseGy[n]);
    minDose = Math.min(minDose, targetDoseGy[n]);
    meanDose += targetWeights[n] * targetDoseGy[n];
  }
  let globalMax = 0;
  let piv = 0;
  let piv50 = 0;
  for (let v = 0; v < doseGy.length; v++) {
    const d = doseGy[v];
    if (d > globalMax) globalMax = d;
    if (d >= rx) piv++;
    if (d >= 0.5 * rx) piv50++;
  }
  let targetWeight = 0;
  for (let n = 0; n < p.target.weights.length; n++) targetWeight += p.target.weights[n];
  const ptvVolumeCc = targetWeight * p.voxelVolumeCc;
  const shells: AchievedShell[] = p.shells.map((shell) => {
    const stats = setStats(shell, doseGy, shell.maxDoseGyPerFraction);
    return { name: shell.name, capGyPerFraction: shell.maxDoseGyPerFraction, maxDoseGyPerFraction: stats.max, meanDoseGyPerFraction: stats.mean, volumeAboveCapPercent: stats.abovePercent };
  });
  const organs: AchievedOrgan[] = p.organs.map((organ) => {
    const stats = setStats(organ, doseGy, Infinity);
    return {
      name: organ.name,
      maxDoseGyPerFraction: stats.max,
      meanDoseGyPerFraction: stats.mean,
      maxLimitMet: organ.maxDoseGyPerFraction === undefined ? null : stats.max <= organ.maxDoseGyPerFraction * (1 + 1e-6),
      meanLimitMet: organ.meanDoseGyPerFraction === undefined ? null : stats.mean <= organ.meanDoseGyPerFraction * (1 + 1e-6),
    };
  });
  return {
    v100Percent: coveredPercent(targetDoseGy, targetWeights, rx),
    prescriptionIsodosePercent: maxDose > 0 ? (100 * rx) / maxDose : 0,
    maxDoseGyPerFraction: maxDose,
    globalMaxDoseGyPerFraction: globalMax,
    minDoseGyPerFraction: minDose,
    meanDoseGyPerFraction: meanDose,
    ptvVolumeCc,
    pivCc: piv * p.voxelVolumeCc,
    piv50Cc: piv50 * p.voxelVolumeCc,
    r100: (piv * p.voxelVolumeCc) / ptvVolumeCc,
    r50: (piv50 * p.voxelVolumeCc) / ptvVolumeCc,
    shells,
    organs,
  };
}

function setStats(set: VoxelSet, doseGy: Float32Array, cap: number): { max: number; mean: number; abovePercent: number } {
  let max = 0;
  let sum = 0;
  let weight = 0;
  let above = 0;
  for (let n = 0; n < set.voxels.length; n++) {
    const w = set.weights[n];
    if (w <= 0) continue;
    const d = doseGy[set.voxels[n]];
    max = Math.max(max, d);
    sum += w * d;
    weight += w;
    if (d > cap) above += w;
  }
  return { max, mean: weight > 0 ? sum / weight : 0, abovePercent: weight > 0 ? (100 * above) / weight : 0 };
}

function planWarnings(p: ResolvedBeamWeightProblem, achieved: AchievedPlan, muPerBeam: Float64Array): OptimizationWarning[] {
  const warnings: OptimizationWarning[] = [];
  const isodose = achieved.prescriptionIsodosePercent;
  if (Math.abs(isodose - p.prescriptionIsodosePercent) > p.options.isodoseTolerancePercent) {
    warnings.push({
      code: 'isodose-out-of-range',
      message: `prescription isodose ${isodose.toFixed(1)} % (requested ${p.prescriptionIsodosePercent} ± ${p.options.isodoseTolerancePercent} %): the beams cannot shape the requested maximum`,
    });
  }
  achieved.organs.forEach((organ, o) => {
    const limits = p.organs[o];
    if (organ.maxLimitMet === false) {
      warnings.push({ code: 'organ-max-exceeded', message: `${organ.name}: maximum ${organ.maxDoseGyPerFraction.toFixed(3)} Gy per fraction exceeds the limit ${limits.maxDoseGyPerFraction} Gy with the target covered` });
    }
    if (organ.meanLimitMet === false) {
      warnings.push({ code: 'organ-mean-exceeded', message: `${organ.name}: mean ${organ.meanDoseGyPerFraction.toFixed(3)} Gy per fraction exceeds the limit ${limits.meanDoseGyPerFraction} Gy with the target covered` });
    }
  });
  const largest = maxOf(muPerBeam);
  if (largest > p.maxMuPerBeam * (1 + 1e-9)) {
    warnings.push({ code: 'mu-limit-exceeded', message: `a beam needs ${largest.toFixed(1)} MU per fraction to cover the target, above the limit ${p.maxMuPerBeam} MU` });
  }
  const total = sumOf(muPerBeam);
  if (total > p.totalMuBudget * (1 + 1e-9)) {
    warnings.push({ code: 'mu-budget-exceeded', message: `the plan needs ${total.toFixed(0)} MU per fraction to cover the target, above the budget ${p.totalMuBudget} MU` });
  }
  if (achieved.globalMaxDoseGyPerFraction > achieved.maxDoseGyPerFraction * (1 + 1e-4)) {
    warnings.push({ code: 'hot-spot-outside-target', message: `the grid maximum ${achieved.globalMaxDoseGyPerFraction.toFixed(3)} Gy lies outside the target (target maximum ${achieved.maxDoseGyPerFraction.toFixed(3)} Gy)` });
  }
  return warnings;
}

function gather(values: Float32Array, voxels: Uint32Array): Float64Array {
  const out = new Float64Array(voxels.length);
  for (let n = 0; n < voxels.length; n++) out[n] = values[voxels[n]];
  return out;
}

function gatherRows(u: Float64Array, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let n = 0; n < rows.length; n++) out[n] = u[rows[n]];
  return out;
}

function maxOf(values: Float64Array): number {
  let m = 0;
  for (let n = 0; n < values.length; n++) if (values[n] > m) m = values[n];
  return m;
}

function sumOf(values: Float64Array): number {
  let s = 0;
  for (let n = 0; n < values.length; n++) s += values[n];
  return s;
}
