/** Test helpers: seeded random numbers and analytic shapes rasterised by voxel-centre inclusion. */

export type Vec3 = [number, number, number];

/** Park–Miller minimal standard generator; deterministic for a given seed. Returns values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed % 2147483647;
  if (state <= 0) state += 2147483646;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** Mask with voxel (i, j, k) set when inside(i·sx, j·sy, k·sz) (grid mm, voxel 0 at the origin). */
export function rasterize(dims: Vec3, spacing: Vec3, inside: (x: number, y: number, z: number) => boolean): Uint8Array {
  const [nx, ny, nz] = dims;
  const mask = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) mask[i + j * nx + k * nx * ny] = inside(i * spacing[0], j * spacing[1], k * spacing[2]) ? 1 : 0;
    }
  }
  return mask;
}

export function sphere(centre: Vec3, radiusMm: number): (x: number, y: number, z: number) => boolean {
  return (x, y, z) => (x - centre[0]) ** 2 + (y - centre[1]) ** 2 + (z - centre[2]) ** 2 <= radiusMm * radiusMm;
}

export function randomUnitVector(random: () => number): Vec3 {
  for (;;) {
    const v: Vec3 = [2 * random() - 1, 2 * random() - 1, 2 * random() - 1];
    const length = Math.hypot(...v);
    if (length > 0.1 && length <= 1) return [v[0] / length, v[1] / length, v[2] / length];
  }
}

export function countVoxels(mask: Uint8Array): number {
  let n = 0;
  for (let v = 0; v < mask.length; v++) n += mask[v] !== 0 ? 1 : 0;
  return n;
}
