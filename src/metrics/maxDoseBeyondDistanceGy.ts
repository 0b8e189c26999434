import { weightedSquaredEdt } from '../distance/weightedSquaredEdt';
import { InputError } from '../errors/InputError';
import { gridTransforms, hasAxialSlices, type Grid3 } from '../geometry/Grid3';
import type { PointLps } from '../geometry/points';
import type { PlanarContour } from '../model/Structure';
import { contourSlabs, type ContourSlabOptions } from '../voxelize/contourSlabs';
import { boundsDimensions, type StructureMask } from '../voxelize/StructureMask';
import { voxelizeStructure } from '../voxelize/voxelizeStructure';
import { contourStackDistance } from './contourStackDistance';
import { doseGridMaximum } from './doseGridMaximum';
import { maskFractionsOnGrid } from './maskFractionsOnGrid';

/** A target given by its planar contours (exact geometry) or by a partial-volume mask on the dose grid. */
export type TargetShape = readonly PlanarContour[] | StructureMask;

export interface DoseBeyondDistanceOptions {
  /** Only points inside this region count (a voxel belongs to it when its fraction is ≥ ½), e.g. the body. */
  readonly region?: StructureMask;
  /** Slab model of contour targets (end caps, spacing); ignored for masks. */
  readonly contourOptions?: ContourSlabOptions;
}

/** Result of maxDoseBeyondDistanceGy. */
export interface DoseBeyondDistance {
  /** Highest dose at ≥ distanceMm from the target, Gy; null when no point of the grid (and region) is that far. */
  readonly maxDoseGy: number | null;
  /** Where that dose is, patient mm; null with maxDoseGy. */
  readonly locationMm: PointLps | null;
  readonly distanceMm: number;
  /**
   * 'contour-distance': exact distance to the contoured solid; 'mask-centre-distance': distance to the centres
   * of the mask's voxels with fraction ≥ ½ (≈ ½ voxel more than to the surface, so the result is high).
   */
  readonly method: 'contour-distance' | 'mask-centre-distance';
  /** True when the surface at distanceMm may reach beyond the dose grid, so part of the shell is not evaluated. */
  readonly shellClippedByGrid: boolean;
  /** Voxel-centre distances evaluated exactly (a measure of the work done). */
  readonly exactDistanceCount: number;
}

/**
 * Maximum dose at a distance ≥ `distanceMm` from a target in any direction (D2cm of RTOG 0813/0915 with
 * distanceMm = 20), over the trilinear dose of the whole grid.
 *
 * Region R = {p : dist(p, target) ≥ distanceMm}. The maximum of the trilinear dose over R is taken over (a) the
 * voxel centres in R and (b) the points where the grid lines between neighbouring voxel centres cross the
 * surface dist = distanceMm, located by linear interpolation of the two centres' exact distances (at 20 mm the
 * distance is smooth on the scale of a voxel) and valued by the dose, which is linear along a grid line. A
 * voxel-centre-only maximum would read the dose up to a voxel beyond the shell, i.e. too low by the fall-off
 * over one voxel (≈ 3 % of Rx per mm near a small target).
 *
 * Contours: the distance is exact (contourStackDistance). Cheap bounds (exact EDT to the voxels the target
 * touches ± half a voxel diagonal ± one spacing; the target's box) decide most voxels; exact distances are
 * computed only in a band around the shell, in order of decreasing dose, stopping as soon as no remaining
 * voxel can beat the maximum found. Masks: the exact EDT to the centres of voxels with fraction ≥ ½ (all
 * voxels with fraction > 0 when none reaches ½).
 * Throws InputError: dose errors (doseGridMaximum), 'bad-distance', contour errors, 'empty-mask',
 * 'geometry-mismatch'.
 */
export function maxDoseBeyondDistanceGy(dose: Grid3, target: TargetShape, distanceMm: number, options: DoseBeyondDistanceOptions = {}): DoseBeyondDistance {
  doseGridMaximum(dose);
  if (!(distanceMm > 0) || !Number.isFinite(distanceMm)) throw new InputError('bad-distance', `distance must be a finite mm value > 0, got ${distanceMm}`);
  const region = options.region === undefined ? undefined : maskFractionsOnGrid(options.region, dose, 'region');
  const geometry = Array.isArray(target)
    ? contourTargetDistances(dose, target as readonly PlanarContour[], distanceMm, options.contourOptions)
    : maskTargetDistances(dose, target as StructureMask, distanceMm);
  return searchMaximum(dose, geometry, distanceMm, region);
}

