import { InputError } from '../errors/InputError';

/** Longest polygon edge used for analytic shapes, mm. */
export const DEFAULT_MAX_SEGMENT_MM = 1;
/** Fewest vertices of an analytic polygon: 72 (5°) keeps the inscribed-area loss below 0.13 %. */
export const MIN_POLYGON_VERTICES = 72;

/**
 * Vertices of an axis-aligned ellipse in the axial plane, as x0, y0, x1, y1, ... (patient mm), counter-clockwise
 * in (x, y) and not repeating the first vertex. Vertices are uniform in the parametric angle, so no edge is
 * longer than `maxSegmentMm` (edge ≤ max(a, b)·Δθ) and there are at least MIN_POLYGON_VERTICES of them.
 * Throws InputError for non-positive or non-finite semi-axes.
 */
export function ellipsePolygonXy(
  centerXMm: number,
  centerYMm: number,
  semiAxisXMm: number,
  semiAxisYMm: number,
  maxSegmentMm = DEFAULT_MAX_SEGMENT_MM,
): Float64Array {
  if (!(semiAxisXMm > 0) || !(semiAxisYMm > 0) || !Number.isFinite(semiAxisXMm) || !Number.isFinite(semiAxisYMm)) {
    throw new InputError('bad-semi-axis', `ellipse semi-axes must be positive finite mm, got ${semiAxisXMm}, ${semiAxisYMm}`);
  }
  if (!Number.isFinite(centerXMm) || !Number.isFinite(centerYMm)) {
    throw new InputError('not-finite', `ellipse centre must be finite, got ${centerXMm}, ${centerYMm}`);
  }
  if (!(maxSegmentMm > 0)) throw new InputError('bad-segment', `maxSegmentMm must be positive, got ${maxSegmentMm}`);
  const n = Math.max(MIN_POLYGON_VERTICES, Math.ceil((2 * Math.PI * Math.max(semiAxisXMm, semiAxisYMm)) / maxSegmentMm));
  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    xy[2 * i] = centerXMm + semiAxisXMm * Math.cos(t);
    xy[2 * i + 1] = centerYMm + semiAxisYMm * Math.sin(t);
  }
  return xy;
}

/** Signed shoelace area of a closed polygon given as x0, y0, x1, y1, ... (mm²; positive when counter-clockwise in x, y). */
export function polygonSignedAreaMm2(xyMm: ArrayLike<number>): number {
  const n = xyMm.length / 2;
  let twiceArea = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    twiceArea += xyMm[2 * j] * xyMm[2 * i + 1] - xyMm[2 * i] * xyMm[2 * j + 1];
  }
  return twiceArea / 2;
}
