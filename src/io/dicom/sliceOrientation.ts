import type { Vec3 } from '../../geometry/points';

/** Unit axes of an image plane in patient LPS: u = row direction (increasing column), v = column direction, w = u × v. */
export interface SliceOrientation {
  readonly u: Vec3;
  readonly v: Vec3;
  readonly w: Vec3;
}

/**
 * Axes from ImageOrientationPatient (6 direction cosines). Accepts tiny round-off components
 * (e.g. 1.2e-16) and re-normalises; returns a message when the cosines are missing, not unit length
 * (± 1%) or not orthogonal (|u·v| > 1e-3).
 */
export function sliceOrientation(iop: readonly number[] | undefined): SliceOrientation | string {
  if (!iop || iop.length !== 6 || iop.some((c) => !Number.isFinite(c))) {
    return `ImageOrientationPatient must be 6 finite numbers, got [${iop ? iop.join(', ') : 'none'}]`;
  }
  const lu = Math.hypot(iop[0], iop[1], iop[2]);
  const lv = Math.hypot(iop[3], iop[4], iop[5]);
  if (Math.abs(lu - 1) > 0.01 || Math.abs(lv - 1) > 0.01) {
    return `ImageOrientationPatient rows/columns are not unit vectors: [${iop.join(', ')}]`;
  }
  const u = unit(iop[0], iop[1], iop[2], lu);
  const v = unit(iop[3], iop[4], iop[5], lv);
  if (Math.abs(dot(u, v)) > 1e-3) return `ImageOrientationPatient rows and columns are not orthogonal: [${iop.join(', ')}]`;
  const c = cross(u, v);
  return { u, v, w: unit(c[0], c[1], c[2], Math.hypot(c[0], c[1], c[2])) };
}

/** Opposite vector (without negative zeros, which would make equal directions compare unequal). */
export function negate(a: Vec3): Vec3 {
  return unit(-a[0], -a[1], -a[2], 1);
}

function unit(x: number, y: number, z: number, length: number): Vec3 {
  // `+ 0` turns -0 into 0.
  return [x / length + 0, y / length + 0, z / length + 0];
}

export function dot(a: readonly number[], b: readonly number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Rounds to 0.01 mm for messages (never prints "-0"). */
export function formatMm(valueMm: number): string {
  const r = Math.round(valueMm * 100) / 100;
  return String(r === 0 ? 0 : r);
}

/**
 * Describes a position `distanceMm` along w from `originMm` for messages: "z = 12.5 mm" for axial
 * stacks (w along ±z), otherwise "(x, y, z) mm".
 */
export function describeSlicePosition(originMm: readonly number[], w: Vec3, distanceMm: number): string {
  const x = originMm[0] + distanceMm * w[0];
  const y = originMm[1] + distanceMm * w[1];
  const z = originMm[2] + distanceMm * w[2];
  if (Math.abs(Math.abs(w[2]) - 1) < 1e-3) return `z = ${formatMm(z)} mm`;
  return `(${formatMm(x)}, ${formatMm(y)}, ${formatMm(z)}) mm`;
}
