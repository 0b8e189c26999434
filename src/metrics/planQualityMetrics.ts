import { computeDvh, type DvhOptions } from '../dvh/computeDvh';
import { computeDvhFromMask } from '../dvh/computeDvhFromMask';
import { doseAtVolumeCc, doseAtVolumePercent } from '../dvh/doseAtVolume';
import type { Dvh } from '../dvh/Dvh';
import { volumeAtDoseGy } from '../dvh/volumeAtDoseGy';
import { InputError } from '../errors/InputError';
import type { Grid3 } from '../geometry/Grid3';
import type { PointLps } from '../geometry/points';
import type { PlanarContour } from '../model/Structure';
import type { StructureMask } from '../voxelize/StructureMask';
import { doseGridMaximum } from './doseGridMaximum';
import { isodoseVolumesCc } from './isodoseVolumesCc';
import { maskFractionsOnGrid } from './maskFractionsOnGrid';
import { maxDoseBeyondDistanceGy, type TargetShape } from './maxDoseBeyondDistanceGy';
import { rtogConformality, type RtogConformalityResult } from './rtogConformality';

/** ICRU 91: near-max is D2% for PTVs of at least this volume, else D0.035cc (physics.md §3.3). */
export const ICRU91_SMALL_VOLUME_CC = 2;
export const ICRU91_NEAR_MAX_VOLUME_CC = 0.035;
/** D2cm: distance from the PTV, mm (RTOG 0813/0915). */
export const D2CM_DISTANCE_MM = 20;

export interface PlanQualityInput {
  /** Total physical dose, Gy (the dose of this target's plan when several targets share a grid, see docs). */
  readonly doseGy: Grid3;
  /**
   * The PTV: planar contours (accurate: sub-voxel DVH, exact distances) or a partial-volume mask on the dose grid
   * (voxel-centre DVH weighted by fractions; distances from voxel centres).
   */
  readonly ptv: TargetShape;
  readonly prescriptionGy: number;
  /** When given, isodose volumes, the global maximum and D2cm count only the body (see isodoseVolumesCc). */
  readonly body?: StructureMask;
  /** Used in messages. */
  readonly ptvName?: string;
  /** Slab model and DVH sampling for contour PTVs. */
  readonly dvhOptions?: DvhOptions;
  /** Sub-samples per cell edge of the isodose volumes (default 8). */
  readonly isodoseSubsamples?: number;
}

/** Something the user should know about a metric (it is still computed unless said otherwise). */
export interface MetricWarning {
  readonly code: string;
  readonly message: string;
}

/** ICRU 91 near-maximum: D2% for a PTV ≥ 2 cm³, else D0.035cc (Dmax when the PTV is smaller than 0.035 cc). */
export interface NearMaxDose {
  readonly doseGy: number;
  readonly definition: 'D2%' | 'D0.035cc' | 'Dmax';
}

export interface D2cmResult {
  /** 100 × maximum dose at ≥ 2 cm from the PTV / Rx. */
  readonly percent: number;
  readonly doseGy: number;
  readonly locationMm: PointLps;
}

/** Per-target coverage and plan-quality metrics (physics.md §3.2, §3.3). Doses in Gy, volumes in cc. */
export interface PlanQualityMetrics {
  readonly ptvName: string;
  readonly prescriptionGy: number;
  /** TV: PTV volume with a known dose (inside the dose grid), cc. */
  readonly ptvVolumeCc: number;
  /** PTV volume outside the dose grid, cc (> 0 comes with a warning). */
  readonly ptvVolumeOutsideDoseGridCc: number;
  /** V100: % of TV receiving ≥ Rx. */
  readonly v100Percent: number;
  /** TV_PIV: PTV volume receiving ≥ Rx, cc. */
  readonly ptvCoveredCc: number;
  readonly d98Gy: number;
  readonly d95Gy: number;
  readonly d50Gy: number;
  readonly d2Gy: number;
  readonly nearMax: NearMaxDose;
  readonly meanGy: number;
  /** PTV minimum and maximum, Gy. */
  readonly minGy: number;
  readonly maxGy: number;
  /** Highest dose of the grid (inside the body when given), Gy. */
  readonly globalMaxGy: number;
  /** 100 × Rx / PTV Dmax: the isodose line (% of the maximum) the prescription is written to. */
  readonly prescriptionIsodosePercent: number;
  /** PIV: volume receiving ≥ Rx over the whole grid, cc. */
  readonly pivCc: number;
  /** PIV50: volume receiving ≥ 50 % of Rx over the whole grid, cc. */
  readonly piv50Cc: number;
  /** RTOG CI = PIV / TV (= R100%). */
  readonly ciRtog: number;
  /** Paddick CI = TV_PIV² / (TV × PIV). */
  readonly ciPaddick: number;
  /** Paddick GI = PIV50 / PIV; null when PIV = 0. */
  readonly gi: number | null;
  /** R50% = PIV50 / TV. */
  readonly r50: number;
  /** D2cm; null when no point of the grid (body) is ≥ 2 cm from the PTV. */
  readonly d2cm: D2cmResult | null;
  /** RTOG HI = Dmax / Rx (PTV Dmax). */
  readonly hiRtog: number;
  /** ICRU 83 HI = (D2% − D98%) / D50%. */
  readonly hiIcru83: number;
  /** RTOG 0813/0915 Table 1 grade of R100%, R50% and D2cm at this PTV volume. */
  readonly rtog: RtogConformalityResult;
  /** How the PTV was measured. */
  readonly ptvMethod: 'contours' | 'mask';
  readonly warnings: readonly MetricWarning[];
}

