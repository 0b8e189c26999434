/**
 * The optimiser's objective on a working set, in relative dose u = dose / Rx (so the objective does not change
 * when Rx and all caps are scaled together, which makes MU exactly proportional to Rx):
 *
 *   f = ω Σ_{PTV, u_v ≥ q} ŵ_v (1 − u_v)₊² + κ Σ_{PTV, u_v < q} ŵ_v (1 − u_v)₊²   coverage, dose-volume form
 *     + λ_over Σ_PTV ŵ_v (u_v − h·q)₊²                            PTV maximum: cap at h·q, h = (Rx/IDL)/Rx
 *     + λ_max (G₁₆(u_PTV) − h·q)²                                near-maximum pulled to h·q (two-sided)
 *     + Σ_terms m_t Σ_v ŵ_v (u_v − c_t·q)₊²                       shells and organ maxima (over-dose above cap)
 *     + Σ_organs m_o (ū_o − c̄_o·q)₊²                              organ means (ū linear in the beam weights)
 *     + Σ_b ℓ_b y_b + ρ Σ_b y_b²                                  integral dose outside the PTV (linear) and a
 *                                                                 ridge term that spreads weight over many beams
 *
 * Every cap (h, shell and organ caps, organ means; the MU limits in solvePenaltyProblem) is multiplied by q, the
 * current dose at the coverage volume, frozen per solve: the final normalisation divides all doses by about q, so
 * the optimiser weighs caps against the normalised plan it will deliver; the coverage threshold 1 anchors the level.
 * ŵ_v = partial-volume fraction / PTV volume (in voxels) for every voxel term, so importance 1 means "a cc over
 * the cap by x % of Rx costs as much as a cc of PTV under Rx by x %". G₁₆ = (Σ ŵ u¹⁶)^(1/16) is the generalised
 * mean (gEUD, a = 16) of the PTV dose: a smooth, convex stand-in for the maximum. q is the current dose at the
 * coverage volume (e.g. D95 %): the dose-volume form (Wu & Mohan, Med Phys 27:701, 2000) ignores the coldest
 * (100 − coverage) % of the PTV as the V100 ≥ coverage goal does, so cold partial-volume edge voxels do not force
 * a hotter centre; κ keeps a small pull on them so no cold hole forms inside.
 * @see docs/optimisation.md
 */
export interface PenaltyModel {
  /** Working-set rows of the PTV voxels and their ŵ (sum 1). */
  targetRows: Uint32Array;
  targetWeights: Float64Array;
  /** Coverage goal as a fraction of the PTV weight (0.95). */
  readonly coverageFraction: number;
  /** q: relative dose at the coverage volume, set by updateCoverageFloor at the start of each solve. */
  coverageFloorRel: number;
  /**
   * Coverage weight of each PTV row: ŵ·ω if u ≥ q, else ŵ·κ, frozen for a solve (set by updateCoverageFloor), so
   * that the solved objective is a C¹ piecewise quadratic in u (the dose-volume split is discontinuous).
   */
  coverageWeights: Float64Array;
  /** ω, weight of the dose-volume coverage term (the PTV part at or above q). */
  readonly coverageImportance: number;
  /** κ, weight of the under-dose term of the coldest part (below q). */
  readonly allVoxelCoverageWeight: number;
  /** PTV maximum goal h as a ratio to the coverage dose: (Rx / IDL) / Rx, fine-tuned between rounds. */
  hotRel: number;
  /**
   * h · q: the maximum goal in relative dose, frozen per solve with q (updateCoverageFloor). Tying it to the current
   * coverage dose makes the maximum terms shape max / D95 (what the normalisation keeps) instead of fighting the
   * coverage level.
   */
  hotCapRel: number;
  /** λ_over: per-voxel over-dose above h·q (keeps the maximum down). */
  overdoseImportance: number;
  /** λ_max: two-sided pull of the generalised mean to h·q (raises the centre dose when the plan is too flat). */
  nearMaxImportance: number;
  readonly capped: CappedRows[];
  readonly means: MeanTerm[];
  /** ℓ_b, per beam (0 for beams fixed at 0). */
  readonly linear: Float64Array;
  /** ρ, weight of the ridge term Σ y_b². */
  readonly ridge: number;
}

