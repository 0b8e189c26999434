import type { DicomEncoding, ScannedElement } from './scanDicomElements';

/** One ContourSequence item as stored (DICOM values, not yet checked). */
export interface RawContour {
  readonly geometricType: string;
  readonly declaredPointCount?: number;
  /** ContourData x0, y0, z0, x1, ... in mm; NaN where a value is not a number. */
  readonly data: ArrayLike<number>;
}

/** One ROIContourSequence item as stored. */
export interface RawRoiContour {
  readonly referencedRoiNumber?: number;
  readonly displayColor?: readonly number[];
  readonly contours: readonly RawContour[];
}

const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

const REFERENCED_ROI_NUMBER = 0x30060084;
const ROI_DISPLAY_COLOR = 0x3006002a;
const CONTOUR_SEQUENCE = 0x30060040;
const CONTOUR_GEOMETRIC_TYPE = 0x30060042;
const NUMBER_OF_CONTOUR_POINTS = 0x30060046;
const CONTOUR_DATA = 0x30060050;

interface Reader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly little: boolean;
}

/**
 * Decodes ROIContourSequence (3006,0039) straight from the file bytes: this sequence holds nearly
 * all of an RTSTRUCT's bytes (ContourData as decimal strings) and a direct typed-array pass is about
 * ten times faster than the generic element-by-element decoding. Only the attributes the structure
 * reader needs are decoded; everything else is skipped. The caller falls back to the generic decoder
 * when this returns an error message (the structure was already validated by scanDicomElements).
 */
