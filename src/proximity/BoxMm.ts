import type { Vec3 } from '../geometry/points';

/** Axis-aligned box in patient LPS mm, min ≤ max per axis (closed). */
export interface BoxMm {
  readonly min: Vec3;
  readonly max: Vec3;
}

/** Smallest box holding both. */
export function boxUnion(a: BoxMm, b: BoxMm): BoxMm {
  return {
    min: [Math.min(a.min[0], b.min[0]), Math.min(a.min[1], b.min[1]), Math.min(a.min[2], b.min[2])],
    max: [Math.max(a.max[0], b.max[0]), Math.max(a.max[1], b.max[1]), Math.max(a.max[2], b.max[2])],
  };
}

/** Overlap of two boxes, or null when they are disjoint. */
export function boxIntersection(a: BoxMm, b: BoxMm): BoxMm | null {
  const min: Vec3 = [Math.max(a.min[0], b.min[0]), Math.max(a.min[1], b.min[1]), Math.max(a.min[2], b.min[2])];
  const max: Vec3 = [Math.min(a.max[0], b.max[0]), Math.min(a.max[1], b.max[1]), Math.min(a.max[2], b.max[2])];
  return min[0] <= max[0] && min[1] <= max[1] && min[2] <= max[2] ? { min, max } : null;
}

/** Box grown by `marginMm` on every side (per axis x, y, z when a triple). */
export function boxExpand(box: BoxMm, marginMm: number | Vec3): BoxMm {
  const m: Vec3 = typeof marginMm === 'number' ? [marginMm, marginMm, marginMm] : marginMm;
  return {
    min: [box.min[0] - m[0], box.min[1] - m[1], box.min[2] - m[2]],
    max: [box.max[0] + m[0], box.max[1] + m[1], box.max[2] + m[2]],
  };
}

/** Volume in mm³. */
export function boxVolumeMm3(box: BoxMm): number {
  return (box.max[0] - box.min[0]) * (box.max[1] - box.min[1]) * (box.max[2] - box.min[2]);
}
