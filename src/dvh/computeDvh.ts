import { InputError } from '../errors/InputError';
import { gridTransforms, validateGridGeometry, type Grid3 } from '../geometry/Grid3';
import type { PlanarContour } from '../model/Structure';
import { contourSlabs, type ContourSlab, type ContourSlabOptions } from '../voxelize/contourSlabs';
import { evenOddAreaMm2 } from '../voxelize/polygonArea';
import { buildScanlineEdges, type ScanlineEdges } from '../voxelize/scanlineEdges';
import { createScanlineSweep, sweepCrossings } from '../voxelize/scanlineSweep';
import { chooseBinWidthGy, doseMaxInBox } from './doseHistogram';
import type { Dvh } from './Dvh';
import { dvhSampleSpacingMm, type DvhSamplingOptions } from './dvhSampleSpacingMm';
import { isAxialGrid } from './isAxialGrid';
import { structureDoseExtremes } from './structureDoseExtremes';
import { trilinearDoseAt } from './trilinearDoseAt';

export interface DvhOptions extends ContourSlabOptions, DvhSamplingOptions {
  /** Differential bin width, Gy. Default: ≈ max dose / 10000 rounded to 1, 2, 5 × 10ⁿ. */
  readonly binWidthGy?: number;
  /**
   * Re-sample the hottest min(5 cc, 10 %) of a structure at ≤ ¼ dose voxel when its sample spacing is
   * coarser than ½ voxel (axial grids). Default true; false only to measure its effect.
   */
  readonly refineHotSpots?: boolean;
}

/**
 * DVH of a contoured structure on a dose grid, independent of the dose grid's resolution (the accurate
 * method; a voxel-centre mask on a 2–3 mm grid misses small targets' D95 by several %).
 *
 * The structure is the stack of slabs of contourSlabs (end caps, gaps, even-odd holes). Each plane is
 * scanned in patient x,y: sub-rows every `h` mm in y, and along each inside interval of a sub-row, segments
 * of ≤ h mm whose exact length sets the weight (a plane's weights are then scaled to its exact polygon area,
 * so the volume is the contours' volume); each slab is cut into sub-slices of ≤ h mm in z. The dose at
 * every sample is interpolated trilinearly and its volume is spread over the dose range of its cell (from
 * the interpolant's local gradient, clipped to the structure's dose range) in a histogram with fine bins;
 * the mean uses the sample doses.
 * h comes from dvhSampleSpacingMm: ≈ 2e5 samples for small and medium structures (0.33 mm for a 7 cc
 * sphere), one per dose voxel for very large ones (≥ 5 L on a 3 mm grid). When h exceeds ½ dose voxel, the
 * samples whose cell can reach the dose of the hottest min(5 cc, 10 %) are split to ≤ ¼ voxel, so that
 * D0.03cc–D2cc of large organs are as resolved as those of small ones (options.refineHotSpots).
 * On axial dose grids (isAxialGrid) a plane's in-plane interpolation weights are computed once for all its
 * sub-slices; other grids take a general path with the same sampling (no hot-spot refinement).
 *
 * Min and max: on axial grids, the exact extremes of the interpolant over the structure
 * (structureDoseExtremes); on other grids, over all samples and the contour vertices at both faces of each
 * slab (exact for a dose linear within the structure, as in the Nelms benchmark). Samples outside the dose
 * grid (more than ½ voxel beyond the outer voxel centres) are counted in `volumeOutsideDoseGridCc`, not in
 * the histogram.
 * Throws InputError: contourSlabs errors, grid errors, 'zero-volume' (contours enclose no area),
 * 'structure-outside-dose-grid' (no sample inside), 'dose-not-finite'/'negative-dose' (dose under the
 * structure), 'bad-option'.
 */
