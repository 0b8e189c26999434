import type { Grid3 } from '../../geometry/Grid3';
import type { Vec3 } from '../../geometry/points';
import type { DoseGrid } from '../../model/DoseGrid';
import { importIssue, type ImportIssue, type ParseResult } from '../ImportIssue';
import { decodePixelData, readPixelLayout } from './decodePixelData';
import { dicomNumber, dicomNumbers, dicomString } from './dicomValues';
import { fillRegularPlanes, planRegularSlices } from './planRegularSlices';
import { readDicomDatasetOfModality } from './readDicomDatasetOfModality';
import { sliceGapIssues } from './sliceGapIssues';
import { formatMm, negate, sliceOrientation } from './sliceOrientation';

/** Offsets equal within this are "the same", mm. */
const OFFSET_TOLERANCE_MM = 1e-3;

/**
 * Reads an RTDOSE into a dose grid in Gy (stored value × DoseGridScaling, Float32).
 * Geometry: dimensions [Columns, Rows, frames], spacing [PixelSpacing[1], PixelSpacing[0], frame step],
 * direction [row, column, ±(row × column)] (the sign follows the GridFrameOffsetVector order), origin =
 * the first frame's first voxel centre. GridFrameOffsetVector may be relative (first value 0) or absolute
 * z (first value ≠ 0, axial only). Non-uniform offsets are resampled to a regular grid at the dominant
 * step by linear interpolation, with a 'dose-offsets-nonuniform' warning naming the planes.
 * NumberOfFrames smaller than the offset count (e.g. 1) uses the first frames with a warning.
 * BitsAllocated 16 or 32; native LE/BE or RLE. DoseUnits GY or RELATIVE (kept, see DoseGrid.units);
 * DoseType other than PHYSICAL is reported. Never throws on file content.
 */
