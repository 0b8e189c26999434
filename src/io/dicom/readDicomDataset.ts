import { data as dcmjsData, log as dcmjsLog, type DcmjsDict, type DcmjsNaturalDataset } from 'dcmjs';
import { InputError } from '../../errors/InputError';
import { importIssue, type ImportIssue, type ParseResult } from '../ImportIssue';
import { PIXEL_DATA_TAG, scanDicomElements, type DicomEncoding, type DicomScan, type ScannedElement } from './scanDicomElements';

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

/** Elements of a dataset keyed by DICOM keyword (dcmjs "naturalized" form). Only src/io/dicom reads it. */
export type DicomElements = Readonly<DcmjsNaturalDataset>;

/** Pixel data located in the file bytes (zero-copy views), decoded later by decodePixelData. */
export type DicomPixelData =
  | { readonly encapsulated: false; readonly littleEndian: boolean; readonly bytes: Uint8Array }
  | { readonly encapsulated: true; readonly basicOffsetTable: Uint8Array; readonly fragments: readonly Uint8Array[] };

/** A decoded DICOM dataset (internal to the DICOM layer). */
export interface DicomDataset {
  readonly fileName: string;
  readonly transferSyntaxUid: string;
  /** True for Part-10 files (preamble/"DICM" and group 0002); false for a bare dataset. */
  readonly hasFileMeta: boolean;
  readonly elements: DicomElements;
  readonly pixelData?: DicomPixelData;
  /** Dataset encoding (explicit/implicit VR, byte order). */
  readonly encoding: DicomEncoding;
  /** Top-level elements left undecoded because of `skipTags` (offsets into the bytes given). */
  readonly skippedElements: readonly ScannedElement[];
}

export interface ReadDicomDatasetOptions {
  /** Top-level tags ((group << 16) | element) not to decode, e.g. bulky sequences when only the header is needed. */
  readonly skipTags?: readonly number[];
}

const PREAMBLE_LENGTH = 128;
const VALID_VRS = new Set(['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV']);
const MIN_ELEMENTS_FOR_BARE_DATASET = 3;

/**
 * Reads a DICOM file: Part-10 (preamble + "DICM" + file meta) or a bare dataset without preamble or
 * meta (encoding detected from the first element — implicit VR LE, explicit VR LE or explicit VR BE —
 * and confirmed by a structural scan of the whole file).
 * Supports implicit/explicit VR little endian, explicit VR big endian and every encapsulated syntax
 * (dataset in explicit VR LE; pixel data left encapsulated). Deflated datasets are reported as
 * 'unsupported-transfer-syntax'. Non-DICOM bytes give 'not-dicom', a short file 'truncated'; the
 * function never throws for bad file content (only InputError when `bytes` is not a Uint8Array).
 * PixelData (7FE0,0010) is not decoded here: `pixelData` holds views into `bytes`.
 */
