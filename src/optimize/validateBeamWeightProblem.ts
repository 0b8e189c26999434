import type { DoseInfluence } from '../dose/DoseInfluence';
import { InputError } from '../errors/InputError';
import {
  DEFAULT_COVERAGE_PERCENT,
  DEFAULT_MINIMUM_MU_PER_BEAM,
  DEFAULT_PRESCRIPTION_ISODOSE_PERCENT,
  MAX_PRESCRIPTION_ISODOSE_PERCENT,
  MIN_PRESCRIPTION_ISODOSE_PERCENT,
  type BeamWeightOptions,
  type BeamWeightProblem,
  type FalloffShell,
  type OrganObjective,
  type VoxelSet,
} from './BeamWeightProblem';

/** A problem with every default filled in and every number checked. */
export interface ResolvedBeamWeightProblem {
  readonly influence: DoseInfluence;
  readonly voxelVolumeCc: number;
  readonly target: VoxelSet;
  readonly prescriptionGyPerFraction: number;
  readonly prescriptionIsodosePercent: number;
  readonly coveragePercent: number;
  readonly shells: readonly Required<FalloffShell>[];
  readonly organs: readonly OrganObjective[];
  readonly maxMuPerBeam: number;
  readonly totalMuBudget: number;
  readonly options: Required<BeamWeightOptions>;
}

/**
 * Checks a beam-weight problem and fills in the defaults (BeamWeightProblem, BeamWeightOptions). Throws
 * InputError: 'bad-influence', 'bad-voxels' (not strictly ascending, outside the grid, bad fraction),
 * 'empty-target', 'bad-prescription', 'bad-isodose' (outside 70–85 %), 'bad-coverage', 'bad-cap',
 * 'bad-importance', 'bad-mu-limit', 'bad-option'. The influence's per-entry values are checked while they are
 * first read (optimizeBeamWeights' setup pass), not here, to avoid an extra pass over them.
 */
