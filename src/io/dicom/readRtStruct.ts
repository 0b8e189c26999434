import type { PointLps } from '../../geometry/points';
import type { PlanarContour, StructureGeometry } from '../../model/Structure';
import { importIssue, type ImportIssue, type ParseResult } from '../ImportIssue';
import { decodeRoiContourSequence, ROI_CONTOUR_SEQUENCE_TAG, type RawContour, type RawRoiContour } from './decodeRoiContourSequence';
import { dicomItems, dicomNumber, dicomNumbers, dicomString } from './dicomValues';
import { readDicomDataset, type DicomDataset } from './readDicomDataset';
import { readDicomDatasetOfModality } from './readDicomDatasetOfModality';
import { formatMm } from './sliceOrientation';

/** Contents of an RTSTRUCT, in patient mm. */
export interface StructureSetData {
  readonly frameOfReferenceUid: string;
  /** StructureSetLabel ('' when absent). */
  readonly label: string;
  readonly sopInstanceUid: string;
  /** CT series the structure set was drawn on (RTReferencedSeriesSequence), when given. */
  readonly referencedSeriesUid?: string;
  /** In StructureSetROISequence order. */
  readonly structures: readonly StructureGeometry[];
}

/** Contour points whose z spread is at most this are planar, mm. */
const PLANAR_TOLERANCE_MM = 0.01;
/** Slightly non-planar contours (spread up to this) are kept on their mean z, with a warning, mm. */
const NEAR_PLANAR_TOLERANCE_MM = 0.5;
/** Colours for ROIs without ROIDisplayColor (cycled by ROI position). */
const DEFAULT_COLORS: ReadonlyArray<readonly [number, number, number]> = [
  [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180], [70, 240, 240], [240, 50, 230],
];

/**
 * Reads an RTSTRUCT: every StructureSetROI (also those without ROIContour → no contours, with a
 * warning), CLOSED_PLANAR contours (each polygon kept as its own PlanarContour, sorted by z; holes are
 * resolved later by even-odd), POINT contours as `points`, RTROIInterpretedType and ROIDisplayColor
 * (a palette colour when missing). Skipped with a warning naming ROI and z: contours with fewer than 3
 * points, ContourData not a multiple of 3, OPEN_PLANAR/OPEN_NONPLANAR and other types, and contours
 * whose z varies by more than 0.5 mm (axial planes only; up to 0.5 mm they are put on their mean z).
 */
