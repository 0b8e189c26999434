import type { PointLps, Vec3 } from '../geometry/points';

/**
 * One non-isocentric circular-cone beam of a robotic (CyberKnife-style) delivery: from a source position
 * (a robot node) towards an aim point inside a PTV. All positions in patient LPS mm.
 */
export interface Beam {
  /** Stable id within a plan, e.g. 'n042-a1-c15' (node 42, aim point 1, 15 mm cone). */
  readonly id: string;
  readonly sourceMm: PointLps;
  readonly aimPointMm: PointLps;
  /** Cone diameter defined at 800 mm source–axis distance, mm. */
  readonly coneDiameterMm: number;
  /** Index of the robot node in the node set used. */
  readonly nodeIndex: number;
  /** Unit vector from source to aim point (patient LPS). */
  readonly directionLps: Vec3;
  /** Source-to-aim-point distance, mm (the beam's SAD; 800 mm nominal). */
  readonly sourceAxisDistanceMm: number;
}
