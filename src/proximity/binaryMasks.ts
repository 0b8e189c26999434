/** Small operations on 0/1 masks of the same grid (typed-array loops, no allocation beyond the result). */

/** Voxel-wise OR of masks into a new mask of `count` voxels. */
export function unionOfMasks(masks: readonly Uint8Array[], count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (const m of masks) for (let v = 0; v < count; v++) out[v] |= m[v];
  return out;
}

export function hasVoxel(mask: Uint8Array): boolean {
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) return true;
  return false;
}

export function countVoxels(mask: Uint8Array): number {
  let n = 0;
  for (let v = 0; v < mask.length; v++) n += mask[v];
  return n;
}

/** Voxels set in both masks. */
export function countBoth(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let v = 0; v < a.length; v++) n += a[v] & b[v];
  return n;
}

/** a AND b as a new mask. */
export function intersectMasks(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let v = 0; v < a.length; v++) out[v] = a[v] & b[v];
  return out;
}
