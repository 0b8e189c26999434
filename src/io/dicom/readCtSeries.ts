import { InputError } from '../../errors/InputError';
import type { Grid3 } from '../../geometry/Grid3';
import type { Vec3 } from '../../geometry/points';
import type { CtImage } from '../../model/Case';
import { importIssue, type ImportIssue, type ParseResult } from '../ImportIssue';
import { decodePixelData, readPixelLayout, type PixelLayout } from './decodePixelData';
import { dicomNumber, dicomNumbers, dicomString } from './dicomValues';
import { fillRegularPlanes, planRegularSlices, type RegularSlicePlan } from './planRegularSlices';
import { readDicomDataset, type DicomDataset } from './readDicomDataset';
import { sliceGapIssues } from './sliceGapIssues';
import { describeSlicePosition, dot, formatMm, sliceOrientation } from './sliceOrientation';

/** A file handed to a multi-file reader. */
export interface DicomFileInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

interface CtSlice {
  readonly fileName: string;
  readonly dataset: DicomDataset;
  readonly layout: PixelLayout;
  readonly seriesUid: string;
  readonly frameOfReferenceUid: string;
  readonly iop: readonly number[];
  readonly ippMm: readonly number[];
  /** [row spacing (between rows, along v), column spacing (between columns, along u)], mm. */
  readonly pixelSpacingMm: readonly number[];
  readonly slope: number;
  readonly intercept: number;
  readonly sliceThicknessMm?: number;
  readonly spacingBetweenSlicesMm?: number;
  /** Position along the slice normal w, mm (set after the orientation is known). */
  distanceMm: number;
}

/** Same-position tolerance for duplicate slices, mm. */
const DUPLICATE_TOLERANCE_MM = 0.01;
/** In-plane drift of ImagePositionPatient tolerated before warning (gantry tilt, shifted slices), mm. */
const IN_PLANE_TOLERANCE_MM = 0.1;

/**
 * Reads one CT series from single-frame CT image files in any order into a HU grid.
 * Slices are sorted by their position along the normal w = row × column (so head-first, feet-first and
 * decubitus orientations all work); direction = [row, column, w]; originMm = IPP of the first slice.
 * Stored values → HU with each slice's RescaleSlope/Intercept (Float32). Mixed series, frames of
 * reference, orientations or image sizes are reported and the majority group is kept. Missing or
 * unevenly spaced slices give a regular grid at the dominant spacing with the absent planes linearly
 * interpolated and a 'missing-slices' / 'uneven-slices' warning naming each interpolated z.
 * A single slice uses SpacingBetweenSlices, else SliceThickness, as its thickness.
 * Bad files give issues; the rest still loads. Never throws on file content.
 */
