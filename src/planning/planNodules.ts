import { DEFAULT_OCR_CUTOFF } from '../dose/compileBeamModel';
import { buildBeamSet, type BuildBeamSetOptions } from '../dose/buildBeamSet';
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
import { DEFAULT_PRESCRIPTION_ISODOSE_PERCENT, type AchievedPlan, type BeamWeightOptions, type OptimizationWarning } from '../optimize/BeamWeightProblem';
import { falloffShells } from '../optimize/falloffShells';
import { optimizeBeamWeights } from '../optimize/optimizeBeamWeights';
import { voxelSetFromFractions } from '../optimize/voxelSetFromFractions';
import { DEFAULT_PTV_MARGIN_MM, describePtvMargin, validatePtvMarginMm } from '../proximity/buildPtv';
import { maskToFullGrid, type StructureMask } from '../voxelize/StructureMask';
import { voxelizeStructure } from '../voxelize/voxelizeStructure';
import type { CaseAssessment, NoduleAssessment } from './assessNodules';
import { falloffBandsForPtv } from './falloffBandsForPtv';
import { grownPtvFractions } from './grownPtvFractions';
import { optimisationSample, type OptimisationSampleOptions } from './optimisationSample';
import { planningDoseGeometry } from './planningDoseGeometry';

/**
 * Aim points per PTV: one per AIM_POINT_SPACING_MM of equivalent-sphere diameter, clamped to MIN…MAX_AIM_POINTS.
 * buildBeamSet's own default (dEq / 7 mm, at most 4) leaves the PTV edge cold for 25–45 mm PTVs: on the demo's
 * 28 mm PTV (15 mm cone) 4 aim points gave a prescription isodose near 30 %, 8 gave 69 %, 11–12 gave 68–72 %,
 * 16 gave 70.5 % (this pipeline and the optimiser of the day, measured with bench/doseEngineBench.ts).
 */
export const AIM_POINT_SPACING_MM = 1.75;
export const MIN_AIM_POINTS = 1;
export const MAX_AIM_POINTS = 16;

/** Aim-point count for a PTV of `volumeCc` (see AIM_POINT_SPACING_MM). */
export function aimPointCount(volumeCc: number): number {
  const dEqMm = Math.cbrt((6 * volumeCc * 1000) / Math.PI);
  return Math.min(MAX_AIM_POINTS, Math.max(MIN_AIM_POINTS, Math.round(dEqMm / AIM_POINT_SPACING_MM)));
}

/** Default spacing of the common dose grid, mm. */
export const DEFAULT_DOSE_SPACING_MM = 2.5;
/**
 * Footprint cut-off of the optimisation influence: the engine default (1 %), as for the final dose. With 0.03
 * (docs/dose-engine.md §7) the ~200 active beams' truncated tails added ≈ 12 % of Rx at 2 cm on the demo's 28 mm
 * PTV, so the optimiser met the D2cm cap on the sample while the final dose missed it (measured).
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
  readonly optimizer?: BeamWeightOptions;
  /** Cone and aim-point choices passed to buildBeamSet (availableConesMm defaults to the beam data's cones). */
  readonly beamSet?: Partial<BuildBeamSetOptions>;
  readonly sample?: OptimisationSampleOptions;
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
  /** Candidate beams (robot nodes × aim points). */
  readonly candidateBeams: number;
  readonly coneDiameterMm: number;
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
  /** The optimiser's own figures on the sample (voxel-centre, cut-off 0.03), for comparison with `coverage`. */
  readonly optimizerAchieved: AchievedPlan;
  readonly optimizationWarnings: readonly OptimizationWarning[];
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
 * Plans every nodule of an assessed case on its own (issue 4): one common axis-aligned dose grid (body box, or
 * lungs + targets + 30 mm without a body; spacing default 2.5 mm); density from the CT when present, else from
 * structure roles. Per nodule: PTV fractions on the dose grid (PTV contours, else GTV/ITV + margin clipped to the
 * body, grownPtvFractions); beams = buildBeamSet(PTV) × robotNodeSet(); influence (ocrCutoff 0.03) on an
 * optimisation sample (optimisationSample); optimizeBeamWeights with Rx/fraction = totalDoseGy / fractions, the
 * prescription isodose (default 80 %) and fall-off shells (falloffBandsForPtv); final dose with computeDose on the
 * body (default cut-off, same ray cache); total physical dose = dose per fraction × fractions; planQualityMetrics
 * on that nodule's own dose. Physical doses of different nodules are never summed here. Deterministic.
 * Nodules without a usable target are skipped with an issue ('plan-no-target'); a nodule whose planning throws an
 * InputError is skipped with an issue ('plan-failed') naming the error.
 * Throws InputError 'no-dose-grid' when the case has no body, lung or target contours, 'bad-option'.
 */
