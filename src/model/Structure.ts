import type { PointLps } from '../geometry/points';
import type { StructureRole } from './StructureRole';

/**
 * One closed planar polygon on an axial plane, in patient mm. `xyMm` holds x0, y0, x1, y1, ...
 * (the closing edge back to the first point is implicit, as in DICOM CLOSED_PLANAR).
 */
export interface PlanarContour {
  readonly zMm: number;
  readonly xyMm: Float64Array;
}

/**
 * A contoured structure. Several contours on one plane combine by the even-odd rule
 * (a contour inside another is a hole). `points` holds POINT ROIs (markers, isocentres).
 */
export interface Structure {
  /** ROI number from the structure set (or a running index for JSON/demo cases). */
  readonly number: number;
  readonly name: string;
  readonly role: StructureRole;
  /** How the role was decided, e.g. "TG-263 name Lung_L" or "RTROIInterpretedType PTV". */
  readonly roleReason: string;
  /** DICOM RTROIInterpretedType as written ('' when absent). */
  readonly interpretedType: string;
  readonly colorRgb: readonly [number, number, number];
  /** Sorted by zMm ascending. */
  readonly contours: readonly PlanarContour[];
  readonly points: readonly PointLps[];
}

/** A structure as read from a file, before its role is decided (see assignRoles). */
export type StructureGeometry = Omit<Structure, 'role' | 'roleReason'>;
