import { InputError } from '../errors/InputError';
import { gridTransforms, type Grid3 } from '../geometry/Grid3';
import type { ContourSlab } from '../voxelize/contourSlabs';
import { buildScanlineEdges } from '../voxelize/scanlineEdges';
import { createScanlineSweep, sweepCrossings } from '../voxelize/scanlineSweep';
import { isAxialGrid } from './isAxialGrid';

/** Lowest and highest dose of a structure, Gy (Infinity / −Infinity when it holds no known dose). */
export interface StructureDoseExtremes {
  readonly minGy: number;
  readonly maxGy: number;
  /**
   * The dose reached by the hottest lattice points (dose voxel centres) inside the structure that together
   * stand for `hotVolumeCc`: a voxel-centre estimate of D(hotVolumeCc), Gy. −Infinity when the structure holds
   * fewer lattice points (or hotVolumeCc is 0). Lattice points on a face shared by two slabs count twice.
   */
  readonly hotDoseGy: number;
}

export interface StructureDoseExtremesOptions {
  /** Extremes already known (e.g. from dose samples), kept when nothing beats them. */
  readonly seedMinGy?: number;
  readonly seedMaxGy?: number;
  /** Volume for hotDoseGy, cc. Default 0 (not computed). */
  readonly hotVolumeCc?: number;
}

/** Slabs closer than this (mm) touch: a lattice column inside both does not leave the structure there. */
const TOUCH_TOLERANCE_MM = 1e-6;

/**
 * Exact lowest and highest dose of the trilinear interpolant (trilinearDoseAt) over a stack of contour slabs
 * on an axial dose grid (isAxialGrid), Gy. Sampling approaches a point maximum only slowly (−1.8 % on a spinal
 * cord at 5e5 samples), and Dmax is a clinical constraint, so it is found from the finite set where it lies:
 * - along z the interpolant is linear between lattice planes, so along a lattice column (i, j integer) the
 *   extremes inside the structure lie on lattice planes or where the column enters or leaves it (a slab
 *   face whose neighbour slab does not contain the column);
 * - on any plane it is piecewise bilinear in (i, j), with no strict extremum inside a cell, so the rest lie
 *   on the polygon edges: each piece between lattice-line crossings is quadratic along the edge and linear
 *   across a cell in z, so its extremes are at its ends (vertices, crossings) or its stationary point, on
 *   the slab faces or the lattice planes.
 * All these candidates are evaluated, except edge pieces whose cell corners cannot beat the extremes found
 * so far. Beyond the outer voxel centres the held values are treated the same way (the grid's outer edge is
 * one more lattice line); points more than ½ voxel outside the grid have no dose and are ignored. Every
 * candidate is a point of the closed structure, so the result never overstates the range.
 * Throws InputError 'non-axial-grid'.
 */
