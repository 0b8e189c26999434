import type { DoseInfluence } from '../dose/DoseInfluence';

/**
 * Voxels of one structure on the dose grid of a DoseInfluence: flat indices (i + j·nx + k·nx·ny), strictly
 * ascending, with the partial-volume fraction (0..1) of each voxel inside the structure. Volume in cc =
 * Σ weights × voxelVolumeCc.
 */
export interface VoxelSet {
  readonly voxels: Uint32Array;
  readonly weights: Float32Array;
}

/**
 * A fall-off structure around the PTV (e.g. a ring 5–20 mm outside it) with a dose cap. Dose above the cap is
 * penalised (soft: the cap is a goal, its achievement is reported, never enforced at the cost of coverage).
 */
export interface FalloffShell extends VoxelSet {
  /** Cap, Gy per fraction. */
  readonly maxDoseGyPerFraction: number;
  /** Relative weight of the penalty (default 1, see docs/optimisation.md for its meaning). */
  readonly importance?: number;
  /** Shown in reports, e.g. 'ring 5–20 mm'. */
  readonly name?: string;
}

/**
 * An organ at risk with a maximum and/or mean dose limit (Gy per fraction), "respected where possible": the
 * optimiser raises the organ's importance while the limit is exceeded and warns when it cannot be met together
 * with target coverage.
 */
export interface OrganObjective extends VoxelSet {
  readonly name: string;
  readonly maxDoseGyPerFraction?: number;
  readonly meanDoseGyPerFraction?: number;
  /** ≥ 0; 0 = report only. See docs/optimisation.md for the scale. */
  readonly importance: number;
}

/** One target (PTV) planned on its own, with its own prescription. All doses per fraction. */
export interface BeamWeightProblem {
  /** Dose per MU per fraction of every candidate beam (src/dose computeDoseInfluence). */
  readonly influence: DoseInfluence;
  /** Volume of one voxel of the influence's grid, cc (voxelVolumeCc(grid)). */
  readonly voxelVolumeCc: number;
  /** The PTV with partial-volume fractions. */
  readonly target: VoxelSet;
  /** Prescription dose Rx per fraction, Gy. */
  readonly prescriptionGyPerFraction: number;
  /**
   * Prescription isodose line IDL in % of the maximum (Rx = IDL × Dmax): 70–85, default 80 (CyberKnife-style
   * inhomogeneous dose, the nodule centre receives Rx / IDL).
   */
  readonly prescriptionIsodosePercent?: number;
  /** Part of the PTV volume that must receive ≥ Rx after normalisation, %, (0, 100], default 95. */
  readonly coveragePercent?: number;
  readonly shells?: readonly FalloffShell[];
  readonly organs?: readonly OrganObjective[];
  /** Per-beam MU limit per fraction (robot/linac limit); none by default. */
  readonly maxMuPerBeam?: number;
  /** Total MU limit per fraction (treatment time); none by default. */
  readonly totalMuBudget?: number;
}

/** Tuning knobs; the defaults are documented in docs/optimisation.md. */
export interface BeamWeightOptions {
  /**
   * Beams whose MU per fraction ends below this are pruned (set to 0) and the rest re-optimised; CyberKnife cannot
   * deliver tiny segments. Default 5 MU per fraction; 0 disables pruning.
   */
  readonly minimumMuPerBeam?: number;
  /** Allowed |achieved − requested| prescription isodose, percentage points. Default 2. */
  readonly isodoseTolerancePercent?: number;
  /** Projected-gradient iterations per solve. Default 200. */
  readonly maxIterationsPerSolve?: number;
  /** Outer rounds (isodose feedback, organ escalation, pruning, working-set checks). Default 12. */
  readonly maxRounds?: number;
  /** Stop a solve when the objective decreased by less than this fraction over the last iterations (5 quasi-Newton, 10 gradient). Default 1e-4. */
  readonly relativeTolerance?: number;
  /** Weight of the PTV under-dose (coverage) term, relative to the other terms' importance. Default 20. */
  readonly coverageImportance?: number;
  /** Weight of the per-voxel PTV over-dose above Rx / IDL (keeps the maximum down). Default 10. */
  readonly overdoseImportance?: number;
  /** Weight of the two-sided near-maximum term (pulls the centre up to Rx / IDL when the plan is too flat). Default 1. */
  readonly nearMaxImportance?: number;
  /** Weight of the integral dose outside the PTV (linear term; favours beams that spend their dose in the PTV). Default 0. */
  readonly integralDoseImportance?: number;
  /** Weight of the ridge term Σ y² on the scaled beam weights (spreads MU over more beams). Default 1. */
  readonly ridgeImportance?: number;
  /**
   * A capped voxel enters the working set when its dose reaches this fraction of its cap. Default 0.7. Only
   * changes speed, not the result (the final solution is certified on all voxels).
   */
  readonly screeningFraction?: number;
}