export function readCtSeries(files: readonly DicomFileInput[]): ParseResult<CtImage> {
  if (!Array.isArray(files)) throw new InputError('bad-files', 'readCtSeries expects an array of { name, bytes }');
  const issues: ImportIssue[] = [];
  const fail = (code: string, message: string): ParseResult<CtImage> => ({ value: undefined, issues: [...issues, importIssue('', code, message)] });
  if (files.length === 0) return fail('no-files', 'no CT files given');

  let slices: CtSlice[] = [];
  for (const file of files) {
    const slice = readSlice(file, issues);
    if (slice) slices.push(slice);
  }
  if (slices.length === 0) return fail('no-ct-slices', `none of the ${files.length} file(s) is a readable CT slice`);

  slices = keepMajority(slices, (s) => s.seriesUid, 'mixed-series', 'series', issues);
  slices = keepMajority(slices, (s) => s.frameOfReferenceUid, 'mixed-frame-of-reference', 'frame of reference', issues);
  slices = keepMajority(slices, (s) => s.iop.map((c) => c.toFixed(4)).join('\\'), 'mixed-orientation', 'ImageOrientationPatient', issues);
  slices = keepMajority(
    slices,
    (s) => `${s.layout.columns} x ${s.layout.rows} px at ${s.pixelSpacingMm.map((x) => x.toFixed(4)).join(' x ')} mm`,
    'mixed-image-size',
    'image size / pixel spacing',
    issues,
  );

  const orientation = sliceOrientation(slices[0].iop);
  if (typeof orientation === 'string') return fail('bad-attribute', orientation);
  const { u, v, w } = orientation;
  for (const s of slices) s.distanceMm = dot(w, s.ippMm);
  slices.sort((a, b) => a.distanceMm - b.distanceMm || (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));

  // Duplicate positions: keep the first file (by name), report the others.
  const unique: CtSlice[] = [];
  for (const s of slices) {
    const previous = unique[unique.length - 1];
    if (previous && s.distanceMm - previous.distanceMm < DUPLICATE_TOLERANCE_MM) {
      issues.push(importIssue(s.fileName, 'duplicate-slice', `same position as ${previous.fileName} (${describeSlicePosition(previous.ippMm, w, 0)}); this file is not used`, 'warning'));
      continue;
    }
    unique.push(s);
  }
  slices = unique;

  const first = slices[0];
  let worstDriftMm = 0;
  for (const s of slices) {
    const along = s.distanceMm - first.distanceMm;
    const drift = Math.hypot(s.ippMm[0] - first.ippMm[0] - along * w[0], s.ippMm[1] - first.ippMm[1] - along * w[1], s.ippMm[2] - first.ippMm[2] - along * w[2]);
    if (drift > worstDriftMm) worstDriftMm = drift;
  }
  if (worstDriftMm > IN_PLANE_TOLERANCE_MM) {
    issues.push(importIssue('', 'slice-position-inconsistent', `slice origins drift up to ${formatMm(worstDriftMm)} mm within the image plane (gantry tilt or shifted slices); the grid assumes slices stacked along the normal`, 'warning'));
  }

  let stepMm: number;
  let plan: RegularSlicePlan | undefined;
  if (slices.length === 1) {
    const thickness = first.spacingBetweenSlicesMm ?? first.sliceThicknessMm;
    if (thickness === undefined || !(thickness > 0)) {
      stepMm = 1;
      issues.push(importIssue(first.fileName, 'missing-attribute', 'single CT slice without SliceThickness or SpacingBetweenSlices: slice thickness set to 1 mm', 'warning'));
    } else {
      stepMm = thickness;
    }
  } else {
    plan = planRegularSlices(slices.map((s) => s.distanceMm));
    if (plan.planeCount > 2 * slices.length + 2) {
      return fail('uneven-slices', `slice positions are too irregular to resample (${slices.length} slices would need ${plan.planeCount} planes at ${formatMm(plan.stepMm)} mm)`);
    }
    stepMm = plan.stepMm;
    issues.push(...sliceGapIssues(plan, '', first.ippMm, w, 'slice', { missing: 'missing-slices', uneven: 'uneven-slices' }));
  }

  const { rows, columns } = first.layout;
  const planeSize = rows * columns;
  const planeCount = plan ? plan.planeCount : 1;
  const data = new Float32Array(planeSize * planeCount);
  const decodeProblem: ImportIssue[] = [];
  const source = huSource(slices, planeSize, decodeProblem);
  if (plan) fillRegularPlanes(plan, planeSize, source, data);
  else data.set(source(0));
  if (decodeProblem.length > 0) return { value: undefined, issues: [...issues, ...decodeProblem] };

  const huGrid: Grid3<Float32Array> = {
    dimensions: [columns, rows, planeCount],
    spacingMm: [first.pixelSpacingMm[1], first.pixelSpacingMm[0], stepMm],
    originMm: [first.ippMm[0], first.ippMm[1], first.ippMm[2]] as Vec3,
    direction: [...u, ...v, ...w],
    data,
  };
  return { value: { huGrid, seriesInstanceUid: first.seriesUid, frameOfReferenceUid: first.frameOfReferenceUid }, issues };
}