export function structureDoseExtremes(dose: Grid3, slabs: readonly ContourSlab[], options: StructureDoseExtremesOptions = {}): StructureDoseExtremes {
  if (!isAxialGrid(dose)) throw new InputError('non-axial-grid', `dose grid direction [${dose.direction.join(', ')}] is not axial`);
  const [nx, ny] = dose.dimensions;
  const w = gridTransforms(dose).worldToIndex;
  const [sx, sy, sz] = dose.spacingMm;
  const hotCount = options.hotVolumeCc ? Math.max(1, Math.ceil((1000 * options.hotVolumeCc) / (sx * sy * sz))) : 0;
  const scan: ExtremesScan = {
    dose,
    w,
    range: new Float64Array([options.seedMinGy ?? Infinity, options.seedMaxGy ?? -Infinity]),
    hottest: new Float64Array(hotCount).fill(-Infinity),
    kRange: new Float64Array(3),
    zCandidates: new Float64Array(8),
    params: new Float64Array(16),
    boundStamp: new Int32Array(nx * ny).fill(-1),
    boundMin: new Float64Array(nx * ny),
    boundMax: new Float64Array(nx * ny),
  };
  const rows: (SlabRows | null | undefined)[] = new Array(slabs.length);
  const rowsOf = (s: number): SlabRows | null => {
    let r = rows[s];
    if (r === undefined) r = rows[s] = slabRows(slabs[s], w, nx, ny);
    return r;
  };
  const touching = (lower: ContourSlab, upper: ContourSlab) => Math.abs(lower.zHiMm - upper.zLoMm) <= TOUCH_TOLERANCE_MM && lower.zHiMm > lower.zLoMm && upper.zHiMm > upper.zLoMm;

  // 1. Lattice columns inside the polygons (all slabs first, so that most edge pieces are pruned below).
  for (let s = 0; s < slabs.length; s++) {
    if (s >= 2) rows[s - 2] = undefined; // no longer needed
    if (!slabKRange(scan, slabs[s])) continue;
    const current = rowsOf(s);
    if (current === null) continue;
    const below = s > 0 && touching(slabs[s - 1], slabs[s]) ? rowsOf(s - 1) : null;
    const above = s + 1 < slabs.length && touching(slabs[s], slabs[s + 1]) ? rowsOf(s + 1) : null;
    // The face at the lower k is the slab's lower z face unless the grid runs feet-first.
    const loIsZLo = scan.kRange[2] === 1;
    latticeExtremes(scan, current, loIsZLo ? below : above, loIsZLo ? above : below);
  }
  // 2. Polygon edges.
  for (let s = 0; s < slabs.length; s++) {
    if (!slabKRange(scan, slabs[s])) continue;
    edgeExtremes(scan, slabs[s], s);
  }
  return { minGy: scan.range[0], maxGy: scan.range[1], hotDoseGy: hotCount > 0 ? scan.hottest[0] : -Infinity };
}

/** Shared state of one structureDoseExtremes call (typed arrays: see Tally in computeDvh for why). */
interface ExtremesScan {
  readonly dose: Grid3;
  readonly w: Float64Array;
  /** [min, max] found so far, Gy. */
  readonly range: Float64Array;
  /** Min-heap of the hottest lattice values (root = the smallest kept). */
  readonly hottest: Float64Array;
  /** Current slab: [lowest k, highest k] clamped to the voxel-centre hull, and 1 when the lowest k is its zLo face. */
  readonly kRange: Float64Array;
  zCandidates: Float64Array;
  params: Float64Array;
  /** Per in-plane cell: corner range over the current slab's k cells (stamp = slab number when computed). */
  readonly boundStamp: Int32Array;
  readonly boundMin: Float64Array;
  readonly boundMax: Float64Array;
}

/** The slab's continuous k range into scan.kRange; false when the slab is empty or outside the grid in z. */
function slabKRange(scan: ExtremesScan, slab: ContourSlab): boolean {
  if (!(slab.zHiMm > slab.zLoMm)) return false;
  const w = scan.w;
  const nz = scan.dose.dimensions[2];
  const ka = w[10] * slab.zLoMm + w[11];
  const kb = w[10] * slab.zHiMm + w[11];
  const kLo = Math.min(ka, kb);
  const kHi = Math.max(ka, kb);
  if (kHi < -0.5 || kLo > nz - 0.5) return false;
  // Clamped to the voxel-centre hull: values are held beyond it.
  scan.kRange[0] = clamp(kLo, 0, nz - 1);
  scan.kRange[1] = clamp(kHi, 0, nz - 1);
  scan.kRange[2] = ka <= kb ? 1 : 0;
  return true;
}

/**
 * Lattice columns inside one slab's polygons: every lattice plane in the slab, and the two faces where the
 * column leaves the structure, i.e. where the neighbouring slab (null: none touching) does not contain it.
 * Faces on a lattice plane are covered by the planes.
 */