/** Something the user should know about the plan; the plan is still returned. */
export interface OptimizationWarning {
  readonly code:
    | 'isodose-out-of-range'
    | 'organ-max-exceeded'
    | 'organ-mean-exceeded'
    | 'mu-limit-exceeded'
    | 'mu-budget-exceeded'
    | 'beams-miss-target'
    | 'pruned-without-reoptimisation'
    | 'hot-spot-outside-target'
    | 'not-converged';
  readonly message: string;
}

/** Achieved dose of a fall-off shell (per fraction, after normalisation). */
export interface AchievedShell {
  readonly name: string;
  readonly capGyPerFraction: number;
  readonly maxDoseGyPerFraction: number;
  readonly meanDoseGyPerFraction: number;
  /** Part of the shell's volume above its cap, %. */
  readonly volumeAboveCapPercent: number;
}

/** Achieved dose of an organ (per fraction, after normalisation); *Met is null when the limit is not set. */
export interface AchievedOrgan {
  readonly name: string;
  readonly maxDoseGyPerFraction: number;
  readonly meanDoseGyPerFraction: number;
  readonly maxLimitMet: boolean | null;
  readonly meanLimitMet: boolean | null;
}

/**
 * Plan figures computed from the voxel doses (voxel-centre dose × partial-volume fraction). They guide the
 * optimisation; the reported plan-quality metrics come from src/metrics (sub-voxel DVH, isodose volumes).
 */
export interface AchievedPlan {
  /** % of the PTV volume with dose ≥ Rx. */
  readonly v100Percent: number;
  /** 100 × Rx / PTV maximum. */
  readonly prescriptionIsodosePercent: number;
  /** PTV maximum, Gy per fraction. */
  readonly maxDoseGyPerFraction: number;
  /** Maximum over the whole grid, Gy per fraction. */
  readonly globalMaxDoseGyPerFraction: number;
  readonly minDoseGyPerFraction: number;
  readonly meanDoseGyPerFraction: number;
  readonly ptvVolumeCc: number;
  /** Volume (whole grid, voxel counting) with dose ≥ Rx, cc. */
  readonly pivCc: number;
  /** Volume (whole grid, voxel counting) with dose ≥ 50 % Rx, cc. */
  readonly piv50Cc: number;
  /** PIV / PTV volume. */
  readonly r100: number;
  /** PIV50 / PTV volume. */
  readonly r50: number;
  readonly shells: readonly AchievedShell[];
  readonly organs: readonly AchievedOrgan[];
}

/** MU figures of a plan (planSummary). */
export interface MuSummary {
  /** Σ MU per fraction. */
  readonly totalMuPerFraction: number;
  /** Beams with MU > activeThresholdMu. */
  readonly activeBeamCount: number;
  /** Beams with 0 < MU < minimumMuPerBeam (undeliverable; 0 after optimizeBeamWeights). */
  readonly beamsBelowMinimum: readonly number[];
  readonly maxMuPerBeam: number;
  /** Mean over active beams (0 when none). */
  readonly meanMuPerActiveBeam: number;
}

/** One outer round of optimizeBeamWeights, for the report and debugging. */
export interface OptimizationRound {
  readonly iterations: number;
  readonly objective: number;
  /** Scale applied to reach the coverage (normalisation factor of this round). */
  readonly coverageScale: number;
  readonly prescriptionIsodosePercent: number;
  /** What the round changed for the next one: 'isodose', 'organ', 'mu-limit', 'prune', 'working-set'; empty = done. */
  readonly actions: readonly string[];
  /** Voxels in the working set (rows of the sub-problem). */
  readonly workingSetVoxels: number;
}

export interface BeamWeightResult {
  /** MU per fraction of each beam of the influence, ≥ 0 (0 for pruned or unused beams). */
  readonly muPerBeam: Float64Array;
  /** Beams set to 0 because they ended below minimumMuPerBeam. */
  readonly prunedBeams: readonly number[];
  /** Projected-gradient iterations over all rounds. */
  readonly iterations: number;
  /** Objective after each iteration (all rounds; targets change between rounds). */
  readonly objectiveHistory: readonly number[];
  readonly rounds: readonly OptimizationRound[];
  /** Factor applied to the optimised MU to reach the coverage exactly (last round). */
  readonly normalizationFactor: number;
  readonly achieved: AchievedPlan;
  readonly summary: MuSummary;
  /** Dose per fraction on the influence's grid, Gy (flat index i + j·nx + k·nx·ny). */
  readonly dosePerFractionGy: Float32Array;
  /** True when the last round changed nothing and the working-set solution was certified on all voxels. */
  readonly converged: boolean;
  readonly warnings: readonly OptimizationWarning[];
}

export const DEFAULT_PRESCRIPTION_ISODOSE_PERCENT = 80;
export const MIN_PRESCRIPTION_ISODOSE_PERCENT = 70;
export const MAX_PRESCRIPTION_ISODOSE_PERCENT = 85;
export const DEFAULT_COVERAGE_PERCENT = 95;
export const DEFAULT_MINIMUM_MU_PER_BEAM = 5;