/** One-sided over-dose penalty over some working-set rows (a shell or an organ maximum). */
export interface CappedRows {
  readonly rows: Uint32Array;
  /** ŵ × importance. */
  readonly weights: Float64Array;
  /** Cap / Rx; the penalty starts at thresholdRel · q (see PenaltyModel). */
  thresholdRel: number;
  /** Escalation factor (organs), 1 otherwise. */
  multiplier: number;
}

/** Organ mean: ū = Σ_b coefficient_b y_b (mean dose / Rx). */
export interface MeanTerm {
  readonly coefficient: Float64Array;
  capRel: number;
  /** importance × escalation. */
  weight: number;
}

/** Number of generalised-mean exponent squarings: a = 2⁴ = 16. */
const GEUD_EXPONENT = 16;

/**
 * Objective value at relative doses `u` (working-set rows), organ means `meanValue` (ū per MeanTerm) and
 * beam-space part `beamValue` (Σ ℓ_b y_b + ρ Σ y_b², beamTermValue). When `residual` is given it receives ∂f/∂u (rows not in any term: 0),
 * and `meanResidual` ∂f/∂ū per mean term.
 */
export function penaltyValue(
  model: PenaltyModel,
  u: Float64Array,
  meanValue: Float64Array,
  beamValue: number,
  residual?: Float64Array,
  meanResidual?: Float64Array,
): number {
  if (residual !== undefined) residual.fill(0);
  const { targetRows, targetWeights, coverageWeights, hotCapRel } = model;
  const overWeight = model.overdoseImportance;
  let coverage = 0;
  let powerSum = 0;
  for (let n = 0; n < targetRows.length; n++) {
    const value = u[targetRows[n]];
    const under = 1 - value;
    if (under > 0) {
      const w = coverageWeights[n];
      coverage += w * under * under;
      if (residual !== undefined) residual[targetRows[n]] -= 2 * w * under;
    }
    const w = targetWeights[n];
    const over = value - hotCapRel;
    if (over > 0) {
      coverage += overWeight * w * over * over;
      if (residual !== undefined) residual[targetRows[n]] += 2 * overWeight * w * over;
    }
    const p2 = value * value;
    const p4 = p2 * p2;
    const p8 = p4 * p4;
    powerSum += w * p8 * p8;
  }
  let f = coverage;
  const lambda = model.nearMaxImportance;
  if (lambda > 0) {
    const g = Math.pow(powerSum, 1 / GEUD_EXPONENT);
    const gap = g - model.hotCapRel;
    f += lambda * gap * gap;
    // At u = 0 (G = 0) G has no gradient; its one-sided derivatives are ≥ 0 and the coverage term moves away.
    if (residual !== undefined && g > 0) {
      // ∂G/∂u_v = ŵ_v u_v¹⁵ / G¹⁵
      const factor = (2 * lambda * gap) / Math.pow(g, GEUD_EXPONENT - 1);
      for (let n = 0; n < targetRows.length; n++) {
        const value = u[targetRows[n]];
        const p2 = value * value;
        const p4 = p2 * p2;
        const p8 = p4 * p4;
        residual[targetRows[n]] += factor * targetWeights[n] * p8 * p4 * p2 * value;
      }
    }
  }
  const q = model.coverageFloorRel;
  for (const term of model.capped) {
    const { rows, weights, multiplier } = term;
    const threshold = term.thresholdRel * q;
    let sum = 0;
    for (let n = 0; n < rows.length; n++) {
      const over = u[rows[n]] - threshold;
      if (over > 0) {
        sum += weights[n] * over * over;
        if (residual !== undefined) residual[rows[n]] += 2 * multiplier * weights[n] * over;
      }
    }
    f += multiplier * sum;
  }
  for (let t = 0; t < model.means.length; t++) {
    const over = meanValue[t] - model.means[t].capRel * q;
    const weight = model.means[t].weight;
    if (over > 0) f += weight * over * over;
    if (meanResidual !== undefined) meanResidual[t] = over > 0 ? 2 * weight * over : 0;
  }
  return f + beamValue;
}

/** Σ ℓ_b y_b + ρ Σ y_b², the part of f that depends on the beam weights directly. */
export function beamTermValue(model: PenaltyModel, y: Float64Array): number {
  let linear = 0;
  let square = 0;
  for (let b = 0; b < y.length; b++) {
    linear += model.linear[b] * y[b];
    square += y[b] * y[b];
  }
  return linear + model.ridge * square;
}

