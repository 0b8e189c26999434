// Helpers for the DICOM tests: third-party files read in place, and small synthetic datasets written with dcmjs.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { data as dcmjsData, type DcmjsNaturalDataset } from 'dcmjs';
import { EXPLICIT_VR_LITTLE_ENDIAN } from '../../../src/io/dicom/index';

const VALIDATION_ROOT = fileURLToPath(new URL('../../../../shared/validation/', import.meta.url));

/** Bytes of a file under /work/shared/validation (see its README.md), read in place. */
export function validationFile(relativePath: string): Uint8Array {
  return readFileSync(VALIDATION_ROOT + relativePath);
}

/** All files of a validation folder as { name, bytes }, sorted by name. */
export function validationFolder(relativeFolder: string): { name: string; bytes: Uint8Array }[] {
  const dir = VALIDATION_ROOT + relativeFolder.replace(/\/?$/, '/');
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(dir + name) }));
}

/** Writes a naturalized dataset as a Part-10 file with dcmjs (test fixture builder). */
export function writeDicom(natural: DcmjsNaturalDataset, transferSyntaxUid = EXPLICIT_VR_LITTLE_ENDIAN): Uint8Array {
  const sopClassUid = String(natural.SOPClassUID ?? '1.2.840.10008.5.1.4.1.1.2');
  const sopInstanceUid = String(natural.SOPInstanceUID ?? '2.25.1');
  const file = new dcmjsData.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClassUid] },
    '00020003': { vr: 'UI', Value: [sopInstanceUid] },
    '00020010': { vr: 'UI', Value: [transferSyntaxUid] },
    '00020012': { vr: 'UI', Value: ['2.25.2'] },
  });
  file.dict = dcmjsData.DicomMetaDictionary.denaturalizeDataset(natural);
  return new Uint8Array(file.write());
}

export interface SyntheticCtSlice {
  readonly columns: number;
  readonly rows: number;
  /** Stored values, row after row (length rows × columns). */
  readonly stored: readonly number[];
  readonly ippMm: readonly [number, number, number];
  readonly iop?: readonly number[];
  readonly pixelSpacingMm?: readonly [number, number];
  readonly slope?: number;
  readonly intercept?: number;
  readonly signed?: boolean;
  readonly bitsStored?: number;
  readonly seriesUid?: string;
  readonly frameOfReferenceUid?: string;
  readonly sopInstanceUid?: string;
  readonly modality?: string;
}

/** A minimal single-frame CT image (16-bit) as Part-10 explicit VR LE bytes. */
export function syntheticCtSlice(s: SyntheticCtSlice): Uint8Array {
  const pixels = s.signed ? new Int16Array(s.stored) : new Uint16Array(s.stored);
  return writeDicom({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    SOPInstanceUID: s.sopInstanceUid ?? `2.25.${Math.round(1000 * (s.ippMm[2] + 5000))}`,
    Modality: s.modality ?? 'CT',
    SeriesInstanceUID: s.seriesUid ?? '2.25.100',
    StudyInstanceUID: '2.25.99',
    FrameOfReferenceUID: s.frameOfReferenceUid ?? '2.25.101',
    ImagePositionPatient: s.ippMm.map(String),
    ImageOrientationPatient: (s.iop ?? [1, 0, 0, 0, 1, 0]).map(String),
    PixelSpacing: (s.pixelSpacingMm ?? [2, 1]).map(String),
    SliceThickness: '3',
    Rows: s.rows,
    Columns: s.columns,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 16,
    BitsStored: s.bitsStored ?? 16,
    HighBit: (s.bitsStored ?? 16) - 1,
    PixelRepresentation: s.signed ? 1 : 0,
    RescaleSlope: String(s.slope ?? 1),
    RescaleIntercept: String(s.intercept ?? 0),
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  });
}

/** Offset of the first byte after the Part-10 file meta (preamble + "DICM" + group 0002). */
export function datasetOffset(part10: Uint8Array): number {
  const view = new DataView(part10.buffer, part10.byteOffset, part10.byteLength);
  // (0002,0000) UL at 132: tag(4) VR(2) length(2) value(4)
  return 132 + 12 + view.getUint32(140, true);
}