export function validateBeamWeightProblem(problem: BeamWeightProblem, options: BeamWeightOptions = {}): ResolvedBeamWeightProblem {
  const influence = validateInfluenceShape(problem.influence);
  const voxelVolumeCc = problem.voxelVolumeCc;
  if (!(Number.isFinite(voxelVolumeCc) && voxelVolumeCc > 0)) throw new InputError('bad-option', `voxelVolumeCc must be a finite value > 0 cc, got ${voxelVolumeCc}`);
  validateVoxelSet(problem.target, influence.voxelCount, 'target');
  let targetWeight = 0;
  for (let n = 0; n < problem.target.weights.length; n++) targetWeight += problem.target.weights[n];
  if (!(targetWeight > 0)) throw new InputError('empty-target', 'target: no voxel with a partial-volume fraction > 0');
  const rx = problem.prescriptionGyPerFraction;
  if (!(Number.isFinite(rx) && rx > 0)) throw new InputError('bad-prescription', `prescriptionGyPerFraction must be a finite value > 0 Gy, got ${rx}`);
  const isodose = problem.prescriptionIsodosePercent ?? DEFAULT_PRESCRIPTION_ISODOSE_PERCENT;
  if (!(isodose >= MIN_PRESCRIPTION_ISODOSE_PERCENT && isodose <= MAX_PRESCRIPTION_ISODOSE_PERCENT)) {
    throw new InputError('bad-isodose', `prescriptionIsodosePercent must be within ${MIN_PRESCRIPTION_ISODOSE_PERCENT}–${MAX_PRESCRIPTION_ISODOSE_PERCENT} %, got ${isodose}`);
  }
  const coverage = problem.coveragePercent ?? DEFAULT_COVERAGE_PERCENT;
  if (!(coverage > 0 && coverage <= 100)) throw new InputError('bad-coverage', `coveragePercent must be in (0, 100], got ${coverage}`);

  const shells = (problem.shells ?? []).map((shell, s) => {
    const name = shell.name ?? `shell ${s}`;
    validateVoxelSet(shell, influence.voxelCount, name);
    requirePositive(shell.maxDoseGyPerFraction, `${name}: maxDoseGyPerFraction`, 'bad-cap');
    const importance = shell.importance ?? 1;
    requireImportance(importance, name);
    return { voxels: shell.voxels, weights: shell.weights, maxDoseGyPerFraction: shell.maxDoseGyPerFraction, importance, name };
  });
  const organs = (problem.organs ?? []).map((organ, o) => {
    if (typeof organ.name !== 'string' || organ.name.length === 0) throw new InputError('bad-option', `organ ${o}: name must be a non-empty string`);
    validateVoxelSet(organ, influence.voxelCount, organ.name);
    if (organ.maxDoseGyPerFraction !== undefined) requirePositive(organ.maxDoseGyPerFraction, `${organ.name}: maxDoseGyPerFraction`, 'bad-cap');
    if (organ.meanDoseGyPerFraction !== undefined) requirePositive(organ.meanDoseGyPerFraction, `${organ.name}: meanDoseGyPerFraction`, 'bad-cap');
    requireImportance(organ.importance, organ.name);
    return organ;
  });
  const maxMuPerBeam = problem.maxMuPerBeam ?? Infinity;
  if (problem.maxMuPerBeam !== undefined) requirePositive(maxMuPerBeam, 'maxMuPerBeam', 'bad-mu-limit');
  const totalMuBudget = problem.totalMuBudget ?? Infinity;
  if (problem.totalMuBudget !== undefined) requirePositive(totalMuBudget, 'totalMuBudget', 'bad-mu-limit');

  const resolved: Required<BeamWeightOptions> = {
    minimumMuPerBeam: options.minimumMuPerBeam ?? DEFAULT_MINIMUM_MU_PER_BEAM,
    isodoseTolerancePercent: options.isodoseTolerancePercent ?? 2,
    maxIterationsPerSolve: options.maxIterationsPerSolve ?? 200,
    maxRounds: options.maxRounds ?? 12,
    relativeTolerance: options.relativeTolerance ?? 1e-4,
    coverageImportance: options.coverageImportance ?? 20,
    nearMaxImportance: options.nearMaxImportance ?? 1,
    overdoseImportance: options.overdoseImportance ?? 10,
    integralDoseImportance: options.integralDoseImportance ?? 0,
    ridgeImportance: options.ridgeImportance ?? 1,
    screeningFraction: options.screeningFraction ?? 0.7,
  };
  requireOption(resolved.minimumMuPerBeam >= 0 && Number.isFinite(resolved.minimumMuPerBeam), 'minimumMuPerBeam', resolved.minimumMuPerBeam, 'a finite value ≥ 0 MU');
  if (resolved.minimumMuPerBeam > maxMuPerBeam) throw new InputError('bad-mu-limit', `minimumMuPerBeam (${resolved.minimumMuPerBeam}) exceeds maxMuPerBeam (${maxMuPerBeam})`);
  requireOption(resolved.isodoseTolerancePercent > 0 && resolved.isodoseTolerancePercent <= 15, 'isodoseTolerancePercent', resolved.isodoseTolerancePercent, 'in (0, 15]');
  requireOption(Number.isInteger(resolved.maxIterationsPerSolve) && resolved.maxIterationsPerSolve >= 1, 'maxIterationsPerSolve', resolved.maxIterationsPerSolve, 'an integer ≥ 1');
  requireOption(Number.isInteger(resolved.maxRounds) && resolved.maxRounds >= 1, 'maxRounds', resolved.maxRounds, 'an integer ≥ 1');
  requireOption(resolved.relativeTolerance > 0 && resolved.relativeTolerance < 1, 'relativeTolerance', resolved.relativeTolerance, 'in (0, 1)');
  requireOption(resolved.nearMaxImportance >= 0 && Number.isFinite(resolved.nearMaxImportance), 'nearMaxImportance', resolved.nearMaxImportance, 'a finite value ≥ 0');
  requireOption(resolved.coverageImportance > 0 && Number.isFinite(resolved.coverageImportance), 'coverageImportance', resolved.coverageImportance, 'a finite value > 0');
  requireOption(resolved.overdoseImportance >= 0 && Number.isFinite(resolved.overdoseImportance), 'overdoseImportance', resolved.overdoseImportance, 'a finite value ≥ 0');
  requireOption(resolved.integralDoseImportance >= 0 && Number.isFinite(resolved.integralDoseImportance), 'integralDoseImportance', resolved.integralDoseImportance, 'a finite value ≥ 0');
  requireOption(resolved.ridgeImportance >= 0 && Number.isFinite(resolved.ridgeImportance), 'ridgeImportance', resolved.ridgeImportance, 'a finite value ≥ 0');
  requireOption(resolved.screeningFraction > 0 && resolved.screeningFraction <= 1, 'screeningFraction', resolved.screeningFraction, 'in (0, 1]');

  return {
    influence,
    voxelVolumeCc,
    target: problem.target,
    prescriptionGyPerFraction: rx,
    prescriptionIsodosePercent: isodose,
    coveragePercent: coverage,
    shells,
    organs,
    maxMuPerBeam,
    totalMuBudget,
    options: resolved,
  };
}