export function computeDvh(dose: Grid3, contours: readonly PlanarContour[], options: DvhOptions = {}): Dvh {
  const name = options.structureName ?? 'structure';
  validateGridGeometry(dose, `${name}: dose grid`);
  const [nx, ny, nz] = dose.dimensions;
  if (dose.data.length !== nx * ny * nz) throw new InputError('bad-grid-data', `${name}: dose grid has ${dose.data.length} values for ${nx}×${ny}×${nz} voxels`);
  const { slabs, gapCount } = contourSlabs(contours, options);

  // Planes, their exact areas and the structure's patient-space box.
  const edgesPerSlab: ScanlineEdges[] = [];
  const areaPerSlabMm2 = new Float64Array(slabs.length);
  let volumeMm3 = 0;
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity, zMin = Infinity, zMax = -Infinity;
  for (let s = 0; s < slabs.length; s++) {
    const slab = slabs[s];
    const edges = buildScanlineEdges(slab.contours);
    edgesPerSlab.push(edges);
    areaPerSlabMm2[s] = evenOddAreaMm2(slab.contours);
    volumeMm3 += areaPerSlabMm2[s] * (slab.zHiMm - slab.zLoMm);
    if (slab.zHiMm === slab.zLoMm) continue;
    xMin = Math.min(xMin, edges.xMin);
    xMax = Math.max(xMax, edges.xMax);
    yMin = Math.min(yMin, edges.yMin);
    yMax = Math.max(yMax, edges.yMax);
    zMin = Math.min(zMin, slab.zLoMm);
    zMax = Math.max(zMax, slab.zHiMm);
  }
  if (!(volumeMm3 > 0)) throw new InputError('zero-volume', `${name}: the contours enclose no volume`);

  const h = dvhSampleSpacingMm(volumeMm3 / 1000, dose, options);
  const w = gridTransforms(dose).worldToIndex;

  // Bin range from the dose voxels around the structure (trilinear values never exceed them).
  let bi0 = Infinity, bi1 = -Infinity, bj0 = Infinity, bj1 = -Infinity, bk0 = Infinity, bk1 = -Infinity;
  for (let c = 0; c < 8; c++) {
    const x = c & 1 ? xMax : xMin;
    const y = c & 2 ? yMax : yMin;
    const z = c & 4 ? zMax : zMin;
    const fi = w[0] * x + w[1] * y + w[2] * z + w[3];
    const fj = w[4] * x + w[5] * y + w[6] * z + w[7];
    const fk = w[8] * x + w[9] * y + w[10] * z + w[11];
    bi0 = Math.min(bi0, fi); bi1 = Math.max(bi1, fi);
    bj0 = Math.min(bj0, fj); bj1 = Math.max(bj1, fj);
    bk0 = Math.min(bk0, fk); bk1 = Math.max(bk1, fk);
  }
  const upperGy = doseMaxInBox(dose, Math.floor(bi0) - 1, Math.ceil(bi1) + 1, Math.floor(bj0) - 1, Math.ceil(bj1) + 1, Math.floor(bk0) - 1, Math.ceil(bk1) + 1);
  const binWidthGy = chooseBinWidthGy(upperGy, options.binWidthGy);
  const binCount = Math.max(1, Math.floor(Math.max(upperGy, 0) / binWidthGy) + 2);

  const axial = isAxialGrid(dose);
  // Structures sampled coarser than ½ voxel (large organs) get their hottest few cc re-sampled at ≤ ¼ voxel.
  const finestDoseSpacingMm = Math.min(dose.spacingMm[0], dose.spacingMm[1], dose.spacingMm[2]);
  const fineSpacingMm = FINE_SPACING_PER_DOSE_VOXEL * finestDoseSpacingMm;
  const refine = axial && options.refineHotSpots !== false && h > REFINE_ABOVE_SPACING_PER_DOSE_VOXEL * finestDoseSpacingMm;
  const hotVolumeCc = Math.min(HOT_VOLUME_CC, HOT_VOLUME_FRACTION * (volumeMm3 / 1000));
  const extremes = axial ? structureDoseExtremes(dose, slabs, { hotVolumeCc: refine ? hotVolumeCc : 0 }) : undefined;
  const tally: Tally = {
    dose,
    w,
    differentialMm3: new Float64Array(binCount),
    runMm3: new Float64Array(binCount + 1),
    settings: new Float64Array([
      1 / binWidthGy,
      // Spread intervals stay within the exact extremes when known (else within the histogram).
      extremes !== undefined && extremes.minGy <= extremes.maxGy ? Math.max(0, extremes.minGy / binWidthGy) : 0,
      extremes !== undefined && extremes.minGy <= extremes.maxGy ? Math.min(binCount, extremes.maxGy / binWidthGy) : binCount,
      refine ? extremes!.hotDoseGy : Infinity,
      refine ? Math.ceil(h / fineSpacingMm - 1e-9) : 1,
    ]),
    sums: new Float64Array([0, 0, 0, Infinity, -Infinity, 0]),
  };
  const scratch = createScratch();

  for (let s = 0; s < slabs.length; s++) {
    const slab = slabs[s];
    const edges = edgesPerSlab[s];
    const thicknessMm = slab.zHiMm - slab.zLoMm;
    if (thicknessMm <= 0 || edges.count === 0) continue;
    const sampleCount = fillPlaneSamples(edges, h, areaPerSlabMm2[s], scratch);
    if (axial) {
      if (sampleCount > 0) accumulateSlabAxial(slab, h, sampleCount, scratch, tally);
    } else {
      if (sampleCount > 0) accumulateSlabGeneral(slab, h, sampleCount, scratch, tally);
      contourVertexExtremes(dose, w, slab, tally);
    }
  }
  if (extremes !== undefined) {
    // Exact extremes of the interpolant; samples can only lie within them (up to rounding).
    tally.sums[SUM_MIN_GY] = Math.min(tally.sums[SUM_MIN_GY], extremes.minGy);
    tally.sums[SUM_MAX_GY] = Math.max(tally.sums[SUM_MAX_GY], extremes.maxGy);
  }

  const sums = tally.sums;
  if (!(sums[SUM_INSIDE_MM3] > 0)) {
    throw new InputError('structure-outside-dose-grid', `${name}: no part of the structure (${(sums[SUM_OUTSIDE_MM3] / 1000).toFixed(3)} cc) lies inside the dose grid`);
  }
  const differentialCc = new Float64Array(binCount);
  let run = 0;
  for (let b = 0; b < binCount; b++) {
    run += tally.runMm3[b];
    differentialCc[b] = (tally.differentialMm3[b] + run) / 1000;
  }
  return {
    binWidthGy,
    differentialCc,
    volumeCc: sums[SUM_INSIDE_MM3] / 1000,
    minGy: sums[SUM_MIN_GY],
    maxGy: sums[SUM_MAX_GY],
    meanGy: sums[SUM_DOSE_VOLUME] / sums[SUM_INSIDE_MM3],
    volumeOutsideDoseGridCc: sums[SUM_OUTSIDE_MM3] / 1000,
    contourGapCount: gapCount,
    sampleCount: sums[SUM_SAMPLES],
    sampleSpacingMm: h,
  };
}

