import { describe, expect, it } from 'vitest';
import type { Grid3 } from '../../../src/geometry/Grid3';
import { dicomNumbers, readCtSeries, readDicomDataset } from '../../../src/io/dicom/index';
import { syntheticCtSlice, validationFile, validationFolder, type SyntheticCtSlice } from './testFiles';

function plane(grid: Grid3, k: number): number[] {
  const [nx, ny] = grid.dimensions;
  return Array.from(grid.data.subarray(k * nx * ny, (k + 1) * nx * ny));
}

function minMax(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return [min, max];
}

/** 4 columns x 3 rows, pixel spacing 2 mm between rows and 1 mm between columns; stored = base + pixel index. */
function slice(zMm: number, base: number, extra: Partial<SyntheticCtSlice> = {}): { name: string; bytes: Uint8Array } {
  const stored = Array.from({ length: 12 }, (_, n) => base + n);
  return { name: `z${zMm}.dcm`, bytes: syntheticCtSlice({ columns: 4, rows: 3, stored, ippMm: [-10, 20, zMm], intercept: -1000, ...extra }) };
}

describe('readCtSeries', () => {
  it('readCtSeries(files) loads pydicom CT_small.dcm (FFS, signed) with HU = stored - 1024 and its geometry', () => {
    const bytes = validationFile('pydicom/CT_small.dcm');
    const { value, issues } = readCtSeries([{ name: 'CT_small.dcm', bytes }]);
    expect(issues).toEqual([]);
    const grid = value!.huGrid;
    // README: 128 x 128, PixelSpacing 0.661468, SliceThickness 5, IPP (-158.135803, -179.035797, -75.699997)
    expect(grid.dimensions).toEqual([128, 128, 1]);
    expect(grid.spacingMm).toEqual([0.661468, 0.661468, 5]);
    expect(grid.originMm).toEqual([-158.135803, -179.035797, -75.699997]);
    expect(grid.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    // Independent decode: explicit VR LE PixelData element "E0 7F 10 00 'OW' 00 00 <length>", int16 values, intercept -1024 (README).
    const tagAt = bytes.findIndex((b, i) => b === 0xe0 && bytes[i + 1] === 0x7f && bytes[i + 2] === 0x10 && bytes[i + 3] === 0x00 && bytes[i + 4] === 0x4f && bytes[i + 5] === 0x57);
    const view = new DataView(bytes.buffer, bytes.byteOffset + tagAt + 12, 128 * 128 * 2);
    for (const n of [0, 1, 4000, 8191, 16383]) expect(grid.data[n]).toBe(view.getInt16(2 * n, true) - 1024);
  });

  it('readCtSeries(files) loads the single dicompyler slice ct.0.dcm with SliceThickness as spacing and the tiny IOP component', () => {
    const { value, issues } = readCtSeries([{ name: 'ct.0.dcm', bytes: validationFile('dicompyler-core/ct.0.dcm') }]);
    expect(issues).toEqual([]);
    const grid = value!.huGrid;
    // README: 512 x 512, PixelSpacing 1.074219, SliceThickness 3, IPP (-275, -524, 168.5593),
    // IOP [1, 0, -1.224647e-16, 0, 1, 0], values already HU in -1000..1457
    expect(grid.dimensions).toEqual([512, 512, 1]);
    expect(grid.spacingMm).toEqual([1.074219, 1.074219, 3]);
    expect(grid.originMm).toEqual([-275, -524, 168.5593]);
    const expectedDirection = [1, 0, -1.224647e-16, 0, 1, 0, 1.224647e-16, 0, 1];
    grid.direction.forEach((d, n) => expect(d).toBeCloseTo(expectedDirection[n], 15));
    expect(minMax(grid.data)).toEqual([-1000, 1457]);
    expect(value?.frameOfReferenceUid).toBe('2.16.840.1.113662.2.12.0.3057.1241703565.36');
  });

  const ct3mm = validationFolder('nelms-dvh-analytical/ct-3mm');

  it('readCtSeries(files) gives the same 512 x 512 x 20 grid of 0 HU for the Nelms 3 mm CT in shuffled order', () => {
    const sorted = readCtSeries(ct3mm);
    // Deterministic shuffle: odd positions reversed, then even positions.
    const shuffled = [...ct3mm.filter((_, i) => i % 2 === 1).reverse(), ...ct3mm.filter((_, i) => i % 2 === 0)];
    const fromShuffled = readCtSeries(shuffled);
    for (const result of [sorted, fromShuffled]) {
      expect(result.issues).toEqual([]);
      const grid = result.value!.huGrid;
      // README: 512 x 512, 0.6 mm pixels, 3 mm slices at z = -27 ... +30, first pixel (-153.3, -153.3), every pixel 0 HU
      expect(grid.dimensions).toEqual([512, 512, 20]);
      expect(grid.spacingMm[0]).toBeCloseTo(0.6, 9);
      expect(grid.spacingMm[1]).toBeCloseTo(0.6, 9);
      expect(grid.spacingMm[2]).toBeCloseTo(3, 9);
      expect(grid.originMm[0]).toBeCloseTo(-153.3, 9);
      expect(grid.originMm[1]).toBeCloseTo(-153.3, 9);
      expect(grid.originMm[2]).toBeCloseTo(-27, 9);
      expect(grid.originMm[2] + 19 * grid.spacingMm[2]).toBeCloseTo(30, 6);
      expect(minMax(grid.data)).toEqual([0, 0]);
    }
    expect(fromShuffled.value!.huGrid.originMm).toEqual(sorted.value!.huGrid.originMm);
    expect(fromShuffled.value!.seriesInstanceUid).toBe(sorted.value!.seriesInstanceUid);
  });

  it('readCtSeries(files) interpolates a dropped middle slice of the Nelms CT and names z = 0 in a missing-slices warning', () => {
    const zOf = (bytes: Uint8Array): number => dicomNumbers(readDicomDataset(bytes, 'x').value!.elements, 'ImagePositionPatient')![2];
    const withoutZ0 = ct3mm.filter((f) => Math.abs(zOf(f.bytes)) > 1e-6);
    expect(withoutZ0).toHaveLength(19);
    const { value, issues } = readCtSeries(withoutZ0);
    expect(value?.huGrid.dimensions).toEqual([512, 512, 20]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'missing-slices', severity: 'warning' });
    expect(issues[0].message).toContain('between z = -3 mm and z = 3 mm');
    expect(issues[0].message).toContain('interpolated linearly at z = 0 mm');
    expect(minMax(plane(value!.huGrid, 9))).toEqual([0, 0]);
  });

  it('readCtSeries(files) fills a missing slice by linear interpolation between its neighbours (synthetic 4 x 3 slices)', () => {
    // Slices at z = 0, 3, 9 (6 missing) with stored 100+n, 200+n, 400+n; intercept -1000.
    const { value, issues } = readCtSeries([slice(9, 400), slice(0, 100), slice(3, 200)]);
    const grid = value!.huGrid;
    expect(grid.dimensions).toEqual([4, 3, 4]);
    expect(grid.spacingMm).toEqual([1, 2, 3]); // PixelSpacing [2, 1] = [between rows, between columns]
    expect(plane(grid, 0)).toEqual(Array.from({ length: 12 }, (_, n) => 100 + n - 1000));
    expect(plane(grid, 2)).toEqual(Array.from({ length: 12 }, (_, n) => 300 + n - 1000)); // (200 + 400) / 2
    expect(plane(grid, 3)).toEqual(Array.from({ length: 12 }, (_, n) => 400 + n - 1000));
    expect(issues.map((i) => i.code)).toEqual(['missing-slices']);
    expect(issues[0].message).toContain('interpolated linearly at z = 6 mm');
  });

  it('readCtSeries(files) reports uneven spacing and interpolates the regular planes', () => {
    // z = 0, 3, 6, 7.5: dominant 3 mm; 7.5 is off the grid (next plane would be 9 > 7.5).
    const { value, issues } = readCtSeries([slice(0, 0), slice(3, 30), slice(6, 60), slice(7.5, 75)]);
    expect(value?.huGrid.dimensions).toEqual([4, 3, 3]);
    expect(issues.map((i) => i.code)).toEqual(['uneven-slices']);
    expect(issues[0].message).toContain('z = 7.5 mm');
  });

  it('readCtSeries(files) sorts feet-first slices along the normal w = row x column = -z', () => {
    // FFS: IOP [-1, 0, 0, 0, 1, 0] → w = (0, 0, -1): the first plane is the highest z.
    const iop = [-1, 0, 0, 0, 1, 0];
    const { value, issues } = readCtSeries([slice(13, 200, { iop }), slice(10, 100, { iop }), slice(16, 300, { iop })]);
    expect(issues).toEqual([]);
    const grid = value!.huGrid;
    expect(grid.direction).toEqual([-1, 0, 0, 0, 1, 0, 0, 0, -1]);
    expect(grid.originMm).toEqual([-10, 20, 16]);
    expect(grid.spacingMm).toEqual([1, 2, 3]);
    expect(plane(grid, 0)[0]).toBe(300 - 1000);
    expect(plane(grid, 2)[0]).toBe(100 - 1000);
  });

  it('readCtSeries(files) handles a decubitus orientation with round-off components', () => {
    // Rows along +y, columns along -x: w = (0, 1, 0) x (-1, 0, 0) = (0, 0, 1).
    const iop = [1e-16, 1, 0, -1, 2e-16, 0];
    const { value, issues } = readCtSeries([slice(6, 3, { iop }), slice(0, 1, { iop }), slice(3, 2, { iop })]);
    expect(issues).toEqual([]);
    const d = value!.huGrid.direction;
    [0, 1, 0, -1, 0, 0, 0, 0, 1].forEach((x, n) => expect(d[n]).toBeCloseTo(x, 12));
    expect(value!.huGrid.originMm).toEqual([-10, 20, 0]);
    expect(plane(value!.huGrid, 1)[0]).toBe(2 - 1000);
  });

  it('readCtSeries(files) sign-extends signed data with BitsStored 12 and applies each slice rescale', () => {
    // 12-bit two's complement in 16-bit words: 0x0800 → -2048, 0x07FF → 2047, 0x0FFF → -1, 0x1001 → 1 (high bits ignored).
    const stored = [0x0800, 0x07ff, 0x0fff, 0x1001];
    const bytes = syntheticCtSlice({ columns: 2, rows: 2, stored, ippMm: [0, 0, 0], bitsStored: 12, signed: false, slope: 2, intercept: 10 });
    // The same 16-bit words with PixelRepresentation 1 (all words are < 0x8000, so the Int16 values equal the words).
    const signedBytes = syntheticCtSlice({ columns: 2, rows: 2, stored, ippMm: [0, 0, 0], bitsStored: 12, signed: true, slope: 2, intercept: 10 });
    expect(Array.from(readCtSeries([{ name: 's.dcm', bytes: signedBytes }]).value!.huGrid.data)).toEqual([-2048, 2047, -1, 1].map((v) => 2 * v + 10));
    // Unsigned 12-bit: high bits masked off: 0x0800 → 2048, 0x07FF → 2047, 0x0FFF → 4095, 0x1001 → 1.
    expect(Array.from(readCtSeries([{ name: 'u.dcm', bytes }]).value!.huGrid.data)).toEqual([2048, 2047, 4095, 1].map((v) => 2 * v + 10));
  });

  it('readCtSeries(files) keeps the majority series and reports mixed series, sizes and bad files by name', () => {
    const files = [
      slice(0, 0),
      slice(3, 0),
      slice(6, 0),
      slice(9, 0, { seriesUid: '2.25.555' }),
      { name: 'small.dcm', bytes: syntheticCtSlice({ columns: 2, rows: 2, stored: [0, 0, 0, 0], ippMm: [-10, 20, 12] }) },
      { name: 'cut.dcm', bytes: slice(12, 0).bytes.subarray(0, 300) },
      { name: 'readme.txt', bytes: new TextEncoder().encode('hello') },
      { name: 'rtstruct.dcm', bytes: validationFile('pydicom/rtstruct.dcm') },
      { name: 'dup.dcm', bytes: slice(3, 50).bytes },
    ];
    const { value, issues } = readCtSeries(files);
    expect(value?.huGrid.dimensions).toEqual([4, 3, 3]);
    const codes = issues.map((i) => `${i.code}:${i.file}`);
    expect(codes).toEqual(
      expect.arrayContaining(['truncated:cut.dcm', 'not-dicom:readme.txt', 'not-ct:rtstruct.dcm', 'mixed-series:', 'mixed-image-size:', 'duplicate-slice:z3.dcm']),
    );
    expect(issues.find((i) => i.code === 'mixed-series')?.message).toContain('z9.dcm');
    expect(issues.find((i) => i.code === 'mixed-image-size')?.message).toContain('small.dcm');
    // dup.dcm sorts before z3.dcm at the same position, so it is the one used.
    expect(plane(value!.huGrid, 1)[0]).toBe(50 - 1000);
  });

  it('readCtSeries(files) returns an error issue, not an exception, when nothing is usable', () => {
    expect(readCtSeries([]).issues[0]).toMatchObject({ code: 'no-files', severity: 'error' });
    const junk = readCtSeries([{ name: 'a.bin', bytes: new Uint8Array(10) }]);
    expect(junk.value).toBeUndefined();
    expect(junk.issues.map((i) => i.code)).toEqual(['not-dicom', 'no-ct-slices']);
  });
});
