import { importIssue, type ParseResult } from '../ImportIssue';
import { decodeRleFrame } from './decodeRleFrame';
import { dicomNumber } from './dicomValues';
import { RLE_LOSSLESS, type DicomDataset } from './readDicomDataset';

/** Stored (raw) pixel values, frame after frame, row after row; typed by BitsAllocated and PixelRepresentation. */
export type StoredPixels = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** Image Pixel module attributes needed to decode pixel data. */
export interface PixelLayout {
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  readonly bitsAllocated: 8 | 16 | 32;
  readonly bitsStored: number;
  readonly signed: boolean;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads and checks Rows, Columns, NumberOfFrames (default 1), BitsAllocated (8/16/32), BitsStored,
 * PixelRepresentation and SamplesPerPixel (must be 1: grayscale only).
 */
export function readPixelLayout(dataset: DicomDataset): ParseResult<PixelLayout> {
  const file = dataset.fileName;
  const e = dataset.elements;
  const rows = dicomNumber(e, 'Rows');
  const columns = dicomNumber(e, 'Columns');
  const bitsAllocated = dicomNumber(e, 'BitsAllocated');
  const samples = dicomNumber(e, 'SamplesPerPixel') ?? 1;
  const frames = dicomNumber(e, 'NumberOfFrames') ?? 1;
  const fail = (code: string, message: string): ParseResult<PixelLayout> => ({ value: undefined, issues: [importIssue(file, code, message)] });
  if (rows === undefined || columns === undefined || !Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1) {
    return fail('missing-attribute', `Rows/Columns missing or invalid (${String(rows)} x ${String(columns)})`);
  }
  if (!Number.isInteger(frames) || frames < 1) return fail('bad-attribute', `NumberOfFrames must be a positive integer, got ${frames}`);
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    return fail('unsupported-pixel-format', `BitsAllocated ${String(bitsAllocated)} is not supported (8, 16 or 32)`);
  }
  if (samples !== 1) return fail('unsupported-pixel-format', `SamplesPerPixel ${samples} is not supported (grayscale only)`);
  const bitsStored = dicomNumber(e, 'BitsStored') ?? bitsAllocated;
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > bitsAllocated) {
    return fail('bad-attribute', `BitsStored ${bitsStored} is not in 1..BitsAllocated (${bitsAllocated})`);
  }
  const signed = (dicomNumber(e, 'PixelRepresentation') ?? 0) === 1;
  return { value: { rows, columns, frames, bitsAllocated, bitsStored, signed }, issues: [] };
}

/**
 * Decodes the first `frameCount` frames of native (little or big endian) or RLE Lossless pixel data
 * into a typed array of stored values (bulk copy / byte swap; no per-pixel objects). BitsStored below
 * BitsAllocated is masked (unsigned) or sign-extended (signed). Returns an error issue for missing,
 * short, or unsupported (JPEG...) pixel data.
 */
export function decodePixelData(dataset: DicomDataset, layout: PixelLayout, frameCount = layout.frames): ParseResult<StoredPixels> {
  const file = dataset.fileName;
  const fail = (code: string, message: string): ParseResult<StoredPixels> => ({ value: undefined, issues: [importIssue(file, code, message)] });
  const pixelData = dataset.pixelData;
  if (!pixelData) return fail('missing-attribute', 'no PixelData (7FE0,0010)');
  const bytesPerSample = layout.bitsAllocated / 8;
  const pixelCount = layout.rows * layout.columns;
  const frameBytes = pixelCount * bytesPerSample;
  const needed = frameBytes * frameCount;
  let raw: Uint8Array;
  let dataLittleEndian: boolean;

  if (!pixelData.encapsulated) {
    if (pixelData.bytes.byteLength < needed) {
      return fail('truncated', `PixelData has ${pixelData.bytes.byteLength} bytes, ${needed} needed for ${frameCount} frame(s) of ${layout.rows} x ${layout.columns} x ${layout.bitsAllocated} bits`);
    }
    // Explicit copy into a fresh, aligned buffer (Node Buffer.slice would return a view).
    raw = new Uint8Array(needed);
    raw.set(pixelData.bytes.subarray(0, needed));
    dataLittleEndian = pixelData.littleEndian;
  } else {
    if (dataset.transferSyntaxUid !== RLE_LOSSLESS) {
      return fail('unsupported-transfer-syntax', `compressed pixel data (transfer syntax ${dataset.transferSyntaxUid}) is not supported; only native and RLE Lossless are`);
    }
    const frames = splitFrames(pixelData.basicOffsetTable, pixelData.fragments, layout.frames);
    if (typeof frames === 'string') return fail('corrupt-pixel-data', frames);
    if (frames.length < frameCount) return fail('truncated', `RLE pixel data has ${frames.length} frame(s), ${frameCount} needed`);
    raw = new Uint8Array(needed);
    for (let f = 0; f < frameCount; f++) {
      const problem = decodeRleFrame(frames[f], pixelCount, bytesPerSample, raw.subarray(f * frameBytes, (f + 1) * frameBytes));
      if (problem) return fail('corrupt-pixel-data', `frame ${f + 1}: ${problem}`);
    }
    dataLittleEndian = true;
  }

  if (bytesPerSample > 1 && dataLittleEndian !== HOST_LITTLE_ENDIAN) swapBytes(raw, bytesPerSample);
  const values = typedView(raw, layout);
  if (layout.bitsStored < layout.bitsAllocated) applyBitsStored(values, layout.bitsStored, layout.signed);
  return { value: values, issues: [] };
}

