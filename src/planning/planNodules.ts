import { singlePlaneSpacingOption, structureSetPlaneSpacingMm } from '../case/structureSetPlaneSpacingMm';
import { DEFAULT_OCR_CUTOFF } from '../dose/compileBeamModel';
import { buildBeamSet, type BuildBeamSetOptions } from '../dose/buildBeamSet';
import type { Beam } from '../dose/Beam';
import type { BeamData } from '../dose/BeamData';
import { computeDose } from '../dose/computeDose';
import { computeDoseInfluence } from '../dose/computeDoseInfluence';
import { genericBeamData, genericDensityTable } from '../dose/defaultDoseModelData';
import { densityGridFromCt } from '../dose/densityGridFromCt';
import { densityGridFromStructures } from '../dose/densityGridFromStructures';
import type { DensityTable } from '../dose/DensityTable';
import { createFanLatticeCache } from '../dose/fanLattice';
import { robotNodeSet } from '../dose/robotNodeSet';
import { InputError } from '../errors/InputError';
import { voxelCount, voxelVolumeCc, type GridGeometry } from '../geometry/Grid3';
import { importIssue, type ImportIssue } from '../io/ImportIssue';
import { planQualityMetrics, type PlanQualityMetrics } from '../metrics/planQualityMetrics';
import type { DeviationLevel } from '../metrics/rtogConformality';
import type { Case } from '../model/Case';
import type { PlanarContour, Structure } from '../model/Structure';
import { DEFAULT_PRESCRIPTION_ISODOSE_PERCENT, MAX_PRESCRIPTION_ISODOSE_PERCENT, MIN_PRESCRIPTION_ISODOSE_PERCENT, requirePrescriptionIsodosePercent } from '../optimize/planConventions';
import { optimizeDoseGoals, type DoseGoalOptions, type DoseGoalResult } from '../optimize/optimizeDoseGoals';
import { DEFAULT_PTV_MARGIN_MM, describePtvMargin, validatePtvMarginMm } from '../proximity/buildPtv';
import { maskToFullGrid, type StructureMask } from '../voxelize/StructureMask';
import { voxelizeStructure } from '../voxelize/voxelizeStructure';
import type { CaseAssessment, NoduleAssessment } from './assessNodules';
import { grownPtvFractions } from './grownPtvFractions';
import { beamArrangementForPtv, shiftCones, type BeamArrangement } from './beamArrangementForPtv';
import { bodyDistance, doseGoalSample, type DoseGoalSampleOptions, type OrganCap } from './doseGoalSample';
import type { ConstraintTable } from '../constraints/ConstraintTable';
import { defaultConstraintTable } from '../constraints/defaultConstraintTable';
import { TARGET_ROLES, type StructureRole } from '../model/StructureRole';
import { planningDoseGeometry } from './planningDoseGeometry';

/** Roles without organ caps in the optimisation (targets, body, lungs: the lung is judged by its mean and V20). */
const NOT_CAPPED: ReadonlySet<StructureRole> = new Set<StructureRole>([...TARGET_ROLES, 'body', 'unknown', 'lung', 'lung-left', 'lung-right']);

/**
 * A final prescription isodose this close to the 70–85 % limits triggers the retry with other cones: near a limit
 * the plan is one voxel away from leaving the range.
 */
const RETRY_MARGIN_PERCENT = 1;

/** Default spacing of the common dose grid, mm. */
export const DEFAULT_DOSE_SPACING_MM = 2.5;
/**
 * Footprint cut-off of the optimisation influence: the engine default (1 %), as for the final dose. With 0.03
 * (docs/dose-engine.md §7) the truncated tails of ~200 active beams added ≈ 12 % of Rx at 2 cm on the demo's 28 mm
 * PTV, so a plan met the D2cm cap on the sample while the final dose missed it (measured with the first optimiser).
 */
export const OPTIMISATION_OCR_CUTOFF = DEFAULT_OCR_CUTOFF;