function latticeExtremes(scan: ExtremesScan, current: SlabRows, neighbourAtLo: SlabRows | null, neighbourAtHi: SlabRows | null): void {
  const [nx, ny, nz] = scan.dose.dimensions;
  const data = scan.dose.data;
  const nxy = nx * ny;
  const nxLast = nx - 1, nyLast = ny - 1;
  const kCellLast = nz > 1 ? nz - 2 : 0;
  const dk = nz > 1 ? nxy : 0;
  const pLo = scan.kRange[0];
  const pHi = scan.kRange[1];
  for (let k = Math.ceil(pLo); k <= pHi; k++) {
    for (let r = current.rFirst; r <= current.rLast; r++) {
      const rowOffset = k * nxy + clamp(r, 0, nyLast) * nx;
      for (let q = current.rowStart[r - current.rFirst], end = current.rowStart[r - current.rFirst + 1]; q < end; q += 2) {
        runExtremes(data, rowOffset, rowOffset, 0, current.ends[q], current.ends[q + 1], nxLast, scan.range, scan.hottest);
      }
    }
  }
  for (let face = 0; face < 2; face++) {
    const p = face === 0 ? pLo : pHi;
    if (p === Math.floor(p)) continue;
    const neighbour = face === 0 ? neighbourAtLo : neighbourAtHi;
    const k0 = Math.min(Math.floor(p), kCellLast);
    const t = p - k0;
    for (let r = current.rFirst; r <= current.rLast; r++) {
      const lowerRow = k0 * nxy + clamp(r, 0, nyLast) * nx;
      const upperRow = lowerRow + dk;
      const hasRow = neighbour !== null && r >= neighbour.rFirst && r <= neighbour.rLast;
      const nStart = hasRow ? neighbour.rowStart[r - neighbour.rFirst] : 0;
      const nEnd = hasRow ? neighbour.rowStart[r - neighbour.rFirst + 1] : 0;
      for (let q = current.rowStart[r - current.rFirst], end = current.rowStart[r - current.rFirst + 1]; q < end; q += 2) {
        // The part of this interval outside the neighbour's (closed: shared ends are kept).
        let from = current.ends[q];
        const to = current.ends[q + 1];
        for (let m = nStart; m < nEnd && from <= to; m += 2) {
          const cutFrom = neighbour!.ends[m];
          const cutTo = neighbour!.ends[m + 1];
          if (cutTo < from) continue;
          if (cutFrom > to) break;
          if (cutFrom >= from) runExtremes(data, lowerRow, upperRow, t, from, cutFrom, nxLast, scan.range, null);
          if (cutTo > from) from = cutTo;
        }
        if (from <= to) runExtremes(data, lowerRow, upperRow, t, from, to, nxLast, scan.range, null);
      }
    }
  }
}

/** Vertices per edgeExtremesOfRun call (short calls let V8 optimise without on-stack replacement). */
const EDGE_CHUNK = 64;

/** Polygon edges of slab s at its faces and the lattice planes between them (slabKRange already set). */
function edgeExtremes(scan: ExtremesScan, slab: ContourSlab, s: number): void {
  const pLo = scan.kRange[0];
  const pHi = scan.kRange[1];
  if (scan.zCandidates.length < pHi - pLo + 3) scan.zCandidates = new Float64Array(Math.ceil(pHi - pLo) + 3);
  const zCandidates = scan.zCandidates;
  let zCount = 0;
  zCandidates[zCount++] = pLo;
  for (let k = Math.floor(pLo) + 1; k < pHi; k++) zCandidates[zCount++] = k;
  if (pHi > pLo) zCandidates[zCount++] = pHi;
  for (const contour of slab.contours) {
    const n = contour.xyMm.length >> 1;
    for (let from = 0; from < n; from += EDGE_CHUNK) edgeExtremesOfRun(scan, slab, s, contour.xyMm, from, Math.min(n, from + EDGE_CHUNK), zCount);
  }
}

/**
 * Edges starting at vertices [from, to) of one contour: split where they cross lattice lines (and the
 * grid's outer edges); each piece whose cell corners could beat scan.range is evaluated at its ends and at
 * its stationary point, on every z candidate.
 */
