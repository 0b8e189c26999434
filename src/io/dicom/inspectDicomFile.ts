import { importIssue, type ParseResult } from '../ImportIssue';
import { ROI_CONTOUR_SEQUENCE_TAG } from './decodeRoiContourSequence';
import { dicomItems, dicomNumber, dicomString } from './dicomValues';
import { readDicomDataset } from './readDicomDataset';

/** Identity and references of one DICOM file, for sorting a folder into series and frames of reference. */
export interface DicomFileSummary {
  readonly fileName: string;
  /** Modality ('CT', 'RTSTRUCT', 'RTDOSE', 'RTPLAN', ...; '' when absent). */
  readonly modality: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly seriesDescription: string;
  /**
   * Frame of reference of the file: FrameOfReferenceUID, or for an RTSTRUCT the first
   * ReferencedFrameOfReferenceSequence entry ('' when none).
   */
  readonly frameOfReferenceUid: string;
  /** RTSTRUCT: every FrameOfReferenceUID in ReferencedFrameOfReferenceSequence. */
  readonly referencedFrameOfReferenceUids: readonly string[];
  /** RTSTRUCT: CT series listed in RTReferencedSeriesSequence. */
  readonly referencedSeriesInstanceUids: readonly string[];
  /** RTPLAN/RTDOSE: ReferencedStructureSetSequence SOP instance. */
  readonly referencedStructureSetUid?: string;
  /** RTDOSE: ReferencedRTPlanSequence SOP instance. */
  readonly referencedPlanUid?: string;
  /** StructureSetLabel or RTPlanLabel ('' otherwise). */
  readonly label: string;
  readonly patientId: string;
  readonly instanceNumber?: number;
  readonly transferSyntaxUid: string;
}

/** Bulky top-level elements an inspection does not need. */
const SKIPPED_FOR_INSPECTION = [
  ROI_CONTOUR_SEQUENCE_TAG,
  0x30060080, // RTROIObservationsSequence
  0x30040050, // DVHSequence
  0x300a00b0, // BeamSequence
  0x300a03a2, // IonBeamSequence
];

/**
 * Reads only the identifying attributes of a DICOM file (bulky sequences and pixel data are skipped,
 * but the whole file is still checked for truncation). Non-DICOM or damaged files give an error issue.
 */
export function inspectDicomFile(bytes: Uint8Array, fileName: string): ParseResult<DicomFileSummary> {
  const read = readDicomDataset(bytes, fileName, { skipTags: SKIPPED_FOR_INSPECTION });
  if (!read.value) return { value: undefined, issues: read.issues };
  const e = read.value.elements;
  const modality = dicomString(e, 'Modality') ?? '';
  const referencedFrames = dicomItems(e, 'ReferencedFrameOfReferenceSequence');
  const referencedFrameOfReferenceUids = referencedFrames.map((f) => dicomString(f, 'FrameOfReferenceUID')).filter((x): x is string => x !== undefined);
  const referencedSeriesInstanceUids: string[] = [];
  for (const frame of referencedFrames) {
    for (const study of dicomItems(frame, 'RTReferencedStudySequence')) {
      for (const series of dicomItems(study, 'RTReferencedSeriesSequence')) {
        const uid = dicomString(series, 'SeriesInstanceUID');
        if (uid) referencedSeriesInstanceUids.push(uid);
      }
    }
  }
  const firstReferenced = (keyword: string): string | undefined =>
    dicomItems(e, keyword)
      .map((r) => dicomString(r, 'ReferencedSOPInstanceUID'))
      .find((x) => x !== undefined);
  const issues = [...read.issues];
  if (modality === '') issues.push(importIssue(fileName, 'missing-attribute', 'no Modality', 'warning'));
  return {
    value: {
      fileName,
      modality,
      sopClassUid: dicomString(e, 'SOPClassUID') ?? '',
      sopInstanceUid: dicomString(e, 'SOPInstanceUID') ?? '',
      studyInstanceUid: dicomString(e, 'StudyInstanceUID') ?? '',
      seriesInstanceUid: dicomString(e, 'SeriesInstanceUID') ?? '',
      seriesDescription: dicomString(e, 'SeriesDescription') ?? '',
      frameOfReferenceUid:
        (modality === 'RTSTRUCT' ? (referencedFrameOfReferenceUids[0] ?? dicomString(e, 'FrameOfReferenceUID')) : (dicomString(e, 'FrameOfReferenceUID') ?? referencedFrameOfReferenceUids[0])) ?? '',
      referencedFrameOfReferenceUids,
      referencedSeriesInstanceUids,
      referencedStructureSetUid: firstReferenced('ReferencedStructureSetSequence'),
      referencedPlanUid: firstReferenced('ReferencedRTPlanSequence'),
      label: dicomString(e, 'StructureSetLabel') ?? dicomString(e, 'RTPlanLabel') ?? '',
      patientId: dicomString(e, 'PatientID') ?? '',
      instanceNumber: dicomNumber(e, 'InstanceNumber'),
      transferSyntaxUid: read.value.transferSyntaxUid,
    },
    issues,
  };
}
