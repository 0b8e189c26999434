/**
 * Exact weighted squared Euclidean distance transform of a binary mask, by the separable lower-envelope
 * algorithm of Felzenszwalb & Huttenlocher ("Distance transforms of sampled functions", Theory of
 * Computing 8:415, 2012), one pass per axis in the order x, y, z:
 *
 *   out[v] = min over voxels m with mask[m] ≠ 0 of Σₐ wₐ·(vₐ − mₐ)²        (0 inside the mask)
 *
 * With wₐ = spacingₐ² this is the squared distance in mm² between voxel centres. A weight of
 * +Infinity forbids any displacement along that axis (its pass is skipped), which gives degenerate
 * ellipsoids for zero margins. Voxels with no reachable mask voxel (empty mask, or every line blocked)
 * are +Infinity.
 *
 * Arithmetic is float64 within a line; the result is stored as float32 between passes (relative error
 * ~1e-7). Scratch buffers are allocated once per call, sized to the longest axis; nothing per voxel.
 * Arguments are trusted: callers validate (see validateMaskGeometry).
 * @param axisWeights per-axis weight of a squared index step (> 0, or Infinity)
 * @param out optional buffer of nx·ny·nz values
 */
export function weightedSquaredEdt(
  mask: Uint8Array,
  dimensions: readonly [number, number, number],
  axisWeights: readonly [number, number, number],
  out?: Float32Array,
): Float32Array {
  const [nx, ny, nz] = dimensions;
  const f = out ?? new Float32Array(nx * ny * nz);
  firstAxisPass(mask, f, nx, ny * nz, axisWeights[0]);
  const longest = Math.max(nx, ny, nz);
  const scratch: Scratch = {
    values: new Float64Array(longest),
    parabolaIndex: new Int32Array(longest),
    parabolaHeight: new Float64Array(longest),
    boundary: new Float64Array(longest + 1),
  };
  const wy = axisWeights[1];
  if (wy !== Infinity && ny > 1) {
    const plane = nx * ny;
    for (let k = 0; k < nz; k++) {
      // i innermost: neighbouring lines touch neighbouring floats, so strided reads stay in cache.
      for (let i = 0; i < nx; i++) lowerEnvelopeLine(f, i + k * plane, nx, ny, wy, scratch);
    }
  }
  const wz = axisWeights[2];
  if (wz !== Infinity && nz > 1) {
    const plane = nx * ny;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) lowerEnvelopeLine(f, i + j * nx, plane, nz, wz, scratch);
    }
  }
  return f;
}

interface Scratch {
  /** f along the current line (float64 copy). */
  readonly values: Float64Array;
  /** Indices of the parabolas in the lower envelope. */
  readonly parabolaIndex: Int32Array;
  /** f(q) + w·q² of those parabolas. */
  readonly parabolaHeight: Float64Array;
  /** Boundaries between envelope parabolas. */
  readonly boundary: Float64Array;
}

/** x pass on a binary input: two sweeps give the index gap to the nearest mask voxel on the row. */
function firstAxisPass(mask: Uint8Array, f: Float32Array, nx: number, rows: number, w: number): void {
  if (w === Infinity) {
    for (let v = 0; v < f.length; v++) f[v] = mask[v] !== 0 ? 0 : Infinity;
    return;
  }
  for (let row = 0; row < rows; row++) {
    const base = row * nx;
    let last = -1;
    for (let i = 0; i < nx; i++) {
      if (mask[base + i] !== 0) last = i;
      f[base + i] = last < 0 ? Infinity : i - last;
    }
    last = -1;
    for (let i = nx - 1; i >= 0; i--) {
      if (mask[base + i] !== 0) last = i;
      let gap = f[base + i];
      if (last >= 0 && last - i < gap) gap = last - i;
      f[base + i] = gap === Infinity ? Infinity : w * gap * gap;
    }
  }
}

/**
 * 1D transform of one strided line in place: f(q) ← min_p w·(q − p)² + f(p) over finite f(p).
 * Parabolas with f = +Infinity never enter the envelope, so lines without any finite value stay +Infinity.
 */
function lowerEnvelopeLine(f: Float32Array, start: number, stride: number, length: number, w: number, s: Scratch): void {
  const values = s.values;
  const index = s.parabolaIndex;
  const height = s.parabolaHeight;
  const z = s.boundary;
  let k = -1;
  const twoW = 2 * w;
  for (let q = 0; q < length; q++) {
    const fq = f[start + q * stride];
    values[q] = fq;
    if (fq === Infinity) continue;
    const hq = fq + w * q * q;
    if (k < 0) {
      k = 0;
      index[0] = q;
      height[0] = hq;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let boundary = (hq - height[k]) / (twoW * (q - index[k]));
    // z[0] = −∞, so k never drops below 0.
    while (boundary <= z[k]) {
      k--;
      boundary = (hq - height[k]) / (twoW * (q - index[k]));
    }
    k++;
    index[k] = q;
    height[k] = hq;
    z[k] = boundary;
    z[k + 1] = Infinity;
  }
  if (k < 0) return;
  let j = 0;
  for (let q = 0; q < length; q++) {
    while (z[j + 1] < q) j++;
    const p = index[j];
    const dq = q - p;
    f[start + q * stride] = w * dq * dq + values[p];
  }
}