export interface PlanNodulesOptions {
  /** Isotropic dose-grid spacing, mm. Default 2.5. */
  readonly doseSpacingMm?: number;
  /** GTV/ITV → PTV margin when the nodule has no PTV structure, mm. Default 5. */
  readonly ptvMarginMm?: number;
  /** Prescription isodose, % of the maximum (70–85). Default 80. */
  readonly prescriptionIsodosePercent?: number;
  /** Plan only these nodules (by name); default all nodules of the assessment. */
  readonly noduleNames?: readonly string[];
  /** Default genericBeamData (generic, not commissioned). */
  readonly beamData?: BeamData;
  /** Default genericDensityTable. */
  readonly densityTable?: DensityTable;
  readonly optimizer?: DoseGoalOptions;
  /** Cone and aim-point choices passed to buildBeamSet (availableConesMm defaults to the beam data's cones). */
  readonly beamSet?: Partial<BuildBeamSetOptions>;
  readonly sample?: DoseGoalSampleOptions;
  /** Organ maximum-dose limits used as optimisation caps. Default the bundled thoracic SBRT table. */
  readonly constraintTable?: ConstraintTable;
  /** Called before each nodule is planned (progress display). */
  readonly onNodule?: (name: string, index: number, count: number) => void;
  /** Clock for timingsMs, ms. Default globalThis.performance.now when present, else Date.now. */
  readonly nowMs?: () => number;
}

/** performance.now without DOM/node typings (core runs in browsers, workers and Node). */
function defaultNowMs(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}

/** Wall-clock times of one nodule's steps, ms. */
export interface NoduleTimingsMs {
  readonly name: string;
  readonly ptv: number;
  readonly beams: number;
  readonly influence: number;
  readonly optimise: number;
  readonly dose: number;
  readonly metrics: number;
}

export interface NodulePlan {
  readonly name: string;
  readonly protocol: NoduleAssessment['protocol'];
  /** PTV structure name, or e.g. 'GTV_x + 5 mm' when grown here. */
  readonly ptvName: string;
  /** From the metrics (PTV volume inside the dose grid), cc. */
  readonly ptvVolumeCc: number;
  /** Beams with MU > 0 after optimisation. */
  readonly beams: number;
  /** The beams with MU > 0 and their MU per fraction (source, aim point, cone; for the 3D view and reports). */
  readonly treatmentBeams: readonly (Beam & { readonly muPerFraction: number })[];
  /** Candidate beams (robot nodes × aim points). */
  readonly candidateBeams: number;
  /** Cone diameters used, mm at 800 mm. */
  readonly conesMm: readonly number[];
  readonly aimPoints: number;
  /** How aim points and cones were chosen, in words (beamArrangementForPtv). */
  readonly beamArrangement: string;
  readonly monitorUnitsPerFraction: number;
  readonly fractions: number;
  readonly dose: { readonly maxGy: number };
  readonly coverage: {
    readonly prescriptionIsodosePercent: number;
    readonly ptvV100Percent: number;
    readonly ptvD95Gy: number;
    readonly ciPaddick: number;
    readonly gi: number | null;
    readonly r50: number;
    readonly d2cmPercent: number | null;
    readonly rtogDeviation: DeviationLevel | 'not-applicable';
  };
  /** Total physical dose of this nodule's plan over its fractions on doseGeometry, Gy (never summed with other nodules). */
  readonly doseGy: Float32Array;
  readonly metrics: PlanQualityMetrics;
  /** The optimiser's rounds (IDL on the sample, caps over, active beams). */
  readonly optimizerRounds: DoseGoalResult['rounds'];
  readonly optimizerProblemSize: DoseGoalResult['problemSize'];
  readonly optimizationWarnings: DoseGoalResult['warnings'];
}

/**
 * The case-wide part of planning (dose grid, body, density, organ masks), prepared once and reused for every
 * nodule: planNodule(nodule) plans one nodule, or returns the issue why it was not planned.
 */
