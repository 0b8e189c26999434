import { gridTransforms, type GridGeometry } from '../geometry/Grid3';
import type { Beam } from './Beam';
import { beamFrame, type BeamFrame } from './beamFrame';
import type { CompiledCone } from './compileBeamModel';
import { walkCumulativeDepth, type DensityVolume } from './radiologicalPath';

/** Voxels closer than this to the source (axial distance, mm) are skipped: never inside a patient at 800 mm SAD. */
export const MIN_AXIAL_DISTANCE_MM = 10;
/** Lowest mean density used by the lateral scaling (stops the stretch from growing without bound in air). */
export const MIN_SCALING_DENSITY = 0.2;
/** Beyond the cone radius plus this (mm at the SAD, × the lateral stretch), voxels read the coarse lattice. */
export const FINE_MARGIN_MM = 9;
/** The low-dose tail uses a ray lattice this many times coarser than rayLatticeSpacingMm. */
export const COARSE_LATTICE_FACTOR = 3;

/** One square level of fan lines: u, v = (−half … half)·spacing at the SAD, samples at out[base + (iv·side + iu)·nT + m]. */
export interface LatticeLevel {
  readonly spacing: number;
  readonly half: number;
  readonly side: number;
  readonly base: number;
}

/**
 * Cumulative radiological depth along fan lines from one source (shared by all beams from that source): a fine level
 * over every beam's field and penumbra and a coarse level over the whole footprint, sampled every `dt` of axial
 * distance t (along `frame.axis`) from tFirst, nT samples per line, in workspace memory `cumulative`.
 */
export interface FanLattice {
  readonly sourceX: number;
  readonly sourceY: number;
  readonly sourceZ: number;
  readonly frame: BeamFrame;
  readonly sad: number;
  readonly tFirst: number;
  readonly dt: number;
  readonly nT: number;
  readonly fine: LatticeLevel;
  readonly coarse: LatticeLevel;
  readonly cumulative: Float32Array;
}

/**
 * Traced fan-lattice lines kept between engine calls on the same density grid and dose grid (e.g. the influence for
 * optimisation, then the final dose): a later call copies the lines it needs instead of walking them again, and
 * walks only the missing ones. Memory ≈ lines × samples × 4 bytes (≈ 50 MB for one nodule's 113 sources).
 * Create one per (density grid, dose grid, ray options) and drop it afterwards; a call with other grids throws.
 */
export interface FanLatticeCache {
  /** Per lattice (source and axis): line key (level, du, dv) → nT cumulative samples. */
  readonly lattices: Map<string, Map<number, Float32Array>>;
  /** The grids and ray options the cache belongs to (set by the first call). */
  owner: { readonly density: Float32Array; readonly doseKey: string; readonly rayKey: string } | undefined;
}

export function createFanLatticeCache(): FanLatticeCache {
  return { lattices: new Map(), owner: undefined };
}

/** Indices of beams grouped by identical source position, groups in order of first appearance. */
export function groupBeamsBySource(beams: readonly Beam[]): number[][] {
  const groups = new Map<string, number[]>();
  beams.forEach((beam, b) => {
    const key = `${beam.sourceMm.xMm},${beam.sourceMm.yMm},${beam.sourceMm.zMm}`;
    const group = groups.get(key);
    if (group) group.push(b);
    else groups.set(key, [b]);
  });
  return [...groups.values()];
}

/** Largest footprint stretch of the lateral scaling (1 without it). */
export function maximumStretch(scaling: { sourceSigmaMm: number; electronSigmaMm: number } | undefined): number {
  if (!scaling) return 1;
  return Math.hypot(scaling.sourceSigmaMm, scaling.electronSigmaMm / MIN_SCALING_DENSITY) / Math.hypot(scaling.sourceSigmaMm, scaling.electronSigmaMm);
}

/** Footprint radius of a cone at the SAD, mm, widened by the lateral stretch. */
export function footprintRadiusMm(cone: CompiledCone, stretch: number): number {
  const radius = cone.diameterMm / 2;
  return radius + (cone.footprintRadiusMm - radius) * stretch;
}

