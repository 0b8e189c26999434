// DICOM layer: bytes in, domain types out (DICOM keywords stay inside this folder).
export { readDicomDataset, type DicomDataset, type DicomElements, type DicomPixelData, type ReadDicomDatasetOptions } from './readDicomDataset';
export {
  IMPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  RLE_LOSSLESS,
} from './readDicomDataset';
export { readCtSeries, type DicomFileInput } from './readCtSeries';
export { readRtStruct, type StructureSetData } from './readRtStruct';
export { readRtDose } from './readRtDose';
export { readRtPlan, type RtPlanSummary, type RtPlanBeam, type RtPlanPrescription, type RtPlanFractionGroup } from './readRtPlan';
export { inspectDicomFile, type DicomFileSummary } from './inspectDicomFile';
export { groupDicomFiles, type DicomFileGroups, type FrameOfReferenceGroup, type CtSeriesGroup, type StructureSetLink } from './groupDicomFiles';
export { writeRtDose, formatDs, RT_DOSE_STORAGE_SOP_CLASS_UID, type WriteRtDoseOptions } from './writeRtDose';
export { createDicomUid } from './createDicomUid';
export { decodePixelData, readPixelLayout, type PixelLayout, type StoredPixels } from './decodePixelData';
export { decodeRleFrame } from './decodeRleFrame';
export { planRegularSlices, fillRegularPlanes, type RegularSlicePlan, type SliceGap } from './planRegularSlices';
export { scanDicomElements, formatTag, PIXEL_DATA_TAG, type DicomEncoding, type DicomScan, type ScannedElement, type ScannedFragment } from './scanDicomElements';
export { decodeRoiContourSequence, ROI_CONTOUR_SEQUENCE_TAG, type RawContour, type RawRoiContour } from './decodeRoiContourSequence';
export { sliceGapIssues } from './sliceGapIssues';
export { dicomString, dicomNumber, dicomNumbers, dicomItems } from './dicomValues';
export { sliceOrientation, type SliceOrientation } from './sliceOrientation';