export function decodeRoiContourSequence(bytes: Uint8Array, element: ScannedElement, encoding: DicomEncoding): RawRoiContour[] | string {
  const reader: Reader = { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), little: encoding.littleEndian };
  if (encoding.explicitVr && element.vr !== 'SQ') return `ROIContourSequence has VR ${element.vr}`;
  const rois: RawRoiContour[] = [];
  try {
    const limit = element.valueLength < 0 ? bytes.byteLength : element.valueOffset + element.valueLength;
    forEachItem(reader, element.valueOffset, limit, element.valueLength < 0, (start, end, delimited) => {
      let referencedRoiNumber: number | undefined;
      let displayColor: number[] | undefined;
      const contours: RawContour[] = [];
      const itemEnd = forEachElement(reader, start, end, delimited, encoding.explicitVr, (tag, vr, offset, length) => {
        if (tag === REFERENCED_ROI_NUMBER) referencedRoiNumber = parseNumbers(bytes, offset, length)[0];
        else if (tag === ROI_DISPLAY_COLOR) displayColor = parseNumbers(bytes, offset, length);
        else if (tag === CONTOUR_SEQUENCE) return readContours(reader, offset, length, encoding.explicitVr, contours);
        return skipValue(reader, vr, offset, length, encoding.explicitVr);
      });
      rois.push({ referencedRoiNumber, displayColor, contours });
      return itemEnd;
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return rois;
}

function readContours(reader: Reader, offset: number, length: number, explicitVr: boolean, out: RawContour[]): number {
  const undefinedLength = length === UNDEFINED_LENGTH;
  const limit = undefinedLength ? reader.bytes.byteLength : offset + length;
  return forEachItem(reader, offset, limit, undefinedLength, (start, end, delimited) => {
    let geometricType = '';
    let declaredPointCount: number | undefined;
    let data: ArrayLike<number> = [];
    const itemEnd = forEachElement(reader, start, end, delimited, explicitVr, (tag, vr, valueOffset, valueLength) => {
      if (tag === CONTOUR_GEOMETRIC_TYPE) geometricType = latin1(reader.bytes, valueOffset, valueLength).replace(/\0/g, '').trim();
      else if (tag === NUMBER_OF_CONTOUR_POINTS) declaredPointCount = parseNumbers(reader.bytes, valueOffset, valueLength)[0];
      else if (tag === CONTOUR_DATA) data = parseNumbers(reader.bytes, valueOffset, valueLength);
      return skipValue(reader, vr, valueOffset, valueLength, explicitVr);
    });
    out.push({ geometricType, declaredPointCount, data });
    return itemEnd;
  });
}

type ItemVisitor = (start: number, limit: number, delimited: boolean) => number;
type ElementVisitor = (tag: number, vr: string, valueOffset: number, valueLength: number) => number;

/** Calls `visit` for each item; returns the offset after the sequence. */
function forEachItem(reader: Reader, start: number, limit: number, undefinedLength: boolean, visit: ItemVisitor): number {
  let pos = start;
  for (;;) {
    if (!undefinedLength && pos >= limit) return pos;
    if (pos + 8 > limit) throw new Error(`sequence cut at offset ${pos}`);
    const tag = readTag(reader, pos);
    const length = reader.view.getUint32(pos + 4, reader.little);
    if (tag === SEQUENCE_DELIMITER) {
      if (undefinedLength) return pos + 8;
      pos += 8;
      continue;
    }
    if (tag !== ITEM) throw new Error(`expected an item at offset ${pos}`);
    if (length === UNDEFINED_LENGTH) {
      pos = visit(pos + 8, limit, true);
    } else {
      visit(pos + 8, pos + 8 + length, false);
      pos += 8 + length;
    }
  }
}

/** Calls `visit` for each element of an item (visit returns the element's end); returns the offset after the item. */
function forEachElement(reader: Reader, start: number, limit: number, delimited: boolean, explicitVr: boolean, visit: ElementVisitor): number {
  const { bytes, view, little } = reader;
  let pos = start;
  for (;;) {
    if (pos >= limit) {
      if (delimited) throw new Error(`item without delimiter at offset ${start}`);
      return pos;
    }
    if (pos + 8 > limit) throw new Error(`element header cut at offset ${pos}`);
    const tag = readTag(reader, pos);
    if (tag === ITEM_DELIMITER) {
      if (delimited) return pos + 8;
      pos += 8;
      continue;
    }
    let vr = '';
    let length: number;
    let header = 8;
    if (explicitVr) {
      vr = String.fromCharCode(bytes[pos + 4], bytes[pos + 5]);
      if (LONG_VRS.has(vr)) {
        length = view.getUint32(pos + 8, little);
        header = 12;
      } else {
        length = view.getUint16(pos + 6, little);
      }
    } else {
      length = view.getUint32(pos + 4, little);
    }
    if (length !== UNDEFINED_LENGTH && pos + header + length > limit) throw new Error(`element cut at offset ${pos}`);
    pos = visit(tag, vr, pos + header, length);
  }
}

/**
 * End offset of a value that is not decoded. Defined lengths (any VR, also sequences in implicit VR)
 * are skipped by length; undefined-length sequences are walked to their delimiter.
 */
function skipValue(reader: Reader, vr: string, offset: number, length: number, explicitVr: boolean): number {
  if (length !== UNDEFINED_LENGTH) return offset + length;
  const itemsExplicit = explicitVr && vr !== 'UN';
  return forEachItem(reader, offset, reader.bytes.byteLength, true, (start, limit, delimited) =>
    forEachElement(reader, start, limit, delimited, itemsExplicit, (_tag, v, o, l) => skipValue(reader, v, o, l, itemsExplicit)),
  );
}

function readTag(reader: Reader, pos: number): number {
  return ((reader.view.getUint16(pos, reader.little) << 16) | reader.view.getUint16(pos + 2, reader.little)) >>> 0;
}

const CHUNK = 8192;

/** Bytes as a Latin-1 string, built in chunks (no per-character concatenation). */
function latin1(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let p = offset, end = offset + length; p < end; p += CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(p, Math.min(end, p + CHUNK)) as unknown as number[]);
  }
  return text;
}

/** Backslash-separated DS/IS values; empty or non-numeric entries become NaN (never 0). */
function parseNumbers(bytes: Uint8Array, offset: number, length: number): number[] {
  if (length === 0) return [];
  const parts = latin1(bytes, offset, length).split('\\');
  const values = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    let text = parts[i];
    let n = Number(text);
    if (Number.isNaN(n) && text.includes('\0')) {
      text = text.replace(/\0/g, '');
      n = Number(text);
    }
    if (n === 0 && text.trim() === '') n = Number.NaN; // Number('') is 0
    values[i] = n;
  }
  return values;
}

/** (3006,0039) ROIContourSequence. */
export const ROI_CONTOUR_SEQUENCE_TAG = 0x30060039;