/**
 * Coverage and plan-quality metrics of one target (issue 4 §4; formulas physics.md §3.2, reporting §3.3):
 * - PTV DVH: computeDvh on the contours (sub-voxel sampling of the trilinear dose; the accurate path for
 *   small targets) or computeDvhFromMask for a mask. V100, D98/D95/D50/D2, Dmean, Dmin/Dmax, TV and TV_PIV
 *   (= V(Rx) in cc) come from it; near-max per ICRU 91.
 * - PIV and PIV50 over the WHOLE dose grid (not only the target's slices) with partial-volume accuracy
 *   (isodoseVolumesCc), optionally limited to the body.
 * - CI_RTOG = PIV/TV, CI_Paddick = TV_PIV²/(TV·PIV), GI = PIV50/PIV, R50 = PIV50/TV, HI_RTOG = Dmax/Rx,
 *   HI_ICRU83 = (D2 − D98)/D50, prescription isodose = 100·Rx/Dmax (PTV maximum).
 * - D2cm = 100 × max dose at ≥ 20 mm from the PTV / Rx (maxDoseBeyondDistanceGy).
 * - RTOG 0813/0915 Table 1 grade at TV (rtogConformality).
 * Nothing is clamped: TV_PIV can exceed PIV by the difference of the two integration methods (≪ 1 % when the
 * PIV encloses the PTV), which would give CI_Paddick slightly above 1; it is reported as is.
 * Warnings: 'ptv-outside-dose-grid', 'd2cm-shell-outside-grid', 'd2cm-undefined', 'small-ptv-near-max',
 * 'mask-ptv' (less accurate path), 'contour-gaps', 'hot-spot-outside-ptv' (global max > PTV max).
 * Throws InputError: 'bad-prescription', dose-grid and structure errors of the functions used.
 * @see docs/plan-metrics.md
 */
