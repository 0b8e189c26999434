import { importIssue, type ParseResult } from '../ImportIssue';
import { dicomString } from './dicomValues';
import { readDicomDataset, type DicomDataset, type ReadDicomDatasetOptions } from './readDicomDataset';

/**
 * readDicomDataset, then the Modality check each object reader starts with: a Modality other than `modality`
 * (or none) adds the error 'wrong-modality' (`modality is X, expected RTPLAN`) after the dataset's issues and
 * gives `value: undefined`. Never throws for bad file content.
 * @param modality expected Modality (0008,0060), e.g. 'RTPLAN'
 */
export function readDicomDatasetOfModality(bytes: Uint8Array, fileName: string, modality: string, options: ReadDicomDatasetOptions = {}): ParseResult<DicomDataset> {
  const read = readDicomDataset(bytes, fileName, options);
  if (!read.value) return read;
  const found = dicomString(read.value.elements, 'Modality');
  if (found !== modality) {
    return { value: undefined, issues: [...read.issues, importIssue(fileName, 'wrong-modality', `modality is ${found ?? 'missing'}, expected ${modality}`)] };
  }
  return read;
}