export function readRtStruct(bytes: Uint8Array, fileName: string): ParseResult<StructureSetData> {
  const read = readDicomDatasetOfModality(bytes, fileName, 'RTSTRUCT', { skipTags: [ROI_CONTOUR_SEQUENCE_TAG] });
  const issues: ImportIssue[] = [...read.issues];
  if (!read.value) return { value: undefined, issues };
  const e = read.value.elements;
  const warn = (code: string, message: string): void => {
    issues.push(importIssue(fileName, code, message, 'warning'));
  };
  const roiItems = dicomItems(e, 'StructureSetROISequence');
  if (roiItems.length === 0) warn('no-rois', 'StructureSetROISequence is empty: no structures');

  const referencedFrames = dicomItems(e, 'ReferencedFrameOfReferenceSequence');
  const frameUids = referencedFrames.map((f) => dicomString(f, 'FrameOfReferenceUID')).filter((x): x is string => x !== undefined);
  const roiFrameUids = roiItems.map((r) => dicomString(r, 'ReferencedFrameOfReferenceUID')).filter((x): x is string => x !== undefined);
  const frameOfReferenceUid = frameUids[0] ?? roiFrameUids[0] ?? dicomString(e, 'FrameOfReferenceUID') ?? '';
  if (frameOfReferenceUid === '') warn('missing-attribute', 'no frame of reference UID (ReferencedFrameOfReferenceSequence / ReferencedFrameOfReferenceUID)');
  const otherFrames = [...new Set([...frameUids, ...roiFrameUids])].filter((u) => u !== frameOfReferenceUid);
  if (otherFrames.length > 0) warn('mixed-frame-of-reference', `structure set references several frames of reference: using ${frameOfReferenceUid}, also ${otherFrames.join(', ')}`);

  let referencedSeriesUid: string | undefined;
  for (const frame of referencedFrames) {
    for (const study of dicomItems(frame, 'RTReferencedStudySequence')) {
      for (const series of dicomItems(study, 'RTReferencedSeriesSequence')) referencedSeriesUid ??= dicomString(series, 'SeriesInstanceUID');
    }
  }

  const contourByRoi = new Map<number, RawRoiContour>();
  for (const item of roiContours(read.value, bytes, issues)) {
    const n = item.referencedRoiNumber;
    if (n === undefined || !Number.isFinite(n)) warn('missing-attribute', 'ROIContourSequence item without ReferencedROINumber ignored');
    else contourByRoi.set(n, item);
  }
  const typeByRoi = new Map<number, string>();
  for (const item of dicomItems(e, 'RTROIObservationsSequence')) {
    const n = dicomNumber(item, 'ReferencedROINumber');
    const type = dicomString(item, 'RTROIInterpretedType');
    if (n !== undefined && type !== undefined) typeByRoi.set(n, type);
  }

  const structures: StructureGeometry[] = [];
  const declared = new Set<number>();
  roiItems.forEach((roi, index) => {
    const number = dicomNumber(roi, 'ROINumber');
    if (number === undefined) {
      warn('missing-attribute', `StructureSetROI #${index + 1} has no ROINumber; ignored`);
      return;
    }
    declared.add(number);
    const name = dicomString(roi, 'ROIName') ?? `ROI ${number}`;
    structures.push(buildStructure(number, name, contourByRoi.get(number), typeByRoi.get(number) ?? '', index, warn));
  });
  for (const [number, item] of contourByRoi) {
    if (declared.has(number)) continue;
    warn('undeclared-roi', `ROIContour for ROI number ${number} has no StructureSetROI entry; kept as "ROI ${number}"`);
    structures.push(buildStructure(number, `ROI ${number}`, item, typeByRoi.get(number) ?? '', structures.length, warn));
  }

  return {
    value: {
      frameOfReferenceUid,
      label: dicomString(e, 'StructureSetLabel') ?? '',
      sopInstanceUid: dicomString(e, 'SOPInstanceUID') ?? '',
      referencedSeriesUid,
      structures,
    },
    issues,
  };
}

/** ROIContourSequence items: fast direct decoding, or dcmjs when that fails (unusual encodings). */
function roiContours(dataset: DicomDataset, bytes: Uint8Array, issues: ImportIssue[]): RawRoiContour[] {
  const element = dataset.skippedElements.find((x) => x.tag === ROI_CONTOUR_SEQUENCE_TAG);
  if (!element) return [];
  const fast = decodeRoiContourSequence(bytes, element, dataset.encoding);
  if (typeof fast !== 'string') return fast;
  const fullRead = readDicomDataset(bytes, dataset.fileName);
  const full = fullRead.value;
  if (!full) {
    issues.push(...fullRead.issues, importIssue(dataset.fileName, 'corrupt-dicom', `ROIContourSequence could not be decoded (${fast}); no contours read`));
    return [];
  }
  return dicomItems(full.elements, 'ROIContourSequence').map((item) => ({
    referencedRoiNumber: dicomNumber(item, 'ReferencedROINumber'),
    displayColor: dicomNumbers(item, 'ROIDisplayColor'),
    contours: dicomItems(item, 'ContourSequence').map(
      (c): RawContour => ({
        geometricType: dicomString(c, 'ContourGeometricType') ?? '',
        declaredPointCount: dicomNumber(c, 'NumberOfContourPoints'),
        data: dicomNumbers(c, 'ContourData') ?? [],
      }),
    ),
  }));
}

