import type { DoseInfluence } from '../dose/DoseInfluence';
import { InputError } from '../errors/InputError';
import {
  DEFAULT_COVERAGE_PERCENT,
  DEFAULT_MINIMUM_MU_PER_BEAM,
  DEFAULT_PRESCRIPTION_ISODOSE_PERCENT,
  MIN_PRESCRIPTION_ISODOSE_PERCENT,
  requirePrescriptionIsodosePercent,
  type MuSummary,
  type VoxelSet,
} from './planConventions';
import { doseGoalPenalty, lineMinimum, type DoseGoals } from './doseGoalPenalty';
import { planSummary } from './planSummary';
import { coverageScaleFactor } from './targetCoverage';

/** The PTV with, per voxel, its depth inside the PTV surface (mm): the dose profile rises with depth. */
export interface ProfiledTarget extends VoxelSet {
  readonly depthMm: Float32Array;
}

/** Voxels outside the PTV with a dose cap (fraction of Rx) and a weight (volume each sample stands for, in voxels). */
export interface CappedVoxels {
  readonly voxels: Uint32Array;
  readonly capFractionOfRx: Float32Array;
  readonly weights: Float32Array;
  /**
   * 1 = a maximum goal (e.g. D2cm, far hot spots): its weight grows while the voxel stays over the cap. 0 = a
   * fall-off shape goal: its weight is traded against the IDL (loosened when the plan is too peaked).
   */
  readonly isMaximum: Uint8Array;
}

/**
 * One PTV planned CyberKnife style on a voxel sample (docs/optimisation.md): per fraction, Rx covers coveragePercent
 * of the PTV, the maximum is Rx / IDL, dose outside stays under its caps.
 */
export interface DoseGoalProblem {
  /** Dose per MU per fraction of the candidate beams on the sampled voxels (the target's and the capped ones). */
  readonly influence: DoseInfluence;
  readonly target: ProfiledTarget;
  /** Depth (mm) from which the PTV's lower goal is Rx / IDL; between the surface and it the goal rises linearly. */
  readonly coreDepthMm: number;
  readonly outside: CappedVoxels;
  readonly prescriptionGyPerFraction: number;
  /** 70–85, default 80. */
  readonly prescriptionIsodosePercent?: number;
  /** Default 95. */
  readonly coveragePercent?: number;
}

export interface DoseGoalOptions {
  /** Beams under this MU per fraction are removed and the rest re-optimised. Default 5. */
  readonly minimumMuPerBeam?: number;
  /** IDL steering stops within this many percentage points of the request. Default 2.5. */
  readonly isodoseTolerancePercent?: number;
  /** Outer rounds (IDL steering, cap re-weighting, pruning). Default 8. */
  readonly maxRounds?: number;
  /** Projected-gradient iterations of the first round (later rounds, warm-started: a quarter). Default 40. */
  readonly iterationsPerRound?: number;
  /** Weight of the outside caps relative to PTV coverage (per voxel volume). Default 1. */
  readonly capImportance?: number;
  /** Factor on the weight of a capped voxel still over its cap after a round. Default 3. */
  readonly capEscalation?: number;
  /** Ridge weight ρ on the scaled beam weights (spreads dose over many beams). Default 1e-3. */
  readonly ridge?: number;
}

export interface DoseGoalRound {
  readonly iterations: number;
  readonly objective: number;
  readonly prescriptionIsodosePercent: number;
  readonly capsOver: number;
  readonly activeBeams: number;
}

export interface DoseGoalResult {
  /** MU per fraction per candidate beam, normalised so that V100 = coveragePercent on the sample. */
  readonly muPerBeam: Float64Array;
  readonly summary: MuSummary;
  /** On the sample, after normalisation: 100·Rx / PTV maximum. */
  readonly prescriptionIsodosePercent: number;
  readonly rounds: readonly DoseGoalRound[];
  /** Size of the optimisation: sampled voxels (rows), candidate beams, stored dose entries. */
  readonly problemSize: { readonly rows: number; readonly beams: number; readonly nonZeros: number };
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
}

/** Importance of the PTV terms per unit PTV volume: coverage (u ≥ 1), maximum (u ≤ H), dose profile (u ≥ profile). */
const COVERAGE_IMPORTANCE = 10;
const HOT_IMPORTANCE = 10;
const PROFILE_IMPORTANCE = 1;
const MAX_CAP_MULTIPLIER = 729;
/** Later rounds start from the previous solution and run iterationsPerRound / this (4: the demo plans changed by < 0.6 points in IDL, 0.01 in R50, against 2; the optimisation took 35 % less time). */
const LATER_ROUND_DIVISOR = 4;
/** IDL steering stops when a round moved the IDL by less than this (percentage points). */
const MIN_IDL_PROGRESS = 0.3;