/** Sample spacing above which hot spots are refined, and the refined spacing, per finest dose spacing. */
const REFINE_ABOVE_SPACING_PER_DOSE_VOXEL = 0.5;
const FINE_SPACING_PER_DOSE_VOXEL = 0.25;
/**
 * Hottest volume re-sampled finely in coarsely sampled structures, cc and fraction of the structure (the
 * smaller applies): covers D0.03cc, D1cc, D2cc and D1 %–D5 % of small organs.
 */
const HOT_VOLUME_CC = 5;
const HOT_VOLUME_FRACTION = 0.1;

/**
 * State of one DVH computation. Everything numeric lives in typed arrays: object fields that start as
 * small integers and later hold doubles change the object's hidden class, which made V8 throw away the
 * optimised kernels hundreds of times per structure.
 */
interface Tally {
  readonly dose: Grid3;
  /** Patient mm → dose-grid index (gridTransforms.worldToIndex). */
  readonly w: Float64Array;
  readonly differentialMm3: Float64Array;
  /** Difference array for whole bins covered by a spread sample (prefix-summed at the end). */
  readonly runMm3: Float64Array;
  /** Constants, indexed by SETTING_*. */
  readonly settings: Float64Array;
  /** Running sums, indexed by SUM_*; the kernels keep them in locals and write them back per call. */
  readonly sums: Float64Array;
}

const SETTING_INVERSE_BIN_WIDTH = 0;
/** Range (in bins, fractional) that spread samples are clipped to: the structure's dose range. */
const SETTING_LOWEST_BIN = 1;
const SETTING_HIGHEST_BIN = 2;
/** Samples that may reach this dose are split into refineSteps³ sub-samples (Infinity: never). */
const SETTING_HOT_GY = 3;
const SETTING_REFINE_STEPS = 4;
const SUM_INSIDE_MM3 = 0;
const SUM_OUTSIDE_MM3 = 1;
const SUM_DOSE_VOLUME = 2;
const SUM_MIN_GY = 3;
const SUM_MAX_GY = 4;
const SUM_SAMPLES = 5;

/** Typed-array scratch reused over the planes of one structure (grown, never shrunk). */
interface Scratch {
  crossings: Float64Array;
  // In-plane samples of the current plane: position, area and segment width.
  xMm: Float64Array;
  yMm: Float64Array;
  areaMm2: Float64Array;
  widthMm: Float64Array;
  rowHeightMm: number;
  // Axial path, per in-grid sample: in-plane cell offset, weights and gradient-to-spread gains.
  offset: Int32Array;
  tx: Float64Array;
  ty: Float64Array;
  gainXi: Float64Array;
  gainXj: Float64Array;
  gainYi: Float64Array;
  gainYj: Float64Array;
  volumeMm3: Float64Array;
  /** Index of the in-plane sample (xMm, yMm, ...) each in-grid sample came from. */
  source: Int32Array;
  /** Per plane: volume outside the grid in-plane, mm³, and in-grid area, mm² (prepareAxialSamples). */
  readonly planeSums: Float64Array;
  // Axial path, per sub-slice of one dose cell: weight along k, gradient-to-spread gain and z.
  tz: Float64Array;
  gainZ: Float64Array;
  zMm: Float64Array;
}

function createScratch(): Scratch {
  const n = 1024;
  return {
    crossings: new Float64Array(16),
    // NaN, not 0: the field holds doubles from the start (a small integer first would change its class later).
    xMm: new Float64Array(n), yMm: new Float64Array(n), areaMm2: new Float64Array(n), widthMm: new Float64Array(n), rowHeightMm: Number.NaN,
    offset: new Int32Array(n), tx: new Float64Array(n), ty: new Float64Array(n),
    gainXi: new Float64Array(n), gainXj: new Float64Array(n), gainYi: new Float64Array(n), gainYj: new Float64Array(n), volumeMm3: new Float64Array(n),
    source: new Int32Array(n),
    planeSums: new Float64Array(2),
    tz: new Float64Array(64), gainZ: new Float64Array(64), zMm: new Float64Array(64),
  };
}

