import { distanceTransformMm } from '../distance/distanceTransformMm';
import type { GridGeometry } from '../geometry/Grid3';
import { limitsAtVolume } from '../metrics/rtogConformality';
import type { CappedVoxels, ProfiledTarget } from '../optimize/optimizeDoseGoals';

/** Sampling of the voxels outside the PTV (all within nearMm, then every stride-th voxel by flat index). */
export interface DoseGoalSampleOptions {
  /** Every voxel up to this distance from the PTV surface, mm (conformity, R100). Default 8. */
  readonly nearMm?: number;
  /** Every denseStride-th voxel (by flat index) up to this distance, mm. Defaults 22 (just beyond the D2cm distance), 3. */
  readonly denseMm?: number;
  readonly denseStride?: number;
  /** Every midStride-th voxel up to midMm. Defaults 50 mm, 8. */
  readonly midMm?: number;
  readonly midStride?: number;
  /** Every skinStride-th body voxel within skinMm of the body surface (beam entries overlap there). Defaults 20 mm, 12. */
  readonly skinMm?: number;
  readonly skinStride?: number;
  /** Every farStride-th body voxel elsewhere. Default 48. */
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
 * inside the surface; outside voxels sampled by distance (weights = voxels each sample stands for × body share)
 * with a cap falling off as 0.5^(r / r50) from Rx at the PTV surface, r50 from the R50 goal
 * (r50 = r_eq (R50^⅓ − 1), the 50 % isodose as a sphere around the equivalent sphere of the PTV) and, from 20 mm on,
 * at most the D2cm goal; never under capFloorFraction. Goals are set below the RTOG 0813/0915 "none" limits at the
 * PTV volume (physics.md §3.1, end rows outside the table) so that the plan meets them after normalisation.
 * Organ voxels outside the PTV (organCaps: maximum-dose limits of the constraint table) are sampled densely near
 * the PTV and capped at the lower of their limit and the fall-off cap, as maximum goals (escalated while over).
 * Distances: exact EDT from voxel centres with fraction ≥ ½, minus half a voxel (surface ≈ half-way).
 * @param body dose-grid body mask (non-zero = inside) or null (whole grid)
 */
export function doseGoalSample(
  ptvFractions: Float32Array,
  body: Uint8Array | null,
  geometry: GridGeometry,
  ptvVolumeCc: number,
  options: DoseGoalSampleOptions = {},
  organCaps: readonly OrganCap[] = [],
): DoseGoalSample {
  const nearMm = options.nearMm ?? 8;
  const denseMm = options.denseMm ?? 22;
  const denseStride = options.denseStride ?? 3;
  const midMm = options.midMm ?? 50;
  const midStride = options.midStride ?? 8;
  const skinMm = options.skinMm ?? 20;
  const skinStride = options.skinStride ?? 12;
  const farStride = options.farStride ?? 48;
  const halfVoxelMm = Math.min(...geometry.spacingMm) / 2;
  const total = ptvFractions.length;

  const inside = new Uint8Array(total);
  const outsideMask = new Uint8Array(total);
  for (let v = 0; v < total; v++) {
    inside[v] = ptvFractions[v] >= 0.5 ? 1 : 0;
    outsideMask[v] = 1 - inside[v];
  }
  const distanceMm = distanceTransformMm(inside, geometry).distanceMm;
  const depthMm = distanceTransformMm(outsideMask, geometry).distanceMm;
  let skin: Float32Array | null = null;
  if (body) {
    const notBody = new Uint8Array(total);
    for (let v = 0; v < total; v++) notBody[v] = body[v] ? 0 : 1;
    skin = distanceTransformMm(notBody, geometry).distanceMm;
  }

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
    if (body && !body[v]) continue;
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
