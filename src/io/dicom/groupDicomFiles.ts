import { InputError } from '../../errors/InputError';
import { importIssue, type ImportIssue, type ParseResult } from '../ImportIssue';
import { inspectDicomFile, type DicomFileSummary } from './inspectDicomFile';
import type { DicomFileInput } from './readCtSeries';

/** The files of one CT series. */
export interface CtSeriesGroup {
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly seriesDescription: string;
  /** File names, in input order (readCtSeries sorts them by position). */
  readonly fileNames: readonly string[];
}

/** An RTSTRUCT and the CT series it belongs to. */
export interface StructureSetLink {
  readonly file: DicomFileSummary;
  /**
   * The CT series of the import it belongs to: the one it references (RTReferencedSeriesSequence), else
   * the only CT series sharing its frame of reference; undefined when none or ambiguous (then an issue says why).
   */
  readonly ctSeriesInstanceUid?: string;
}

/** Everything sharing one frame of reference (i.e. one patient coordinate system). */
export interface FrameOfReferenceGroup {
  readonly frameOfReferenceUid: string;
  readonly ctSeries: readonly CtSeriesGroup[];
  readonly structureSets: readonly StructureSetLink[];
  readonly doses: readonly DicomFileSummary[];
  readonly plans: readonly DicomFileSummary[];
  /** Other modalities (MR, PT, REG...). */
  readonly others: readonly DicomFileSummary[];
}

/** A folder import sorted by frame of reference. */
export interface DicomFileGroups {
  /** Every readable file. */
  readonly files: readonly DicomFileSummary[];
  /**
   * Groups in order of first appearance. An RTPLAN without FrameOfReferenceUID joins the group of an
   * RTDOSE referencing it or of the RTSTRUCT it references; files with no frame of reference are in `ungrouped`.
   */
  readonly frameOfReferenceGroups: readonly FrameOfReferenceGroup[];
  readonly ungrouped: readonly DicomFileSummary[];
}

interface MutableGroup {
  frameOfReferenceUid: string;
  ctSeries: Map<string, { seriesInstanceUid: string; frameOfReferenceUid: string; seriesDescription: string; fileNames: string[] }>;
  structureSets: DicomFileSummary[];
  doses: DicomFileSummary[];
  plans: DicomFileSummary[];
  others: DicomFileSummary[];
}

/**
 * Sorts a set of DICOM files (a folder import) by frame of reference, then modality and series, and
 * links each RTSTRUCT to its CT series. Unreadable files give an issue each and the rest still loads.
 * Reported: an RTSTRUCT whose frame of reference matches no imported CT ('frame-of-reference-mismatch';
 * 'no-ct' when the import has no CT at all), RTDOSE/RTPLAN files whose frame of reference matches no
 * CT or RTSTRUCT ('frame-of-reference-mismatch'), ambiguous CT series and duplicate SOP instances
 * ('duplicate-instance': byte-identical copies are dropped, different files reusing a UID are kept).
 */
