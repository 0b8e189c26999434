import { describe, expect, it } from 'vitest';
import { decodeRleFrame } from '../../../src/io/dicom/index';

/** RLE frame: 64-byte header (segment count + offsets, uint32 LE) followed by the segments (PS3.5 Annex G). */
function rleFrame(segments: number[][]): Uint8Array {
  const total = 64 + segments.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((segment, s) => {
    view.setUint32(4 + 4 * s, offset, true);
    out.set(segment, offset);
    offset += segment.length;
  });
  return out;
}

describe('decodeRleFrame', () => {
  it('decodeRleFrame(frame, 4, 2, out) decodes PackBits literal, replicate and no-op runs into little-endian words', () => {
    // 16-bit pixels 0x0109, 0x0309, 0x0509, 0x0709: MSB plane [1, 3, 5, 7], LSB plane [9, 9, 9, 9].
    const msb = [3, 1, 3, 5, 7]; // literal run: header n = 3 → 4 bytes
    const lsb = [128, 253, 9]; // -128 no-op, then header -3 → byte repeated 4 times
    const out = new Uint8Array(8);
    expect(decodeRleFrame(rleFrame([msb, lsb]), 4, 2, out)).toBeUndefined();
    expect(Array.from(new Uint16Array(out.buffer))).toEqual([0x0109, 0x0309, 0x0509, 0x0709]);
  });

  it('decodeRleFrame(frame, 2, 4, out) orders four 32-bit byte planes most significant first', () => {
    const planes = [[1, 0x12, 0xab], [1, 0x34, 0xcd], [1, 0x56, 0xef], [1, 0x78, 0x01]]; // literal runs of 2
    const out = new Uint8Array(8);
    expect(decodeRleFrame(rleFrame(planes), 2, 4, out)).toBeUndefined();
    expect(Array.from(new Uint32Array(out.buffer))).toEqual([0x12345678, 0xabcdef01]);
  });

  it('decodeRleFrame(frame, ...) reports a wrong segment count, a short segment and a short header', () => {
    const out = new Uint8Array(8);
    expect(decodeRleFrame(rleFrame([[3, 1, 2, 3, 4]]), 4, 2, out)).toMatch(/1 segments, expected 2/);
    expect(decodeRleFrame(rleFrame([[1, 1, 2], [1, 1, 2]]), 4, 2, out)).toMatch(/decodes to 2 bytes, expected 4/);
    expect(decodeRleFrame(new Uint8Array(10), 4, 2, out)).toMatch(/64-byte header/);
  });
});