export interface PlanningSession {
  readonly doseGeometry: GridGeometry;
  readonly doseGridBasis: CasePlan['doseGridBasis'];
  readonly densitySource: CasePlan['densitySource'];
  readonly timingsMs: { readonly doseGrid: number; readonly density: number };
  /** Issues of the case-wide part (density table, body clipping). */
  readonly issues: readonly ImportIssue[];
  readonly planNodule: (nodule: NoduleAssessment) => { readonly plan: NodulePlan; readonly timings: NoduleTimingsMs } | ImportIssue;
}

export interface CasePlan {
  readonly doseGeometry: GridGeometry;
  readonly doseGridBasis: 'body' | 'lungs-and-targets';
  readonly densitySource: 'ct' | 'structures';
  readonly nodules: readonly NodulePlan[];
  readonly timingsMs: { readonly doseGrid: number; readonly density: number; readonly nodules: readonly NoduleTimingsMs[]; readonly total: number };
  readonly issues: readonly ImportIssue[];
}

interface ResolvedTarget {
  readonly ptvName: string;
  /** PTV contours when the nodule has a PTV structure. */
  readonly ptvContours: readonly PlanarContour[] | null;
  /** GTV/ITV to grow otherwise. */
  readonly grownFrom: Structure | null;
}

function structureWithContours(patientCase: Case, name: string | undefined): Structure | null {
  if (!name) return null;
  return patientCase.structures.find((s) => s.name === name && s.contours.length > 0) ?? null;
}

function resolveTarget(patientCase: Case, noduleName: string, marginMm: number): ResolvedTarget | null {
  const nodule = patientCase.nodules.find((n) => n.name === noduleName);
  if (!nodule) return null;
  const ptv = structureWithContours(patientCase, nodule.ptv);
  if (ptv) return { ptvName: ptv.name, ptvContours: ptv.contours, grownFrom: null };
  const target = structureWithContours(patientCase, nodule.itv) ?? structureWithContours(patientCase, nodule.gtv);
  if (!target) return null;
  return { ptvName: describePtvMargin(target.name, validatePtvMarginMm(marginMm)), ptvContours: null, grownFrom: target };
}

/** A whole-grid StructureMask over `fractions` (for the metrics). */
function fullGridMask(fractions: Float32Array, geometry: GridGeometry): StructureMask {
  let sum = 0;
  for (let v = 0; v < fractions.length; v++) sum += fractions[v];
  const [nx, ny, nz] = geometry.dimensions;
  const volumeCc = sum * voxelVolumeCc(geometry);
  return { geometry, boundsIjk: { i0: 0, i1: nx - 1, j0: 0, j1: ny - 1, k0: 0, k1: nz - 1 }, fractions, volumeCc, structureVolumeCc: volumeCc, clippedByGrid: false, contourGapCount: 0 };
}

/**
 * Prepares the planning of a case's nodules, each on its own (issue 4, docs/optimisation.md): one common
 * axis-aligned dose grid (body box, or lungs + targets + 30 mm without a body; spacing default 2.5 mm); density from the CT when
 * present, else from structure roles. Per nodule: PTV fractions on the dose grid (PTV contours, else GTV/ITV +
 * margin clipped to the body, grownPtvFractions); aim points and cones from the PTV's shape (beamArrangementForPtv)
 * × robotNodeSet(); voxel goals (doseGoalSample: fall-off caps from the RTOG limits, organ Dmax limits of the
 * constraint table for the protocol's fraction count); influence on the sampled voxels; optimizeDoseGoals with
 * Rx/fraction = totalDoseGy / fractions and the prescription isodose (default 80 %), retried once with every cone a
 * step larger or smaller when the final isodose is within 1 point of the 70–85 % limits; final dose with computeDose on the
 * body (same ray cache); total physical dose = dose per fraction × fractions; planQualityMetrics on that nodule's
 * own dose. Physical doses of different nodules are never summed here. Deterministic.
 * planNodule returns an issue instead of a plan for a nodule without a usable target ('plan-no-target') and for one
 * whose planning throws an InputError ('plan-failed', naming the error).
 * Throws InputError 'no-dose-grid' when the case has no body, lung or target contours, 'bad-option', 'bad-isodose'.
 */
