/**
 * Structural scan of a DICOM byte stream: walks every element header (recursing into sequences and
 * items) without decoding values, so a truncated or corrupt file is detected with the offending
 * element and offset before any value is trusted. dcmjs silently clamps reads at the end of the
 * buffer, hence this separate check.
 */

/** How the dataset is encoded (from the transfer syntax). */
export interface DicomEncoding {
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
}

/** A top-level element found by the scan; offsets are relative to the scanned Uint8Array. */
export interface ScannedElement {
  /** (group << 16 | element) as an unsigned 32-bit number. */
  readonly tag: number;
  readonly headerOffset: number;
  readonly valueOffset: number;
  /** Value length in bytes, or -1 for an undefined length (sequence or encapsulated pixel data). */
  readonly valueLength: number;
  /** Offset just after the element, including any delimiter item. */
  readonly endOffset: number;
  /** Two-letter VR for explicit-VR encodings, '' for implicit VR. */
  readonly vr: string;
}

/** One item of encapsulated pixel data (the first one is the Basic Offset Table). */
export interface ScannedFragment {
  readonly offset: number;
  readonly length: number;
}

export interface DicomScan {
  /** Top-level elements read before the scan stopped (all of them when `problem` is undefined). */
  readonly elements: readonly ScannedElement[];
  /** Items of encapsulated (7FE0,0010) pixel data, when present. */
  readonly pixelItems?: readonly ScannedFragment[];
  readonly problem?: { readonly code: 'truncated' | 'corrupt-dicom'; readonly message: string };
}

export const PIXEL_DATA_TAG = 0x7fe00010;
const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Formats a tag as "(GGGG,EEEE)". */
export function formatTag(tag: number): string {
  const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

class ScanStop {
  constructor(
    readonly code: 'truncated' | 'corrupt-dicom',
    readonly message: string,
  ) {}
}

interface ScanContext {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly little: boolean;
  readonly fileEnd: number;
  pixelItems?: ScannedFragment[];
}

/**
 * Scans elements from `start` to the end of `bytes`. With `onlyGroup`, stops (without error) at the
 * first top-level element of another group — used for the group-0002 file meta header.
 */
export function scanDicomElements(bytes: Uint8Array, start: number, encoding: DicomEncoding, onlyGroup?: number): DicomScan {
  const ctx: ScanContext = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    little: encoding.littleEndian,
    fileEnd: bytes.byteLength,
  };
  const elements: ScannedElement[] = [];
  let pos = start;
  try {
    while (pos < ctx.fileEnd) {
      if (onlyGroup !== undefined) {
        if (pos + 2 > ctx.fileEnd || ctx.view.getUint16(pos, ctx.little) !== onlyGroup) break;
      }
      const tag = readTag(ctx, pos, ctx.fileEnd);
      if (tag >>> 16 === 0xfffe) {
        throw new ScanStop('corrupt-dicom', `unexpected item tag ${formatTag(tag)} at offset ${pos} outside a sequence`);
      }
      let element: ScannedElement;
      try {
        element = scanElement(ctx, pos, ctx.fileEnd, encoding.explicitVr, true);
      } catch (error) {
        const where = formatTag(tag);
        if (error instanceof ScanStop && !error.message.includes(where)) {
          throw new ScanStop(error.code, `${error.message} (inside top-level element ${where} starting at offset ${pos})`);
        }
        throw error;
      }
      elements.push(element);
      pos = element.endOffset;
    }
  } catch (error) {
    if (error instanceof ScanStop) {
      return { elements, pixelItems: ctx.pixelItems, problem: { code: error.code, message: error.message } };
    }
    throw error;
  }
  return { elements, pixelItems: ctx.pixelItems };
}

function readTag(ctx: ScanContext, pos: number, limit: number): number {
  if (pos + 8 > limit) {
    throw overrun(ctx, limit, `element header at offset ${pos} needs 8 bytes but only ${limit - pos} remain`);
  }
  return ((ctx.view.getUint16(pos, ctx.little) << 16) | ctx.view.getUint16(pos + 2, ctx.little)) >>> 0;
}

function overrun(ctx: ScanContext, limit: number, what: string): ScanStop {
  return limit >= ctx.fileEnd
    ? new ScanStop('truncated', `file ends early (${ctx.fileEnd} bytes): ${what}`)
    : new ScanStop('corrupt-dicom', `${what} (crosses the end of its enclosing item)`);
}