export function planQualityMetrics(input: PlanQualityInput): PlanQualityMetrics {
  const { doseGy: dose, ptv, prescriptionGy: rx, body } = input;
  const name = input.ptvName ?? input.dvhOptions?.structureName ?? 'PTV';
  if (!(Number.isFinite(rx) && rx > 0)) throw new InputError('bad-prescription', `${name}: prescription must be a finite Gy value > 0, got ${rx}`);
  const gridMaximum = doseGridMaximum(dose);
  const warnings: MetricWarning[] = [];
  const isContours = Array.isArray(ptv);
  const dvh: Dvh = isContours
    ? computeDvh(dose, ptv as readonly PlanarContour[], { ...input.dvhOptions, structureName: name })
    : computeDvhFromMask(dose, ptv as StructureMask, input.dvhOptions?.binWidthGy === undefined ? {} : { binWidthGy: input.dvhOptions.binWidthGy });
  if (!isContours) warnings.push({ code: 'mask-ptv', message: `${name}: PTV given as a voxel mask; the DVH and D2cm distances use voxel centres (less accurate than contours for small targets)` });
  if (dvh.volumeOutsideDoseGridCc > 0) {
    warnings.push({ code: 'ptv-outside-dose-grid', message: `${name}: ${dvh.volumeOutsideDoseGridCc.toFixed(3)} cc of the PTV lies outside the dose grid and is not in TV, V100 or the D-values` });
  }
  if (dvh.contourGapCount > 0) warnings.push({ code: 'contour-gaps', message: `${name}: ${dvh.contourGapCount} gap(s) between contour planes treated as no structure` });

  const tv = dvh.volumeCc;
  const covered = volumeAtDoseGy(dvh, rx);
  const d98 = doseAtVolumePercent(dvh, 98);
  const d95 = doseAtVolumePercent(dvh, 95);
  const d50 = doseAtVolumePercent(dvh, 50);
  const d2 = doseAtVolumePercent(dvh, 2);
  let nearMax: NearMaxDose;
  if (tv >= ICRU91_SMALL_VOLUME_CC) nearMax = { doseGy: d2, definition: 'D2%' };
  else if (tv >= ICRU91_NEAR_MAX_VOLUME_CC) nearMax = { doseGy: doseAtVolumeCc(dvh, ICRU91_NEAR_MAX_VOLUME_CC), definition: 'D0.035cc' };
  else {
    nearMax = { doseGy: dvh.maxGy, definition: 'Dmax' };
    warnings.push({ code: 'small-ptv-near-max', message: `${name}: PTV ${tv.toFixed(4)} cc < 0.035 cc; near-max reported as Dmax` });
  }

  const [piv, piv50] = isodoseVolumesCc(dose, [rx, 0.5 * rx], { region: body, subsamples: input.isodoseSubsamples });
  const globalMaxGy = body === undefined ? gridMaximum.maxGy : regionMaximum(dose, body);
  if (globalMaxGy > dvh.maxGy * (1 + 1e-6)) {
    warnings.push({ code: 'hot-spot-outside-ptv', message: `${name}: the grid maximum ${globalMaxGy.toFixed(2)} Gy is outside the PTV (PTV max ${dvh.maxGy.toFixed(2)} Gy)` });
  }

  const beyond = maxDoseBeyondDistanceGy(dose, ptv, D2CM_DISTANCE_MM, { region: body, contourOptions: input.dvhOptions });
  let d2cm: D2cmResult | null = null;
  if (beyond.maxDoseGy === null || beyond.locationMm === null) {
    warnings.push({ code: 'd2cm-undefined', message: `${name}: no point of the dose grid${body ? ' inside the body' : ''} is ≥ 2 cm from the PTV; D2cm is undefined` });
  } else {
    d2cm = { percent: (100 * beyond.maxDoseGy) / rx, doseGy: beyond.maxDoseGy, locationMm: beyond.locationMm };
  }
  if (beyond.shellClippedByGrid) {
    warnings.push({ code: 'd2cm-shell-outside-grid', message: `${name}: the dose grid does not extend 2 cm beyond the PTV on every side; D2cm covers only the part inside the grid` });
  }

  const ciRtog = piv / tv;
  const r50 = piv50 / tv;
  const rtog = rtogConformality(tv, { r100: ciRtog, r50, d2cmPercent: d2cm === null ? null : d2cm.percent });
  return {
    ptvName: name,
    prescriptionGy: rx,
    ptvVolumeCc: tv,
    ptvVolumeOutsideDoseGridCc: dvh.volumeOutsideDoseGridCc,
    v100Percent: covered.volumePercent,
    ptvCoveredCc: covered.volumeCc,
    d98Gy: d98,
    d95Gy: d95,
    d50Gy: d50,
    d2Gy: d2,
    nearMax,
    meanGy: dvh.meanGy,
    minGy: dvh.minGy,
    maxGy: dvh.maxGy,
    globalMaxGy,
    prescriptionIsodosePercent: (100 * rx) / dvh.maxGy,
    pivCc: piv,
    piv50Cc: piv50,
    ciRtog,
    ciPaddick: piv > 0 ? (covered.volumeCc * covered.volumeCc) / (tv * piv) : 0,
    gi: piv > 0 ? piv50 / piv : null,
    r50,
    d2cm,
    hiRtog: dvh.maxGy / rx,
    hiIcru83: (d2 - d98) / d50,
    rtog,
    ptvMethod: isContours ? 'contours' : 'mask',
    warnings,
  };
}

/** Highest voxel dose among voxels with any part in the region. */
function regionMaximum(dose: Grid3, region: StructureMask): number {
  const data = dose.data;
  const fractions = maskFractionsOnGrid(region, dose, 'body');
  let max = 0;
  for (let v = 0; v < data.length; v++) if (fractions[v] > 0 && data[v] > max) max = data[v];
  return max;
}
