import { data as dcmjsData, type DcmjsDict, type DcmjsNaturalDataset } from 'dcmjs';
import { InputError } from '../../errors/InputError';
import { validateGridGeometry, voxelCount } from '../../geometry/Grid3';
import type { DoseGrid } from '../../model/DoseGrid';
import { createDicomUid } from './createDicomUid';
import { EXPLICIT_VR_LITTLE_ENDIAN } from './readDicomDataset';
import { cross, dot } from './sliceOrientation';

export const RT_DOSE_STORAGE_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.481.2';
const IMPLEMENTATION_CLASS_UID = '2.25.207913955305430915493632946006383616713';
const IMPLEMENTATION_VERSION_NAME = 'SBRTHELPER_1';
const DOSE_SUMMATION_TYPES = new Set(['PLAN', 'MULTI_PLAN', 'PLAN_OVERVIEW', 'FRACTION', 'BEAM', 'BRACHY', 'FRACTION_SESSION', 'BEAM_SESSION', 'BRACHY_SESSION', 'CONTROL_POINT', 'RECORD']);

export interface WriteRtDoseOptions {
  /** 32 (default: finest quantisation) or 16 bits per stored value. */
  readonly bitsAllocated?: 16 | 32;
  readonly patientName?: string;
  readonly patientId?: string;
  /** Study of the CT/plan the dose belongs to; a new UID when absent. */
  readonly studyInstanceUid?: string;
  readonly seriesInstanceUid?: string;
  readonly sopInstanceUid?: string;
  /** Seed for deterministic new UIDs (see createDicomUid); random UIDs when absent. */
  readonly uidSeed?: string;
  /** RTPLAN the dose was computed for (ReferencedRTPlanSequence). */
  readonly referencedPlanSopInstanceUid?: string;
  readonly seriesDescription?: string;
  /** DoseType (default PHYSICAL). */
  readonly doseType?: 'PHYSICAL' | 'EFFECTIVE';
}

/**
 * Writes a dose grid as a Part-10 RT Dose Storage file (Explicit VR Little Endian): unsigned 32-bit
 * (or 16-bit) stored values with DoseGridScaling chosen so the maximum dose maps just below the
 * largest stored integer (quantisation step = DoseGridScaling Gy, error ≤ step/2), relative
 * GridFrameOffsetVector (k·Δz, negative when the slice axis is −row×column), ImagePositionPatient =
 * originMm, ImageOrientationPatient = row and column directions, PixelSpacing = [Δy, Δx].
 * DoseSummationType is dose.summationType when it is a DICOM value, else PLAN (e.g. for 'COMPUTED').
 * New UIDs use the 2.25 root. Study dates/times and other type-2 attributes are written empty.
 *
 * @throws InputError for an invalid geometry, a data length that does not match the dimensions,
 *   a slice axis not perpendicular to the rows/columns, or NaN/negative/infinite dose values
 */
