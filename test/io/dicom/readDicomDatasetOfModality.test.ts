import { describe, expect, it } from 'vitest';
import { readDicomDataset } from '../../../src/io/dicom/index';
import { readDicomDatasetOfModality } from '../../../src/io/dicom/readDicomDatasetOfModality';
import { validationFile } from './testFiles';

describe('readDicomDatasetOfModality', () => {
  it('readDicomDatasetOfModality(bytes, name, modality) returns the dataset when Modality matches', () => {
    // README (shared/validation): pydicom rtplan.dcm is an RTPLAN.
    const bytes = validationFile('pydicom/rtplan.dcm');
    const result = readDicomDatasetOfModality(bytes, 'rtplan.dcm', 'RTPLAN');
    expect(result.issues).toEqual(readDicomDataset(bytes, 'rtplan.dcm').issues);
    expect(result.value?.elements).toBeDefined();
  });

  it("readDicomDatasetOfModality(bytes, name, modality) gives 'wrong-modality' naming both modalities otherwise", () => {
    // README (shared/validation): pydicom rtdose.dcm is an RTDOSE.
    const result = readDicomDatasetOfModality(validationFile('pydicom/rtdose.dcm'), 'rtdose.dcm', 'RTPLAN');
    expect(result.value).toBeUndefined();
    expect(result.issues.at(-1)).toEqual({ file: 'rtdose.dcm', code: 'wrong-modality', severity: 'error', message: 'rtdose.dcm: modality is RTDOSE, expected RTPLAN' });
  });

  it("readDicomDatasetOfModality(non-DICOM bytes, …) passes the reader's error through without a modality issue", () => {
    const result = readDicomDatasetOfModality(new Uint8Array(4), 'short.bin', 'RTPLAN');
    expect(result.value).toBeUndefined();
    expect(result.issues.map((i) => i.code)).toEqual(['not-dicom']);
  });
});