/**
 * In-plane samples of one plane into scratch.xMm/yMm/areaMm2/widthMm: rows every ≤ h mm in y, and along each
 * inside interval of a row, equal segments of ≤ h mm (exact interval length, so the area is exact in x).
 * The rows integrate the area in y by the midpoint rule (−0.04 % for a body at 3 mm rows); the sample areas
 * are then scaled so that they add up to the plane's exact polygon area `exactAreaMm2`.
 * Returns the sample count.
 */
function fillPlaneSamples(edges: ScanlineEdges, h: number, exactAreaMm2: number, s: Scratch): number {
  if (s.crossings.length < edges.count) s.crossings = new Float64Array(edges.count);
  const crossings = s.crossings;
  const rowCount = Math.max(1, Math.ceil((edges.yMax - edges.yMin) / h));
  const rowHeight = (edges.yMax - edges.yMin) / rowCount;
  s.rowHeightMm = rowHeight;
  const sweep = createScanlineSweep(edges);
  let count = 0;
  for (let r = 0; r < rowCount; r++) {
    const y = edges.yMin + (r + 0.5) * rowHeight;
    const crossingCount = sweepCrossings(sweep, y, crossings);
    for (let q = 0; q + 1 < crossingCount; q += 2) {
      const xa = crossings[q];
      const length = crossings[q + 1] - xa;
      if (length <= 0) continue;
      const segments = Math.ceil(length / h);
      const segment = length / segments;
      if (count + segments > s.xMm.length) growSamples(s, 2 * (count + segments));
      const xMm = s.xMm, yMm = s.yMm, areaMm2 = s.areaMm2, widthMm = s.widthMm;
      const area = segment * rowHeight;
      for (let m = 0; m < segments; m++) {
        xMm[count] = xa + (m + 0.5) * segment;
        yMm[count] = y;
        areaMm2[count] = area;
        widthMm[count] = segment;
        count++;
      }
    }
  }
  let sampledAreaMm2 = 0;
  for (let n = 0; n < count; n++) sampledAreaMm2 += s.areaMm2[n];
  if (sampledAreaMm2 > 0 && exactAreaMm2 > 0) {
    const scale = exactAreaMm2 / sampledAreaMm2;
    for (let n = 0; n < count; n++) s.areaMm2[n] *= scale;
  }
  return count;
}

/**
 * Axial grids: i and j do not depend on z and k depends on z only, so each sample's cell offset and
 * in-plane weights are computed once per plane, and per dose cell along k the bilinear values (and
 * in-plane derivatives) on its two bounding slices once per sample; the sub-slices inside that cell are
 * then linear blends of those (exactly the trilinear interpolant and its gradient). A sample whose cell can
 * reach the hot dose (SETTING_HOT_GY) is handed to depositSample in refineSteps³ parts instead.
 */
function accumulateSlabAxial(slab: ContourSlab, h: number, sampleCount: number, s: Scratch, tally: Tally): void {
  const dose = tally.dose;
  const w = tally.w;
  const nz = dose.dimensions[2];
  const nzLast = nz - 1;
  const kLimit = nz - 0.5;
  const kCellLast = nz > 1 ? nz - 2 : 0;
  const thicknessMm = slab.zHiMm - slab.zLoMm;
  const subSlices = Math.max(1, Math.round(thicknessMm / h));
  const subSliceMm = thicknessMm / subSlices;
  const w10 = w[10];
  // Axial grid (isAxialGrid): k from z alone (as structureDoseExtremes).
  const kBase = w[11];

  // Work goes in chunks of CHUNK samples: V8 then optimises the kernels as ordinary calls. One long loop
  // is compiled on-stack mid-call, and that code kept de-optimising on lines after the loop it had not
  // seen run (hundreds of times per structure, doubling the cold run).
  s.planeSums[0] = 0;
  s.planeSums[1] = 0;
  let inGrid = 0;
  for (let from = 0; from < sampleCount; from += CHUNK) inGrid = prepareAxialSamples(from, Math.min(sampleCount, from + CHUNK), inGrid, slab, subSliceMm, s, tally);
  tally.sums[SUM_OUTSIDE_MM3] += s.planeSums[0];
  const inGridAreaMm2 = s.planeSums[1];
  if (inGrid === 0) return;

  if (s.tz.length < subSlices) {
    s.tz = new Float64Array(subSlices);
    s.gainZ = new Float64Array(subSlices);
    s.zMm = new Float64Array(subSlices);
  }
  const tzs = s.tz, gainZ = s.gainZ, zs = s.zMm;
  // Sub-slices in runs that share a dose cell along k (k is monotonic in z).
  let c = 0;
  while (c < subSlices) {
    const fk = w10 * (slab.zLoMm + (c + 0.5) * subSliceMm) + kBase;
    if (!(fk >= -0.5 && fk <= kLimit)) {
      tally.sums[SUM_OUTSIDE_MM3] += inGridAreaMm2 * subSliceMm;
      c++;
      continue;
    }
    const k0 = cellAlongK(fk, nzLast, kCellLast);
    let groupSize = 0;
    for (; c < subSlices; c++) {
      const z = slab.zLoMm + (c + 0.5) * subSliceMm;
      const f = w10 * z + kBase;
      if (!(f >= -0.5 && f <= kLimit) || cellAlongK(f, nzLast, kCellLast) !== k0) break;
      const pz = f <= 0 ? 0 : f >= nzLast ? nzLast : f;
      tzs[groupSize] = pz - k0;
      gainZ[groupSize] = f > 0 && f < nzLast ? w10 * subSliceMm : 0;
      zs[groupSize] = z;
      groupSize++;
    }
    for (let from = 0; from < inGrid; from += CHUNK) accumulateGroupAxial(k0, groupSize, from, Math.min(inGrid, from + CHUNK), subSliceMm, s, tally);
  }
}