/**
 * Traces the fan lattice of a group of beams sharing a source. Lattice axis: from the source to the mean aim point;
 * each beam's axis crosses the lattice plane at an offset o_b, and only lines within one cell diagonal of a beam's disc
 * are traced: radius R_b + FINE_MARGIN on the fine level, footprint_b on the coarse one (+2 % for the small tilt
 * between the frames). Axial range: the dose grid's corners projected on the lattice axis (± one coarse voxel).
 * Lines are exact voxel walks (walkCumulativeDepth) from the source; samples on multiples of dt from the source.
 */
export function traceFanLattice(
  frameBeams: readonly Beam[],
  beams: readonly Beam[],
  cones: readonly CompiledCone[],
  stretch: number,
  volume: DensityVolume,
  doseGeometry: GridGeometry,
  sad: number,
  fineSpacing: number,
  dt: number,
  scratch: { cumulative: Float32Array },
  cache?: FanLatticeCache,
): FanLattice | null {
  const source = beams[0].sourceMm;
  // The lattice axis depends on every beam of the source in the call (not only those traced now), so that calls with
  // a subset of the beams (zero-MU beams skipped) find the same lines in the cache.
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (const beam of frameBeams) {
    mx += beam.aimPointMm.xMm / frameBeams.length;
    my += beam.aimPointMm.yMm / frameBeams.length;
    mz += beam.aimPointMm.zMm / frameBeams.length;
  }
  const frame = beamFrame(source, { xMm: mx, yMm: my, zMm: mz });
  const a = frame.axis;
  // Each beam's axis crosses the lattice plane at (centreU, centreV); its fine part and footprint are discs there
  // (+2 % for the small tilt between the frames).
  const centreU = new Float64Array(beams.length);
  const centreV = new Float64Array(beams.length);
  const fineRadii = new Float64Array(beams.length);
  const coarseRadii = new Float64Array(beams.length);
  let coarseRadius = 0;
  beams.forEach((beam, n) => {
    const b = beamFrame(beam.sourceMm, beam.aimPointMm).axis;
    const along = b[0] * a[0] + b[1] * a[1] + b[2] * a[2];
    centreU[n] = (sad * (b[0] * frame.e1[0] + b[1] * frame.e1[1] + b[2] * frame.e1[2])) / along;
    centreV[n] = (sad * (b[0] * frame.e2[0] + b[1] * frame.e2[1] + b[2] * frame.e2[2])) / along;
    const footprint = 1.02 * footprintRadiusMm(cones[n], stretch);
    fineRadii[n] = Math.min(footprint, 1.02 * (cones[n].diameterMm / 2 + FINE_MARGIN_MM * stretch));
    coarseRadii[n] = footprint;
    coarseRadius = Math.max(coarseRadius, Math.hypot(centreU[n], centreV[n]) + footprint);
  });

  // Axial range of the dose grid (corners ± 1.5 voxels, so a 2× coarser grid on the same origin is covered too).
  const m = gridTransforms(doseGeometry).indexToWorld;
  const [nx, ny, nz] = doseGeometry.dimensions;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let c = 0; c < 8; c++) {
    const ci = c & 1 ? nx + 1.5 : -1.5;
    const cj = c & 2 ? ny + 1.5 : -1.5;
    const ck = c & 4 ? nz + 1.5 : -1.5;
    const t = (m[0] * ci + m[1] * cj + m[2] * ck + m[3] - source.xMm) * a[0] + (m[4] * ci + m[5] * cj + m[6] * ck + m[7] - source.yMm) * a[1] + (m[8] * ci + m[9] * cj + m[10] * ck + m[11] - source.zMm) * a[2];
    if (t < tMin) tMin = t;
    if (t > tMax) tMax = t;
  }
  if (!(tMax > MIN_AXIAL_DISTANCE_MM)) return null;
  const tFirst = Math.max(dt, Math.floor(Math.max(tMin, MIN_AXIAL_DISTANCE_MM) / dt) * dt);
  const nT = Math.floor((tMax - tFirst) / dt) + 2;

  const fineHalf = Math.ceil(coarseRadius / fineSpacing) + 1;
  const fineSide = 2 * fineHalf + 1;
  const coarseSpacing = fineSpacing * COARSE_LATTICE_FACTOR;
  const coarseHalf = Math.ceil(coarseRadius / coarseSpacing) + 1;
  const coarseSide = 2 * coarseHalf + 1;
  const coarseBase = fineSide * fineSide * nT;
  const needed = coarseBase + coarseSide * coarseSide * nT;
  if (scratch.cumulative.length < needed) scratch.cumulative = new Float32Array(Math.ceil(needed * 1.25));
  const cumulative = scratch.cumulative;
  let lines: Map<number, Float32Array> | undefined;
  if (cache) {
    const key = `${source.xMm},${source.yMm},${source.zMm}|${a[0]},${a[1]},${a[2]}|${tFirst}|${nT}`;
    lines = cache.lattices.get(key);
    if (!lines) {
      lines = new Map();
      cache.lattices.set(key, lines);
    }
  }
  traceLevel(volume, source.xMm, source.yMm, source.zMm, frame, sad, fineSpacing, fineHalf, centreU, centreV, fineRadii, tFirst, dt, nT, cumulative, 0, lines, 0);
  traceLevel(volume, source.xMm, source.yMm, source.zMm, frame, sad, coarseSpacing, coarseHalf, centreU, centreV, coarseRadii, tFirst, dt, nT, cumulative, coarseBase, lines, 1);
  return {
    sourceX: source.xMm,
    sourceY: source.yMm,
    sourceZ: source.zMm,
    frame,
    sad,
    tFirst,
    dt,
    nT,
    fine: { spacing: fineSpacing, half: fineHalf, side: fineSide, base: 0 },
    coarse: { spacing: coarseSpacing, half: coarseHalf, side: coarseSide, base: coarseBase },
    cumulative,
  };
}

