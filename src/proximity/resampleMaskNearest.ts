import type { GridGeometry } from '../geometry/Grid3';

/**
 * Copies a binary mask onto another axis-aligned grid (identity direction, any spacing): each target voxel
 * takes the value of the source voxel containing its centre (nearest neighbour; 0 outside the source grid).
 * Between aligned lattice grids (latticeGrid) with the same or a multiple spacing this is exact. When the
 * source is non-empty but no target centre falls inside it (an object smaller than a target voxel), the
 * target voxel holding the source's centre of mass is set, so small targets never vanish on coarse grids.
 */
export function resampleMaskNearest(source: Uint8Array, from: GridGeometry, to: GridGeometry): Uint8Array {
  const [sx, sy] = from.dimensions;
  const [tx, ty, tz] = to.dimensions;
  const out = new Uint8Array(tx * ty * tz);
  // Per target index along each axis, the source index of its centre (−1 outside).
  const lookup = [0, 1, 2].map((a) => {
    const n = to.dimensions[a];
    const map = new Int32Array(n);
    for (let q = 0; q < n; q++) {
      const s = Math.round((to.originMm[a] + q * to.spacingMm[a] - from.originMm[a]) / from.spacingMm[a]);
      map[q] = s >= 0 && s < from.dimensions[a] ? s : -1;
    }
    return map;
  });
  const [li, lj, lk] = lookup;
  let count = 0;
  for (let k = 0; k < tz; k++) {
    const sk = lk[k];
    if (sk < 0) continue;
    for (let j = 0; j < ty; j++) {
      const sj = lj[j];
      if (sj < 0) continue;
      const srcRow = sj * sx + sk * sx * sy;
      const dstRow = j * tx + k * tx * ty;
      for (let i = 0; i < tx; i++) {
        const si = li[i];
        if (si >= 0 && source[srcRow + si] !== 0) {
          out[dstRow + i] = 1;
          count++;
        }
      }
    }
  }
  if (count === 0) markCentreOfMass(source, from, to, out);
  return out;
}

function markCentreOfMass(source: Uint8Array, from: GridGeometry, to: GridGeometry, out: Uint8Array): void {
  const [sx, sy, sz] = from.dimensions;
  let n = 0, ci = 0, cj = 0, ck = 0;
  let v = 0;
  for (let k = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      for (let i = 0; i < sx; i++, v++) {
        if (source[v] === 0) continue;
        n++;
        ci += i;
        cj += j;
        ck += k;
      }
    }
  }
  if (n === 0) return;
  const centre = [ci / n, cj / n, ck / n];
  const index: number[] = [];
  for (let a = 0; a < 3; a++) {
    const mm = from.originMm[a] + centre[a] * from.spacingMm[a];
    const q = Math.round((mm - to.originMm[a]) / to.spacingMm[a]);
    if (q < 0 || q >= to.dimensions[a]) return;
    index.push(q);
  }
  out[index[0] + index[1] * to.dimensions[0] + index[2] * to.dimensions[0] * to.dimensions[1]] = 1;
}