export function planNodules(patientCase: Case, assessment: CaseAssessment, options: PlanNodulesOptions = {}): CasePlan {
  const now = options.nowMs ?? defaultNowMs;
  const start = now();
  const spacing = options.doseSpacingMm ?? DEFAULT_DOSE_SPACING_MM;
  if (!(spacing > 0 && spacing <= 10)) throw new InputError('bad-option', `doseSpacingMm must be in (0, 10] mm, got ${spacing}`);
  const marginMm = options.ptvMarginMm ?? DEFAULT_PTV_MARGIN_MM;
  const idl = options.prescriptionIsodosePercent ?? DEFAULT_PRESCRIPTION_ISODOSE_PERCENT;
  const beamData = options.beamData ?? genericBeamData;
  const table = options.densityTable ?? genericDensityTable;
  const issues: ImportIssue[] = [];

  const wanted = options.noduleNames ? assessment.nodules.filter((n) => options.noduleNames?.includes(n.name)) : assessment.nodules;
  const targets = new Map<string, ResolvedTarget>();
  for (const nodule of wanted) {
    const target = resolveTarget(patientCase, nodule.name, marginMm);
    if (target) targets.set(nodule.name, target);
    else issues.push(importIssue('', 'plan-no-target', `${nodule.name}: no contoured PTV, ITV or GTV; not planned`, 'warning'));
  }

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
  const doseGridMs = now() - t;

  t = now();
  const density = patientCase.ct ? densityGridFromCt(patientCase.ct, table) : densityGridFromStructures(patientCase, doseGeometry, table);
  issues.push(...density.issues);
  const densityMs = now() - t;

  const nodes = robotNodeSet();
  const cones = beamData.cones.map((c) => c.diameterMm);
  const plans: NodulePlan[] = [];
  const timings: NoduleTimingsMs[] = [];
  for (const nodule of wanted) {
    const target = targets.get(nodule.name);
    if (!target) continue;
    try {
      t = now();
      const ptvFractions = target.ptvContours
        ? maskToFullGrid(voxelizeStructure(target.ptvContours, doseGeometry, { structureName: target.ptvName }))
        : grownPtvFractions(target.grownFrom?.contours ?? [], bodyStructure?.contours ?? null, doseGeometry, marginMm);
      const ptvMask = fullGridMask(ptvFractions, doseGeometry);
      const ptvMs = now() - t;

      t = now();
      const set = buildBeamSet([{ name: target.ptvName, geometry: doseGeometry, fractions: ptvFractions }], nodes, { availableConesMm: cones, aimPointsPerTarget: aimPointCount(ptvMask.volumeCc), ...options.beamSet });
      const beamsMs = now() - t;

      t = now();
      const fractions = nodule.protocol.fractions;
      const rxPerFraction = nodule.protocol.totalDoseGy / fractions;
      const sample = optimisationSample(ptvFractions, body, doseGeometry, options.sample);
      const latticeCache = createFanLatticeCache();
      const influence = computeDoseInfluence(set.beams, density.densityGrid, doseGeometry, beamData, { voxelMask: sample, ocrCutoff: OPTIMISATION_OCR_CUTOFF, latticeCache });
      const influenceMs = now() - t;

      t = now();
      const shells = falloffShells(ptvFractions, doseGeometry, rxPerFraction, { bands: falloffBandsForPtv(ptvMask.volumeCc, Math.max(...doseGeometry.spacingMm)), bodyMask: sample });
      const result = optimizeBeamWeights(
        { influence, voxelVolumeCc: voxelVolumeCc(doseGeometry), target: voxelSetFromFractions(ptvFractions), prescriptionGyPerFraction: rxPerFraction, prescriptionIsodosePercent: idl, shells },
        options.optimizer,
      );
      const optimiseMs = now() - t;

      t = now();
      const doseGy = computeDose(set.beams, result.muPerBeam, density.densityGrid, doseGeometry, beamData, { voxelMask: body ?? undefined, latticeCache });
      for (let v = 0; v < total; v++) doseGy[v] *= fractions;
      const doseMs = now() - t;

      t = now();
      const metrics = planQualityMetrics({
        doseGy: { ...doseGeometry, data: doseGy },
        ptv: target.ptvContours ?? ptvMask,
        prescriptionGy: nodule.protocol.totalDoseGy,
        ...(bodyMask ? { body: bodyMask } : {}),
        ptvName: target.ptvName,
      });
      const metricsMs = now() - t;

      let maxGy = 0;
      for (let v = 0; v < total; v++) if (doseGy[v] > maxGy) maxGy = doseGy[v];
      plans.push({
        name: nodule.name,
        protocol: nodule.protocol,
        ptvName: target.ptvName,
        ptvVolumeCc: metrics.ptvVolumeCc,
        beams: result.summary.activeBeamCount,
        candidateBeams: set.beams.length,
        coneDiameterMm: set.targets[0].coneDiameterMm,
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
        optimizerAchieved: result.achieved,
        optimizationWarnings: result.warnings,
      });
      timings.push({ name: nodule.name, ptv: ptvMs, beams: beamsMs, influence: influenceMs, optimise: optimiseMs, dose: doseMs, metrics: metricsMs });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(importIssue('', 'plan-failed', `${nodule.name}: not planned: ${error.message}`));
    }
  }
  return {
    doseGeometry,
    doseGridBasis: grid.basis,
    densitySource: density.source,
    nodules: plans,
    timingsMs: { doseGrid: doseGridMs, density: densityMs, nodules: timings, total: now() - start },
    issues,
  };
}