export function writeRtDose(dose: DoseGrid, options: WriteRtDoseOptions = {}): Uint8Array {
  const grid = dose.doseGy;
  validateGridGeometry(grid, 'dose grid');
  const count = voxelCount(grid);
  if (!(grid.data instanceof Float32Array) || grid.data.length !== count) {
    throw new InputError('bad-data-length', `dose grid data must be a Float32Array of ${count} values, got ${grid.data?.length}`);
  }
  if (!dose.frameOfReferenceUid) throw new InputError('missing-frame-of-reference', 'dose grid has no frameOfReferenceUid');
  const [nx, ny, nz] = grid.dimensions;
  const [sx, sy, sz] = grid.spacingMm;
  const d = grid.direction;
  const u = [d[0], d[1], d[2]];
  const v = [d[3], d[4], d[5]];
  const handedness = dot(cross(u, v), [d[6], d[7], d[8]]);
  if (Math.abs(Math.abs(handedness) - 1) > 1e-4) {
    throw new InputError('bad-direction', `dose slice axis must be ±(row × column) for RTDOSE, got direction [${d.join(', ')}]`);
  }
  const sign = handedness > 0 ? 1 : -1;

  const data = grid.data;
  let maxGy = 0;
  for (let i = 0; i < count; i++) {
    const x = data[i];
    if (!(x >= 0) || x === Number.POSITIVE_INFINITY) throw new InputError('bad-dose-value', `dose value at index ${i} is ${x}; RTDOSE stores finite non-negative doses`);
    if (x > maxGy) maxGy = x;
  }
  const bits = options.bitsAllocated ?? 32;
  if (bits !== 16 && bits !== 32) throw new InputError('bad-bits', `bitsAllocated must be 16 or 32, got ${String(bits)}`);
  const maxStored = bits === 32 ? 0xffffffff : 0xffff;
  const scalingText = chooseScaling(maxGy, maxStored);
  const scaling = Number(scalingText);
  const stored = bits === 32 ? new Uint32Array(count) : new Uint16Array(count);
  const inverse = 1 / scaling;
  for (let i = 0; i < count; i++) {
    const q = Math.round(data[i] * inverse);
    stored[i] = q > maxStored ? maxStored : q;
  }
  const pixelBytes = new Uint8Array(stored.buffer);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) swapToLittleEndian(pixelBytes, bits / 8);

  const uid = (suffix: string): string => createDicomUid(options.uidSeed === undefined ? undefined : `${options.uidSeed}/${suffix}`);
  const sopInstanceUid = options.sopInstanceUid ?? uid('sop');
  const offsets: string[] = [];
  for (let k = 0; k < nz; k++) offsets.push(formatDs(sign * k * sz));
  const summation = DOSE_SUMMATION_TYPES.has(dose.summationType) ? dose.summationType : 'PLAN';

  const natural: DcmjsNaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: RT_DOSE_STORAGE_SOP_CLASS_UID,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: '',
    StudyTime: '',
    AccessionNumber: '',
    Modality: 'RTDOSE',
    Manufacturer: 'SBRT Planning Helper',
    ReferringPhysicianName: '',
    SeriesDescription: options.seriesDescription ?? 'Dose computed by SBRT Planning Helper',
    PatientName: options.patientName ?? '',
    PatientID: options.patientId ?? '',
    PatientBirthDate: '',
    PatientSex: '',
    SliceThickness: formatDs(sz),
    StudyInstanceUID: options.studyInstanceUid ?? uid('study'),
    SeriesInstanceUID: options.seriesInstanceUid ?? uid('series'),
    StudyID: '',
    SeriesNumber: '1',
    InstanceNumber: '1',
    ImagePositionPatient: grid.originMm.map(formatDs),
    ImageOrientationPatient: [...u, ...v].map(formatDs),
    FrameOfReferenceUID: dose.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: String(nz),
    FrameIncrementPointer: 0x3004000c, // GridFrameOffsetVector
    Rows: ny,
    Columns: nx,
    PixelSpacing: [formatDs(sy), formatDs(sx)],
    BitsAllocated: bits,
    BitsStored: bits,
    HighBit: bits - 1,
    PixelRepresentation: 0,
    DoseUnits: dose.units,
    DoseType: options.doseType ?? 'PHYSICAL',
    DoseSummationType: summation,
    GridFrameOffsetVector: offsets,
    DoseGridScaling: scalingText,
    PixelData: [pixelBytes.buffer],
    _vrMap: { PixelData: 'OW' },
  };
  if (options.referencedPlanSopInstanceUid) {
    natural.ReferencedRTPlanSequence = [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.481.5', ReferencedSOPInstanceUID: options.referencedPlanSopInstanceUid }];
  }

  const meta: DcmjsDict = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [RT_DOSE_STORAGE_SOP_CLASS_UID] },
    '00020003': { vr: 'UI', Value: [sopInstanceUid] },
    '00020010': { vr: 'UI', Value: [EXPLICIT_VR_LITTLE_ENDIAN] },
    '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION_NAME] },
  };
  const file = new dcmjsData.DicomDict(meta);
  file.dict = dcmjsData.DicomMetaDictionary.denaturalizeDataset(natural);
  return new Uint8Array(file.write());
}

/**
 * DoseGridScaling as a DS string (≤ 16 characters) such that maxGy / scaling ≤ maxStored,
 * i.e. the maximum dose maps just below the largest stored integer.
 */
function chooseScaling(maxGy: number, maxStored: number): string {
  if (maxGy === 0) return '1';
  let scaling = maxGy / maxStored;
  for (let attempt = 0; attempt < 50; attempt++) {
    const text = formatDs(scaling);
    if (maxGy / Number(text) <= maxStored) return text;
    scaling *= 1 + 1e-9 * 2 ** attempt;
  }
  throw new InputError('bad-dose-value', `cannot represent a DoseGridScaling for maximum dose ${maxGy} Gy`);
}

/** A number as a DICOM DS string of at most 16 characters (shortest round-trip form when it fits). */
export function formatDs(value: number): string {
  if (!Number.isFinite(value)) throw new InputError('not-finite', `DS value must be finite, got ${value}`);
  if (Object.is(value, -0)) return '0';
  const plain = String(value);
  if (plain.length <= 16) return plain;
  for (let digits = 15; digits >= 1; digits--) {
    const text = Number(value.toPrecision(digits)).toString();
    if (text.length <= 16) return text;
    const exp = value.toExponential(digits - 1).replace('e+', 'e');
    if (exp.length <= 16) return exp;
  }
  throw new InputError('not-finite', `cannot format ${value} as a DS value`);
}

function swapToLittleEndian(bytes: Uint8Array, width: number): void {
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}