/**
 * Beam weights (MU per fraction) for one PTV by voxel dose goals (docs/optimisation.md):
 *   f(y) = Σ_PTV ŵ [10 (1 − u)₊² + 10 (u − H)₊² + (P(depth) − u)₊²] + Σ_outside ŵ m (u − cap)₊² + ρ Σ y²
 * u = dose / Rx, H = 100 / IDL, P rising linearly from 1 at the surface to H at coreDepthMm (the peaked CyberKnife
 * profile: it keeps the plan from becoming flatter than the IDL asks), ŵ = weight / PTV volume, y = MU / (MU that
 * gives the PTV Rx from that beam alone). Convex; minimised over y ≥ 0 by projected gradient with Barzilai–Borwein
 * steps and an exact line search. Rounds: normalise to V100 = coverage; move H towards the requested IDL; multiply
 * m of capped voxels still over their cap by capEscalation (their maxima, such as D2cm, matter more than their
 * volume); prune beams under minimumMuPerBeam. Deterministic (fixed loop orders, no randomness).
 * Throws InputError 'bad-isodose', 'bad-coverage', 'bad-prescription', 'empty-target', 'target-not-covered'.
 */
export function optimizeDoseGoals(problem: DoseGoalProblem, options: DoseGoalOptions = {}): DoseGoalResult {
  const rx = problem.prescriptionGyPerFraction;
  const idl = requirePrescriptionIsodosePercent(problem.prescriptionIsodosePercent ?? DEFAULT_PRESCRIPTION_ISODOSE_PERCENT);
  const coverage = problem.coveragePercent ?? DEFAULT_COVERAGE_PERCENT;
  if (!(rx > 0 && Number.isFinite(rx))) throw new InputError('bad-prescription', `prescription per fraction must be > 0 Gy, got ${rx}`);
  if (!(coverage > 0 && coverage <= 100)) throw new InputError('bad-coverage', `coverage must be in (0, 100] %, got ${coverage}`);
  const minimumMu = options.minimumMuPerBeam ?? DEFAULT_MINIMUM_MU_PER_BEAM;
  const tolerance = options.isodoseTolerancePercent ?? 2.5;
  const maxRounds = options.maxRounds ?? 8;
  const iterationsPerRound = options.iterationsPerRound ?? 40;
  const capImportance = options.capImportance ?? 1;
  const escalation = options.capEscalation ?? 3;
  const ridge = options.ridge ?? 1e-3;

  const { influence, target, outside } = problem;
  const beamCount = influence.beamCount;
  // Rows: target voxels first, then capped voxels (a voxel in both stays a target row).
  const rowOfVoxel = new Map<number, number>();
  let ptvWeight = 0;
  for (let n = 0; n < target.voxels.length; n++) {
    rowOfVoxel.set(target.voxels[n], n);
    ptvWeight += target.weights[n];
  }
  if (!(ptvWeight > 0)) throw new InputError('empty-target', 'the PTV has no voxel on the sample');
  const outsideRows: number[] = [];
  for (let n = 0; n < outside.voxels.length; n++) {
    if (rowOfVoxel.has(outside.voxels[n])) continue;
    rowOfVoxel.set(outside.voxels[n], target.voxels.length + outsideRows.length);
    outsideRows.push(n);
  }
  const targetRows = target.voxels.length;
  const rows = targetRows + outsideRows.length;

  // Per-beam rows and scaled values a = dose/MU × muPerUnit / Rx (Jacobi scaling on the PTV).
  const beamRows: Uint32Array[] = [];
  const beamValues: Float32Array[] = [];
  const muPerUnit = new Float64Array(beamCount);
  for (let b = 0; b < beamCount; b++) {
    const index = influence.voxelIndex[b];
    const dose = influence.doseGyPerMu[b];
    const r = new Uint32Array(index.length);
    const a = new Float32Array(index.length);
    let count = 0;
    let ptvSquare = 0;
    for (let n = 0; n < index.length; n++) {
      const row = rowOfVoxel.get(index[n]);
      if (row === undefined) continue;
      r[count] = row;
      a[count++] = dose[n];
      if (row < targetRows) ptvSquare += target.weights[row] * dose[n] * dose[n];
    }
    const rms = Math.sqrt(ptvSquare / ptvWeight);
    muPerUnit[b] = rms > 0 ? rx / rms : 0;
    for (let n = 0; n < count; n++) a[n] = (a[n] * muPerUnit[b]) / rx;
    beamRows.push(r.slice(0, count));
    beamValues.push(a.slice(0, count));
  }
  // Beams that give the PTV no dose stay at 0 (upper bound 0).
  const usableCount = muPerUnit.filter((m) => m > 0).length;
  if (usableCount === 0) throw new InputError('target-not-covered', 'no beam deposits dose in the PTV');

  const goals: DoseGoals = {
    lowerRel: new Float64Array(rows),
    lowerWeight: new Float64Array(rows),
    upperRel: new Float64Array(rows).fill(Infinity),
    upperWeight: new Float64Array(rows),
  };
  const capMultiplier = new Float64Array(outsideRows.length).fill(1);
  let hot = 100 / idl;
  let shapeWeight = 1;
  const setGoals = (): void => {
    for (let n = 0; n < targetRows; n++) {
      const w = target.weights[n] / ptvWeight;
      const t = Math.min(1, Math.max(0, target.depthMm[n] / problem.coreDepthMm));
      // One lower goal per row: coverage (weight 10) up to 1, the profile (weight 1) above; merged as the larger goal
      // with the weight of the binding part (the profile only adds where it exceeds 1).
      const profile = 1 + (hot - 1) * t;
      goals.lowerRel[n] = profile;
      goals.lowerWeight[n] = w * (t > 0 ? PROFILE_IMPORTANCE + (COVERAGE_IMPORTANCE - PROFILE_IMPORTANCE) / (1 + 20 * t) : COVERAGE_IMPORTANCE);
      goals.upperRel[n] = hot;
      goals.upperWeight[n] = w * HOT_IMPORTANCE;
    }
    for (let m = 0; m < outsideRows.length; m++) {
      const n = outsideRows[m];
      const row = targetRows + m;
      goals.upperRel[row] = Math.min(outside.capFractionOfRx[n], hot);
      goals.upperWeight[row] = ((outside.weights[n] * capImportance) / ptvWeight) * (outside.isMaximum[n] ? capMultiplier[m] : shapeWeight);
    }
  };

  const y = muPerUnit.map((m) => (m > 0 ? 1 / usableCount : 0));
  const upper = muPerUnit.map((m) => (m > 0 ? Infinity : 0));

  const u = new Float64Array(rows);
  const du = new Float64Array(rows);
  const residual = new Float64Array(rows);
  const gradient = new Float64Array(beamCount);
  const previousGradient = new Float64Array(beamCount);
  const direction = new Float64Array(beamCount);
  const forward = (x: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let b = 0; b < beamCount; b++) {
      const xb = x[b];
      if (xb === 0) continue;
      const r = beamRows[b];
      const a = beamValues[b];
      for (let n = 0; n < r.length; n++) out[r[n]] += xb * a[n];
    }
  };
  const objectiveAndGradient = (): number => {
    let f = doseGoalPenalty(goals, u, residual);
    for (let b = 0; b < beamCount; b++) {
      if (upper[b] === 0) {
        gradient[b] = 0;
        continue;
      }
      const r = beamRows[b];
      const a = beamValues[b];
      let g = 0;
      for (let n = 0; n < r.length; n++) g += a[n] * residual[r[n]];
      gradient[b] = g + 2 * ridge * y[b];
      f += ridge * y[b] * y[b];
    }
    return f;
  };

  /** Projected gradient with Barzilai–Borwein steps and exact line search; returns [iterations, objective]. */
  const solve = (maxIterations: number): [number, number] => {
    forward(y, u);
    let f = objectiveAndGradient();
    let g2 = 0;
    for (let b = 0; b < beamCount; b++) g2 += gradient[b] * gradient[b];
    let step = g2 > 0 ? 0.1 / Math.sqrt(g2) : 0;
    let smallSteps = 0;
    let iterations = 0;
    for (; iterations < maxIterations; iterations++) {
      let moved = false;
      for (let b = 0; b < beamCount; b++) {
        const next = Math.min(upper[b], Math.max(0, y[b] - step * gradient[b]));
        direction[b] = next - y[b];
        if (direction[b] !== 0) moved = true;
      }
      if (!moved) break;
      forward(direction, du);
      let c1 = 0;
      let c2 = 0;
      for (let b = 0; b < beamCount; b++) {
        c1 += 2 * ridge * y[b] * direction[b];
        c2 += ridge * direction[b] * direction[b];
      }
      const lambda = lineMinimum(goals, u, du, c1, c2);
      if (lambda === 0) break;
      let sy = 0;
      let ss = 0;
      previousGradient.set(gradient);
      for (let b = 0; b < beamCount; b++) y[b] += lambda * direction[b];
      for (let v = 0; v < rows; v++) u[v] += lambda * du[v];
      const fNew = objectiveAndGradient();
      for (let b = 0; b < beamCount; b++) {
        const s = lambda * direction[b];
        ss += s * s;
        sy += s * (gradient[b] - previousGradient[b]);
      }
      step = sy > 0 ? ss / sy : step * 2;
      const decrease = f - fNew;
      f = fNew;
      // Stop after three iterations in a row that each gain less than 1e-5 of the objective.
      smallSteps = decrease <= 1e-5 * f ? smallSteps + 1 : 0;
      if (smallSteps >= 3) break;
    }
    return [iterations, f];
  };

  const rounds: DoseGoalRound[] = [];
  const warnings: { code: string; message: string }[] = [];
  let scale = 1;
  let achievedIdl = 0;
  let pruned = false;
  let previousIdl = NaN;
  let previousOver = Infinity;
  for (let round = 0; round < maxRounds; round++) {
    setGoals();
    const [iterations, objective] = solve(round === 0 ? iterationsPerRound : Math.ceil(iterationsPerRound / LATER_ROUND_DIVISOR));
    forward(y, u);
    scale = coverageScaleFactor(u.subarray(0, targetRows), target.weights, 1, coverage);
    if (!Number.isFinite(scale)) throw new InputError('target-not-covered', `the beams cannot cover ${coverage} % of the PTV`);
    let maxU = 0;
    for (let n = 0; n < targetRows; n++) if (target.weights[n] > 0 && u[n] > maxU) maxU = u[n];
    achievedIdl = 100 / (scale * maxU);
    let capsOver = 0;
    for (let m = 0; m < outsideRows.length; m++) {
      if (outside.isMaximum[outsideRows[m]] && scale * u[targetRows + m] > goals.upperRel[targetRows + m] * 1.001) {
        capsOver++;
        capMultiplier[m] = Math.min(MAX_CAP_MULTIPLIER, capMultiplier[m] * escalation);
      }
    }
    let active = 0;
    for (let b = 0; b < beamCount; b++) if (y[b] > 0) active++;
    rounds.push({ iterations, objective, prescriptionIsodosePercent: achievedIdl, capsOver, activeBeams: active });
    const idlOff = Math.abs(achievedIdl - idl) > tolerance;
    // Steering continues while it moves the IDL (a round of pruning or escalation may move it away first);
    // escalation while the count of maxima over their caps falls.
    const steering = idlOff && !(Math.abs(achievedIdl - previousIdl) < MIN_IDL_PROGRESS);
    const escalating = capsOver > 0 && capsOver < 0.9 * previousOver;
    previousIdl = achievedIdl;
    previousOver = capsOver;
    // Too peaked: the fall-off shape goals hold the PTV edge on the steep penumbra, so they are loosened (and the
    // maximum goal lowered); too flat: the reverse. The fall-off goals sit below the RTOG limits, leaving room.
    if (steering) {
      hot = Math.min(100 / MIN_PRESCRIPTION_ISODOSE_PERCENT, Math.max(1.05, hot * (achievedIdl / idl)));
      shapeWeight = Math.min(4, Math.max(1 / 256, shapeWeight * (achievedIdl < idl ? 0.25 : 2)));
    }
    if (steering || escalating) continue;
    if (pruned || minimumMu <= 0) break;
    // Beams under the deliverable minimum go (all of them only if every beam is under it: then none does).
    let removed = 0;
    let kept = 0;
    for (let b = 0; b < beamCount; b++) if (y[b] > 0 && y[b] * muPerUnit[b] * scale >= minimumMu) kept++;
    for (let b = 0; b < beamCount && kept > 0; b++) {
      if (y[b] > 0 && y[b] * muPerUnit[b] * scale < minimumMu) {
        y[b] = 0;
        upper[b] = 0;
        removed++;
      }
    }
    if (kept === 0) warnings.push({ code: 'beams-under-minimum', message: `every beam is under ${minimumMu} MU per fraction; none was removed` });
    pruned = true;
    if (removed === 0) break;
    if (round === maxRounds - 1) {
      forward(y, u);
      scale = coverageScaleFactor(u.subarray(0, targetRows), target.weights, 1, coverage);
      warnings.push({ code: 'pruned-without-reoptimisation', message: `${removed} beams under ${minimumMu} MU were removed after the last round` });
    }
  }
  if (Math.abs(achievedIdl - idl) > tolerance + 1) {
    warnings.push({ code: 'isodose-off-request', message: `prescription isodose ${achievedIdl.toFixed(1)} % on the sample, requested ${idl} %` });
  }
  const muPerBeam = new Float64Array(beamCount);
  for (let b = 0; b < beamCount; b++) muPerBeam[b] = y[b] * muPerUnit[b] * scale;
  let nonZeros = 0;
  for (const r of beamRows) nonZeros += r.length;
  return { muPerBeam, summary: planSummary(muPerBeam, { minimumMuPerBeam: minimumMu }), prescriptionIsodosePercent: achievedIdl, rounds, problemSize: { rows, beams: beamCount, nonZeros }, warnings };
}
