import { distanceTransformMm } from '../distance/distanceTransformMm';
import type { GridGeometry } from '../geometry/Grid3';
import { limitsAtVolume } from '../metrics/rtogConformality';
import type { CappedVoxels, ProfiledTarget } from '../optimize/optimizeDoseGoals';

/**
 * Sampling of the voxels outside the PTV (all within nearMm, then every stride-th voxel by flat index). Halving the
 * sample (strides 3/8/12/48 → 8/27/24/96, near band 8 → 5 mm) changed no demo plan's V100, IDL, R50 or D2cm by more
 * than 1.5 points and cut the optimisation time by 2–3× (measured).
 */
export interface DoseGoalSampleOptions {
  /** Every voxel up to this distance from the PTV surface, mm (conformity, R100). Default 5. */
  readonly nearMm?: number;
  /** Every denseStride-th voxel (by flat index) up to this distance, mm. Defaults 22 (just beyond the D2cm distance), 8. */
  readonly denseMm?: number;
  readonly denseStride?: number;
  /** Every midStride-th voxel up to midMm. Defaults 50 mm, 27. */
  readonly midMm?: number;
  readonly midStride?: number;
  /** Every skinStride-th body voxel within skinMm of the body surface (beam entries overlap there). Defaults 20 mm, 24. */
  readonly skinMm?: number;
  readonly skinStride?: number;
  /** Every farStride-th body voxel elsewhere. Default 96. */
  readonly farStride?: number;
  /** R50 goal as a fraction of the RTOG "none" limit at the PTV volume. Default 1 (the exponential cap is stricter than a step). */
  readonly r50GoalShare?: number;
  /** D2cm goal as a fraction of the RTOG "none" limit at the PTV volume. Default 0.9. */
  readonly d2cmGoalShare?: number;
  /** Lowest cap anywhere, fraction of Rx: below it single beams' paths would count as violations. Default 0.15. */
  readonly capFloorFraction?: number;
}

/** An organ's maximum-dose limit as a cap on its voxels (grid-sized fractions, cap as a fraction of Rx). */
export interface OrganCap {
  readonly name: string;
  readonly fractions: Float32Array;
  readonly capFractionOfRx: number;
}

/** The body on the dose grid with every voxel's distance to the body surface (for the beam-entry sampling). */
export interface BodyDistance {
  /** Non-zero = inside. */
  readonly mask: Uint8Array;
  /** Distance to the nearest voxel outside the body, mm (exact EDT). */
  readonly skinDistanceMm: Float32Array;
}

/** bodyDistance(mask): the EDT of the outside of the body, computed once per case and shared by its nodules. */
export function bodyDistance(mask: Uint8Array, geometry: GridGeometry): BodyDistance {
  const notBody = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) notBody[v] = mask[v] ? 0 : 1;
  return { mask, skinDistanceMm: distanceTransformMm(notBody, geometry).distanceMm };
}

/**
 * Depth of the `inside` voxels (distance to the nearest outside voxel centre, mm), computed on the inside's bounding
 * box plus one voxel (the nearest outside voxel of an inside one always lies in that ring or nearer); 0 elsewhere.
 */