export function readDicomDataset(bytes: Uint8Array, fileName: string, options: ReadDicomDatasetOptions = {}): ParseResult<DicomDataset> {
  if (!(bytes instanceof Uint8Array)) throw new InputError('bad-bytes', `${fileName}: expected a Uint8Array of file bytes`);
  const issues: ImportIssue[] = [];
  const fail = (code: string, message: string): ParseResult<DicomDataset> => ({ value: undefined, issues: [...issues, importIssue(fileName, code, message)] });
  if (bytes.byteLength < 8) return fail('not-dicom', `not a DICOM file (only ${bytes.byteLength} bytes)`);

  // 1. File meta (group 0002, always explicit VR little endian).
  let metaStart = -1;
  if (bytes.byteLength >= PREAMBLE_LENGTH + 4 && asciiAt(bytes, PREAMBLE_LENGTH, 4) === 'DICM') metaStart = PREAMBLE_LENGTH + 4;
  else if (bytes[0] === 0x02 && bytes[1] === 0x00 && isUpperAscii(bytes[4]) && isUpperAscii(bytes[5])) metaStart = 0;

  let datasetStart = 0;
  let transferSyntaxUid: string | undefined;
  if (metaStart >= 0) {
    const metaScan = scanDicomElements(bytes, metaStart, { explicitVr: true, littleEndian: true }, 0x0002);
    if (metaScan.problem) return fail(metaScan.problem.code, `file meta header: ${metaScan.problem.message}`);
    datasetStart = metaScan.elements.length > 0 ? metaScan.elements[metaScan.elements.length - 1].endOffset : metaStart;
    if (metaScan.elements.length > 0) {
      const decoded = decodeRanges(bytes, [[metaStart, datasetStart]], EXPLICIT_VR_LITTLE_ENDIAN);
      if ('error' in decoded) return fail('corrupt-dicom', `file meta header: ${decoded.error}`);
      const ts = decoded.dict['00020010']?.Value?.[0];
      if (typeof ts === 'string' && ts.trim() !== '') transferSyntaxUid = ts.replace(/\0/g, '').trim();
    }
    if (transferSyntaxUid === undefined) {
      issues.push(importIssue(fileName, 'missing-attribute', 'file meta has no TransferSyntaxUID (0002,0010); encoding detected from the first element', 'warning'));
    }
  }
  if (datasetStart >= bytes.byteLength) return fail('truncated', 'file ends after the file meta header (no dataset)');

  // 2. Dataset encoding, and 3. structure (catches truncation before any value is used).
  let encoding: DicomEncoding;
  let scan: DicomScan;
  if (transferSyntaxUid === undefined) {
    // No transfer syntax: try the encodings the first element allows; keep the first that scans cleanly
    // (else the one that got furthest, for the error message).
    const candidates = bareEncodingCandidates(bytes, datasetStart);
    if (candidates.length === 0) {
      return fail('not-dicom', metaStart >= 0 ? 'dataset after the file meta does not start with a DICOM element' : 'not a DICOM file (no "DICM" prefix and no recognisable DICOM element at the start)');
    }
    let best: { candidate: (typeof candidates)[number]; scan: DicomScan } | undefined;
    for (const candidate of candidates) {
      const attempt = scanDicomElements(bytes, datasetStart, candidate.encoding);
      if (!best || (best.scan.problem && (!attempt.problem || attempt.elements.length > best.scan.elements.length))) best = { candidate, scan: attempt };
      if (!attempt.problem) break;
    }
    encoding = best!.candidate.encoding;
    transferSyntaxUid = best!.candidate.transferSyntaxUid;
    scan = best!.scan;
  } else if (transferSyntaxUid === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) {
    return fail('unsupported-transfer-syntax', `transfer syntax ${transferSyntaxUid} (Deflated Explicit VR Little Endian) is not supported`);
  } else {
    encoding = encodingOf(transferSyntaxUid);
    scan = scanDicomElements(bytes, datasetStart, encoding);
  }
  if (scan.problem) {
    if (metaStart < 0 && scan.elements.length < MIN_ELEMENTS_FOR_BARE_DATASET) {
      return fail('not-dicom', `not a DICOM file (no "DICM" prefix and the bytes do not parse as a DICOM dataset: ${scan.problem.message})`);
    }
    return fail(scan.problem.code, scan.problem.message);
  }
  if (scan.elements.length === 0) return fail('not-dicom', 'the file contains no DICOM elements');

  // 4. Values, via dcmjs, skipping pixel data (located by offsets instead) and requested bulky elements.
  const skip = new Set<number>(options.skipTags ?? []);
  const ranges = keptRanges(scan.elements, (tag) => tag === PIXEL_DATA_TAG || tag >= 0xfffa0000 || skip.has(tag));
  const syntaxForDcmjs = encoding.explicitVr ? (encoding.littleEndian ? EXPLICIT_VR_LITTLE_ENDIAN : EXPLICIT_VR_BIG_ENDIAN) : IMPLICIT_VR_LITTLE_ENDIAN;
  let decoded = decodeRanges(bytes, ranges, syntaxForDcmjs);
  if ('error' in decoded && /character set/i.test(decoded.error)) {
    issues.push(importIssue(fileName, 'character-set', `${decoded.error}; text decoded with the default character set`, 'warning'));
    decoded = decodeRanges(bytes, ranges, syntaxForDcmjs, true);
  }
  if ('error' in decoded) return fail('corrupt-dicom', `could not decode the dataset: ${decoded.error}`);

  const elements = dcmjsData.DicomMetaDictionary.naturalizeDataset(decoded.dict);
  const pixelElement = scan.elements.find((e) => e.tag === PIXEL_DATA_TAG);
  let pixelData: DicomPixelData | undefined;
  if (pixelElement) {
    if (pixelElement.valueLength >= 0) {
      pixelData = { encapsulated: false, littleEndian: encoding.littleEndian, bytes: bytes.subarray(pixelElement.valueOffset, pixelElement.valueOffset + pixelElement.valueLength) };
    } else {
      const items = scan.pixelItems ?? [];
      const views = items.map((f) => bytes.subarray(f.offset, f.offset + f.length));
      pixelData = { encapsulated: true, basicOffsetTable: views[0] ?? new Uint8Array(0), fragments: views.slice(1) };
    }
  }
  const skippedElements = scan.elements.filter((e) => skip.has(e.tag) && e.tag !== PIXEL_DATA_TAG);
  return { value: { fileName, transferSyntaxUid, hasFileMeta: metaStart >= 0, elements, pixelData, encoding, skippedElements }, issues };
}

