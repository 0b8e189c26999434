import { assignRoles, type AssignRolesOptions } from '../structures/assignRoles';
import { groupDicomFiles } from '../io/dicom/groupDicomFiles';
import { readCtSeries, type DicomFileInput } from '../io/dicom/readCtSeries';
import { readRtDose } from '../io/dicom/readRtDose';
import { readRtPlan, type RtPlanSummary } from '../io/dicom/readRtPlan';
import { readRtStruct } from '../io/dicom/readRtStruct';
import type { ImportIssue } from '../io/ImportIssue';
import { summarizeDoseGrid } from './summarizeDoseGrid';
import { summarizeStructures } from './summarizeStructures';

/** One ROI of an inspected structure set (the `rois` entries of `inspect --json`). */
export interface InspectedRoi {
  readonly name: string;
  readonly role: string;
  readonly roleReason: string;
  readonly volumeCc: number | undefined;
  readonly planes: number;
  readonly contours: number;
  readonly points: number;
}

export interface InspectedGrid {
  readonly dimensions: readonly number[];
  readonly spacingMm: readonly number[];
  readonly originMm: readonly number[];
  readonly direction: readonly number[];
}

/** One readable file and what it holds. */
export interface InspectedFile {
  readonly file: string;
  readonly modality: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly sopInstanceUid: string;
  readonly label: string;
  readonly transferSyntaxUid: string;
  /** RTSTRUCT only. */
  readonly rois?: readonly InspectedRoi[];
  /** RTDOSE only: lattice, units and scaled statistics over the whole grid. */
  readonly grid?: InspectedGrid;
  readonly units?: string;
  readonly summationType?: string;
  readonly min?: number;
  readonly max?: number;
  readonly mean?: number;
  /** RTPLAN only. */
  readonly plan?: RtPlanSummary;
}

/** A CT series found among the files. */
export interface InspectedSeries {
  readonly modality: 'CT';
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly description: string;
  readonly slices: number;
  readonly grid?: InspectedGrid;
  readonly huMin?: number;
  readonly huMax?: number;
}

export interface InspectReport {
  readonly files: readonly InspectedFile[];
  readonly series: readonly InspectedSeries[];
  readonly framesOfReference: readonly {
    readonly frameOfReferenceUid: string;
    readonly ctSeries: readonly string[];
    readonly structureSets: readonly { readonly file: string; readonly ctSeriesInstanceUid?: string }[];
    readonly doses: readonly string[];
    readonly plans: readonly string[];
  }[];
  readonly issues: readonly ImportIssue[];
}

function gridOf(g: { dimensions: readonly number[]; spacingMm: readonly number[]; originMm: readonly number[]; direction: readonly number[] }): InspectedGrid {
  return { dimensions: [...g.dimensions], spacingMm: [...g.spacingMm], originMm: [...g.originMm], direction: [...g.direction] };
}

/**
 * Reads every file, groups them by frame of reference and series, and summarises each: ROIs with roles,
 * volumes and plane counts; dose grids with scaled min/max/mean; plans; CT series geometry. Unreadable
 * files become issues; the rest is still reported.
 */
export function inspectDicomFiles(files: readonly DicomFileInput[], roleOptions: AssignRolesOptions = {}): InspectReport {
  const issues: ImportIssue[] = [];
  const grouped = groupDicomFiles(files);
  issues.push(...grouped.issues);
  const byName = new Map(files.map((f) => [f.name, f]));
  const inspected: InspectedFile[] = [];
  for (const summary of grouped.value?.files ?? []) {
    const input = byName.get(summary.fileName);
    if (!input) continue;
    const base: InspectedFile = {
      file: summary.fileName,
      modality: summary.modality,
      seriesInstanceUid: summary.seriesInstanceUid,
      frameOfReferenceUid: summary.frameOfReferenceUid,
      sopInstanceUid: summary.sopInstanceUid,
      label: summary.label,
      transferSyntaxUid: summary.transferSyntaxUid,
    };
    if (summary.modality === 'RTSTRUCT') {
      const read = readRtStruct(input.bytes, input.name);
      issues.push(...read.issues);
      if (read.value) {
        const roles = assignRoles(read.value.structures, roleOptions);
        issues.push(...roles.issues.map((issue) => (issue.file ? issue : { ...issue, file: input.name, message: `${input.name}: ${issue.message}` })));
        inspected.push({ ...base, rois: summarizeStructures(roles.structures) });
        continue;
      }
    } else if (summary.modality === 'RTDOSE') {
      const read = readRtDose(input.bytes, input.name);
      issues.push(...read.issues);
      if (read.value) {
        const dose = summarizeDoseGrid(read.value);
        inspected.push({ ...base, grid: gridOf(dose), units: dose.units, summationType: dose.summationType, min: dose.min, max: dose.max, mean: dose.mean });
        continue;
      }
    } else if (summary.modality === 'RTPLAN') {
      const read = readRtPlan(input.bytes, input.name);
      issues.push(...read.issues);
      if (read.value) {
        inspected.push({ ...base, plan: read.value });
        continue;
      }
    }
    inspected.push(base);
  }

  const series: InspectedSeries[] = [];
  const framesOfReference: InspectReport['framesOfReference'][number][] = [];
  for (const group of grouped.value?.frameOfReferenceGroups ?? []) {
    for (const ct of group.ctSeries) {
      const read = readCtSeries(ct.fileNames.map((name) => byName.get(name)).filter((f): f is DicomFileInput => f !== undefined));
      issues.push(...read.issues);
      let huMin: number | undefined;
      let huMax: number | undefined;
      if (read.value) {
        const hu = read.value.huGrid.data;
        huMin = Infinity;
        huMax = -Infinity;
        for (let n = 0; n < hu.length; n++) {
          if (hu[n] < huMin) huMin = hu[n];
          if (hu[n] > huMax) huMax = hu[n];
        }
      }
      series.push({
        modality: 'CT',
        seriesInstanceUid: ct.seriesInstanceUid,
        frameOfReferenceUid: ct.frameOfReferenceUid,
        description: ct.seriesDescription,
        slices: ct.fileNames.length,
        grid: read.value ? gridOf(read.value.huGrid) : undefined,
        huMin,
        huMax,
      });
    }
    framesOfReference.push({
      frameOfReferenceUid: group.frameOfReferenceUid,
      ctSeries: group.ctSeries.map((s) => s.seriesInstanceUid),
      structureSets: group.structureSets.map((s) => ({ file: s.file.fileName, ctSeriesInstanceUid: s.ctSeriesInstanceUid })),
      doses: group.doses.map((d) => d.fileName),
      plans: group.plans.map((p) => p.fileName),
    });
  }
  return { files: inspected, series, framesOfReference, issues };
}