function edgeExtremesOfRun(scan: ExtremesScan, slab: ContourSlab, s: number, xy: Float64Array, from: number, to: number, zCount: number): void {
  const dose = scan.dose;
  const [nx, ny, nz] = dose.dimensions;
  const data = dose.data;
  const nxy = nx * ny;
  const nxLast = nx - 1, nyLast = ny - 1;
  const iCellLast = nx > 1 ? nx - 2 : 0;
  const jCellLast = ny > 1 ? ny - 2 : 0;
  const kCellLast = nz > 1 ? nz - 2 : 0;
  const di = nx > 1 ? 1 : 0;
  const dj = ny > 1 ? nx : 0;
  const dk = nz > 1 ? nxy : 0;
  const kCellFirst = Math.min(Math.floor(scan.kRange[0]), kCellLast);
  const kCellEnd = Math.min(Math.floor(scan.kRange[1]), kCellLast);
  const w = scan.w;
  const a = w[0], b = w[1], c = w[2] * slab.zMm + w[3];
  const d = w[4], e = w[5], f = w[6] * slab.zMm + w[7];
  const zCandidates = scan.zCandidates;
  const boundStamp = scan.boundStamp, boundMin = scan.boundMin, boundMax = scan.boundMax;
  const range = scan.range;
  let minGy = range[0];
  let maxGy = range[1];
  const n = xy.length >> 1;
  for (let p = from; p < to; p++) {
    const q = p + 1 < n ? p + 1 : 0;
    const pi = a * xy[2 * p] + b * xy[2 * p + 1] + c;
    const pj = d * xy[2 * p] + e * xy[2 * p + 1] + f;
    const qi = a * xy[2 * q] + b * xy[2 * q + 1] + c;
    const qj = d * xy[2 * q] + e * xy[2 * q + 1] + f;
    const need = Math.ceil(Math.abs(qi - pi)) + Math.ceil(Math.abs(qj - pj)) + 8;
    if (scan.params.length < need) scan.params = new Float64Array(2 * need);
    const params = scan.params;
    let count = 0;
    params[count++] = 0;
    count = addLineCrossings(pi, qi, nx, params, count);
    count = addLineCrossings(pj, qj, ny, params, count);
    params[count++] = 1;
    sortAscending(params, count);
    for (let m = 0; m + 1 < count; m++) {
      const sa = params[m];
      const sb = params[m + 1];
      if (!(sb > sa) && n > 1) continue; // a repeated crossing; a single-point contour keeps [0, 1]
      const sm = 0.5 * (sa + sb);
      const im = pi + sm * (qi - pi);
      const jm = pj + sm * (qj - pj);
      if (!(im >= -0.5 && im <= nx - 0.5 && jm >= -0.5 && jm <= ny - 0.5)) continue; // outside the grid
      const cell = Math.min(Math.floor(clamp(im, 0, nxLast)), iCellLast) + Math.min(Math.floor(clamp(jm, 0, nyLast)), jCellLast) * nx;
      if (boundStamp[cell] !== s) {
        let lo = Infinity;
        let hi = -Infinity;
        for (let k = kCellFirst; k <= kCellEnd; k++) {
          for (let layer = 0; layer < 2; layer++) {
            const o = cell + k * nxy + layer * dk;
            const v0 = data[o], v1 = data[o + di], v2 = data[o + dj], v3 = data[o + dj + di];
            if (v0 < lo) lo = v0;
            if (v1 < lo) lo = v1;
            if (v2 < lo) lo = v2;
            if (v3 < lo) lo = v3;
            if (v0 > hi) hi = v0;
            if (v1 > hi) hi = v1;
            if (v2 > hi) hi = v2;
            if (v3 > hi) hi = v3;
          }
        }
        boundStamp[cell] = s;
        boundMin[cell] = lo;
        boundMax[cell] = hi;
      }
      if (boundMin[cell] >= minGy && boundMax[cell] <= maxGy) continue;
      // Along the piece the (held) index coordinates are linear, so within its cell the dose on a plane
      // is the bilinear blend of the cell's 4 corner values at that z.
      const i0 = cell % nx;
      const j0 = (cell - i0) / nx;
      const ua = clamp(pi + sa * (qi - pi), 0, nxLast) - i0;
      const va = clamp(pj + sa * (qj - pj), 0, nyLast) - j0;
      const ub = clamp(pi + sb * (qi - pi), 0, nxLast) - i0;
      const vb = clamp(pj + sb * (qj - pj), 0, nyLast) - j0;
      for (let z = 0; z < zCount; z++) {
        const p = zCandidates[z];
        const k0 = p >= kCellLast ? kCellLast : Math.floor(p);
        const t = p - k0;
        const o = cell + k0 * nxy;
        const c00 = data[o] + t * (data[o + dk] - data[o]);
        const c10 = data[o + di] + t * (data[o + dk + di] - data[o + di]);
        const c01 = data[o + dj] + t * (data[o + dk + dj] - data[o + dj]);
        const c11 = data[o + dj + di] + t * (data[o + dk + dj + di] - data[o + dj + di]);
        // g(λ) along the piece, λ ∈ [0, 1]: u = ua + λ·(ub − ua), v likewise; bilinear → quadratic in λ.
        const g0 = c00 + ua * (c10 - c00) + va * (c01 - c00) + ua * va * (c00 - c10 - c01 + c11);
        const g1 = c00 + ub * (c10 - c00) + vb * (c01 - c00) + ub * vb * (c00 - c10 - c01 + c11);
        if (g0 < minGy) minGy = g0;
        if (g0 > maxGy) maxGy = g0;
        if (g1 < minGy) minGy = g1;
        if (g1 > maxGy) maxGy = g1;
        // Stationary point: g(λ) = g0 + λ·slope + λ²·curvature with curvature = Δu·Δv·(c00 − c10 − c01 + c11).
        const du = ub - ua;
        const dv = vb - va;
        const twist = c00 - c10 - c01 + c11;
        const curvature = du * dv * twist;
        if (curvature !== 0) {
          const slope = du * (c10 - c00) + dv * (c01 - c00) + (ua * dv + va * du) * twist;
          const lambda = -slope / (2 * curvature);
          if (lambda > 0 && lambda < 1) {
            const u = ua + lambda * du;
            const v = va + lambda * dv;
            const g = c00 + u * (c10 - c00) + v * (c01 - c00) + u * v * twist;
            if (g < minGy) minGy = g;
            if (g > maxGy) maxGy = g;
          }
        }
      }
    }
  }
  range[0] = minGy;
  range[1] = maxGy;
}