/** Distances around the target in a crop box of the grid (index ranges inclusive). */
interface TargetDistances {
  readonly method: DoseBeyondDistance['method'];
  /** Continuous index box containing the target. */
  readonly boxLo: readonly [number, number, number];
  readonly boxHi: readonly [number, number, number];
  /** Crop: every voxel outside it is at more than distanceMm + one spacing from the target. */
  readonly cropLo: readonly [number, number, number];
  readonly cropHi: readonly [number, number, number];
  /** Lower and upper bounds of each crop voxel's distance, mm (crop index order, x fastest). */
  readonly lowerMm: Float32Array;
  readonly upperMm: Float32Array;
  /** Exact distance of a voxel (data index), mm. */
  exactMm(index: number): number;
}

function contourTargetDistances(dose: Grid3, contours: readonly PlanarContour[], distanceMm: number, contourOptions: ContourSlabOptions | undefined): TargetDistances {
  const { slabs } = contourSlabs(contours, contourOptions);
  const solid = contourStackDistance(slabs);
  const box = solid.boxMm;
  if (box === null) throw new InputError('zero-volume', `${contourOptions?.structureName ?? 'target'}: the contours enclose no volume`);
  const w = gridTransforms(dose).worldToIndex;
  const boxLo: [number, number, number] = [Infinity, Infinity, Infinity];
  const boxHi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const x = c & 1 ? box.xMax : box.xMin;
    const y = c & 2 ? box.yMax : box.yMin;
    const z = c & 4 ? box.zMax : box.zMin;
    for (let a = 0; a < 3; a++) {
      const f = w[4 * a] * x + w[4 * a + 1] * y + w[4 * a + 2] * z + w[4 * a + 3];
      boxLo[a] = Math.min(boxLo[a], f);
      boxHi[a] = Math.max(boxHi[a], f);
    }
  }
  const [sx, sy, sz] = dose.spacingMm;
  const maxSpacing = Math.max(sx, sy, sz);
  const halfDiagonal = 0.5 * Math.hypot(sx, sy, sz);
  // Every touched voxel holds a target point (upper bound: + half diagonal); a target point lies in a touched
  // voxel except for slivers thinner than the voxeliser's sub-rows, so the lower bound allows one more spacing.
  const lowerSlack = halfDiagonal + maxSpacing;
  const { cropLo, cropHi } = cropAround(dose, boxLo, boxHi, distanceMm + lowerSlack + 2 * maxSpacing);
  const cropCount = (cropHi[0] - cropLo[0] + 1) * (cropHi[1] - cropLo[1] + 1) * (cropHi[2] - cropLo[2] + 1);
  const lowerMm = new Float32Array(cropCount);
  const upperMm = new Float32Array(cropCount);
  boxLowerBounds(dose, boxLo, boxHi, cropLo, cropHi, lowerMm);
  upperMm.fill(Infinity);

  // Tighter bounds from the exact EDT to the centres of the voxels the target touches.
  const touched = touchedVoxels(dose, contours, contourOptions);
  if (touched !== undefined) {
    const cropMask = cropOf(touched, dose.dimensions, cropLo, cropHi);
    const dims: [number, number, number] = [cropHi[0] - cropLo[0] + 1, cropHi[1] - cropLo[1] + 1, cropHi[2] - cropLo[2] + 1];
    const squared = weightedSquaredEdt(cropMask, dims, [sx * sx, sy * sy, sz * sz]);
    for (let v = 0; v < cropCount; v++) {
      const d = Math.sqrt(squared[v]);
      if (d - lowerSlack > lowerMm[v]) lowerMm[v] = d - lowerSlack;
      upperMm[v] = d + halfDiagonal;
    }
  }
  const m = gridTransforms(dose).indexToWorld;
  const [nx, ny] = dose.dimensions;
  return {
    method: 'contour-distance',
    boxLo,
    boxHi,
    cropLo,
    cropHi,
    lowerMm,
    upperMm,
    exactMm(index: number): number {
      const i = index % nx;
      const j = Math.floor(index / nx) % ny;
      const k = Math.floor(index / (nx * ny));
      return solid.distanceMm(m[0] * i + m[1] * j + m[2] * k + m[3], m[4] * i + m[5] * j + m[6] * k + m[7], m[8] * i + m[9] * j + m[10] * k + m[11]);
    },
  };
}