/** Samples per kernel call (see accumulateSlabAxial). */
const CHUNK = 256;

/**
 * In-plane cell and weights of samples [from, to) of the plane, appended to the in-grid arrays from
 * position inGrid (samples outside the grid in-plane are out for the whole slab: their volume goes to
 * s.planeSums[0], the in-grid area to s.planeSums[1]). Returns the new in-grid count.
 */
function prepareAxialSamples(from: number, to: number, inGrid: number, slab: ContourSlab, subSliceMm: number, s: Scratch, tally: Tally): number {
  const w = tally.w;
  const [nx, ny] = tally.dose.dimensions;
  const nxLast = nx - 1, nyLast = ny - 1;
  const iLimit = nx - 0.5, jLimit = ny - 0.5;
  const iCellLast = nx > 1 ? nx - 2 : 0;
  const jCellLast = ny > 1 ? ny - 2 : 0;
  const thicknessMm = slab.zHiMm - slab.zLoMm;
  const rowHeight = s.rowHeightMm;
  const w0 = w[0], w1 = w[1], w4 = w[4], w5 = w[5];
  // Axial grid (isAxialGrid): i, j taken on the contour plane.
  const iBase = w[2] * slab.zMm + w[3];
  const jBase = w[6] * slab.zMm + w[7];
  const xMm = s.xMm, yMm = s.yMm, areaMm2 = s.areaMm2, widthMm = s.widthMm;
  const offset = s.offset, tx = s.tx, ty = s.ty, gainXi = s.gainXi, gainXj = s.gainXj, gainYi = s.gainYi, gainYj = s.gainYj;
  const volume = s.volumeMm3, source = s.source;
  let count = inGrid;
  let inGridAreaMm2 = 0;
  let outsideMm3 = 0;
  for (let n = from; n < to; n++) {
    const x = xMm[n];
    const y = yMm[n];
    const fi = w0 * x + w1 * y + iBase;
    const fj = w4 * x + w5 * y + jBase;
    if (!(fi >= -0.5 && fi <= iLimit && fj >= -0.5 && fj <= jLimit)) {
      outsideMm3 += areaMm2[n] * thicknessMm;
      continue;
    }
    const px = fi <= 0 ? 0 : fi >= nxLast ? nxLast : fi;
    const py = fj <= 0 ? 0 : fj >= nyLast ? nyLast : fj;
    let i0 = Math.floor(px);
    let j0 = Math.floor(py);
    if (i0 > iCellLast) i0 = iCellLast;
    if (j0 > jCellLast) j0 = jCellLast;
    // Beyond the outer voxel centres the value is held, so that derivative is 0.
    const iOn = fi > 0 && fi < nxLast ? 1 : 0;
    const jOn = fj > 0 && fj < nyLast ? 1 : 0;
    offset[count] = i0 + j0 * nx;
    tx[count] = px - i0;
    ty[count] = py - j0;
    // Spread along x = |∂d/∂x| × segment width = (∂d/∂i·w0 + ∂d/∂j·w4) × width; along y likewise.
    gainXi[count] = iOn * w0 * widthMm[n];
    gainXj[count] = jOn * w4 * widthMm[n];
    gainYi[count] = iOn * w1 * rowHeight;
    gainYj[count] = jOn * w5 * rowHeight;
    volume[count] = areaMm2[n] * subSliceMm;
    source[count] = n;
    inGridAreaMm2 += areaMm2[n];
    count++;
  }
  s.planeSums[0] += outsideMm3;
  s.planeSums[1] += inGridAreaMm2;
  return count;
}

