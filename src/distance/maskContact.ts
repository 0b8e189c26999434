/**
 * The first voxel of A (in index order) that is in B or has a face neighbour in B, with that voxel of B
 * (checked in the order: same voxel, i − 1, i + 1, j − 1, j + 1, k − 1, k + 1); undefined when A and B neither
 * overlap nor touch. Nonzero values count as inside.
 * @param a, b masks on the same grid, index i + j·nx + k·nx·ny
 * @param dims [nx, ny, nz]
 */
export function maskContact(a: Uint8Array, b: Uint8Array, dims: readonly [number, number, number]): { indexA: number; indexB: number } | undefined {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (a[v] === 0) continue;
        if (b[v] !== 0) return { indexA: v, indexB: v };
        if (i > 0 && b[v - 1] !== 0) return { indexA: v, indexB: v - 1 };
        if (i < nx - 1 && b[v + 1] !== 0) return { indexA: v, indexB: v + 1 };
        if (j > 0 && b[v - nx] !== 0) return { indexA: v, indexB: v - nx };
        if (j < ny - 1 && b[v + nx] !== 0) return { indexA: v, indexB: v + nx };
        if (k > 0 && b[v - plane] !== 0) return { indexA: v, indexB: v - plane };
        if (k < nz - 1 && b[v + plane] !== 0) return { indexA: v, indexB: v + plane };
      }
    }
  }
  return undefined;
}