/** 0/1 mask (whole grid) of voxels with any part of the target, or undefined when it cannot be trusted for bounds. */
function touchedVoxels(dose: Grid3, contours: readonly PlanarContour[], contourOptions: ContourSlabOptions | undefined): Uint8Array | undefined {
  if (!hasAxialSlices(dose, 1e-6)) return undefined;
  const mask = voxelizeStructure(contours, dose, contourOptions);
  const b = mask.boundsIjk;
  if (mask.clippedByGrid || b === null) return undefined; // parts outside the grid are not in the mask
  const [nx, ny, nz] = dose.dimensions;
  const [bx, by] = boundsDimensions(b);
  const touched = new Uint8Array(nx * ny * nz);
  const fractions = mask.fractions;
  for (let k = b.k0; k <= b.k1; k++) {
    for (let j = b.j0; j <= b.j1; j++) {
      const from = (j - b.j0) * bx + (k - b.k0) * bx * by - b.i0;
      const to = j * nx + k * nx * ny;
      for (let i = b.i0; i <= b.i1; i++) touched[to + i] = fractions[from + i] > 0 ? 1 : 0;
    }
  }
  return touched;
}

function maskTargetDistances(dose: Grid3, mask: StructureMask, distanceMm: number): TargetDistances {
  const fractions = maskFractionsOnGrid(mask, dose, 'target mask');
  const [nx, ny, nz] = dose.dimensions;
  let threshold = 0.5;
  let peak = 0;
  for (let v = 0; v < fractions.length; v++) if (fractions[v] > peak) peak = fractions[v];
  if (!(peak > 0)) throw new InputError('empty-mask', 'the target mask covers no voxel of the dose grid');
  if (peak < 0.5) threshold = Number.MIN_VALUE;
  const boxLo: [number, number, number] = [Infinity, Infinity, Infinity];
  const boxHi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  const inside = new Uint8Array(fractions.length);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = i + j * nx + k * nx * ny;
        if (!(fractions[v] >= threshold)) continue;
        inside[v] = 1;
        boxLo[0] = Math.min(boxLo[0], i); boxHi[0] = Math.max(boxHi[0], i);
        boxLo[1] = Math.min(boxLo[1], j); boxHi[1] = Math.max(boxHi[1], j);
        boxLo[2] = Math.min(boxLo[2], k); boxHi[2] = Math.max(boxHi[2], k);
      }
    }
  }
  const [sx, sy, sz] = dose.spacingMm;
  const maxSpacing = Math.max(sx, sy, sz);
  const { cropLo, cropHi } = cropAround(dose, boxLo, boxHi, distanceMm + 2 * maxSpacing);
  const dims: [number, number, number] = [cropHi[0] - cropLo[0] + 1, cropHi[1] - cropLo[1] + 1, cropHi[2] - cropLo[2] + 1];
  const squared = weightedSquaredEdt(cropOf(inside, dose.dimensions, cropLo, cropHi), dims, [sx * sx, sy * sy, sz * sz]);
  const distances = new Float32Array(squared.length);
  for (let v = 0; v < squared.length; v++) distances[v] = Math.sqrt(squared[v]);
  return {
    method: 'mask-centre-distance',
    boxLo,
    boxHi,
    cropLo,
    cropHi,
    lowerMm: distances,
    upperMm: distances,
    exactMm(index: number): number {
      const i = (index % nx) - cropLo[0];
      const j = (Math.floor(index / nx) % ny) - cropLo[1];
      const k = Math.floor(index / (nx * ny)) - cropLo[2];
      if (i < 0 || j < 0 || k < 0 || i >= dims[0] || j >= dims[1] || k >= dims[2]) return Infinity; // farther than the crop margin
      return distances[i + j * dims[0] + k * dims[0] * dims[1]];
    },
  };
}