function scanElement(ctx: ScanContext, pos: number, limit: number, explicitVr: boolean, topLevel: boolean): ScannedElement {
  const { view, little, bytes } = ctx;
  const tag = readTag(ctx, pos, limit);
  let vr = '';
  let length: number;
  let header: number;
  if (explicitVr) {
    const c0 = bytes[pos + 4];
    const c1 = bytes[pos + 5];
    if (c0 < 0x41 || c0 > 0x5a || c1 < 0x41 || c1 > 0x5a) {
      throw new ScanStop('corrupt-dicom', `element ${formatTag(tag)} at offset ${pos} has no valid VR (bytes ${c0}, ${c1})`);
    }
    vr = String.fromCharCode(c0, c1);
    if (LONG_VRS.has(vr)) {
      if (pos + 12 > limit) throw overrun(ctx, limit, `element ${formatTag(tag)} header at offset ${pos} is cut`);
      length = view.getUint32(pos + 8, little);
      header = 12;
    } else {
      length = view.getUint16(pos + 6, little);
      header = 8;
    }
  } else {
    length = view.getUint32(pos + 4, little);
    header = 8;
  }
  const valueOffset = pos + header;
  let endOffset: number;
  if (length === UNDEFINED_LENGTH) {
    if (tag === PIXEL_DATA_TAG) {
      endOffset = scanPixelItems(ctx, valueOffset, limit, topLevel);
    } else if (explicitVr && vr !== 'SQ' && vr !== 'UN') {
      throw new ScanStop('corrupt-dicom', `element ${formatTag(tag)} (VR ${vr}) at offset ${pos} has an undefined length`);
    } else {
      // Items of an undefined-length UN are implicit VR little endian (PS3.5 6.2.2).
      endOffset = scanSequence(ctx, valueOffset, limit, true, explicitVr && vr !== 'UN');
    }
  } else {
    if (valueOffset + length > limit) {
      throw overrun(ctx, limit, `element ${formatTag(tag)} at offset ${pos} declares ${length} bytes but only ${Math.max(0, limit - valueOffset)} remain`);
    }
    if (explicitVr && vr === 'SQ') scanSequence(ctx, valueOffset, valueOffset + length, false, true);
    endOffset = valueOffset + length;
  }
  return { tag, headerOffset: pos, valueOffset, valueLength: length === UNDEFINED_LENGTH ? -1 : length, endOffset, vr };
}

function scanSequence(ctx: ScanContext, start: number, limit: number, undefinedLength: boolean, explicitVr: boolean): number {
  let pos = start;
  for (;;) {
    if (!undefinedLength && pos >= limit) return pos;
    const tag = readTag(ctx, pos, limit);
    const length = ctx.view.getUint32(pos + 4, ctx.little);
    if (tag === SEQUENCE_DELIMITER) {
      if (undefinedLength) return pos + 8;
      pos += 8; // tolerated inside a defined-length sequence
      continue;
    }
    if (tag !== ITEM) {
      throw new ScanStop('corrupt-dicom', `expected a sequence item at offset ${pos}, found ${formatTag(tag)}`);
    }
    if (length === UNDEFINED_LENGTH) {
      pos = scanItemElements(ctx, pos + 8, limit, explicitVr, true);
    } else {
      const itemEnd = pos + 8 + length;
      if (itemEnd > limit) throw overrun(ctx, limit, `sequence item at offset ${pos} declares ${length} bytes but only ${limit - pos - 8} remain`);
      scanItemElements(ctx, pos + 8, itemEnd, explicitVr, false);
      pos = itemEnd;
    }
  }
}

function scanItemElements(ctx: ScanContext, start: number, limit: number, explicitVr: boolean, untilDelimiter: boolean): number {
  let pos = start;
  for (;;) {
    if (pos >= limit) {
      if (untilDelimiter) throw overrun(ctx, limit, `sequence item starting before offset ${start} has no item delimiter`);
      return pos;
    }
    const tag = readTag(ctx, pos, limit);
    if (tag === ITEM_DELIMITER) {
      if (untilDelimiter) return pos + 8;
      pos += 8; // tolerated inside a defined-length item
      continue;
    }
    if (tag >>> 16 === 0xfffe) {
      throw new ScanStop('corrupt-dicom', `unexpected delimiter ${formatTag(tag)} at offset ${pos} inside a sequence item`);
    }
    pos = scanElement(ctx, pos, limit, explicitVr, false).endOffset;
  }
}

function scanPixelItems(ctx: ScanContext, start: number, limit: number, topLevel: boolean): number {
  const items: ScannedFragment[] = [];
  let pos = start;
  for (;;) {
    const tag = readTag(ctx, pos, limit);
    const length = ctx.view.getUint32(pos + 4, ctx.little);
    if (tag === SEQUENCE_DELIMITER) {
      if (topLevel) ctx.pixelItems = items;
      return pos + 8;
    }
    if (tag !== ITEM || length === UNDEFINED_LENGTH) {
      throw new ScanStop('corrupt-dicom', `encapsulated pixel data: expected a fragment item at offset ${pos}, found ${formatTag(tag)}`);
    }
    if (pos + 8 + length > limit) {
      throw overrun(ctx, limit, `pixel data fragment at offset ${pos} declares ${length} bytes but only ${limit - pos - 8} remain`);
    }
    items.push({ offset: pos + 8, length });
    pos += 8 + length;
  }
}