function encodingOf(transferSyntaxUid: string): DicomEncoding {
  if (transferSyntaxUid === IMPLICIT_VR_LITTLE_ENDIAN) return { explicitVr: false, littleEndian: true };
  if (transferSyntaxUid === EXPLICIT_VR_BIG_ENDIAN) return { explicitVr: true, littleEndian: false };
  // Explicit VR LE and every encapsulated (compressed) syntax share the explicit VR LE dataset encoding.
  return { explicitVr: true, littleEndian: true };
}

/**
 * Encodings a bare dataset may use, most likely first: the first element must have a plausible
 * group (even, 0004-00FF) read little endian (implicit or explicit VR) or big endian (explicit VR only).
 */
function bareEncodingCandidates(bytes: Uint8Array, start: number): Array<{ encoding: DicomEncoding; transferSyntaxUid: string }> {
  if (start + 8 > bytes.byteLength) return [];
  const explicitVr = VALID_VRS.has(String.fromCharCode(bytes[start + 4], bytes[start + 5]));
  const groupLittle = bytes[start] | (bytes[start + 1] << 8);
  const groupBig = (bytes[start] << 8) | bytes[start + 1];
  const plausible = (group: number): boolean => group % 2 === 0 && group >= 0x0004 && group <= 0x00ff;
  const implicitLe = { encoding: { explicitVr: false, littleEndian: true }, transferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN };
  const explicitLe = { encoding: { explicitVr: true, littleEndian: true }, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN };
  const explicitBe = { encoding: { explicitVr: true, littleEndian: false }, transferSyntaxUid: EXPLICIT_VR_BIG_ENDIAN };
  if (plausible(groupLittle)) return explicitVr ? [explicitLe, implicitLe] : [implicitLe];
  if (explicitVr && plausible(groupBig)) return [explicitBe];
  return [];
}

/** Contiguous byte ranges [start, end) of the top-level elements that are kept. */
function keptRanges(elements: readonly ScannedElement[], skip: (tag: number) => boolean): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    if (skip(e.tag)) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === e.headerOffset) last[1] = e.endOffset;
    else ranges.push([e.headerOffset, e.endOffset]);
  }
  return ranges;
}

/**
 * Decodes byte ranges with dcmjs. dcmjs logs console warnings for harmless dictionary quirks
 * (e.g. "Invalid vr type ox"); problems that matter are returned as issues instead, so its logger is
 * quietened for the duration of the call and restored afterwards (not persisted).
 */
function decodeRanges(bytes: Uint8Array, ranges: ReadonlyArray<readonly [number, number]>, syntax: string, ignoreErrors = false): { dict: DcmjsDict } | { error: string } {
  const { ReadBufferStream, DicomMessage } = dcmjsData;
  const buffer = bytes.buffer as ArrayBuffer;
  const dict: DcmjsDict = {};
  let decoder: unknown;
  const loggers = [dcmjsLog, dcmjsLog.getLogger('validation.dcmjs')];
  const previousLevels = loggers.map((l) => l.getLevel());
  for (const l of loggers) l.setLevel('silent', false);
  try {
    for (const [start, end] of ranges) {
      const stream = new ReadBufferStream(buffer, syntax !== EXPLICIT_VR_BIG_ENDIAN, { start: bytes.byteOffset + start, stop: bytes.byteOffset + end });
      // A SpecificCharacterSet read in an earlier range applies to the later ones too.
      if (decoder !== undefined) stream.setDecoder(decoder);
      Object.assign(dict, DicomMessage._read(stream, syntax, { ignoreErrors, untilTag: null, includeUntilTagValue: false }));
      decoder = stream.decoder;
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    loggers.forEach((l, i) => l.setLevel(previousLevels[i], false));
  }
  return { dict };
}

function asciiAt(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function isUpperAscii(byte: number): boolean {
  return byte >= 0x41 && byte <= 0x5a;
}
