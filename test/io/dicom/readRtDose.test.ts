import { describe, expect, it } from 'vitest';
import type { Grid3 } from '../../../src/geometry/Grid3';
import { readRtDose } from '../../../src/io/dicom/index';
import { validationFile, writeDicom } from './testFiles';

function voxel(grid: Grid3, i: number, j: number, k: number): number {
  const [nx, ny] = grid.dimensions;
  return grid.data[i + j * nx + k * nx * ny];
}

/** Index of the voxel plane whose centre is at `mm` along axis `axis` (identity direction). */
function indexAt(grid: Grid3, axis: 0 | 1 | 2, mm: number): number {
  const index = (mm - grid.originMm[axis]) / grid.spacingMm[axis];
  expect(Number.isInteger(Math.round(index * 1e6) / 1e6)).toBe(true);
  return Math.round(index);
}

/** Little-endian stored values of native pixel data at the end of a file (the README files end with PixelData). */
function trailingPixels(bytes: Uint8Array, count: number, bytesPerValue: 2 | 4): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = bytes.byteLength - count * bytesPerValue;
  const values: number[] = [];
  for (let n = 0; n < count; n++) values.push(bytesPerValue === 2 ? view.getUint16(start + 2 * n, true) : view.getUint32(start + 4 * n, true));
  return values;
}