/**
 * Checks a VoxelSet: equal lengths, strictly ascending indices below voxelCount, fractions in [0, 1].
 * Throws InputError 'bad-voxels' naming the structure and the first offending entry.
 */
export function validateVoxelSet(set: VoxelSet, voxelCount: number, name: string): void {
  if (!(set.voxels instanceof Uint32Array) || !(set.weights instanceof Float32Array)) {
    throw new InputError('bad-voxels', `${name}: voxels must be a Uint32Array and weights a Float32Array`);
  }
  if (set.voxels.length !== set.weights.length) throw new InputError('bad-voxels', `${name}: ${set.voxels.length} voxels but ${set.weights.length} weights`);
  let previous = -1;
  for (let n = 0; n < set.voxels.length; n++) {
    const v = set.voxels[n];
    if (v <= previous) throw new InputError('bad-voxels', `${name}: voxel indices must be strictly ascending, entry ${n} is ${v} after ${previous}`);
    const w = set.weights[n];
    if (!(w >= 0 && w <= 1)) throw new InputError('bad-voxels', `${name}: weight of voxel ${v} must be a fraction in [0, 1], got ${w}`);
    previous = v;
  }
  if (previous >= voxelCount) throw new InputError('bad-voxels', `${name}: voxel ${previous} is outside the dose grid of ${voxelCount} voxels`);
}

function validateInfluenceShape(influence: DoseInfluence): DoseInfluence {
  const { beamCount, voxelCount, voxelIndex, doseGyPerMu } = influence;
  if (!(Number.isInteger(beamCount) && beamCount >= 1)) throw new InputError('bad-influence', `influence.beamCount must be an integer ≥ 1, got ${beamCount}`);
  if (!(Number.isInteger(voxelCount) && voxelCount >= 1 && voxelCount <= 0xffffffff)) throw new InputError('bad-influence', `influence.voxelCount must be an integer in [1, 2³²), got ${voxelCount}`);
  if (voxelIndex.length !== beamCount || doseGyPerMu.length !== beamCount) {
    throw new InputError('bad-influence', `influence has ${beamCount} beams but ${voxelIndex.length} index and ${doseGyPerMu.length} dose arrays`);
  }
  for (let b = 0; b < beamCount; b++) {
    if (voxelIndex[b].length !== doseGyPerMu[b].length) throw new InputError('bad-influence', `beam ${b}: ${voxelIndex[b].length} voxel indices but ${doseGyPerMu[b].length} doses`);
  }
  return influence;
}

function requirePositive(value: number, name: string, code: string): void {
  if (!(Number.isFinite(value) && value > 0)) throw new InputError(code, `${name} must be a finite value > 0, got ${value}`);
}

function requireImportance(value: number, name: string): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new InputError('bad-importance', `${name}: importance must be a finite value ≥ 0, got ${value}`);
}

function requireOption(ok: boolean, name: string, value: number, wanted: string): void {
  if (!ok) throw new InputError('bad-option', `${name} must be ${wanted}, got ${value}`);
}
