// ROI names and RTROIInterpretedTypes copied as plain strings from /work/shared/validation/README.md
// (sections 2, 3, 4, 5). The DICOM files themselves are not parsed here (the reader has its own tests).
import type { StructureGeometry } from '../../src/model/Structure';

let nextNumber = 1;

/** A structure with one small contour (a volume) unless `points` is set (a POINT ROI). */
export function roi(name: string, interpretedType = '', kind: 'volume' | 'point' | 'empty' = 'volume'): StructureGeometry {
  return {
    number: nextNumber++,
    name,
    interpretedType,
    colorRgb: [255, 0, 0],
    contours: kind === 'volume' ? [{ zMm: 0, xyMm: new Float64Array([0, 0, 1, 0, 1, 1]) }] : [],
    points: kind === 'point' ? [{ xMm: 0, yMm: 0, zMm: 0 }] : [],
  };
}

/** README §4, pyplanscoring-lung2018 RTSTRUCT: [name, RTROIInterpretedType] in table order. */
export const LUNG_2018_ROIS: readonly (readonly [string, string])[] = [
  ['BODY_P6', 'EXTERNAL'],
  ['CHEST WALL', 'ORGAN'],
  ['D2CM LN', 'PTV'],
  ['D2CM PRIMARY', 'PTV'],
  ['ESOPHAGUS', 'ORGAN'],
  ['GREAT VESSELS', 'CONTROL'],
  ['HEART4', 'ORGAN'],
  ["LUNGS-ITV's", 'ORGAN'],
  ['PTV_LN', 'PTV'],
  ['PTV_PRIMARY', 'PTV'],
  ['PTV_TOTAL', 'PTV'],
  ['SC PRV', 'ORGAN'],
  ['SPINAL CORD2', 'ORGAN'],
  ['TRACHEA', 'ORGAN'],
  ['HDn', 'CAVITY'],
];

/** README §2, dicompyler-core rtss.dcm: [name, RTROIInterpretedType, has contours]. */
export const DICOMPYLER_ROIS: readonly (readonly [string, string, boolean])[] = [
  ['BODY', 'EXTERNAL', true],
  ['Areola', 'AVOIDANCE', false],
  ['Borders', 'CTV', true],
  ['Breast', 'GTV', true],
  ['Heart', 'ORGAN', true],
  ['Lt Lung', 'AVOIDANCE', true],
  ['Nodes', 'AVOIDANCE', true],
  ['Scar', 'AVOIDANCE', true],
  ['Tumor Bed', 'CTV', true],
  ['Tumor Bed Block', 'GTV', true],
];

/**
 * README §5, RayStation brain SRS RTSTRUCT names. The README gives RTROIInterpretedType only for
 * BODY (EXTERNAL) and the POINT ROIs (ISOCENTER); the others are left '' so only the name decides.
 */
export const BRAIN_SRS_VOLUME_ROIS: readonly (readonly [string, string])[] = [
  ['BODY', 'EXTERNAL'],
  ['BRAIN - PTV', ''],
  ['OPTIC STRUCTURES', ''],
  ['GTV_1', ''],
  ['GTV_2', ''],
  ['GTV_3', ''],
  ['GTV_4', ''],
  ['GTV_5', ''],
  ['GTV_ALL', ''],
  ['BRAIN STEM', ''],
  ['PTV_1', ''],
  ['PTV_2', ''],
  ['PTV_3', ''],
  ['PTV_4', ''],
  ['PTV_5', ''],
  ['PTV_ALL', ''],
  ['Low Dose Region', ''],
  ['PTV1_WALL', ''],
  ['PTV2_WALL', ''],
  ['PTV3_WALL', ''],
  ['PTV4_WALL', ''],
  ['PTV5_WALL', ''],
  ['ptv 4 AND 5', ''],
  ['PTV 1 AND 2', ''],
];

/** README §5: the four POINT ROIs, RTROIInterpretedType ISOCENTER. */
export const BRAIN_SRS_POINT_ROIS: readonly string[] = ['ptv4', 'ISOCENTER PTV 3', 'isocecnter ptv 2', 'isocenter all'];
