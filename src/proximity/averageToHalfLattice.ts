import { InputError } from '../errors/InputError';
import type { GridGeometry } from '../geometry/Grid3';

/**
 * Partial-volume fractions on a lattice grid of twice the spacing: along each axis a coarse voxel (centre C,
 * extent C ± s) holds the whole fine voxel centred at C and half of those centred at C ± s, so its fraction
 * is the [¼, ½, ¼] tensor average of the fine fractions at C − s, C, C + s (exact when the fine fractions are
 * uniform within their voxels), computed as three separable passes. Fine voxels beyond the fine grid count as
 * 0. Both grids must be lattice grids (latticeGrid) with `to` spacing = 2 × `from` spacing; otherwise
 * InputError('bad-lattice').
 */
export function averageToHalfLattice(field: Float32Array, from: GridGeometry, to: GridGeometry): Float32Array {
  const s = from.spacingMm[0];
  if (Math.abs(to.spacingMm[0] - 2 * s) > 1e-9 * s) throw new InputError('bad-lattice', `target spacing ${to.spacingMm[0]} mm is not twice ${s} mm`);
  let current = field;
  let dims = [...from.dimensions];
  // One axis at a time: fine index of each coarse centre along the axis (may fall outside the fine grid).
  for (let axis = 0; axis < 3; axis++) {
    const n = to.dimensions[axis];
    const centres = new Int32Array(n);
    for (let q = 0; q < n; q++) centres[q] = Math.round((to.originMm[axis] + q * to.spacingMm[axis] - from.originMm[axis]) / s);
    const outDims = [...dims];
    outDims[axis] = n;
    const out = new Float32Array(outDims[0] * outDims[1] * outDims[2]);
    const length = dims[axis];
    const inStride = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
    const outStride = axis === 0 ? 1 : axis === 1 ? outDims[0] : outDims[0] * outDims[1];
    // Lines along `axis`: the other two indices (a, b) address the same line start in both arrays.
    const [ua, ub] = [0, 1, 2].filter((x) => x !== axis);
    for (let b = 0; b < dims[ub]; b++) {
      for (let a = 0; a < dims[ua]; a++) {
        const inStart = lineStart(dims, ua, ub, a, b);
        const outStart = lineStart(outDims, ua, ub, a, b);
        for (let q = 0; q < n; q++) {
          const c = centres[q];
          let sum = 0;
          if (c - 1 >= 0 && c - 1 < length) sum += 0.25 * current[inStart + (c - 1) * inStride];
          if (c >= 0 && c < length) sum += 0.5 * current[inStart + c * inStride];
          if (c + 1 >= 0 && c + 1 < length) sum += 0.25 * current[inStart + (c + 1) * inStride];
          out[outStart + q * outStride] = sum;
        }
      }
    }
    current = out;
    dims = outDims;
  }
  return current;
}

/** Index of the first voxel of the line with index `a` on axis ua and `b` on axis ub. */
function lineStart(dims: readonly number[], ua: number, ub: number, a: number, b: number): number {
  const stride = [1, dims[0], dims[0] * dims[1]];
  return a * stride[ua] + b * stride[ub];
}