export function createPlanningSession(patientCase: Case, options: Omit<PlanNodulesOptions, 'noduleNames' | 'onNodule'> = {}): PlanningSession {
  const now = options.nowMs ?? defaultNowMs;
  const spacing = options.doseSpacingMm ?? DEFAULT_DOSE_SPACING_MM;
  if (!(spacing > 0 && spacing <= 10)) throw new InputError('bad-option', `doseSpacingMm must be in (0, 10] mm, got ${spacing}`);
  const marginMm = options.ptvMarginMm ?? DEFAULT_PTV_MARGIN_MM;
  const idl = requirePrescriptionIsodosePercent(options.prescriptionIsodosePercent ?? DEFAULT_PRESCRIPTION_ISODOSE_PERCENT);
  const beamData = options.beamData ?? genericBeamData;
  const table = options.densityTable ?? genericDensityTable;
  const issues: ImportIssue[] = [];

  let t = now();
  const targetStructures = patientCase.structures.filter((s) => s.role === 'gtv' || s.role === 'itv' || s.role === 'ptv');
  const grid = planningDoseGeometry(patientCase, targetStructures, spacing);
  if (!grid) throw new InputError('no-dose-grid', 'the case has no body, lung or target contours to place a dose grid on');
  const doseGeometry = grid.geometry;
  const total = voxelCount(doseGeometry);
  const bodyStructure = patientCase.structures.find((s) => s.role === 'body' && s.contours.length > 0) ?? null;
  let bodyMask: StructureMask | undefined;
  let body: Uint8Array | null = null;
  if (bodyStructure) {
    bodyMask = voxelizeStructure(bodyStructure.contours, doseGeometry, { structureName: bodyStructure.name });
    const f = maskToFullGrid(bodyMask);
    body = new Uint8Array(total);
    for (let v = 0; v < total; v++) body[v] = f[v] > 0 ? 1 : 0;
  }
  const bodyWithDistance = body ? bodyDistance(body, doseGeometry) : null;
  const doseGridMs = now() - t;

  t = now();
  const density = patientCase.ct ? densityGridFromCt(patientCase.ct, table) : densityGridFromStructures(patientCase, doseGeometry, table);
  issues.push(...density.issues);
  const densityMs = now() - t;

  const setSpacingMm = structureSetPlaneSpacingMm(patientCase.structures);
  const constraintTable = options.constraintTable ?? defaultConstraintTable;
  const organFractions = new Map<string, Float32Array>();
  /** Lowest Dmax limit of each contoured organ for this fraction count, as caps (voxelised once per organ). */
  const organCaps = (totalDoseGy: number, fractions: number): OrganCap[] => {
    const caps: OrganCap[] = [];
    for (const organ of patientCase.structures) {
      if (organ.contours.length === 0 || NOT_CAPPED.has(organ.role)) continue;
      const limits = constraintTable.rows.filter((r) => r.role === organ.role && r.fractions === fractions && r.metric.kind === 'Dmax' && r.limitGy !== undefined).map((r) => r.limitGy as number);
      if (limits.length === 0) continue;
      let f = organFractions.get(organ.name);
      if (!f) {
        f = maskToFullGrid(voxelizeStructure(organ.contours, doseGeometry, { structureName: organ.name, ...singlePlaneSpacingOption(organ.contours, setSpacingMm) }));
        organFractions.set(organ.name, f);
      }
      caps.push({ name: organ.name, fractions: f, capFractionOfRx: Math.min(...limits) / totalDoseGy });
    }
    return caps;
  };
  const nodes = robotNodeSet();
  const cones = beamData.cones.map((c) => c.diameterMm);
  const planNodule = (nodule: NoduleAssessment): { plan: NodulePlan; timings: NoduleTimingsMs } | ImportIssue => {
    const target = resolveTarget(patientCase, nodule.name, marginMm);
    if (!target) return importIssue('', 'plan-no-target', `${nodule.name}: no contoured PTV, ITV or GTV; not planned`, 'warning');
    let t: number;
    try {
      t = now();
      const ptvFractions = target.ptvContours
        ? maskToFullGrid(voxelizeStructure(target.ptvContours, doseGeometry, { structureName: target.ptvName, ...singlePlaneSpacingOption(target.ptvContours, setSpacingMm) }))
        : grownPtvFractions(target.grownFrom?.contours ?? [], bodyStructure?.contours ?? null, doseGeometry, marginMm, setSpacingMm);
      const ptvMask = fullGridMask(ptvFractions, doseGeometry);
      const ptvMs = now() - t;

      t = now();
      const firstArrangement = beamArrangementForPtv(ptvFractions, doseGeometry, cones);
      if (firstArrangement.groups.length === 0) throw new InputError('empty-target', `${target.ptvName} has no voxel at least half inside on the dose grid`);
      const beamTarget = { name: target.ptvName, geometry: doseGeometry, fractions: ptvFractions };
      const fractions = nodule.protocol.fractions;
      const rxPerFraction = nodule.protocol.totalDoseGy / fractions;
      const goals = doseGoalSample(ptvFractions, bodyWithDistance, doseGeometry, ptvMask.volumeCc, options.sample, organCaps(nodule.protocol.totalDoseGy, fractions));
      const latticeCache = createFanLatticeCache();
      // "beams" time: the arrangement, the voxel goals and the beam sets.
      let beamsMs = now() - t;
      let influenceMs = 0;
      let optimiseMs = 0;
      let doseMs = 0;
      let metricsMs = 0;
      const attempt = (arrangement: BeamArrangement): { arrangement: BeamArrangement; beams: Beam[]; result: DoseGoalResult; doseGy: Float32Array; metrics: PlanQualityMetrics } => {
        let t0 = now();
        const beams: Beam[] = [];
        arrangement.groups.forEach((group, g) => {
          // Several cones share the nodes in turn (node n takes cone n mod count): the optimiser can still mix them
          // over the whole sphere of directions, with half the candidates. Ids name the aim group (…-a2-…).
          group.conesMm.forEach((cone, c) => {
            const share = { ...nodes, nodes: nodes.nodes.filter((_, n) => n % group.conesMm.length === c) };
            const set = buildBeamSet([beamTarget], share, { availableConesMm: cones, coneDiameterMm: cone, aimPointsMm: [group.aimPointMm], ...options.beamSet });
            for (const beam of set.beams) beams.push({ ...beam, id: beam.id.replace('-a1-', `-a${g + 1}-`) });
          });
        });
        beamsMs += now() - t0;
        t0 = now();
        const influence = computeDoseInfluence(beams, density.densityGrid, doseGeometry, beamData, { voxelMask: goals.sample, ocrCutoff: OPTIMISATION_OCR_CUTOFF, latticeCache });
        influenceMs += now() - t0;
        const optimiseStart = now();
        const result = optimizeDoseGoals(
          { influence, target: goals.target, coreDepthMm: goals.coreDepthMm, outside: goals.outside, prescriptionGyPerFraction: rxPerFraction, prescriptionIsodosePercent: idl },
          options.optimizer,
        );
        optimiseMs += now() - optimiseStart;
        t0 = now();
        const doseGy = computeDose(beams, result.muPerBeam, density.densityGrid, doseGeometry, beamData, { voxelMask: body ?? undefined, latticeCache });
        for (let v = 0; v < total; v++) doseGy[v] *= fractions;
        doseMs += now() - t0;
        t0 = now();
        const metrics = planQualityMetrics({
          doseGy: { ...doseGeometry, data: doseGy },
          ptv: target.ptvContours ?? ptvMask,
          prescriptionGy: nodule.protocol.totalDoseGy,
          ...(bodyMask ? { body: bodyMask } : {}),
          ptvName: target.ptvName,
        });
        metricsMs += now() - t0;
        return { arrangement, beams, result, doseGy, metrics };
      };
      // A prescription isodose (final dose) within RETRY_MARGIN_PERCENT of the 70–85 % limits or beyond: one more try
      // with every cone a step larger (too peaked) or smaller (too flat); the attempt nearer the request is kept.
      let chosen = attempt(firstArrangement);
      const first = chosen.metrics.prescriptionIsodosePercent;
      const step = first < MIN_PRESCRIPTION_ISODOSE_PERCENT + RETRY_MARGIN_PERCENT ? 1 : first > MAX_PRESCRIPTION_ISODOSE_PERCENT - RETRY_MARGIN_PERCENT ? -1 : 0;
      const shifted = step === 0 ? null : shiftCones(firstArrangement, step, cones);
      if (shifted) {
        const second = attempt(shifted);
        if (Math.abs(second.metrics.prescriptionIsodosePercent - idl) < Math.abs(first - idl)) chosen = second;
      }
      const { arrangement, result, doseGy, metrics } = chosen;
      const set = { beams: chosen.beams };

      let maxGy = 0;
      for (let v = 0; v < total; v++) if (doseGy[v] > maxGy) maxGy = doseGy[v];
      const plan: NodulePlan = {
        name: nodule.name,
        protocol: nodule.protocol,
        ptvName: target.ptvName,
        ptvVolumeCc: metrics.ptvVolumeCc,
        beams: result.summary.activeBeamCount,
        candidateBeams: set.beams.length,
        treatmentBeams: set.beams.flatMap((beam, b) => (result.muPerBeam[b] > 0 ? [{ ...beam, muPerFraction: result.muPerBeam[b] }] : [])),
        conesMm: [...new Set(arrangement.groups.flatMap((g) => g.conesMm))].sort((a, b) => a - b),
        aimPoints: arrangement.groups.length,
        beamArrangement: arrangement.rule,
        monitorUnitsPerFraction: result.summary.totalMuPerFraction,
        fractions,
        dose: { maxGy },
        coverage: {
          prescriptionIsodosePercent: metrics.prescriptionIsodosePercent,
          ptvV100Percent: metrics.v100Percent,
          ptvD95Gy: metrics.d95Gy,
          ciPaddick: metrics.ciPaddick,
          gi: metrics.gi,
          r50: metrics.r50,
          d2cmPercent: metrics.d2cm?.percent ?? null,
          rtogDeviation: metrics.rtog.overall,
        },
        doseGy,
        metrics,
        optimizerRounds: result.rounds,
        optimizerProblemSize: result.problemSize,
        optimizationWarnings: result.warnings,
      };
      return { plan, timings: { name: nodule.name, ptv: ptvMs, beams: beamsMs, influence: influenceMs, optimise: optimiseMs, dose: doseMs, metrics: metricsMs } };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return importIssue('', 'plan-failed', `${nodule.name}: not planned: ${error.message}`);
    }
  };
  return { doseGeometry, doseGridBasis: grid.basis, densitySource: density.source, timingsMs: { doseGrid: doseGridMs, density: densityMs }, issues, planNodule };
}

/**
 * Plans every nodule of an assessed case on its own (createPlanningSession, then planNodule per nodule in the
 * assessment's order; options.noduleNames restricts them). See createPlanningSession for the method.
 */
export function planNodules(patientCase: Case, assessment: CaseAssessment, options: PlanNodulesOptions = {}): CasePlan {
  const now = options.nowMs ?? defaultNowMs;
  const start = now();
  const session = createPlanningSession(patientCase, options);
  const wanted = options.noduleNames ? assessment.nodules.filter((n) => options.noduleNames?.includes(n.name)) : assessment.nodules;
  const plans: NodulePlan[] = [];
  const timings: NoduleTimingsMs[] = [];
  const issues = [...session.issues];
  wanted.forEach((nodule, index) => {
    options.onNodule?.(nodule.name, index, wanted.length);
    const result = session.planNodule(nodule);
    if ('plan' in result) {
      plans.push(result.plan);
      timings.push(result.timings);
    } else issues.push(result);
  });
  return {
    doseGeometry: session.doseGeometry,
    doseGridBasis: session.doseGridBasis,
    densitySource: session.densitySource,
    nodules: plans,
    timingsMs: { ...session.timingsMs, nodules: timings, total: now() - start },
    issues,
  };
}