export function groupDicomFiles(files: readonly DicomFileInput[]): ParseResult<DicomFileGroups> {
  if (!Array.isArray(files)) throw new InputError('bad-files', 'groupDicomFiles expects an array of { name, bytes }');
  const issues: ImportIssue[] = [];
  const summaries: DicomFileSummary[] = [];
  const bySopInstance = new Map<string, DicomFileInput>();
  for (const file of files) {
    const inspected = inspectDicomFile(file.bytes, file.name);
    issues.push(...inspected.issues);
    const summary = inspected.value;
    if (!summary) continue;
    const earlier = summary.sopInstanceUid ? bySopInstance.get(summary.sopInstanceUid) : undefined;
    if (earlier !== undefined) {
      // Byte-identical copies are dropped; different files that reuse a UID are both kept (the UID
      // alone cannot say which one is right).
      if (sameBytes(earlier.bytes, file.bytes)) {
        issues.push(importIssue(file.name, 'duplicate-instance', `identical copy of ${earlier.name}; not used`, 'warning'));
        continue;
      }
      issues.push(importIssue(file.name, 'duplicate-instance', `same SOPInstanceUID as ${earlier.name} but different content; both are kept`, 'warning'));
    } else if (summary.sopInstanceUid) {
      bySopInstance.set(summary.sopInstanceUid, file);
    }
    summaries.push(summary);
  }

  const groups = new Map<string, MutableGroup>();
  const ungrouped: DicomFileSummary[] = [];
  for (const s of summaries) {
    // An RTPLAN need not carry a FrameOfReferenceUID: take it from a dose that references the plan or
    // from the structure set the plan references.
    const frameOfReferenceUid = s.frameOfReferenceUid || (s.modality === 'RTPLAN' ? inferredPlanFrame(s, summaries) : '');
    if (frameOfReferenceUid === '') {
      ungrouped.push(s);
      continue;
    }
    let g = groups.get(frameOfReferenceUid);
    if (!g) {
      g = { frameOfReferenceUid, ctSeries: new Map(), structureSets: [], doses: [], plans: [], others: [] };
      groups.set(frameOfReferenceUid, g);
    }
    if (s.modality === 'CT') {
      const series = g.ctSeries.get(s.seriesInstanceUid);
      if (series) series.fileNames.push(s.fileName);
      else g.ctSeries.set(s.seriesInstanceUid, { seriesInstanceUid: s.seriesInstanceUid, frameOfReferenceUid: s.frameOfReferenceUid, seriesDescription: s.seriesDescription, fileNames: [s.fileName] });
    } else if (s.modality === 'RTSTRUCT') g.structureSets.push(s);
    else if (s.modality === 'RTDOSE') g.doses.push(s);
    else if (s.modality === 'RTPLAN') g.plans.push(s);
    else g.others.push(s);
  }

  const allCt = [...groups.values()].flatMap((g) => [...g.ctSeries.values()]);
  const ctFrames = [...new Set(allCt.map((c) => c.frameOfReferenceUid))];
  const frameOfReferenceGroups: FrameOfReferenceGroup[] = [];
  for (const g of groups.values()) {
    const ctSeries = [...g.ctSeries.values()];
    const structureSets = g.structureSets.map((file): StructureSetLink => ({ file, ctSeriesInstanceUid: linkCt(file, ctSeries, allCt.length, ctFrames, issues) }));
    const hasAnatomy = ctSeries.length > 0 || structureSets.length > 0;
    const anatomyExists = allCt.length > 0 || summaries.some((s) => s.modality === 'RTSTRUCT');
    if (!hasAnatomy && anatomyExists) {
      for (const f of [...g.doses, ...g.plans]) {
        issues.push(importIssue(f.fileName, 'frame-of-reference-mismatch', `${f.modality} frame of reference ${g.frameOfReferenceUid} matches no CT or RTSTRUCT in this import; it cannot be overlaid on them`, 'warning'));
      }
    }
    frameOfReferenceGroups.push({ frameOfReferenceUid: g.frameOfReferenceUid, ctSeries, structureSets, doses: g.doses, plans: g.plans, others: g.others });
  }
  return { value: { files: summaries, frameOfReferenceGroups, ungrouped }, issues };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

function inferredPlanFrame(plan: DicomFileSummary, all: readonly DicomFileSummary[]): string {
  const dose = all.find((f) => f.modality === 'RTDOSE' && f.referencedPlanUid !== undefined && f.referencedPlanUid === plan.sopInstanceUid && f.frameOfReferenceUid);
  if (dose) return dose.frameOfReferenceUid;
  const structureSet = all.find((f) => f.modality === 'RTSTRUCT' && plan.referencedStructureSetUid !== undefined && f.sopInstanceUid === plan.referencedStructureSetUid);
  return structureSet?.frameOfReferenceUid ?? '';
}

function linkCt(file: DicomFileSummary, sameFrame: readonly CtSeriesGroup[], ctCount: number, ctFrames: readonly string[], issues: ImportIssue[]): string | undefined {
  const name = file.label ? `RTSTRUCT "${file.label}"` : 'RTSTRUCT';
  if (sameFrame.length === 0) {
    if (ctCount === 0) {
      issues.push(importIssue(file.fileName, 'no-ct', `${name} (frame of reference ${file.frameOfReferenceUid}): no CT series in this import`, 'warning'));
    } else {
      issues.push(importIssue(file.fileName, 'frame-of-reference-mismatch', `${name} uses frame of reference ${file.frameOfReferenceUid}, but no CT series in this import does (CT frames of reference: ${ctFrames.join(', ')})`, 'warning'));
    }
    return undefined;
  }
  const referenced = sameFrame.find((c) => file.referencedSeriesInstanceUids.includes(c.seriesInstanceUid));
  if (referenced) return referenced.seriesInstanceUid;
  if (sameFrame.length === 1) return sameFrame[0].seriesInstanceUid;
  issues.push(importIssue(file.fileName, 'ambiguous-ct-series', `${name}: ${sameFrame.length} CT series share its frame of reference and it references none of them (${sameFrame.map((c) => c.seriesInstanceUid).join(', ')})`, 'warning'));
  return undefined;
}
