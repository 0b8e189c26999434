import { InputError } from '../errors/InputError';
import type { PointLps } from '../geometry/points';

/** Orthonormal beam frame in patient LPS: axis from source to aim point, and two transverse unit vectors. */
export interface BeamFrame {
  /** Unit vector source → aim point. */
  readonly axis: Float64Array;
  /** Transverse unit vectors, e1 × e2 = axis. */
  readonly e1: Float64Array;
  readonly e2: Float64Array;
  /** Source → aim point distance, mm. */
  readonly sourceAxisDistanceMm: number;
}

/**
 * Frame of a beam: e1 = normalise(axis × ẑ) (ẑ = patient superior, +z LPS), or axis × x̂ when the beam runs along z
 * within 1e-6, and e2 = axis × e1. Built from axis and fixed patient directions only, so mirroring the beam in x
 * mirrors the frame (e1 → −M·e1, e2 → M·e2): mirrored beams sample mirrored lattices. Throws InputError
 * 'bad-beam' when source and aim point coincide or are not finite.
 */
export function beamFrame(sourceMm: PointLps, aimPointMm: PointLps): BeamFrame {
  const ax = aimPointMm.xMm - sourceMm.xMm;
  const ay = aimPointMm.yMm - sourceMm.yMm;
  const az = aimPointMm.zMm - sourceMm.zMm;
  const length = Math.hypot(ax, ay, az);
  if (!(length > 1e-6) || !Number.isFinite(length)) {
    throw new InputError('bad-beam', `beam source (${sourceMm.xMm}, ${sourceMm.yMm}, ${sourceMm.zMm}) and aim point (${aimPointMm.xMm}, ${aimPointMm.yMm}, ${aimPointMm.zMm}) must be finite and distinct`);
  }
  const a = Float64Array.of(ax / length, ay / length, az / length);
  // axis × ẑ = (ay, −ax, 0); fallback axis × x̂ = (0, az, −ay).
  let e1x = a[1];
  let e1y = -a[0];
  let e1z = 0;
  let n = Math.hypot(e1x, e1y);
  if (n < 1e-6) {
    e1x = 0;
    e1y = a[2];
    e1z = -a[1];
    n = Math.hypot(e1y, e1z);
  }
  const e1 = Float64Array.of(e1x / n, e1y / n, e1z / n);
  const e2 = Float64Array.of(a[1] * e1[2] - a[2] * e1[1], a[2] * e1[0] - a[0] * e1[2], a[0] * e1[1] - a[1] * e1[0]);
  return { axis: a, e1, e2, sourceAxisDistanceMm: length };
}
