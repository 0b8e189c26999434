/**
 * Sub-voxel surface points of a binary mask: the 0.5 crossings, on grid edges, of the mask's indicator
 * after anti-aliasing with the separable kernel [1/6, 2/3, 1/6] per axis (the cubic B-spline at integer
 * offsets, i.e. the cubic B-spline approximation of the sampled indicator evaluated at voxel centres;
 * outside the grid counts as empty). Smoothing removes the staircase of oblique voxelised surfaces
 * (the 0.5 level of a smoothed planar interface lies near the plane) but moves curved surfaces towards
 * their concave side by about σ²·(κ₁ + κ₂)/2 (σ² = ⅓ spacing² per axis): this kernel balanced the two
 * best of [¼,½,¼], [1/6,2/3,1/6], [⅛,¾,⅛] in the sphere/plane/cylinder trials of
 * test/distance/minimumDistanceMm.test.ts. To keep thin structures (a single voxel, a one-voxel plate)
 * from vanishing, every mask voxel keeps a value ≥ 0.5 (guard); they collapse to their voxel centres.
 * Used by minimumDistanceMm only: margins (expandMask) use the unsmoothed trilinear surface, because
 * the smoothing shrinks small targets (a 5 mm-radius GTV on a 2×3×2.5 mm grid) too much.
 */

const SIDE_WEIGHT = 1 / 6;
const CENTRE_WEIGHT = 2 / 3;

/** Anti-aliased indicator: max(B-spline(mask), 0.5·mask), float32, same layout as the mask. */
export function antiAliasedIndicator(mask: Uint8Array, dimensions: readonly [number, number, number]): Float32Array {
  const [nx, ny, nz] = dimensions;
  const a = new Float32Array(mask.length);
  for (let v = 0; v < mask.length; v++) a[v] = mask[v] !== 0 ? 1 : 0;
  const b = new Float32Array(mask.length);
  smoothAxis(a, b, nx, 1, ny * nz, nx, 1);
  smoothAxis(b, a, ny, nx, nz, nx * ny, nx);
  smoothAxis(a, b, nz, nx * ny, ny, nx, nx);
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0 && b[v] < 0.5) b[v] = 0.5;
  return b;
}

/**
 * out = [1/6, 2/3, 1/6] filter of src along one axis. Lines start at i + o·outerStride (i < innerCount,
 * o < outerCount) and step by `stride` over `length` samples; beyond the grid counts as 0.
 */
function smoothAxis(src: Float32Array, out: Float32Array, length: number, stride: number, outerCount: number, outerStride: number, innerCount: number): void {
  const last = length - 1;
  for (let o = 0; o < outerCount; o++) {
    for (let i = 0; i < innerCount; i++) {
      const base = i + o * outerStride;
      for (let q = 0; q < length; q++) {
        const v = base + q * stride;
        const lo = q > 0 ? src[v - stride] : 0;
        const hi = q < last ? src[v + stride] : 0;
        out[v] = CENTRE_WEIGHT * src[v] + SIDE_WEIGHT * (lo + hi);
      }
    }
  }
}

/**
 * Collects the 0.5 crossings of `field` on edges between face neighbours, as x, y, z triples in grid mm
 * (voxel (i, j, k) at (i·sx, j·sy, k·sz)), linearly interpolated along the edge. Only edges whose inside
 * end v has filter[v] ≤ filterLimit are kept (pass Infinity to keep all).
 */
export function surfaceCrossings(
  field: Float32Array,
  dimensions: readonly [number, number, number],
  spacingMm: readonly [number, number, number],
  filter: Float32Array,
  filterLimit: number,
): Float64Array {
  const [nx, ny, nz] = dimensions;
  const [sx, sy, sz] = spacingMm;
  const plane = nx * ny;
  const strides = [1, nx, plane];
  const steps = [sx, sy, sz];
  let points = new Float64Array(3 * 256);
  let count = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = i + j * nx + k * plane;
        const fv = field[v];
        const vInside = fv >= 0.5;
        for (let axis = 0; axis < 3; axis++) {
          if ((axis === 0 ? i : axis === 1 ? j : k) === (axis === 0 ? nx : axis === 1 ? ny : nz) - 1) continue;
          const w = v + strides[axis];
          const fw = field[w];
          if ((fw >= 0.5) === vInside) continue;
          if (!(filter[vInside ? v : w] <= filterLimit)) continue;
          // fraction of the edge from v to the 0.5 level
          const t = (fv - 0.5) / (fv - fw);
          if (3 * count + 3 > points.length) {
            const grown = new Float64Array(points.length * 2);
            grown.set(points);
            points = grown;
          }
          points[3 * count] = i * sx + (axis === 0 ? t * steps[0] : 0);
          points[3 * count + 1] = j * sy + (axis === 1 ? t * steps[1] : 0);
          points[3 * count + 2] = k * sz + (axis === 2 ? t * steps[2] : 0);
          count++;
        }
      }
    }
  }
  return points.subarray(0, 3 * count);
}
