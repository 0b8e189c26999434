import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/InputError';
import type { GridGeometry } from '../../../src/geometry/Grid3';
import {
  dicomNumber,
  dicomNumbers,
  dicomString,
  EXPLICIT_VR_LITTLE_ENDIAN,
  formatDs,
  readDicomDataset,
  readRtDose,
  RT_DOSE_STORAGE_SOP_CLASS_UID,
  writeRtDose,
} from '../../../src/io/dicom/index';
import type { DoseGrid } from '../../../src/model/DoseGrid';
import { validationFile } from './testFiles';

/** 10 x 12 x 8 voxels at 1 x 2 x 3 mm (unequal so axis swaps fail); dose = 0.1·i + 0.7·j + 2.3·k + 0.05 Gy. */
function syntheticDose(direction: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1]): DoseGrid {
  const geometry: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [-5, 7, 100], direction };
  const data = new Float32Array(10 * 12 * 8);
  for (let k = 0; k < 8; k++) for (let j = 0; j < 12; j++) for (let i = 0; i < 10; i++) data[i + 10 * j + 120 * k] = 0.1 * i + 0.7 * j + 2.3 * k + 0.05;
  return { doseGy: { ...geometry, data }, units: 'GY', summationType: 'PLAN', frameOfReferenceUid: '2.25.42' };
}

function expectRoundTrip(original: DoseGrid, bytes: Uint8Array, bits: 16 | 32): number {
  const scaling = dicomNumber(readDicomDataset(bytes, 'written').value!.elements, 'DoseGridScaling')!;
  const back = readRtDose(bytes, 'written');
  expect(back.issues).toEqual([]);
  const grid = back.value!.doseGy;
  expect(grid.dimensions).toEqual(original.doseGy.dimensions);
  expect(grid.spacingMm).toEqual(original.doseGy.spacingMm);
  expect(grid.originMm).toEqual(original.doseGy.originMm);
  expect(grid.direction).toEqual(original.doseGy.direction);
  expect(back.value?.frameOfReferenceUid).toBe(original.frameOfReferenceUid);
  let maxGy = 0;
  let maxError = 0;
  for (let n = 0; n < grid.data.length; n++) {
    maxGy = Math.max(maxGy, original.doseGy.data[n]);
    maxError = Math.max(maxError, Math.abs(grid.data[n] - original.doseGy.data[n]));
  }
  // Quantisation: |error| ≤ step/2, plus Float32 rounding of the result (relative 2^-24).
  expect(maxError).toBeLessThanOrEqual(scaling / 2 + maxGy * 2 ** -23);
  // The maximum dose maps near the largest stored integer.
  const maxStored = bits === 32 ? 2 ** 32 - 1 : 2 ** 16 - 1;
  expect(maxGy / scaling).toBeLessThanOrEqual(maxStored + 0.5);
  expect(maxGy / scaling).toBeGreaterThan(0.999 * maxStored);
  return scaling;
}

