import { InputError } from '../errors/InputError';
import { gridTransforms, pickGeometry, voxelVolumeCc, type GridGeometry } from '../geometry/Grid3';
import type { PointLps } from '../geometry/points';
import { assertMaskOnGrid } from '../metrics/maskFractionsOnGrid';
import { boundsDimensions, type BoundsIjk, type StructureMask } from '../voxelize/StructureMask';

/**
 * Voxelwise union of partial-volume masks on one grid: fraction = max of the fractions. Exact when, inside each
 * voxel, one structure contains the others' part (nested or identical outlines); for disjoint structures sharing a
 * voxel it is a lower bound (left and right lungs are separated by the mediastinum, so they share no voxel).
 * `structureVolumeCc` and `contourGapCount` are summed, `clippedByGrid` is any; pass `structureVolumeCc` to override.
 * Throws InputError('no-masks') for an empty list, 'geometry-mismatch' for masks on different grids.
 */
export function unionMasks(masks: readonly StructureMask[], structureVolumeCc?: number): StructureMask {
  if (masks.length === 0) throw new InputError('no-masks', 'unionMasks needs at least one mask');
  const geometry = masks[0].geometry;
  masks.forEach((m, n) => assertMaskOnGrid(m, geometry, `mask ${n}`));
  const bounds = unionBounds(masks.map((m) => m.boundsIjk));
  const meta = {
    structureVolumeCc: structureVolumeCc ?? masks.reduce((s, m) => s + m.structureVolumeCc, 0),
    clippedByGrid: masks.some((m) => m.clippedByGrid),
    contourGapCount: masks.reduce((s, m) => s + m.contourGapCount, 0),
  };
  if (bounds === null) return emptyMask(geometry, meta);
  const box = new Float32Array(boxSize(bounds));
  for (const mask of masks) combineInto(box, bounds, mask, 'max');
  return maskFromBox(geometry, bounds, box, meta);
}

/**
 * Voxelwise difference: fraction = max(0, base − cut). Exact when `cut` lies inside `base` within each voxel
 * (a GTV inside the lung); otherwise the overlap of `cut` with the rest of the voxel is removed too, a lower bound
 * of the remaining volume. Keeps the base's `clippedByGrid` and `contourGapCount`; `structureVolumeCc` is the
 * base's minus the volume removed (on the grid).
 * Throws InputError('geometry-mismatch') when the masks are on different grids.
 */
export function subtractMask(base: StructureMask, cut: StructureMask): StructureMask {
  assertMaskOnGrid(cut, base.geometry, 'subtracted mask');
  const meta = { structureVolumeCc: base.structureVolumeCc, clippedByGrid: base.clippedByGrid, contourGapCount: base.contourGapCount };
  const bounds = base.boundsIjk;
  if (bounds === null) return emptyMask(base.geometry, meta);
  const box = base.fractions.slice();
  combineInto(box, bounds, cut, 'subtract');
  const result = maskFromBox(base.geometry, bounds, box, meta);
  return { ...result, structureVolumeCc: base.structureVolumeCc - (base.volumeCc - result.volumeCc) };
}

/** Σ over voxels of min(fraction a, fraction b) × voxel volume, cc: the shared volume when one is nested in the other per voxel. */
export function overlapVolumeCc(a: StructureMask, b: StructureMask): number {
  assertMaskOnGrid(b, a.geometry, 'mask');
  const ba = a.boundsIjk;
  const bb = b.boundsIjk;
  if (ba === null || bb === null) return 0;
  const i0 = Math.max(ba.i0, bb.i0), i1 = Math.min(ba.i1, bb.i1);
  const j0 = Math.max(ba.j0, bb.j0), j1 = Math.min(ba.j1, bb.j1);
  const k0 = Math.max(ba.k0, bb.k0), k1 = Math.min(ba.k1, bb.k1);
  if (i0 > i1 || j0 > j1 || k0 > k1) return 0;
  const [ax, ay] = boundsDimensions(ba);
  const [bx, by] = boundsDimensions(bb);
  let sum = 0;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const oa = (k - ba.k0) * ax * ay + (j - ba.j0) * ax - ba.i0;
      const ob = (k - bb.k0) * bx * by + (j - bb.j0) * bx - bb.i0;
      for (let i = i0; i <= i1; i++) {
        const fa = a.fractions[oa + i];
        const fb = b.fractions[ob + i];
        sum += fa < fb ? fa : fb;
      }
    }
  }
  return sum * voxelVolumeCc(a.geometry);
}

