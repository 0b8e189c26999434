import { InputError } from '../errors/InputError';
import { computeDvh, type DvhOptions } from '../dvh/computeDvh';
import { dvhMetrics, type DvhDoseMetricsGy } from '../dvh/dvhMetrics';
import { importIssue, type ImportIssue } from '../io/ImportIssue';
import type { DoseGrid } from '../model/DoseGrid';
import type { StructureGeometry } from '../model/Structure';
import { singlePlaneSpacingOption, structureSetPlaneSpacingMm } from '../case/structureSetPlaneSpacingMm';

/** One ROI's DVH read-out (the `rois` entries of `dvh --json`). */
export interface RoiDvhSummary {
  readonly name: string;
  /** Contoured volume with a known dose, cc. */
  readonly volumeCc: number;
  /** Part of the structure outside the dose grid, cc (dose unknown there; > 0 comes with a warning). */
  readonly volumeOutsideDoseGridCc: number;
  readonly doseGy: DvhDoseMetricsGy;
}

export interface RoiDvhRequest {
  readonly structures: readonly StructureGeometry[];
  readonly structureFile: string;
  readonly structureFrameOfReferenceUid: string;
  readonly dose: DoseGrid;
  readonly doseFile: string;
  /** ROI names to compute; all ROIs with contours when absent. Matching is exact, then case-insensitive. */
  readonly roiNames?: readonly string[];
  readonly dvhOptions?: DvhOptions;
}

/**
 * DVH metrics for the requested ROIs of a structure set on a dose grid (the accurate sub-voxel method of
 * computeDvh). ROIs that are missing, have no contours or lie outside the grid become issues; the others are
 * still computed. A frame-of-reference mismatch is an error: the dose would not line up with the contours.
 */
export function computeRoiDvhs(request: RoiDvhRequest): { rois: RoiDvhSummary[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const { structures, dose } = request;
  if (request.structureFrameOfReferenceUid && dose.frameOfReferenceUid && request.structureFrameOfReferenceUid !== dose.frameOfReferenceUid) {
    issues.push(importIssue(request.doseFile, 'frame-of-reference-mismatch',
      `dose frame of reference ${dose.frameOfReferenceUid} differs from the structure set's ${request.structureFrameOfReferenceUid} (${request.structureFile}); no DVH computed`));
    return { rois: [], issues };
  }
  if (dose.units !== 'GY') {
    issues.push(importIssue(request.doseFile, 'relative-dose', `dose units are ${dose.units}, not GY: values below are in those units`, 'warning'));
  }
  let selected: StructureGeometry[];
  if (request.roiNames && request.roiNames.length > 0) {
    selected = [];
    for (const wanted of request.roiNames) {
      const found = structures.find((s) => s.name === wanted) ?? structures.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
      if (found) selected.push(found);
      else issues.push(importIssue(request.structureFile, 'roi-not-found', `no ROI named '${wanted}' (ROIs: ${structures.map((s) => s.name).join(', ')})`));
    }
  } else {
    selected = structures.filter((s) => s.contours.length > 0);
  }
  const rois: RoiDvhSummary[] = [];
  const setSpacingMm = structureSetPlaneSpacingMm(structures);
  for (const structure of selected) {
    if (structure.contours.length === 0) {
      issues.push(importIssue(request.structureFile, 'roi-without-contours', `ROI '${structure.name}' has no contours${structure.points.length > 0 ? ' (it is a POINT ROI)' : ''}; no DVH`));
      continue;
    }
    try {
      const dvh = computeDvh(dose.doseGy, structure.contours, { ...singlePlaneSpacingOption(structure.contours, setSpacingMm), ...request.dvhOptions, structureName: structure.name });
      if (dvh.volumeOutsideDoseGridCc > 0.0005) {
        issues.push(importIssue(request.doseFile, 'roi-outside-dose-grid',
          `${dvh.volumeOutsideDoseGridCc.toFixed(3)} cc of ROI '${structure.name}' lies outside the dose grid; its DVH covers the remaining ${dvh.volumeCc.toFixed(3)} cc`, 'warning'));
      }
      rois.push({ name: structure.name, volumeCc: dvh.volumeCc, volumeOutsideDoseGridCc: dvh.volumeOutsideDoseGridCc, doseGy: dvhMetrics(dvh) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(importIssue(request.structureFile, error.code, `ROI '${structure.name}': ${error.message}`));
    }
  }
  return { rois, issues };
}
