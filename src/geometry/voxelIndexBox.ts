/** Inclusive voxel index bounds: voxels lo[a] ≤ index ≤ hi[a] along each axis a (i, j, k). */
export interface VoxelIndexBox {
  readonly lo: [number, number, number];
  readonly hi: [number, number, number];
}

/**
 * Smallest index box holding every voxel whose value is above `threshold` ('above': value > threshold) or at
 * least it ('atLeast': value ≥ threshold); NaN values never count. null when no voxel counts. A 0/1 mask's
 * voxels are `voxelIndexBox(mask, dimensions, 0, 'above')`.
 * @param values voxel values, index i + j·nx + k·nx·ny
 * @param dimensions [nx, ny, nz]
 */
export function voxelIndexBox(
  values: ArrayLike<number>,
  dimensions: readonly [number, number, number],
  threshold: number,
  comparison: 'above' | 'atLeast',
): VoxelIndexBox | null {
  const [nx, ny, nz] = dimensions;
  const atLeast = comparison === 'atLeast';
  let i0 = nx, i1 = -1, j0 = ny, j1 = -1, k0 = nz, k1 = -1;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        const value = values[v];
        if (atLeast ? !(value >= threshold) : !(value > threshold)) continue;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        if (k < k0) k0 = k;
        if (k > k1) k1 = k;
      }
    }
  }
  return i1 < 0 ? null : { lo: [i0, j0, k0], hi: [i1, j1, k1] };
}

/** The box grown by `voxels[a]` on both sides of each axis a, clipped to the grid [0, dimensions[a] − 1]. */
export function growVoxelIndexBox(box: VoxelIndexBox, dimensions: readonly [number, number, number], voxels: readonly [number, number, number]): VoxelIndexBox {
  const lo: [number, number, number] = [0, 0, 0];
  const hi: [number, number, number] = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    lo[a] = Math.max(0, box.lo[a] - voxels[a]);
    hi[a] = Math.min(dimensions[a] - 1, box.hi[a] + voxels[a]);
  }
  return { lo, hi };
}