describe('readRtDose', () => {
  it('readRtDose(bytes, name) decodes pydicom rtdose.dcm, rtdose_expb.dcm and rtdose_rle.dcm to identical Float32 arrays', () => {
    const doses = ['pydicom/rtdose.dcm', 'pydicom/rtdose_expb.dcm', 'pydicom/rtdose_rle.dcm'].map((f) => readRtDose(validationFile(f), f));
    for (const d of doses) expect(d.issues).toEqual([]);
    const [implicit, bigEndian, rle] = doses.map((d) => d.value!);
    // README: 10 x 10 x 15, PixelSpacing 10 x 10, offsets 0..70 step 5, IPP (189.43125, 199.43125, -761.87), RELATIVE, BEAM
    expect(implicit.doseGy.dimensions).toEqual([10, 10, 15]);
    expect(implicit.doseGy.spacingMm).toEqual([10, 10, 5]);
    expect(implicit.doseGy.originMm).toEqual([189.43125, 199.43125, -761.87]);
    expect(implicit.doseGy.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(implicit.units).toBe('RELATIVE');
    expect(implicit.summationType).toBe('BEAM');
    expect(Array.from(bigEndian.doseGy.data)).toEqual(Array.from(implicit.doseGy.data));
    expect(Array.from(rle.doseGy.data)).toEqual(Array.from(implicit.doseGy.data));
    expect(bigEndian.doseGy.originMm).toEqual(implicit.doseGy.originMm);
    // Independent check: 32-bit stored values (README: 32-bit unsigned) × DoseGridScaling 1e-6.
    const bytes = validationFile('pydicom/rtdose.dcm');
    const stored = trailingPixels(bytes, 1500, 4);
    for (const n of [0, 123, 777, 1499]) expect(implicit.doseGy.data[n]).toBeCloseTo(stored[n] * 1e-6, 6);
    expect(Math.max(...implicit.doseGy.data)).toBeGreaterThan(0);
  });

  it('readRtDose(bytes, name) reads rtdose_1frame.dcm as frame 0 of rtdose.dcm and warns about the 15-value offset vector', () => {
    const full = readRtDose(validationFile('pydicom/rtdose.dcm'), 'rtdose.dcm').value!;
    const single = readRtDose(validationFile('pydicom/rtdose_1frame.dcm'), 'rtdose_1frame.dcm');
    expect(single.value?.doseGy.dimensions).toEqual([10, 10, 1]);
    expect(Array.from(single.value!.doseGy.data)).toEqual(Array.from(full.doseGy.data.subarray(0, 100)));
    expect(single.value?.doseGy.originMm).toEqual(full.doseGy.originMm);
    expect(single.issues).toHaveLength(1);
    expect(single.issues[0]).toMatchObject({ code: 'dose-frame-count', severity: 'warning', file: 'rtdose_1frame.dcm' });
  });

  const nelms: Array<[string, number, number, [number, number, number]]> = [
    // README table: Rows x Cols x Frames, spacing, ImagePositionPatient
    ['Linear_AntPost_1mm_Aligned.dcm', 51, 1, [-24, -26, -26]],
    ['Linear_AntPost_2mm_Aligned.dcm', 25, 2, [-24, -24, -24]],
    ['Linear_AntPost_3mm_Aligned.dcm', 19, 3, [-24, -30, -30]],
    ['Linear_SupInf_1mm_Aligned.dcm', 51, 1, [-24, -26, -26]],
    ['Linear_SupInf_2mm_Aligned.dcm', 25, 2, [-24, -24, -24]],
    ['Linear_SupInf_3mm_Aligned.dcm', 19, 3, [-24, -30, -30]],
  ];
  it.each(nelms)('readRtDose(bytes, name) reads Nelms %s with the README geometry', (file, n, spacing, ipp) => {
    const { value, issues } = readRtDose(validationFile(`nelms-dvh-analytical/dose-grids/${file}`), file);
    expect(issues).toEqual([]);
    expect(value?.doseGy.dimensions).toEqual([n, n, n]);
    expect(value?.doseGy.spacingMm).toEqual([spacing, spacing, spacing]);
    expect(value?.doseGy.originMm).toEqual(ipp);
    expect(value?.units).toBe('GY'); // README: DoseUnits GY, DoseSummationType FRACTION
    expect(value?.summationType).toBe('FRACTION');
  });

  it('readRtDose(bytes, name) gives the Nelms AntPost gradient: -1 Gy per mm along y, constant in x and z', () => {
    // README: Linear_AntPost_* varies only along DICOM y, 1 Gy/mm, decreasing with +y (clipped at 0).
    for (const file of ['Linear_AntPost_1mm_Aligned.dcm', 'Linear_AntPost_2mm_Aligned.dcm', 'Linear_AntPost_3mm_Aligned.dcm']) {
      const g = readRtDose(validationFile(`nelms-dvh-analytical/dose-grids/${file}`), file).value!.doseGy;
      const j1 = indexAt(g, 1, -18);
      const j2 = indexAt(g, 1, 0);
      const i = indexAt(g, 0, 0);
      const k = indexAt(g, 2, 6);
      expect(voxel(g, i, j2, k) - voxel(g, i, j1, k)).toBeCloseTo(-18, 3);
      const [nx, , nz] = g.dimensions;
      for (let ii = 0; ii < nx; ii += 3) for (let kk = 0; kk < nz; kk += 3) expect(voxel(g, ii, j1, kk)).toBeCloseTo(voxel(g, i, j1, k), 4);
    }
  });

  it('readRtDose(bytes, name) gives the Nelms SupInf gradient: +1 Gy per mm along z, constant in x and y', () => {
    // README: Linear_SupInf_* varies only along DICOM z, 1 Gy/mm, increasing with +z.
    for (const file of ['Linear_SupInf_1mm_Aligned.dcm', 'Linear_SupInf_2mm_Aligned.dcm', 'Linear_SupInf_3mm_Aligned.dcm']) {
      const g = readRtDose(validationFile(`nelms-dvh-analytical/dose-grids/${file}`), file).value!.doseGy;
      const k1 = indexAt(g, 2, 0);
      const k2 = indexAt(g, 2, 12);
      const i = indexAt(g, 0, 0);
      const j = indexAt(g, 1, 6);
      expect(voxel(g, i, j, k2) - voxel(g, i, j, k1)).toBeCloseTo(12, 3);
      const [nx, ny] = g.dimensions;
      for (let ii = 0; ii < nx; ii += 3) for (let jj = 0; jj < ny; jj += 3) expect(voxel(g, ii, jj, k2)).toBeCloseTo(voxel(g, i, j, k2), 4);
    }
  });

  it('readRtDose(bytes, name) reads the Monaco RTDOSE without file meta: 81 x 139 x 177, 3 mm, scaling 0.000424062', () => {
    const bytes = validationFile('pyplanscoring-lung2018/2018CompLung_IMRT2_Dose.dcm');
    const { value, issues } = readRtDose(bytes, 'monaco');
    expect(issues).toEqual([]);
    // README: Rows 81 x Cols 139 x Frames 177 → [139, 81, 177]; PixelSpacing 3 x 3; offsets step 3; IPP (-185.5, -8.5, -271)
    expect(value?.doseGy.dimensions).toEqual([139, 81, 177]);
    expect(value?.doseGy.spacingMm).toEqual([3, 3, 3]);
    expect(value?.doseGy.originMm).toEqual([-185.5, -8.5, -271]);
    expect(value?.units).toBe('GY');
    expect(value?.summationType).toBe('PLAN');
    expect(value?.frameOfReferenceUid).toBe('1.2.840.113704.1.111.6452.1481541668.6');
    // 16-bit unsigned stored values at the end of the file × 0.000424062 (README).
    const count = 139 * 81 * 177;
    const stored = trailingPixels(bytes, count, 2);
    let maxStored = 0;
    for (const s of stored) if (s > maxStored) maxStored = s;
    let maxGy = 0;
    for (let n = 0; n < count; n++) if (value!.doseGy.data[n] > maxGy) maxGy = value!.doseGy.data[n];
    expect(maxGy).toBeCloseTo(maxStored * 0.000424062, 4);
    for (const n of [0, 1_000_000, count - 1]) expect(value!.doseGy.data[n]).toBeCloseTo(stored[n] * 0.000424062, 5);
  });

  it('readRtDose(bytes, name) reads the RayStation RTDOSE: 78 x 63 x 79, 3 mm, IPP (-93.19, -49.63, -160)', () => {
    const file = 'pyplanscoring-brain-srs-raystation/RD1.2.752.243.1.1.20180405114728128.4000.85245.dcm';
    const { value, issues } = readRtDose(validationFile(file), file);
    expect(issues).toEqual([]);
    expect(value?.doseGy.dimensions).toEqual([63, 78, 79]); // README: Rows 78, Cols 63, Frames 79
    expect(value?.doseGy.spacingMm).toEqual([3, 3, 3]);
    expect(value?.doseGy.originMm).toEqual([-93.19, -49.63, -160]);
  });

  it('readRtDose(bytes, name) reports an RTDOSE cut inside its pixel data as truncated', () => {
    const bytes = validationFile('pyplanscoring-lung2018/2018CompLung_IMRT2_Dose.dcm');
    const { value, issues } = readRtDose(bytes.subarray(0, 2_000_000), 'dose-cut.dcm');
    expect(value).toBeUndefined();
    expect(issues[0]).toMatchObject({ file: 'dose-cut.dcm', code: 'truncated', severity: 'error' });
    expect(issues[0].message).toContain('(7FE0,0010)');
  });

  it('readRtDose(bytes, name) refuses a non-RTDOSE file', () => {
    const { value, issues } = readRtDose(validationFile('pydicom/rtplan.dcm'), 'rtplan.dcm');
    expect(value).toBeUndefined();
    expect(issues[0]).toMatchObject({ code: 'wrong-modality', file: 'rtplan.dcm' });
  });

  /** A small synthetic RTDOSE: 3 x 2 pixels, one frame per offset, frame f filled with value 100·(f+1). */
  function syntheticDose(offsets: number[], ippZ: number, iop = [1, 0, 0, 0, 1, 0]): Uint8Array {
    const frames = offsets.length;
    const stored = new Uint32Array(6 * frames);
    for (let f = 0; f < frames; f++) stored.fill(100 * (f + 1), 6 * f, 6 * (f + 1));
    return writeDicom({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.481.2',
      SOPInstanceUID: '2.25.7',
      Modality: 'RTDOSE',
      FrameOfReferenceUID: '2.25.8',
      ImagePositionPatient: ['0', '0', String(ippZ)],
      ImageOrientationPatient: iop.map(String),
      PixelSpacing: ['2', '1'],
      Rows: 2,
      Columns: 3,
      NumberOfFrames: String(frames),
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      BitsAllocated: 32,
      BitsStored: 32,
      HighBit: 31,
      PixelRepresentation: 0,
      DoseUnits: 'GY',
      DoseType: 'PHYSICAL',
      DoseSummationType: 'PLAN',
      GridFrameOffsetVector: offsets.map(String),
      DoseGridScaling: '0.01',
      PixelData: [stored.buffer],
      _vrMap: { PixelData: 'OW' },
    });
  }

  it('readRtDose(bytes, name) accepts the absolute GridFrameOffsetVector form (z values)', () => {
    // PS3.3 C.8.8.3.2: a first offset ≠ 0 means absolute z (axial planes only).
    const { value, issues } = readRtDose(syntheticDose([40, 43, 46], 40), 'absolute');
    expect(issues).toEqual([]);
    expect(value?.doseGy.dimensions).toEqual([3, 2, 3]);
    expect(value?.doseGy.spacingMm).toEqual([1, 2, 3]);
    expect(value?.doseGy.originMm).toEqual([0, 0, 40]);
    expect(voxel(value!.doseGy, 2, 1, 2)).toBeCloseTo(3, 6); // 300 × 0.01
  });

  it('readRtDose(bytes, name) flips the slice axis for a decreasing offset vector', () => {
    const { value, issues } = readRtDose(syntheticDose([0, -3, -6], 10), 'decreasing');
    expect(issues).toEqual([]);
    expect(value?.doseGy.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, -1]);
    expect(value?.doseGy.spacingMm[2]).toBe(3);
    expect(value?.doseGy.originMm).toEqual([0, 0, 10]);
    expect(voxel(value!.doseGy, 0, 0, 2)).toBeCloseTo(3, 6); // third frame at z = 4 mm
  });

  it('readRtDose(bytes, name) resamples non-uniform offsets to the dominant step and names the interpolated plane', () => {
    // Frames at 0, 2, 4, 8 mm (one 2-mm frame missing at 6 mm): values 1, 2, 3, 4 Gy.
    const { value, issues } = readRtDose(syntheticDose([0, 2, 4, 8], -10), 'gap');
    expect(value?.doseGy.dimensions).toEqual([3, 2, 5]);
    expect(value?.doseGy.spacingMm[2]).toBe(2);
    // Linear interpolation halfway between 3 Gy (z = -6) and 4 Gy (z = -2) at z = -4.
    expect(voxel(value!.doseGy, 1, 1, 3)).toBeCloseTo(3.5, 6);
    expect(voxel(value!.doseGy, 1, 1, 4)).toBeCloseTo(4, 6);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'dose-offsets-nonuniform', severity: 'warning', file: 'gap' });
    expect(issues[0].message).toContain('z = -4 mm');
  });
});