function depthInsideMm(inside: Uint8Array, geometry: GridGeometry): Float32Array {
  const [nx, ny, nz] = geometry.dimensions;
  let [i0, j0, k0, i1, j1, k1] = [nx, ny, nz, -1, -1, -1];
  for (let v = 0; v < inside.length; v++) {
    if (!inside[v]) continue;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / (nx * ny));
    [i0, j0, k0] = [Math.min(i0, i), Math.min(j0, j), Math.min(k0, k)];
    [i1, j1, k1] = [Math.max(i1, i), Math.max(j1, j), Math.max(k1, k)];
  }
  const depth = new Float32Array(inside.length);
  if (i1 < 0) return depth;
  [i0, j0, k0] = [Math.max(0, i0 - 1), Math.max(0, j0 - 1), Math.max(0, k0 - 1)];
  [i1, j1, k1] = [Math.min(nx - 1, i1 + 1), Math.min(ny - 1, j1 + 1), Math.min(nz - 1, k1 + 1)];
  const [bx, by, bz] = [i1 - i0 + 1, j1 - j0 + 1, k1 - k0 + 1];
  const outside = new Uint8Array(bx * by * bz);
  for (let k = 0; k < bz; k++) for (let j = 0; j < by; j++) for (let i = 0; i < bx; i++) outside[i + bx * (j + by * k)] = inside[i0 + i + nx * (j0 + j + ny * (k0 + k))] ? 0 : 1;
  const boxDepth = distanceTransformMm(outside, { dimensions: [bx, by, bz], spacingMm: geometry.spacingMm }).distanceMm;
  for (let k = 0; k < bz; k++) for (let j = 0; j < by; j++) for (let i = 0; i < bx; i++) depth[i0 + i + nx * (j0 + j + ny * (k0 + k))] = boxDepth[i + bx * (j + by * k)];
  return depth;
}

export interface DoseGoalSample {
  /** Dose-grid mask of the sampled voxels (1 = influence needed). */
  readonly sample: Uint8Array;
  readonly target: ProfiledTarget;
  readonly outside: CappedVoxels;
  /** Depth at which the PTV's profile goal reaches Rx / IDL: half the equivalent-sphere radius, mm. */
  readonly coreDepthMm: number;
  /** Distance outside the PTV where the cap is 50 % of Rx, mm. */
  readonly r50Mm: number;
  /** Cap from 20 mm on, fraction of Rx. */
  readonly d2cmCapFraction: number;
}

/** Distance from the PTV surface at which the D2cm limit applies, mm (RTOG 0813/0915). */
const D2CM_MM = 20;
/** From this distance on, caps are maximum goals (D2cm, entry hot spots); closer they shape the fall-off. */
const MAXIMUM_GOAL_MM = 15;

/**
 * The optimiser's voxels and goals for one PTV (docs/optimisation.md): PTV voxels (fraction > 0) with their depth
 * inside the surface; outside voxels sampled by distance (weights = voxels each sample stands for × (1 − PTV fraction))
 * with a cap of Rx up to one voxel out (spill), then falling off as 0.5^((r − spill)/(r50 − spill)), r50 from the R50 goal
 * (r50 = r_eq (R50^⅓ − 1), the 50 % isodose as a sphere around the equivalent sphere of the PTV) and, from 20 mm on,
 * at most the D2cm goal; never under capFloorFraction. Goals are set below the RTOG 0813/0915 "none" limits at the
 * PTV volume (physics.md §3.1, end rows outside the table) so that the plan meets them after normalisation.
 * Organ voxels outside the PTV (organCaps: maximum-dose limits of the constraint table) are sampled densely near
 * the PTV and capped at the lower of their limit and the fall-off cap, as maximum goals (escalated while over).
 * Distances: exact EDT from voxel centres with fraction ≥ ½, minus half a voxel (surface ≈ half-way).
 * @param body dose-grid body mask and distance to the body surface (bodyDistance, once per case), or null (whole grid)
 */