/**
 * Inside intervals of one slab's polygons (even-odd) along the lattice rows j = integer, clipped to the grid
 * [−½, n − ½] in i, in index space; r = −1 and r = ny stand for the grid's outer edges j = −½ and ny − ½,
 * whose held values are those of rows 0 and ny − 1. Row r's intervals are ends[rowStart[r − rFirst] ...].
 */
interface SlabRows {
  readonly rFirst: number;
  readonly rLast: number;
  readonly rowStart: Int32Array;
  readonly ends: Float64Array;
}

function slabRows(slab: ContourSlab, w: Float64Array, nx: number, ny: number): SlabRows | null {
  const affine = new Float64Array([w[0], w[1], w[2] * slab.zMm + w[3], w[4], w[5], w[6] * slab.zMm + w[7]]);
  const edges = buildScanlineEdges(slab.contours, affine);
  if (edges.count === 0 || edges.yMax < -0.5 || edges.yMin > ny - 0.5) return null;
  const rFirst = edges.yMin <= -0.5 ? -1 : Math.max(0, Math.ceil(edges.yMin));
  const rLast = edges.yMax >= ny - 0.5 ? ny : Math.min(ny - 1, Math.floor(edges.yMax));
  if (rLast < rFirst) return null;
  const rowStart = new Int32Array(rLast - rFirst + 2);
  const crossings = new Float64Array(edges.count);
  let ends = new Float64Array(64);
  let count = 0;
  const sweep = createScanlineSweep(edges);
  for (let r = rFirst; r <= rLast; r++) {
    rowStart[r - rFirst] = count;
    const crossingCount = sweepCrossings(sweep, r < 0 ? -0.5 : r >= ny ? ny - 0.5 : r, crossings);
    for (let q = 0; q + 1 < crossingCount; q += 2) {
      const lo = Math.max(crossings[q], -0.5);
      const hi = Math.min(crossings[q + 1], nx - 0.5);
      if (lo > hi) continue;
      if (count + 2 > ends.length) {
        const bigger = new Float64Array(2 * ends.length);
        bigger.set(ends);
        ends = bigger;
      }
      ends[count++] = lo;
      ends[count++] = hi;
    }
  }
  rowStart[rLast - rFirst + 1] = count;
  return { rFirst, rLast, rowStart, ends };
}

