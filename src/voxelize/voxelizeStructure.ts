import { InputError } from '../errors/InputError';
import { gridTransforms, pickGeometry, validateGridGeometry, voxelVolumeCc, type GridGeometry } from '../geometry/Grid3';
import type { PlanarContour } from '../model/Structure';
import { contourSlabs, type ContourSlabOptions } from './contourSlabs';
import { evenOddAreaMm2 } from './polygonArea';
import { buildScanlineEdges } from './scanlineEdges';
import { createScanlineSweep, sweepCrossings } from './scanlineSweep';
import type { BoundsIjk, StructureMask } from './StructureMask';

export interface VoxelizeOptions extends ContourSlabOptions {
  /**
   * Sub-rows per voxel row (grid j axis) used to sample the in-plane coverage; coverage along i and along z
   * is computed exactly, so this is the only sampling. Default, per contour plane: enough for ≥ 256
   * sub-rows across the plane's section, between 4 and 64 per voxel (64 for a 1 cc nodule on a 3 mm grid,
   * 4 for the body).
   */
  readonly supersampling?: number;
}

/** |w·z| must be within this of 1: a tilt of at most ~0.08°, i.e. < 0.35 mm of z error 250 mm off-axis. */
const AXIAL_TOLERANCE = 1e-6;
const TARGET_SUB_ROWS = 256;

/**
 * Voxelises planar contours on a grid with partial volumes: fraction = |voxel ∩ structure| / |voxel|, where
 * the structure is the stack of slabs of contourSlabs (end caps, gaps, even-odd holes). Works for any
 * in-plane direction and for head- or feet-first slice order (w = ±z); contour points are mapped into the
 * grid's continuous index space.
 *
 * Method: per contour plane, an even-odd scan-line fill over `supersampling` sub-rows per voxel row gives
 * each voxel column's covered fraction (exact overlap lengths along i); each voxel then takes the exact
 * z-overlap of its slice with each plane's slab as weight. Work is limited to the structure's bounding box.
 * The part of the structure outside the grid is dropped and flagged by `clippedByGrid`.
 * Fractions are capped at 1 to remove float rounding (the even-odd fill never exceeds 1 otherwise).
 * Memory is that of the structure's bounding box (twice, briefly, when the tight box is smaller than the
 * contours' extent), not of the grid.
 * Throws InputError: grid errors from validateGridGeometry, 'non-axial-grid' when the slice axis is not ±z,
 * contourSlabs errors ('empty-structure', 'not-finite', ...), 'bad-option'.
 */