export function readRtDose(bytes: Uint8Array, fileName: string): ParseResult<DoseGrid> {
  const read = readDicomDatasetOfModality(bytes, fileName, 'RTDOSE');
  const issues: ImportIssue[] = [...read.issues];
  const fail = (code: string, message: string): ParseResult<DoseGrid> => ({ value: undefined, issues: [...issues, importIssue(fileName, code, message)] });
  const warn = (code: string, message: string): void => {
    issues.push(importIssue(fileName, code, message, 'warning'));
  };
  const dataset = read.value;
  if (!dataset) return { value: undefined, issues };
  const e = dataset.elements;

  const unitsText = dicomString(e, 'DoseUnits')?.toUpperCase();
  if (unitsText !== 'GY' && unitsText !== 'RELATIVE') return fail('unsupported-dose-units', `DoseUnits ${unitsText ?? 'missing'} (expected GY or RELATIVE)`);
  const doseType = dicomString(e, 'DoseType');
  if (doseType !== undefined && doseType !== 'PHYSICAL') {
    warn('dose-type', `DoseType is ${doseType}, not PHYSICAL: values are ${doseType === 'EFFECTIVE' ? 'biologically weighted' : 'not a physical dose'}`);
  }
  const scaling = dicomNumber(e, 'DoseGridScaling');
  if (scaling === undefined || !(scaling > 0)) return fail('missing-attribute', `DoseGridScaling missing or not positive (${String(scaling)})`);
  const frameOfReferenceUid = dicomString(e, 'FrameOfReferenceUID');
  if (!frameOfReferenceUid) return fail('missing-attribute', 'FrameOfReferenceUID missing');

  const layoutRead = readPixelLayout(dataset);
  if (!layoutRead.value) return { value: undefined, issues: [...issues, ...layoutRead.issues] };
  const layout = layoutRead.value;
  if (layout.bitsAllocated === 8) return fail('unsupported-pixel-format', 'BitsAllocated 8 is not valid for RTDOSE (16 or 32)');

  const orientation = sliceOrientation(dicomNumbers(e, 'ImageOrientationPatient'));
  if (typeof orientation === 'string') return fail('bad-attribute', orientation);
  const ipp = dicomNumbers(e, 'ImagePositionPatient');
  if (!ipp || ipp.length !== 3 || ipp.some((x) => !Number.isFinite(x))) return fail('missing-attribute', 'ImagePositionPatient missing or invalid');
  const pixelSpacing = dicomNumbers(e, 'PixelSpacing');
  if (!pixelSpacing || pixelSpacing.length !== 2 || pixelSpacing.some((x) => !(x > 0))) return fail('missing-attribute', 'PixelSpacing missing or invalid');
  const { u, v, w } = orientation;

  // Frame positions along w, relative to IPP.
  const offsets = dicomNumbers(e, 'GridFrameOffsetVector');
  const frameCount = layout.frames;
  let distancesMm: number[];
  if (!offsets || offsets.length === 0) {
    if (frameCount > 1) return fail('missing-attribute', `GridFrameOffsetVector missing for ${frameCount} frames`);
    distancesMm = [0];
  } else {
    if (offsets.some((x) => !Number.isFinite(x))) return fail('bad-attribute', 'GridFrameOffsetVector contains non-numeric values');
    if (offsets.length < frameCount) return fail('dose-frame-count', `NumberOfFrames is ${frameCount} but GridFrameOffsetVector has only ${offsets.length} values`);
    if (offsets.length > frameCount) {
      warn('dose-frame-count', `NumberOfFrames is ${frameCount} but GridFrameOffsetVector lists ${offsets.length} offsets; only the first ${frameCount} frame(s) are in the pixel data and used`);
    }
    const used = offsets.slice(0, frameCount);
    if (Math.abs(offsets[0]) <= OFFSET_TOLERANCE_MM) {
      distancesMm = used; // relative form (PS3.3 C.8.8.3.2)
    } else {
      // Absolute form: offsets are z coordinates; only defined for axial dose planes.
      if (Math.abs(Math.abs(w[2]) - 1) > 1e-3) {
        return fail('bad-attribute', `GridFrameOffsetVector starts at ${offsets[0]} (absolute z form) but the dose planes are not axial`);
      }
      distancesMm = used.map((z) => (z - ipp[2]) / w[2]);
      if (Math.abs(distancesMm[0]) > OFFSET_TOLERANCE_MM) {
        warn('dose-offset-origin', `absolute GridFrameOffsetVector starts at z = ${formatMm(offsets[0])} mm but ImagePositionPatient z = ${formatMm(ipp[2])} mm; frames placed at the offsets' z`);
      }
    }
  }

  const decoded = decodePixelData(dataset, layout, frameCount);
  if (!decoded.value) return { value: undefined, issues: [...issues, ...decoded.issues] };
  const stored = decoded.value;
  const planeSize = layout.rows * layout.columns;

  // Order frames along the axis; a decreasing vector flips the slice axis instead of reordering.
  let axis: Vec3 = w;
  let order = distancesMm.map((_, k) => k);
  if (frameCount > 1 && distancesMm[frameCount - 1] < distancesMm[0]) {
    axis = negate(w);
    distancesMm = distancesMm.map((d) => -d);
  }
  const monotonic = distancesMm.every((d, k) => k === 0 || d > distancesMm[k - 1]);
  if (!monotonic) {
    order = order.sort((a, b) => distancesMm[a] - distancesMm[b]);
    for (let k = 1; k < order.length; k++) {
      if (distancesMm[order[k]] - distancesMm[order[k - 1]] < OFFSET_TOLERANCE_MM) {
        return fail('bad-attribute', `GridFrameOffsetVector has repeated offset ${formatMm(distancesMm[order[k]])} mm`);
      }
    }
    warn('dose-frames-unordered', 'GridFrameOffsetVector is not monotonic; frames sorted by position');
  }
  const sortedDistances = order.map((k) => distancesMm[k]);

  const frameGy = (frame: number): Float32Array => {
    const out = new Float32Array(planeSize);
    const base = frame * planeSize;
    for (let i = 0; i < planeSize; i++) out[i] = stored[base + i] * scaling;
    return out;
  };

  let data: Float32Array;
  let stepMm: number;
  let planeCount: number;
  const origin: Vec3 = [ipp[0] + sortedDistances[0] * axis[0], ipp[1] + sortedDistances[0] * axis[1], ipp[2] + sortedDistances[0] * axis[2]];
  if (frameCount === 1) {
    planeCount = 1;
    const thickness = dicomNumber(e, 'SliceThickness');
    if (thickness !== undefined && thickness > 0) stepMm = thickness;
    else if (offsets && offsets.length > 1 && Math.abs(offsets[1] - offsets[0]) > OFFSET_TOLERANCE_MM) stepMm = Math.abs(offsets[1] - offsets[0]);
    else {
      stepMm = 1;
      warn('missing-attribute', 'single dose frame without SliceThickness: plane thickness set to 1 mm');
    }
    data = frameGy(order[0]);
  } else {
    const plan = planRegularSlices(sortedDistances);
    if (plan.planeCount > 2 * frameCount + 2) {
      return fail('dose-offsets-nonuniform', `GridFrameOffsetVector is too irregular to resample (${frameCount} frames would need ${plan.planeCount} planes)`);
    }
    stepMm = plan.stepMm;
    planeCount = plan.planeCount;
    issues.push(...sliceGapIssues(plan, fileName, origin, axis, 'dose frame', { missing: 'dose-offsets-nonuniform', uneven: 'dose-offsets-nonuniform' }));
    if (plan.gaps.length === 0 && plan.uncoveredLastMm === undefined && monotonic) {
      // Regular, ordered frames: convert in one pass.
      data = new Float32Array(planeSize * planeCount);
      const n = data.length;
      for (let i = 0; i < n; i++) data[i] = stored[i] * scaling;
    } else {
      data = new Float32Array(planeSize * planeCount);
      fillRegularPlanes(plan, planeSize, (index) => frameGy(order[index]), data);
    }
  }

  const doseGy: Grid3<Float32Array> = {
    dimensions: [layout.columns, layout.rows, planeCount],
    spacingMm: [pixelSpacing[1], pixelSpacing[0], stepMm],
    originMm: origin,
    direction: [...u, ...v, ...axis],
    data,
  };
  return {
    value: { doseGy, units: unitsText === 'GY' ? 'GY' : 'RELATIVE', summationType: dicomString(e, 'DoseSummationType') ?? '', frameOfReferenceUid },
    issues,
  };
}