/** Integer index box: the continuous box grown by marginMm on each side, clamped to the grid. */
function cropAround(dose: Grid3, boxLo: readonly number[], boxHi: readonly number[], marginMm: number): { cropLo: [number, number, number]; cropHi: [number, number, number] } {
  const cropLo: [number, number, number] = [0, 0, 0];
  const cropHi: [number, number, number] = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const n = dose.dimensions[a];
    const grow = marginMm / dose.spacingMm[a];
    cropLo[a] = Math.min(n - 1, Math.max(0, Math.floor(boxLo[a] - grow)));
    cropHi[a] = Math.max(cropLo[a], Math.min(n - 1, Math.ceil(boxHi[a] + grow)));
  }
  return { cropLo, cropHi };
}

/** Distance in mm from each crop voxel centre to the continuous index box (a lower bound of the target distance). */
function boxLowerBounds(dose: Grid3, boxLo: readonly number[], boxHi: readonly number[], cropLo: readonly number[], cropHi: readonly number[], out: Float32Array): void {
  const [sx, sy, sz] = dose.spacingMm;
  let v = 0;
  for (let k = cropLo[2]; k <= cropHi[2]; k++) {
    const dz = Math.max(0, boxLo[2] - k, k - boxHi[2]) * sz;
    for (let j = cropLo[1]; j <= cropHi[1]; j++) {
      const dy = Math.max(0, boxLo[1] - j, j - boxHi[1]) * sy;
      for (let i = cropLo[0]; i <= cropHi[0]; i++) {
        const dx = Math.max(0, boxLo[0] - i, i - boxHi[0]) * sx;
        out[v++] = Math.sqrt(dx * dx + dy * dy + dz * dz);
      }
    }
  }
}

function cropOf(mask: Uint8Array, dimensions: readonly number[], cropLo: readonly number[], cropHi: readonly number[]): Uint8Array {
  const [nx, ny] = dimensions;
  const cx = cropHi[0] - cropLo[0] + 1;
  const cy = cropHi[1] - cropLo[1] + 1;
  const cz = cropHi[2] - cropLo[2] + 1;
  const out = new Uint8Array(cx * cy * cz);
  for (let k = 0; k < cz; k++) {
    for (let j = 0; j < cy; j++) {
      const src = cropLo[0] + (cropLo[1] + j) * nx + (cropLo[2] + k) * nx * ny;
      out.set(mask.subarray(src, src + cx), j * cx + k * cx * cy);
    }
  }
  return out;
}

