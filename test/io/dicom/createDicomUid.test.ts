import { describe, expect, it } from 'vitest';
import { createDicomUid } from '../../../src/io/dicom/index';

describe('createDicomUid', () => {
  it('createDicomUid() gives distinct 2.25 UIDs of at most 64 characters (PS3.5 9.1, B.2)', () => {
    const uids = new Set(Array.from({ length: 100 }, () => createDicomUid()));
    expect(uids.size).toBe(100);
    for (const uid of uids) {
      expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
      expect(uid.length).toBeLessThanOrEqual(64);
      // UUID version 4 in bits 76-79 of the 128-bit integer.
      expect((BigInt(uid.slice(5)) >> 76n) & 0xfn).toBe(4n);
    }
  });

  it('createDicomUid(seed) is deterministic per seed', () => {
    expect(createDicomUid('plan/1')).toBe(createDicomUid('plan/1'));
    expect(createDicomUid('plan/1')).not.toBe(createDicomUid('plan/2'));
    expect(createDicomUid('plan/1')).toMatch(/^2\.25\.[1-9]\d*$/);
  });
});