/** One run of sub-slices inside dose cell k0 along k, for in-grid samples [from, to) of the plane (see above). */
function accumulateGroupAxial(k0: number, groupSize: number, from: number, to: number, subSliceMm: number, s: Scratch, tally: Tally): void {
  const dose = tally.dose;
  const data = dose.data;
  const [nx, ny, nz] = dose.dimensions;
  const di = nx > 1 ? 1 : 0;
  const dj = ny > 1 ? nx : 0;
  const dk = nz > 1 ? nx * ny : 0;
  const kOffset = k0 * nx * ny;
  const offset = s.offset, tx = s.tx, ty = s.ty, gainXi = s.gainXi, gainXj = s.gainXj, gainYi = s.gainYi, gainYj = s.gainYj;
  const volume = s.volumeMm3;
  const tzs = s.tz, gainZ = s.gainZ;
  const differential = tally.differentialMm3;
  const runs = tally.runMm3;
  const settings = tally.settings;
  const inverseBin = settings[SETTING_INVERSE_BIN_WIDTH];
  const binCount = differential.length;
  const lastBin = binCount - 1;
  const lowestBin = settings[SETTING_LOWEST_BIN];
  const highestBin = settings[SETTING_HIGHEST_BIN];
  const hotGy = settings[SETTING_HOT_GY];
  const sums = tally.sums;
  let insideMm3 = 0;
  let doseVolumeSum = 0;
  let minGy = sums[SUM_MIN_GY];
  let maxGy = sums[SUM_MAX_GY];
  let samples = 0;
  for (let m = from; m < to; m++) {
    const o = offset[m] + kOffset;
    const v000 = data[o];
    const v100 = data[o + di];
    const v010 = data[o + dj];
    const v110 = data[o + dj + di];
    const v001 = data[o + dk];
    const v101 = data[o + dk + di];
    const v011 = data[o + dk + dj];
    const v111 = data[o + dk + dj + di];
    const txm = tx[m];
    const tym = ty[m];
    const c00 = v000 + txm * (v100 - v000);
    const c10 = v010 + txm * (v110 - v010);
    const c01 = v001 + txm * (v101 - v001);
    const c11 = v011 + txm * (v111 - v011);
    // Bilinear value and derivatives along i, j on the cell's lower (0) and upper (1) slice.
    const b0 = c00 + tym * (c10 - c00);
    const b1 = c01 + tym * (c11 - c01);
    const ei0 = v100 - v000 + tym * (v110 - v010 - v100 + v000);
    const ei1 = v101 - v001 + tym * (v111 - v011 - v101 + v001);
    const ej0 = c10 - c00;
    const ej1 = c11 - c01;
    const gxa = ei0 * gainXi[m] + ej0 * gainXj[m];
    const gxb = ei1 * gainXi[m] + ej1 * gainXj[m] - gxa;
    const gya = ei0 * gainYi[m] + ej0 * gainYj[m];
    const gyb = ei1 * gainYi[m] + ej1 * gainYj[m] - gya;
    const db = b1 - b0;
    const v = volume[m];
    const hotCell = hotGy < Infinity && cellMaximum(v000, v100, v010, v110, v001, v101, v011, v111) >= hotGy;
    for (let g = 0; g < groupSize; g++) {
      const t = tzs[g];
      const dGy = b0 + t * db;
      const gx = gxa + t * gxb;
      const gy = gya + t * gyb;
      const gz = db * gainZ[g];
      // Spread the volume over the dose range its cell spans (width of the uniform distribution with the
      // same variance as the locally linear dose over the cell): exact for a dose gradient along one
      // cell axis, and it removes the staircase a point-sample histogram would show.
      const spreadGy = Math.sqrt(gx * gx + gy * gy + gz * gz);
      if (hotCell || dGy + 0.5 * spreadGy >= hotGy) {
        refineSample(s, m, g, subSliceMm, tally);
        continue;
      }
      insideMm3 += v;
      doseVolumeSum += dGy * v;
      samples++;
      if (dGy < minGy) minGy = dGy;
      if (dGy > maxGy) maxGy = dGy;
      let lo = (dGy - 0.5 * spreadGy) * inverseBin;
      let hi = (dGy + 0.5 * spreadGy) * inverseBin;
      if (lo < lowestBin) lo = lowestBin;
      if (hi > highestBin) hi = highestBin;
      if (hi < lo) lo = hi = lo > highestBin ? highestBin : lowestBin;
      const bLo = Math.floor(lo);
      const bHi = Math.min(lastBin, Math.floor(hi));
      if (bLo >= bHi || hi - lo < 1e-6) {
        differential[bLo < lastBin ? bLo : lastBin] += v;
      } else {
        const density = v / (hi - lo); // per bin width
        differential[bLo] += density * (bLo + 1 - lo);
        differential[bHi] += density * (hi - bHi);
        runs[bLo + 1] += density;
        runs[bHi] -= density;
      }
    }
  }
  sums[SUM_INSIDE_MM3] += insideMm3;
  sums[SUM_DOSE_VOLUME] += doseVolumeSum;
  sums[SUM_MIN_GY] = Math.min(sums[SUM_MIN_GY], minGy);
  sums[SUM_MAX_GY] = Math.max(sums[SUM_MAX_GY], maxGy);
  sums[SUM_SAMPLES] += samples;
}