export function voxelizeStructure(contours: readonly PlanarContour[], geometry: GridGeometry, options: VoxelizeOptions = {}): StructureMask {
  const name = options.structureName ?? 'structure';
  validateGridGeometry(geometry, `${name}: voxelisation grid`);
  if (Math.abs(Math.abs(geometry.direction[8]) - 1) > AXIAL_TOLERANCE) {
    throw new InputError('non-axial-grid', `${name}: the grid's slice axis [${geometry.direction.slice(6).join(', ')}] is not ±z; contours are axial`);
  }
  if (options.supersampling !== undefined && !(Number.isInteger(options.supersampling) && options.supersampling >= 1 && options.supersampling <= 1024)) {
    throw new InputError('bad-option', `${name}: supersampling must be an integer 1..1024, got ${options.supersampling}`);
  }
  const { slabs, gapCount } = contourSlabs(contours, options);
  const [nx, ny, nz] = geometry.dimensions;
  const w = gridTransforms(geometry).worldToIndex;

  // Per plane: edges in (i, j) index space and the slab as a k-index interval.
  const edgesPerSlab = slabs.map((slab) =>
    buildScanlineEdges(slab.contours, new Float64Array([w[0], w[1], w[2] * slab.zMm + w[3], w[4], w[5], w[6] * slab.zMm + w[7]])),
  );
  let structureVolumeMm3 = 0;
  let iMin = Infinity, iMax = -Infinity, jMin = Infinity, jMax = -Infinity, kMin = Infinity, kMax = -Infinity;
  for (let s = 0; s < slabs.length; s++) {
    const slab = slabs[s];
    const edges = edgesPerSlab[s];
    const areaMm2 = evenOddAreaMm2(slab.contours);
    structureVolumeMm3 += areaMm2 * (slab.zHiMm - slab.zLoMm);
    if (edges.count === 0 || areaMm2 === 0 || slab.zHiMm === slab.zLoMm) continue;
    iMin = Math.min(iMin, edges.xMin);
    iMax = Math.max(iMax, edges.xMax);
    jMin = Math.min(jMin, edges.yMin);
    jMax = Math.max(jMax, edges.yMax);
    const ka = w[10] * slab.zLoMm + w[11];
    const kb = w[10] * slab.zHiMm + w[11];
    kMin = Math.min(kMin, ka, kb);
    kMax = Math.max(kMax, ka, kb);
  }
  const geometryCopy = pickGeometry(geometry);
  const structureVolumeCc = structureVolumeMm3 / 1000;
  const empty = new Float32Array(0);
  if (!(iMax > iMin)) {
    return { geometry: geometryCopy, fractions: empty, volumeCc: 0, boundsIjk: null, structureVolumeCc, clippedByGrid: false, contourGapCount: gapCount };
  }
  const eps = 1e-9;
  const clippedByGrid = iMin < -0.5 - eps || iMax > nx - 0.5 + eps || jMin < -0.5 - eps || jMax > ny - 0.5 + eps || kMin < -0.5 - eps || kMax > nz - 0.5 + eps;
  // Candidate box: voxels whose extent [n - ½, n + ½] meets the structure's extent.
  const i0 = Math.max(0, Math.floor(iMin + 0.5));
  const i1 = Math.min(nx - 1, Math.ceil(iMax - 0.5));
  const j0 = Math.max(0, Math.floor(jMin + 0.5));
  const j1 = Math.min(ny - 1, Math.ceil(jMax - 0.5));
  const k0 = Math.max(0, Math.floor(kMin + 0.5));
  const k1 = Math.min(nz - 1, Math.ceil(kMax - 0.5));
  if (i0 > i1 || j0 > j1 || k0 > k1) {
    return { geometry: geometryCopy, fractions: empty, volumeCc: 0, boundsIjk: null, structureVolumeCc, clippedByGrid, contourGapCount: gapCount };
  }

  // Fractions over the candidate box: voxel (i, j, k) at (i − i0) + (j − j0)·ni + (k − k0)·ni·nj.
  const ni = i1 - i0 + 1;
  const nj = j1 - j0 + 1;
  const nk = k1 - k0 + 1;
  const box = new Float32Array(ni * nj * nk);
  const coverage = new Float64Array(ni * nj);
  let crossings = new Float64Array(16);
  const sliceStride = ni * nj;

  for (let s = 0; s < slabs.length; s++) {
    const edges = edgesPerSlab[s];
    if (edges.count === 0) continue;
    const ka = w[10] * slabs[s].zLoMm + w[11];
    const kb = w[10] * slabs[s].zHiMm + w[11];
    const kLo = Math.min(ka, kb);
    const kHi = Math.max(ka, kb);
    const kFirst = Math.max(k0, Math.floor(kLo + 0.5));
    const kLast = Math.min(k1, Math.ceil(kHi - 0.5));
    if (kFirst > kLast || kHi <= kLo) continue;
    const rowFirst = Math.max(j0, Math.floor(edges.yMin + 0.5));
    const rowLast = Math.min(j1, Math.ceil(edges.yMax - 0.5));
    if (rowFirst > rowLast) continue;
    if (crossings.length < edges.count) crossings = new Float64Array(edges.count);
    // Sub-rows per voxel row: chosen per plane so that small sections (a cone near its apex) are sampled
    // as finely, relative to their size, as large ones.
    const subRows = options.supersampling ?? Math.min(64, Math.max(4, Math.ceil(TARGET_SUB_ROWS / (edges.yMax - edges.yMin))));
    const subRowWeight = 1 / subRows;

    // In-plane coverage of this plane, rows rowFirst..rowLast of the box.
    coverage.fill(0, (rowFirst - j0) * ni, (rowLast - j0 + 1) * ni);
    let colFirst = i1;
    let colLast = i0;
    const xLeft = i0 - 0.5;
    const xRight = i1 + 0.5;
    const sweep = createScanlineSweep(edges);
    for (let j = rowFirst; j <= rowLast; j++) {
      const rowOffset = (j - j0) * ni - i0;
      for (let b = 0; b < subRows; b++) {
        const y = j - 0.5 + (b + 0.5) * subRowWeight;
        const count = sweepCrossings(sweep, y, crossings);
        for (let q = 0; q + 1 < count; q += 2) {
          const xa = crossings[q] > xLeft ? crossings[q] : xLeft;
          const xb = crossings[q + 1] < xRight ? crossings[q + 1] : xRight;
          if (xb <= xa) continue;
          const ia = Math.floor(xa + 0.5);
          const ib = Math.ceil(xb - 0.5);
          if (ia < colFirst) colFirst = ia;
          if (ib > colLast) colLast = ib;
          if (ia === ib) {
            coverage[rowOffset + ia] += (xb - xa) * subRowWeight;
          } else {
            coverage[rowOffset + ia] += (ia + 0.5 - xa) * subRowWeight;
            for (let m = ia + 1; m < ib; m++) coverage[rowOffset + m] += subRowWeight;
            coverage[rowOffset + ib] += (xb - (ib - 0.5)) * subRowWeight;
          }
        }
      }
    }
    if (colFirst > colLast) continue;

    // Each slice takes the plane's coverage × the exact overlap of its z extent with the slab.
    for (let k = kFirst; k <= kLast; k++) {
      const overlap = Math.min(kHi, k + 0.5) - Math.max(kLo, k - 0.5);
      if (overlap <= 0) continue;
      for (let j = rowFirst; j <= rowLast; j++) {
        const covOffset = (j - j0) * ni - i0;
        const boxOffset = (k - k0) * sliceStride + (j - j0) * ni - i0;
        for (let i = colFirst; i <= colLast; i++) {
          const c = coverage[covOffset + i];
          if (c > 0) box[boxOffset + i] += overlap * c;
        }
      }
    }
  }

  // Tight bounds and volume.
  let sum = 0;
  let bi0 = nx, bi1 = -1, bj0 = ny, bj1 = -1, bk0 = nz, bk1 = -1;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const offset = (k - k0) * sliceStride + (j - j0) * ni - i0;
      for (let i = i0; i <= i1; i++) {
        let f = box[offset + i];
        if (f <= 0) continue;
        if (f > 1) box[offset + i] = f = 1;
        sum += f;
        if (i < bi0) bi0 = i;
        if (i > bi1) bi1 = i;
        if (j < bj0) bj0 = j;
        if (j > bj1) bj1 = j;
        if (k < bk0) bk0 = k;
        if (k > bk1) bk1 = k;
      }
    }
  }
  if (bi1 < 0) {
    return { geometry: geometryCopy, fractions: empty, volumeCc: 0, boundsIjk: null, structureVolumeCc, clippedByGrid, contourGapCount: gapCount };
  }
  const boundsIjk: BoundsIjk = { i0: bi0, i1: bi1, j0: bj0, j1: bj1, k0: bk0, k1: bk1 };
  const fractions = cropBox(box, ni, nj, i0, j0, k0, boundsIjk);
  return { geometry: geometryCopy, fractions, volumeCc: sum * voxelVolumeCc(geometry), boundsIjk, structureVolumeCc, clippedByGrid, contourGapCount: gapCount };
}

/** The part `bounds` of a box array that starts at voxel (i0, j0, k0) and has ni × nj voxels per slice. */
function cropBox(box: Float32Array, ni: number, nj: number, i0: number, j0: number, k0: number, bounds: BoundsIjk): Float32Array {
  const bx = bounds.i1 - bounds.i0 + 1;
  const by = bounds.j1 - bounds.j0 + 1;
  const bz = bounds.k1 - bounds.k0 + 1;
  if (bx === ni && by === nj && bz * bx * by === box.length) return box;
  const cropped = new Float32Array(bx * by * bz);
  for (let k = bounds.k0; k <= bounds.k1; k++) {
    for (let j = bounds.j0; j <= bounds.j1; j++) {
      const from = bounds.i0 - i0 + (j - j0) * ni + (k - k0) * ni * nj;
      cropped.set(box.subarray(from, from + bx), (j - bounds.j0) * bx + (k - bounds.k0) * bx * by);
    }
  }
  return cropped;
}