/** Fraction-weighted centre of a mask in patient mm (LPS); null for an empty mask. */
export function maskCentroidMm(mask: StructureMask): PointLps | null {
  const b = mask.boundsIjk;
  if (b === null) return null;
  const [bx, by] = boundsDimensions(b);
  let w = 0, si = 0, sj = 0, sk = 0;
  for (let k = b.k0; k <= b.k1; k++) {
    for (let j = b.j0; j <= b.j1; j++) {
      const offset = (k - b.k0) * bx * by + (j - b.j0) * bx - b.i0;
      for (let i = b.i0; i <= b.i1; i++) {
        const f = mask.fractions[offset + i];
        if (!(f > 0)) continue;
        w += f;
        si += f * i;
        sj += f * j;
        sk += f * k;
      }
    }
  }
  if (!(w > 0)) return null;
  const m = gridTransforms(mask.geometry).indexToWorld;
  const i = si / w, j = sj / w, k = sk / w;
  return { xMm: m[0] * i + m[1] * j + m[2] * k + m[3], yMm: m[4] * i + m[5] * j + m[6] * k + m[7], zMm: m[8] * i + m[9] * j + m[10] * k + m[11] };
}

interface MaskMeta {
  readonly structureVolumeCc: number;
  readonly clippedByGrid: boolean;
  readonly contourGapCount: number;
}

function emptyMask(geometry: GridGeometry, meta: MaskMeta): StructureMask {
  return { geometry: pickGeometry(geometry), boundsIjk: null, fractions: new Float32Array(0), volumeCc: 0, ...meta };
}

function unionBounds(all: readonly (BoundsIjk | null)[]): BoundsIjk | null {
  let out: BoundsIjk | null = null;
  for (const b of all) {
    if (b === null) continue;
    out = out === null ? b : { i0: Math.min(out.i0, b.i0), i1: Math.max(out.i1, b.i1), j0: Math.min(out.j0, b.j0), j1: Math.max(out.j1, b.j1), k0: Math.min(out.k0, b.k0), k1: Math.max(out.k1, b.k1) };
  }
  return out;
}

function boxSize(b: BoundsIjk): number {
  const [x, y, z] = boundsDimensions(b);
  return x * y * z;
}

/** box (over `bounds`) ← max(box, mask) or max(0, box − mask), over the part of the mask inside `bounds`. */
function combineInto(box: Float32Array, bounds: BoundsIjk, mask: StructureMask, op: 'max' | 'subtract'): void {
  const mb = mask.boundsIjk;
  if (mb === null) return;
  const i0 = Math.max(bounds.i0, mb.i0), i1 = Math.min(bounds.i1, mb.i1);
  const j0 = Math.max(bounds.j0, mb.j0), j1 = Math.min(bounds.j1, mb.j1);
  const k0 = Math.max(bounds.k0, mb.k0), k1 = Math.min(bounds.k1, mb.k1);
  if (i0 > i1 || j0 > j1 || k0 > k1) return;
  const [bx, by] = boundsDimensions(bounds);
  const [mx, my] = boundsDimensions(mb);
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const ob = (k - bounds.k0) * bx * by + (j - bounds.j0) * bx - bounds.i0;
      const om = (k - mb.k0) * mx * my + (j - mb.j0) * mx - mb.i0;
      for (let i = i0; i <= i1; i++) {
        const f = mask.fractions[om + i];
        if (!(f > 0)) continue;
        const current = box[ob + i];
        if (op === 'max') {
          if (f > current) box[ob + i] = f;
        } else {
          box[ob + i] = current > f ? current - f : 0;
        }
      }
    }
  }
}

/** A mask from fractions over `bounds`, cropped to the tight box of fractions > 0, with its volume. */
function maskFromBox(geometry: GridGeometry, bounds: BoundsIjk, box: Float32Array, meta: MaskMeta): StructureMask {
  const [bx, by] = boundsDimensions(bounds);
  let sum = 0;
  let i0 = Infinity, i1 = -1, j0 = Infinity, j1 = -1, k0 = Infinity, k1 = -1;
  for (let k = bounds.k0; k <= bounds.k1; k++) {
    for (let j = bounds.j0; j <= bounds.j1; j++) {
      const offset = (k - bounds.k0) * bx * by + (j - bounds.j0) * bx - bounds.i0;
      for (let i = bounds.i0; i <= bounds.i1; i++) {
        const f = box[offset + i];
        if (!(f > 0)) continue;
        sum += f;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        if (k < k0) k0 = k;
        if (k > k1) k1 = k;
      }
    }
  }
  if (i1 < 0) return emptyMask(geometry, meta);
  const tight: BoundsIjk = { i0, i1, j0, j1, k0, k1 };
  const [tx, ty, tz] = boundsDimensions(tight);
  let fractions = box;
  if (tx !== bx || ty !== by || tz * tx * ty !== box.length) {
    fractions = new Float32Array(tx * ty * tz);
    for (let k = k0; k <= k1; k++) {
      for (let j = j0; j <= j1; j++) {
        const from = (k - bounds.k0) * bx * by + (j - bounds.j0) * bx + (i0 - bounds.i0);
        fractions.set(box.subarray(from, from + tx), (k - k0) * tx * ty + (j - j0) * tx);
      }
    }
  }
  return { geometry: pickGeometry(geometry), boundsIjk: tight, fractions, volumeCc: sum * voxelVolumeCc(geometry), ...meta };
}