function cellMaximum(a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number): number {
  const ab = a > b ? a : b;
  const cd = c > d ? c : d;
  const ef = e > f ? e : f;
  const gh = g > h ? g : h;
  const abcd = ab > cd ? ab : cd;
  const efgh = ef > gh ? ef : gh;
  return abcd > efgh ? abcd : efgh;
}

/** Splits in-grid sample m of sub-slice g (axial path) into refineSteps³ parts, each deposited by depositSample. */
function refineSample(s: Scratch, m: number, g: number, subSliceMm: number, tally: Tally): void {
  const n = s.source[m];
  const steps = tally.settings[SETTING_REFINE_STEPS];
  const width = s.widthMm[n] / steps;
  const height = s.rowHeightMm / steps;
  const depth = subSliceMm / steps;
  const x0 = s.xMm[n] - 0.5 * s.widthMm[n] + 0.5 * width;
  const y0 = s.yMm[n] - 0.5 * s.rowHeightMm + 0.5 * height;
  const z0 = s.zMm[g] - 0.5 * subSliceMm + 0.5 * depth;
  for (let a = 0; a < steps; a++) {
    for (let b = 0; b < steps; b++) {
      for (let c = 0; c < steps; c++) depositSample(tally, x0 + a * width, y0 + b * height, z0 + c * depth, width, height, depth);
    }
  }
}

/** Any grid orientation: every sample of every sub-slice through depositSample. */
function accumulateSlabGeneral(slab: ContourSlab, h: number, sampleCount: number, s: Scratch, tally: Tally): void {
  const thicknessMm = slab.zHiMm - slab.zLoMm;
  const subSlices = Math.max(1, Math.round(thicknessMm / h));
  const subSliceMm = thicknessMm / subSlices;
  const rowHeight = s.rowHeightMm;
  for (let c = 0; c < subSlices; c++) {
    const z = slab.zLoMm + (c + 0.5) * subSliceMm;
    for (let n = 0; n < sampleCount; n++) depositSample(tally, s.xMm[n], s.yMm[n], z, s.widthMm[n], rowHeight, subSliceMm);
  }
}

/**
 * One sample: the box of widthMm × heightMm × depthMm (patient x, y, z) centred at (x, y, z). Its dose is the
 * trilinear interpolant at the centre; its volume is spread over the range the interpolant's gradient
 * spans across the box (as in accumulateGroupAxial). Outside the grid it counts as outside volume.
 */