function searchMaximum(dose: Grid3, target: TargetDistances, distanceMm: number, region: Float32Array | undefined): DoseBeyondDistance {
  const [nx, ny, nz] = dose.dimensions;
  const nxy = nx * ny;
  const data = dose.data;
  const { cropLo, cropHi, lowerMm, upperMm } = target;
  const cx = cropHi[0] - cropLo[0] + 1;
  const cy = cropHi[1] - cropLo[1] + 1;
  const cz = cropHi[2] - cropLo[2] + 1;
  const cxy = cx * cy;
  const maxSpacing = Math.max(...dose.spacingMm);
  const inRegion = (v: number): boolean => region === undefined || region[v] >= 0.5;

  // (a) Voxel centres surely in R: outside the crop, or with a lower bound ≥ distanceMm.
  let best = -Infinity;
  let bestIndex = -1;
  let bestPoint: [number, number, number] | null = null;
  for (let k = 0; k < nz; k++) {
    const kIn = k >= cropLo[2] && k <= cropHi[2];
    for (let j = 0; j < ny; j++) {
      const jIn = kIn && j >= cropLo[1] && j <= cropHi[1];
      const row = j * nx + k * nxy;
      const cropRow = jIn ? (j - cropLo[1]) * cx + (k - cropLo[2]) * cxy - cropLo[0] : 0;
      for (let i = 0; i < nx; i++) {
        const v = row + i;
        const d = data[v];
        if (!(d > best) || !inRegion(v)) continue;
        if (jIn && i >= cropLo[0] && i <= cropHi[0] && !(lowerMm[cropRow + i] >= distanceMm)) continue;
        best = d;
        bestIndex = v;
      }
    }
  }

  // (b) Undecided voxels near the shell that could still beat it, hottest first.
  let candidates = new Int32Array(1024);
  let candidateCount = 0;
  for (let k = cropLo[2]; k <= cropHi[2]; k++) {
    for (let j = cropLo[1]; j <= cropHi[1]; j++) {
      const row = j * nx + k * nxy;
      const cropRow = (j - cropLo[1]) * cx + (k - cropLo[2]) * cxy - cropLo[0];
      for (let i = cropLo[0]; i <= cropHi[0]; i++) {
        const c = cropRow + i;
        if (lowerMm[c] >= distanceMm || upperMm[c] < distanceMm - maxSpacing || !(data[row + i] > best)) continue;
        if (candidateCount === candidates.length) {
          const grown = new Int32Array(2 * candidates.length);
          grown.set(candidates);
          candidates = grown;
        }
        candidates[candidateCount++] = row + i;
      }
    }
  }
  const order = candidates.subarray(0, candidateCount).sort((a, b) => data[b] - data[a] || a - b);
  const exact = new Map<number, number>();
  const exactAt = (v: number): number => {
    let d = exact.get(v);
    if (d === undefined) {
      d = target.exactMm(v);
      exact.set(v, d);
    }
    return d;
  };
  const upperAt = (v: number): number => {
    const i = (v % nx) - cropLo[0];
    const j = (Math.floor(v / nx) % ny) - cropLo[1];
    const k = Math.floor(v / nxy) - cropLo[2];
    if (i < 0 || j < 0 || k < 0 || i >= cx || j >= cy || k >= cz) return Infinity;
    return upperMm[i + j * cx + k * cxy];
  };
  const strides = [1, nx, nxy];
  for (let n = 0; n < order.length; n++) {
    const v = order[n];
    const dv = data[v];
    if (!(dv > best)) break;
    const distV = exactAt(v);
    if (distV >= distanceMm) {
      if (inRegion(v)) {
        best = dv;
        bestIndex = v;
        bestPoint = null;
        break; // every later candidate and its crossings are ≤ dv
      }
      continue;
    }
    const gapMm = distanceMm - distV;
    if (gapMm >= maxSpacing) continue; // no neighbour can reach the shell (distance is 1-Lipschitz)
    const ijk = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / nxy)];
    for (let axis = 0; axis < 3; axis++) {
      const stepMm = dose.spacingMm[axis];
      if (gapMm >= stepMm) continue;
      for (let step = -1; step <= 1; step += 2) {
        const q = ijk[axis] + step;
        if (q < 0 || q >= dose.dimensions[axis]) continue;
        const u = v + step * strides[axis];
        const du = data[u];
        // The crossing is at least gap/step of the way to u: skip when even that cannot beat the best.
        if (du < dv && dv + (gapMm / stepMm) * (du - dv) <= best) continue;
        if (upperAt(u) < distanceMm) continue;
        const distU = exactAt(u);
        if (!(distU >= distanceMm)) continue;
        const t = gapMm / (distU - distV);
        if (!inRegion(t < 0.5 ? v : u)) continue;
        const crossing = dv + t * (du - dv);
        if (crossing > best) {
          best = crossing;
          bestIndex = v;
          bestPoint = [ijk[0], ijk[1], ijk[2]];
          bestPoint[axis] += step * t;
        }
      }
    }
  }

  const shellClippedByGrid = target.boxLo.some((lo, a) => lo - distanceMm / dose.spacingMm[a] < -0.5) || target.boxHi.some((hi, a) => hi + distanceMm / dose.spacingMm[a] > dose.dimensions[a] - 0.5);
  if (bestIndex < 0) {
    return { maxDoseGy: null, locationMm: null, distanceMm, method: target.method, shellClippedByGrid, exactDistanceCount: exact.size };
  }
  const point = bestPoint ?? [bestIndex % nx, Math.floor(bestIndex / nx) % ny, Math.floor(bestIndex / nxy)];
  const m = gridTransforms(dose).indexToWorld;
  const locationMm: PointLps = {
    xMm: m[0] * point[0] + m[1] * point[1] + m[2] * point[2] + m[3],
    yMm: m[4] * point[0] + m[5] * point[1] + m[6] * point[2] + m[7],
    zMm: m[8] * point[0] + m[9] * point[1] + m[10] * point[2] + m[11],
  };
  return { maxDoseGy: best, locationMm, distanceMm, method: target.method, shellClippedByGrid, exactDistanceCount: exact.size };
}