function readSlice(file: DicomFileInput, issues: ImportIssue[]): CtSlice | undefined {
  const read = readDicomDataset(file.bytes, file.name);
  issues.push(...read.issues);
  const dataset = read.value;
  if (!dataset) return undefined;
  const e = dataset.elements;
  const skip = (code: string, message: string, severity: ImportIssue['severity'] = 'error'): undefined => {
    issues.push(importIssue(file.name, code, `${message}; file not used`, severity));
    return undefined;
  };
  const modality = dicomString(e, 'Modality');
  if (modality !== 'CT') return skip('not-ct', `modality is ${modality ?? 'missing'}, expected CT`, 'warning');
  const layoutRead = readPixelLayout(dataset);
  if (!layoutRead.value) {
    issues.push(...layoutRead.issues);
    return undefined;
  }
  const layout = layoutRead.value;
  if (layout.frames !== 1) return skip('unsupported-multiframe', `multi-frame CT (${layout.frames} frames) is not supported`);
  if (!dataset.pixelData) return skip('missing-attribute', 'no PixelData');
  const iop = dicomNumbers(e, 'ImageOrientationPatient');
  const ipp = dicomNumbers(e, 'ImagePositionPatient');
  const spacing = dicomNumbers(e, 'PixelSpacing');
  if (!iop || iop.length !== 6 || iop.some((x) => !Number.isFinite(x))) return skip('missing-attribute', 'ImageOrientationPatient missing or invalid');
  if (!ipp || ipp.length !== 3 || ipp.some((x) => !Number.isFinite(x))) return skip('missing-attribute', 'ImagePositionPatient missing or invalid');
  if (!spacing || spacing.length !== 2 || spacing.some((x) => !(x > 0))) return skip('missing-attribute', 'PixelSpacing missing or invalid');
  const seriesUid = dicomString(e, 'SeriesInstanceUID');
  const frameOfReferenceUid = dicomString(e, 'FrameOfReferenceUID');
  if (!seriesUid) return skip('missing-attribute', 'SeriesInstanceUID missing');
  if (!frameOfReferenceUid) return skip('missing-attribute', 'FrameOfReferenceUID missing');
  let slope = dicomNumber(e, 'RescaleSlope');
  let intercept = dicomNumber(e, 'RescaleIntercept');
  if (slope === undefined || intercept === undefined) {
    issues.push(importIssue(file.name, 'missing-attribute', `RescaleSlope/RescaleIntercept missing: using slope ${slope ?? 1}, intercept ${intercept ?? 0} (stored values taken as HU)`, 'warning'));
    slope ??= 1;
    intercept ??= 0;
  }
  return {
    fileName: file.name,
    dataset,
    layout,
    seriesUid,
    frameOfReferenceUid,
    iop,
    ippMm: ipp,
    pixelSpacingMm: spacing,
    slope,
    intercept,
    sliceThicknessMm: dicomNumber(e, 'SliceThickness'),
    spacingBetweenSlicesMm: dicomNumber(e, 'SpacingBetweenSlices'),
    distanceMm: 0,
  };
}

/**
 * Keeps the largest group by `key` (ties: the first seen) and reports the others with their files.
 * @returns the kept slices
 */
function keepMajority(slices: CtSlice[], key: (s: CtSlice) => string, code: string, what: string, issues: ImportIssue[]): CtSlice[] {
  const groups = new Map<string, CtSlice[]>();
  for (const s of slices) {
    const k = key(s);
    const group = groups.get(k);
    if (group) group.push(s);
    else groups.set(k, [s]);
  }
  if (groups.size <= 1) return slices;
  let bestKey = '';
  let best: CtSlice[] = [];
  for (const [k, group] of groups) {
    if (group.length > best.length) {
      bestKey = k;
      best = group;
    }
  }
  const others = [...groups].filter(([k]) => k !== bestKey).map(([k, group]) => `${k} (${group.length} file(s): ${group.map((s) => s.fileName).join(', ')})`);
  issues.push(importIssue('', code, `the CT files have ${groups.size} different ${what} values; using ${bestKey} (${best.length} file(s)); not used: ${others.join('; ')}`, 'warning'));
  return best;
}

/** Decodes slices to HU on demand (slices are requested in non-decreasing order, so a 2-entry cache suffices). */
function huSource(slices: readonly CtSlice[], planeSize: number, problems: ImportIssue[]): (index: number) => Float32Array {
  const cache = new Map<number, Float32Array>();
  return (index: number): Float32Array => {
    const cached = cache.get(index);
    if (cached) return cached;
    const s = slices[index];
    const hu = new Float32Array(planeSize);
    const decoded = decodePixelData(s.dataset, s.layout, 1);
    if (!decoded.value) {
      problems.push(...decoded.issues);
      hu.fill(Number.NaN);
    } else {
      const stored = decoded.value;
      const { slope, intercept } = s;
      for (let i = 0; i < planeSize; i++) hu[i] = stored[i] * slope + intercept;
    }
    if (cache.size >= 2) cache.delete(cache.keys().next().value as number);
    cache.set(index, hu);
    return hu;
  };
}