function buildStructure(
  number: number,
  name: string,
  contourItem: RawRoiContour | undefined,
  interpretedType: string,
  index: number,
  warn: (code: string, message: string) => void,
): StructureGeometry {
  const label = `ROI "${name}" (#${number})`;
  const color = contourItem?.displayColor;
  const colorRgb: [number, number, number] =
    color && color.length === 3 && color.every((c) => Number.isFinite(c)) ? [color[0], color[1], color[2]] : [...DEFAULT_COLORS[index % DEFAULT_COLORS.length]];
  const contours: PlanarContour[] = [];
  const points: PointLps[] = [];
  if (!contourItem) {
    warn('roi-without-contours', `${label} is declared without an ROIContour entry: no contours`);
    return { number, name, interpretedType, colorRgb, contours, points };
  }
  const skipped = new Map<string, string[]>(); // code → descriptions, summarised per ROI
  const note = (code: string, what: string): void => {
    const list = skipped.get(code) ?? [];
    list.push(what);
    skipped.set(code, list);
  };
  for (const item of contourItem.contours) {
    const type = item.geometricType;
    const data = item.data;
    const zLabel = data.length >= 3 ? `z = ${formatMm(data[2])} mm` : 'no points';
    if (data.length % 3 !== 0) {
      note('contour-data-length', `${type || 'contour'} at ${zLabel} has ${data.length} ContourData values (not a multiple of 3); skipped`);
      continue;
    }
    if (!allFinite(data)) {
      note('bad-contour-data', `${type || 'contour'} at ${zLabel} has non-numeric ContourData; skipped`);
      continue;
    }
    const pointCount = data.length / 3;
    const declaredCount = item.declaredPointCount;
    if (declaredCount !== undefined && declaredCount !== pointCount) {
      note('contour-point-count', `NumberOfContourPoints ${declaredCount} but ContourData holds ${pointCount} points at ${zLabel}; the ContourData points are used`);
    }
    if (type === 'POINT') {
      // `+ 0` turns "-0" in the file into 0 so equal positions compare equal.
      for (let p = 0; p < pointCount; p++) points.push({ xMm: data[3 * p] + 0, yMm: data[3 * p + 1] + 0, zMm: data[3 * p + 2] + 0 });
      continue;
    }
    if (type !== 'CLOSED_PLANAR') {
      note('contour-unsupported-type', `${type || 'contour without ContourGeometricType'} at ${zLabel} skipped (only CLOSED_PLANAR and POINT are used)`);
      continue;
    }
    if (pointCount < 3) {
      note('contour-too-few-points', `CLOSED_PLANAR contour at ${zLabel} has ${pointCount} point(s) (< 3); skipped`);
      continue;
    }
    let zMin = data[2];
    let zMax = data[2];
    let zSum = 0;
    const xyMm = new Float64Array(2 * pointCount);
    for (let p = 0; p < pointCount; p++) {
      const z = data[3 * p + 2];
      xyMm[2 * p] = data[3 * p] + 0;
      xyMm[2 * p + 1] = data[3 * p + 1] + 0;
      zSum += z;
      if (z < zMin) zMin = z;
      if (z > zMax) zMax = z;
    }
    const spread = zMax - zMin;
    if (spread > NEAR_PLANAR_TOLERANCE_MM) {
      note('contour-non-planar', `contour with z from ${formatMm(zMin)} to ${formatMm(zMax)} mm is not axial; skipped (only axial planes are supported)`);
      continue;
    }
    let zMm = data[2] + 0;
    if (spread > PLANAR_TOLERANCE_MM) {
      zMm = zSum / pointCount;
      note('contour-non-planar', `contour with z from ${formatMm(zMin)} to ${formatMm(zMax)} mm put on its mean z = ${formatMm(zMm)} mm`);
    }
    contours.push({ zMm, xyMm });
  }
  for (const [code, list] of skipped) warn(code, `${label}: ${list.join('; ')}`);
  contours.sort((a, b) => a.zMm - b.zMm);
  if (contours.length === 0 && points.length === 0 && !skipped.size) warn('roi-without-contours', `${label} has an ROIContour entry but no contours`);
  return { number, name, interpretedType, colorRgb, contours, points };
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
