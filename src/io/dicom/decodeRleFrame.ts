/**
 * Decodes one RLE Lossless frame (DICOM PS3.5 Annex G) of single-sample pixels into little-endian
 * sample bytes. The frame starts with a 64-byte header (segment count + 15 segment offsets, uint32 LE);
 * each segment is one byte plane, most significant byte first, compressed with PackBits.
 *
 * @param frame - the encapsulated frame (header + segments)
 * @param pixelCount - rows × columns
 * @param bytesPerSample - BitsAllocated / 8 (1, 2 or 4)
 * @param out - receives pixelCount × bytesPerSample bytes, sample bytes in little-endian order
 * @returns undefined on success, else a description of the problem (nothing is thrown)
 * @see DICOM PS3.5 Annex G "Encapsulated RLE Compressed Images"
 */
export function decodeRleFrame(frame: Uint8Array, pixelCount: number, bytesPerSample: number, out: Uint8Array): string | undefined {
  if (frame.byteLength < 64) return `RLE frame has ${frame.byteLength} bytes, less than its 64-byte header`;
  if (out.byteLength < pixelCount * bytesPerSample) return 'RLE output buffer too small';
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segmentCount = view.getUint32(0, true);
  if (segmentCount !== bytesPerSample) {
    return `RLE frame has ${segmentCount} segments, expected ${bytesPerSample} (one per byte of a single-sample pixel)`;
  }
  for (let s = 0; s < segmentCount; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segmentCount ? view.getUint32(8 + 4 * s, true) : frame.byteLength;
    if (start < 64 || end > frame.byteLength || end < start) {
      return `RLE segment ${s + 1} has invalid bounds [${start}, ${end}) in a ${frame.byteLength}-byte frame`;
    }
    // Segment 0 is the most significant byte: little-endian position bytesPerSample - 1.
    const decoded = unpackBits(frame, start, end, out, bytesPerSample - 1 - s, bytesPerSample, pixelCount);
    if (decoded < pixelCount) return `RLE segment ${s + 1} decodes to ${decoded} bytes, expected ${pixelCount}`;
  }
  return undefined;
}

/** PackBits into out[offset + k·stride] for k < count; returns the number of bytes written. */
function unpackBits(src: Uint8Array, start: number, end: number, out: Uint8Array, offset: number, stride: number, count: number): number {
  let p = start;
  let k = 0;
  while (p < end && k < count) {
    const header = src[p++];
    if (header < 128) {
      // Literal run of header + 1 bytes.
      let n = header + 1;
      if (p + n > end) n = end - p;
      if (k + n > count) n = count - k;
      for (let i = 0; i < n; i++) out[offset + (k + i) * stride] = src[p + i];
      p += header + 1;
      k += n;
    } else if (header > 128) {
      // Replicate the next byte 257 - header times (header is -n as int8, run length 1 - n).
      if (p >= end) break;
      const value = src[p++];
      let n = 257 - header;
      if (k + n > count) n = count - k;
      for (let i = 0; i < n; i++) out[offset + (k + i) * stride] = value;
      k += n;
    }
    // header === 128 (-128) is a no-op.
  }
  return k;
}