describe('writeRtDose', () => {
  it('writeRtDose(dose) → readRtDose reproduces a 10 x 12 x 8 dose at 1 x 2 x 3 mm within the quantisation step', () => {
    const dose = syntheticDose();
    expectRoundTrip(dose, writeRtDose(dose, { uidSeed: 'synthetic' }), 32);
    expectRoundTrip(dose, writeRtDose(dose, { bitsAllocated: 16 }), 16);
  });

  it('writeRtDose(dose) writes a valid RT Dose Storage Part-10 file (explicit VR LE, 2.25 UIDs, relative offsets)', () => {
    const bytes = writeRtDose(syntheticDose(), { uidSeed: 'a', patientId: 'P1', referencedPlanSopInstanceUid: '2.25.9' });
    const ds = readDicomDataset(bytes, 'w').value!;
    expect(ds.hasFileMeta).toBe(true);
    expect(ds.transferSyntaxUid).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
    const e = ds.elements;
    expect(dicomString(e, 'SOPClassUID')).toBe(RT_DOSE_STORAGE_SOP_CLASS_UID);
    expect(dicomString(e, 'Modality')).toBe('RTDOSE');
    for (const keyword of ['SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID']) expect(dicomString(e, keyword)).toMatch(/^2\.25\.\d+$/);
    expect(dicomString(e, 'FrameOfReferenceUID')).toBe('2.25.42');
    expect(dicomNumbers(e, 'PixelSpacing')).toEqual([2, 1]); // [between rows (y), between columns (x)]
    expect(dicomNumbers(e, 'GridFrameOffsetVector')).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    expect(dicomNumbers(e, 'ImagePositionPatient')).toEqual([-5, 7, 100]);
    expect(dicomNumbers(e, 'ImageOrientationPatient')).toEqual([1, 0, 0, 0, 1, 0]);
    expect([dicomNumber(e, 'Rows'), dicomNumber(e, 'Columns'), dicomNumber(e, 'NumberOfFrames'), dicomNumber(e, 'BitsAllocated')]).toEqual([12, 10, 8, 32]);
    expect(dicomString(e, 'DoseUnits')).toBe('GY');
    expect(dicomString(e, 'DoseType')).toBe('PHYSICAL');
    expect(dicomString(e, 'PatientID')).toBe('P1');
    // Same seed → same UIDs; no seed → different (random) UIDs.
    const again = readDicomDataset(writeRtDose(syntheticDose(), { uidSeed: 'a' }), 'w2').value!.elements;
    expect(dicomString(again, 'SOPInstanceUID')).toBe(dicomString(e, 'SOPInstanceUID'));
    const random1 = dicomString(readDicomDataset(writeRtDose(syntheticDose()), 'r1').value!.elements, 'SOPInstanceUID');
    const random2 = dicomString(readDicomDataset(writeRtDose(syntheticDose()), 'r2').value!.elements, 'SOPInstanceUID');
    expect(random1).not.toBe(random2);
  });

  it('writeRtDose(dose) keeps feet-first and decubitus slice axes through a round trip', () => {
    // w = -(row x column): written as negative GridFrameOffsetVector.
    expectRoundTrip(syntheticDose([1, 0, 0, 0, 1, 0, 0, 0, -1]), writeRtDose(syntheticDose([1, 0, 0, 0, 1, 0, 0, 0, -1])), 32);
    // Decubitus: rows along +y, columns along -x, slices along +z.
    const decubitus = [0, 1, 0, -1, 0, 0, 0, 0, 1];
    expectRoundTrip(syntheticDose(decubitus), writeRtDose(syntheticDose(decubitus)), 32);
  });

  it('writeRtDose(dose) → readRtDose reproduces the Monaco RTDOSE within its new quantisation step', () => {
    const monaco = readRtDose(validationFile('pyplanscoring-lung2018/2018CompLung_IMRT2_Dose.dcm'), 'monaco').value!;
    expectRoundTrip(monaco, writeRtDose(monaco), 32);
    // 16-bit with the same range as the original (README: 16-bit, DoseGridScaling 0.000424062): error ≤ half a step.
    expectRoundTrip(monaco, writeRtDose(monaco, { bitsAllocated: 16 }), 16);
  });

  it('writeRtDose(dose) writes RELATIVE units and maps a non-DICOM summation type to PLAN', () => {
    const dose: DoseGrid = { ...syntheticDose(), units: 'RELATIVE', summationType: 'COMPUTED' };
    const back = readRtDose(writeRtDose(dose), 'rel').value!;
    expect(back.units).toBe('RELATIVE');
    expect(back.summationType).toBe('PLAN');
  });

  it('writeRtDose(dose) writes an all-zero dose', () => {
    const zero: DoseGrid = { ...syntheticDose(), doseGy: { ...syntheticDose().doseGy, data: new Float32Array(960) } };
    const back = readRtDose(writeRtDose(zero), 'zero').value!;
    expect(Math.max(...back.doseGy.data)).toBe(0);
  });

  it('writeRtDose(dose) throws InputError for NaN, negative values, wrong data length and bad geometry', () => {
    const withValue = (value: number): DoseGrid => {
      const dose = syntheticDose();
      dose.doseGy.data[17] = value;
      return dose;
    };
    expect(() => writeRtDose(withValue(Number.NaN))).toThrow(InputError);
    expect(() => writeRtDose(withValue(-0.5))).toThrow(/index 17/);
    const shortData: DoseGrid = { ...syntheticDose(), doseGy: { ...syntheticDose().doseGy, data: new Float32Array(5) } };
    expect(() => writeRtDose(shortData)).toThrow(InputError);
    expect(() => writeRtDose(syntheticDose([1, 0, 0, 1, 0, 0, 0, 0, 1]))).toThrow(InputError);
  });

  it('formatDs(value) fits DICOM DS values in 16 characters', () => {
    expect(formatDs(0.000424062)).toBe('0.000424062');
    expect(formatDs(-0)).toBe('0');
    for (const x of [Math.PI * 1e-9, -Math.PI * 1e13, 1 / 3, 123456.7890123456]) {
      const text = formatDs(x);
      expect(text.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(text) - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-9);
    }
    expect(() => formatDs(Number.NaN)).toThrow(InputError);
  });
});