export function doseGoalSample(
  ptvFractions: Float32Array,
  body: BodyDistance | null,
  geometry: GridGeometry,
  ptvVolumeCc: number,
  options: DoseGoalSampleOptions = {},
  organCaps: readonly OrganCap[] = [],
): DoseGoalSample {
  const nearMm = options.nearMm ?? 5;
  const denseMm = options.denseMm ?? 22;
  const denseStride = options.denseStride ?? 8;
  const midMm = options.midMm ?? 50;
  const midStride = options.midStride ?? 27;
  const skinMm = options.skinMm ?? 20;
  const skinStride = options.skinStride ?? 24;
  const farStride = options.farStride ?? 96;
  const halfVoxelMm = Math.min(...geometry.spacingMm) / 2;
  const total = ptvFractions.length;

  const inside = new Uint8Array(total);
  for (let v = 0; v < total; v++) inside[v] = ptvFractions[v] >= 0.5 ? 1 : 0;
  const distanceMm = distanceTransformMm(inside, geometry).distanceMm;
  const depthMm = depthInsideMm(inside, geometry);
  const skin = body?.skinDistanceMm ?? null;

  const rEqMm = Math.cbrt((3 * ptvVolumeCc * 1000) / (4 * Math.PI));
  const r50Goal = (options.r50GoalShare ?? 1) * limitsAtVolume(ptvVolumeCc, 'r50').none;
  const r50Mm = Math.max(halfVoxelMm, rEqMm * (Math.cbrt(r50Goal) - 1));
  const d2cmCapFraction = ((options.d2cmGoalShare ?? 0.9) * limitsAtVolume(ptvVolumeCc, 'd2cmPercent').none) / 100;
  const floor = options.capFloorFraction ?? 0.15;
  const spillMm = Math.min(2 * halfVoxelMm, r50Mm / 2);

  // Lowest organ cap per voxel (Infinity = no organ).
  const organCap = new Float32Array(total).fill(Infinity);
  for (const organ of organCaps) for (let v = 0; v < total; v++) if (organ.fractions[v] > 0 && organ.capFractionOfRx < organCap[v]) organCap[v] = organ.capFractionOfRx;
  const sample = new Uint8Array(total);
  const targetVoxels: number[] = [];
  const targetWeights: number[] = [];
  const targetDepth: number[] = [];
  const outVoxels: number[] = [];
  const outCaps: number[] = [];
  const outWeights: number[] = [];
  const outMaximum: number[] = [];
  for (let v = 0; v < total; v++) {
    const fraction = ptvFractions[v];
    if (fraction > 0) {
      sample[v] = 1;
      targetVoxels.push(v);
      targetWeights.push(fraction);
      targetDepth.push(inside[v] ? Math.max(0, depthMm[v] - halfVoxelMm) : 0);
      if (fraction >= 0.5) continue;
    }
    if (body && !body.mask[v]) continue;
    const r = Math.max(0, distanceMm[v] - halfVoxelMm);
    let stride = 0;
    if (r <= nearMm) stride = 1;
    else if (r <= denseMm) stride = organCap[v] < Infinity ? 1 : v % denseStride === 0 ? denseStride : 0;
    else if (r <= midMm && v % midStride === 0) stride = midStride;
    else if (skin !== null && skin[v] <= skinMm && v % skinStride === 0) stride = skinStride;
    else if (v % farStride === 0) stride = farStride;
    if (stride === 0) continue;
    sample[v] = 1;
    // Rx may spill up to one voxel (the penumbra cannot fall off faster; R100 < 1.2 allows it).
    let cap = r <= spillMm ? 1 : Math.pow(0.5, (r - spillMm) / (r50Mm - spillMm));
    if (r >= D2CM_MM) cap = Math.min(cap, d2cmCapFraction);
    outVoxels.push(v);
    const isOrgan = organCap[v] < Infinity;
    outCaps.push(isOrgan ? Math.min(organCap[v], Math.max(floor, cap)) : Math.max(floor, cap));
    outWeights.push(stride * (1 - fraction));
    outMaximum.push(r >= MAXIMUM_GOAL_MM || isOrgan ? 1 : 0);
  }
  return {
    sample,
    target: { voxels: Uint32Array.from(targetVoxels), weights: Float32Array.from(targetWeights), depthMm: Float32Array.from(targetDepth) },
    outside: { voxels: Uint32Array.from(outVoxels), capFractionOfRx: Float32Array.from(outCaps), weights: Float32Array.from(outWeights), isMaximum: Uint8Array.from(outMaximum) },
    coreDepthMm: Math.max(halfVoxelMm, rEqMm / 2),
    r50Mm,
    d2cmCapFraction,
  };
}