function depositSample(tally: Tally, x: number, y: number, z: number, widthMm: number, heightMm: number, depthMm: number): void {
  const dose = tally.dose;
  const w = tally.w;
  const [nx, ny, nz] = dose.dimensions;
  const volume = widthMm * heightMm * depthMm;
  const fi = w[0] * x + w[1] * y + w[2] * z + w[3];
  const fj = w[4] * x + w[5] * y + w[6] * z + w[7];
  const fk = w[8] * x + w[9] * y + w[10] * z + w[11];
  if (!(fi >= -0.5 && fi <= nx - 0.5 && fj >= -0.5 && fj <= ny - 0.5 && fk >= -0.5 && fk <= nz - 0.5)) {
    tally.sums[SUM_OUTSIDE_MM3] += volume;
    return;
  }
  const data = dose.data;
  const nxLast = nx - 1, nyLast = ny - 1, nzLast = nz - 1;
  const px = fi <= 0 ? 0 : fi >= nxLast ? nxLast : fi;
  const py = fj <= 0 ? 0 : fj >= nyLast ? nyLast : fj;
  const pz = fk <= 0 ? 0 : fk >= nzLast ? nzLast : fk;
  const i0 = Math.min(Math.floor(px), nx > 1 ? nx - 2 : 0);
  const j0 = Math.min(Math.floor(py), ny > 1 ? ny - 2 : 0);
  const k0 = Math.min(Math.floor(pz), nz > 1 ? nz - 2 : 0);
  const tx = px - i0;
  const ty = py - j0;
  const tz = pz - k0;
  const di = nx > 1 ? 1 : 0;
  const dj = ny > 1 ? nx : 0;
  const dk = nz > 1 ? nx * ny : 0;
  const o = i0 + j0 * nx + k0 * nx * ny;
  const v000 = data[o];
  const v100 = data[o + di];
  const v010 = data[o + dj];
  const v110 = data[o + dj + di];
  const v001 = data[o + dk];
  const v101 = data[o + dk + di];
  const v011 = data[o + dk + dj];
  const v111 = data[o + dk + dj + di];
  const c00 = v000 + tx * (v100 - v000);
  const c10 = v010 + tx * (v110 - v010);
  const c01 = v001 + tx * (v101 - v001);
  const c11 = v011 + tx * (v111 - v011);
  const c0 = c00 + ty * (c10 - c00);
  const c1 = c01 + ty * (c11 - c01);
  const d = c0 + tz * (c1 - c0);
  // Gradient in index space; beyond the outer voxel centres the value is held, so that component is 0.
  let gi = 0;
  let gj = 0;
  let gk = 0;
  if (fi > 0 && fi < nxLast) {
    const e0 = v100 - v000 + ty * (v110 - v010 - v100 + v000);
    const e1 = v101 - v001 + ty * (v111 - v011 - v101 + v001);
    gi = e0 + tz * (e1 - e0);
  }
  if (fj > 0 && fj < nyLast) gj = c10 - c00 + tz * (c11 - c01 - c10 + c00);
  if (fk > 0 && fk < nzLast) gk = c1 - c0;
  const gx = (gi * w[0] + gj * w[4] + gk * w[8]) * widthMm;
  const gy = (gi * w[1] + gj * w[5] + gk * w[9]) * heightMm;
  const gz = (gi * w[2] + gj * w[6] + gk * w[10]) * depthMm;
  const spreadGy = Math.sqrt(gx * gx + gy * gy + gz * gz);
  const sums = tally.sums;
  sums[SUM_INSIDE_MM3] += volume;
  sums[SUM_DOSE_VOLUME] += d * volume;
  sums[SUM_SAMPLES]++;
  if (d < sums[SUM_MIN_GY]) sums[SUM_MIN_GY] = d;
  if (d > sums[SUM_MAX_GY]) sums[SUM_MAX_GY] = d;
  const settings = tally.settings;
  const differential = tally.differentialMm3;
  const binCount = differential.length;
  const lastBin = binCount - 1;
  const lowestBin = settings[SETTING_LOWEST_BIN];
  const highestBin = settings[SETTING_HIGHEST_BIN];
  let lo = (d - 0.5 * spreadGy) * settings[SETTING_INVERSE_BIN_WIDTH];
  let hi = (d + 0.5 * spreadGy) * settings[SETTING_INVERSE_BIN_WIDTH];
  if (lo < lowestBin) lo = lowestBin;
  if (hi > highestBin) hi = highestBin;
  if (hi < lo) lo = hi = lo > highestBin ? highestBin : lowestBin;
  const bLo = Math.floor(lo);
  const bHi = Math.min(lastBin, Math.floor(hi));
  if (bLo >= bHi || hi - lo < 1e-6) {
    differential[bLo < lastBin ? bLo : lastBin] += volume;
  } else {
    const density = volume / (hi - lo);
    differential[bLo] += density * (bLo + 1 - lo);
    differential[bHi] += density * (hi - bHi);
    tally.runMm3[bLo + 1] += density;
    tally.runMm3[bHi] -= density;
  }
}

/** Lower cell index along k for a continuous index inside the grid (the last cell for the last slice). */
function cellAlongK(fk: number, nzLast: number, kCellLast: number): number {
  const pz = fk <= 0 ? 0 : fk >= nzLast ? nzLast : fk;
  const k0 = Math.floor(pz);
  return k0 > kCellLast ? kCellLast : k0;
}

/** Contour vertices on both slab faces: the extremes of a dose that is linear over the structure. */
function contourVertexExtremes(dose: Grid3, w: Float64Array, slab: ContourSlab, tally: Tally): void {
  let minGy = tally.sums[SUM_MIN_GY];
  let maxGy = tally.sums[SUM_MAX_GY];
  for (const contour of slab.contours) {
    const xy = contour.xyMm;
    for (let face = 0; face < 2; face++) {
      const z = face === 0 ? slab.zLoMm : slab.zHiMm;
      for (let p = 0; p + 1 < xy.length; p += 2) {
        const x = xy[p];
        const y = xy[p + 1];
        const d = trilinearDoseAt(dose, w[0] * x + w[1] * y + w[2] * z + w[3], w[4] * x + w[5] * y + w[6] * z + w[7], w[8] * x + w[9] * y + w[10] * z + w[11]);
        if (d !== d) continue;
        if (d < minGy) minGy = d;
        if (d > maxGy) maxGy = d;
      }
    }
  }
  tally.sums[SUM_MIN_GY] = minGy;
  tally.sums[SUM_MAX_GY] = maxGy;
}

function growSamples(s: Scratch, size: number): void {
  s.xMm = grow(s.xMm, size);
  s.yMm = grow(s.yMm, size);
  s.areaMm2 = grow(s.areaMm2, size);
  s.widthMm = grow(s.widthMm, size);
  s.offset = new Int32Array(size);
  s.tx = new Float64Array(size);
  s.ty = new Float64Array(size);
  s.gainXi = new Float64Array(size);
  s.gainXj = new Float64Array(size);
  s.gainYi = new Float64Array(size);
  s.gainYj = new Float64Array(size);
  s.volumeMm3 = new Float64Array(size);
  s.source = new Int32Array(size);
}

function grow(array: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(size);
  bigger.set(array);
  return bigger;
}