/**
 * Traces the lines of one lattice level that some voxel interpolates from: those within one cell diagonal of a
 * beam's disc (centre (centreU, centreV), radius) in the lattice plane.
 */
function traceLevel(
  volume: DensityVolume,
  sX: number, sY: number, sZ: number,
  frame: BeamFrame,
  sad: number, spacing: number, half: number,
  centreU: Float64Array, centreV: Float64Array, radii: Float64Array,
  tFirst: number, dt: number, nT: number,
  out: Float32Array, base: number,
  cached: Map<number, Float32Array> | undefined, level: number,
): void {
  const a = frame.axis;
  const e1 = frame.e1;
  const e2 = frame.e2;
  const side = 2 * half + 1;
  const diagonal = spacing * Math.SQRT2 + 1e-9;
  for (let iv = 0; iv < side; iv++) {
    const v = (iv - half) * spacing;
    for (let iu = 0; iu < side; iu++) {
      const u = (iu - half) * spacing;
      let needed = false;
      for (let n = 0; n < radii.length && !needed; n++) {
        const reach = radii[n] + diagonal;
        needed = (u - centreU[n]) ** 2 + (v - centreV[n]) ** 2 <= reach * reach;
      }
      if (!needed) continue;
      const offset = base + (iv * side + iu) * nT;
      // Lines are identified by level and signed lattice offsets, which do not depend on the lattice's extent.
      const key = level * 1e8 + (iu - half + 5000) * 1e4 + (iv - half + 5000);
      const known = cached?.get(key);
      if (known) {
        out.set(known, offset);
        continue;
      }
      // Line direction w = sad·a + u·e1 + v·e2 has axial component sad: line parameter s = t / sad.
      walkCumulativeDepth(
        volume, sX, sY, sZ,
        sad * a[0] + u * e1[0] + v * e2[0], sad * a[1] + u * e1[1] + v * e2[1], sad * a[2] + u * e1[2] + v * e2[2],
        Math.sqrt(sad * sad + u * u + v * v), tFirst / sad, dt / sad, nT, out, offset,
      );
      cached?.set(key, out.slice(offset, offset + nT));
    }
  }
}