function typedView(raw: Uint8Array, layout: PixelLayout): StoredPixels {
  const { buffer, byteOffset, byteLength } = raw;
  switch (layout.bitsAllocated) {
    case 8:
      return layout.signed ? new Int8Array(buffer, byteOffset, byteLength) : raw;
    case 16:
      return layout.signed ? new Int16Array(buffer, byteOffset, byteLength / 2) : new Uint16Array(buffer, byteOffset, byteLength / 2);
    case 32:
      return layout.signed ? new Int32Array(buffer, byteOffset, byteLength / 4) : new Uint32Array(buffer, byteOffset, byteLength / 4);
  }
}

function swapBytes(raw: Uint8Array, width: number): void {
  const n = raw.byteLength - (raw.byteLength % width);
  if (width === 2) {
    for (let i = 0; i < n; i += 2) {
      const a = raw[i];
      raw[i] = raw[i + 1];
      raw[i + 1] = a;
    }
  } else {
    for (let i = 0; i < n; i += 4) {
      const a = raw[i];
      const b = raw[i + 1];
      raw[i] = raw[i + 3];
      raw[i + 1] = raw[i + 2];
      raw[i + 2] = b;
      raw[i + 3] = a;
    }
  }
}

/** Masks unused high bits (unsigned) or sign-extends from BitsStored (signed). */
function applyBitsStored(values: StoredPixels, bitsStored: number, signed: boolean): void {
  const n = values.length;
  if (signed) {
    const shift = 32 - bitsStored;
    for (let i = 0; i < n; i++) values[i] = (values[i] << shift) >> shift;
  } else {
    const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
    for (let i = 0; i < n; i++) values[i] = (values[i] & mask) >>> 0;
  }
}

/** Groups encapsulated fragments into frames (Basic Offset Table when present, else one fragment per frame). */
function splitFrames(offsetTable: Uint8Array, fragments: readonly Uint8Array[], frameCount: number): Uint8Array[] | string {
  if (fragments.length === 0) return 'encapsulated PixelData has no fragments';
  const tableEntries = Math.floor(offsetTable.byteLength / 4);
  if (tableEntries === 0) {
    if (fragments.length === frameCount) return [...fragments];
    if (frameCount === 1) return [concat(fragments)];
    return `${fragments.length} fragments for ${frameCount} frames and no Basic Offset Table`;
  }
  const table = new DataView(offsetTable.buffer, offsetTable.byteOffset, offsetTable.byteLength);
  const itemStarts: number[] = [];
  let position = 0;
  for (const fragment of fragments) {
    itemStarts.push(position);
    position += 8 + fragment.byteLength;
  }
  const frames: Uint8Array[] = [];
  for (let f = 0; f < tableEntries; f++) {
    const start = table.getUint32(4 * f, true);
    const end = f + 1 < tableEntries ? table.getUint32(4 * f + 4, true) : Number.POSITIVE_INFINITY;
    const parts = fragments.filter((_, i) => itemStarts[i] >= start && itemStarts[i] < end);
    if (parts.length === 0) return `Basic Offset Table entry ${f + 1} (${start}) points at no fragment`;
    frames.push(parts.length === 1 ? parts[0] : concat(parts));
  }
  return frames;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}