/**
 * Sets model.coverageFloorRel to the relative dose q at which the PTV weight with u ≥ q first reaches
 * coverageFraction (the current D95 % for 95 %), by bisection on q (60 halvings: deterministic, O(PTV) each), and
 * from it the frozen coverage weights and the maximum goal h·q.
 */
export function updateCoverageFloor(model: PenaltyModel, u: Float64Array): void {
  const { targetRows, targetWeights, coverageFraction } = model;
  let low = Infinity;
  let high = 0;
  let total = 0;
  for (let n = 0; n < targetRows.length; n++) {
    const value = u[targetRows[n]];
    low = Math.min(low, value);
    high = Math.max(high, value);
    total += targetWeights[n];
  }
  const needed = coverageFraction * total;
  // Invariant: weight(u ≥ low) ≥ needed; the answer is the largest such level.
  for (let step = 0; step < 60 && high > low; step++) {
    const mid = 0.5 * (low + high);
    if (mid === low || mid === high) break;
    let weight = 0;
    for (let n = 0; n < targetRows.length; n++) if (u[targetRows[n]] >= mid) weight += targetWeights[n];
    if (weight >= needed) low = mid;
    else high = mid;
  }
  model.coverageFloorRel = low;
  model.hotCapRel = model.hotRel * low;
  if (model.coverageWeights.length !== targetRows.length) model.coverageWeights = new Float64Array(targetRows.length);
  const kappa = model.allVoxelCoverageWeight;
  for (let n = 0; n < targetRows.length; n++) model.coverageWeights[n] = targetWeights[n] * (u[targetRows[n]] >= low ? model.coverageImportance : kappa);
}

/** Generalised mean G₁₆ of the PTV's relative doses (the near-maximum the model steers). */
export function nearMaxRel(model: PenaltyModel, u: Float64Array): number {
  let powerSum = 0;
  for (let n = 0; n < model.targetRows.length; n++) {
    const value = u[model.targetRows[n]];
    const p2 = value * value;
    const p4 = p2 * p2;
    const p8 = p4 * p4;
    powerSum += model.targetWeights[n] * p8 * p8;
  }
  return Math.pow(powerSum, 1 / GEUD_EXPONENT);
}

/**
 * Gauss–Newton curvature of the voxel terms per working-set row, ∂²f/∂u_r² (coverage rows under Rx, capped rows
 * over their cap; 0 elsewhere), written to `out`. The near-maximum and mean terms are rank-one and added by the
 * caller (nearMaxGradient, MeanTerm.coefficient).
 */
export function rowCurvature(model: PenaltyModel, u: Float64Array, out: Float64Array): void {
  out.fill(0);
  const { targetRows, coverageWeights, targetWeights, hotCapRel } = model;
  for (let n = 0; n < targetRows.length; n++) {
    const value = u[targetRows[n]];
    if (value < 1) out[targetRows[n]] += 2 * coverageWeights[n];
    if (value > hotCapRel) out[targetRows[n]] += 2 * model.overdoseImportance * targetWeights[n];
  }
  for (const term of model.capped) {
    const { rows, weights, multiplier } = term;
    const threshold = term.thresholdRel * model.coverageFloorRel;
    for (let n = 0; n < rows.length; n++) if (u[rows[n]] > threshold) out[rows[n]] += 2 * multiplier * weights[n];
  }
}

/**
 * ∂G₁₆/∂u_r on the PTV rows (0 elsewhere) written to `out`; returns G₁₆ (0 when all PTV doses are 0, then `out`
 * is all 0).
 */
export function nearMaxGradient(model: PenaltyModel, u: Float64Array, out: Float64Array): number {
  out.fill(0);
  const g = nearMaxRel(model, u);
  if (!(g > 0)) return 0;
  const g15 = Math.pow(g, GEUD_EXPONENT - 1);
  for (let n = 0; n < model.targetRows.length; n++) {
    const value = u[model.targetRows[n]];
    const p2 = value * value;
    const p4 = p2 * p2;
    const p8 = p4 * p4;
    out[model.targetRows[n]] = (model.targetWeights[n] * p8 * p4 * p2 * value) / g15;
  }
  return g;
}