/**
 * Updates range = [min, max] with the doses (1 − t)·lower + t·upper at the lattice points i of the run
 * [from, to] of one row (a run reaching into the outer half voxel includes the held edge value), and the
 * min-heap `hottest` (lattice planes only, t = 0) with values above its root.
 */
function runExtremes(data: Float32Array, lowerRow: number, upperRow: number, t: number, from: number, to: number, nxLast: number, range: Float64Array, hottest: Float64Array | null): void {
  const iFirst = from < 0 ? 0 : Math.ceil(from);
  const iLast = to > nxLast ? nxLast : Math.floor(to);
  let lo = range[0];
  let hi = range[1];
  if (t === 0) {
    const keep = hottest !== null && hottest.length > 0;
    let floor = keep ? hottest[0] : Infinity;
    for (let i = iFirst; i <= iLast; i++) {
      const v = data[lowerRow + i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v > floor) floor = replaceHeapRoot(hottest!, v);
    }
  } else {
    for (let i = iFirst; i <= iLast; i++) {
      const v0 = data[lowerRow + i];
      const v = v0 + t * (data[upperRow + i] - v0);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  range[0] = lo;
  range[1] = hi;
}

/**
 * Appends the parameters s ∈ (0, 1) where the coordinate going from `from` to `to` crosses a lattice line
 * (integers 0..n − 1) or the grid's outer edge (−½, n − ½). Returns the new count.
 */
function addLineCrossings(from: number, to: number, n: number, out: Float64Array, count: number): number {
  if (from === to) return count;
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const inverse = 1 / (to - from);
  if (lo < -0.5 && hi > -0.5) out[count++] = (-0.5 - from) * inverse;
  if (lo < n - 0.5 && hi > n - 0.5) out[count++] = (n - 0.5 - from) * inverse;
  const first = Math.max(0, Math.floor(lo) + 1);
  const last = Math.min(n - 1, Math.ceil(hi) - 1);
  for (let line = first; line <= last; line++) out[count++] = (line - from) * inverse;
  return count;
}

/** Replaces the root of a min-heap with v (> root) and restores the heap; returns the new root. */
function replaceHeapRoot(heap: Float64Array, v: number): number {
  const n = heap.length;
  let p = 0;
  for (;;) {
    const left = 2 * p + 1;
    if (left >= n) break;
    const right = left + 1;
    const child = right < n && heap[right] < heap[left] ? right : left;
    if (heap[child] >= v) break;
    heap[p] = heap[child];
    p = child;
  }
  heap[p] = v;
  return heap[0];
}

function sortAscending(values: Float64Array, count: number): void {
  for (let m = 1; m < count; m++) {
    const v = values[m];
    let n = m;
    while (n > 0 && values[n - 1] > v) {
      values[n] = values[n - 1];
      n--;
    }
    values[n] = v;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
