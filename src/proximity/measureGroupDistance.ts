import type { GridGeometry } from '../geometry/Grid3';
import type { PointIjk, PointLps } from '../geometry/points';
import { minimumDistanceMm } from '../distance/minimumDistanceMm';
import { averageToHalfLattice } from './averageToHalfLattice';
import { hasVoxel } from './binaryMasks';
import { boxExpand, boxUnion, type BoxMm } from './BoxMm';
import { buildPointTree, closestDistanceToTreeMm, closestPointPair } from './PointTree';
import { bandBoxMm, bandMask, coarseGroupStage, coarseStageIsComplete, locateGroup, trimToCoarseBands, type CoarseStage, type CoarseTarget, type MaskOnGrid } from './coarseGroupStage';
import type { GroupMember } from './GroupMember';
import { latticeGrid } from './latticeGrid';
import { nearestMemberIndex } from './nearestMemberIndex';
import { resampleMaskNearest } from './resampleMaskNearest';
import { fieldSurfacePointsMm } from './fieldSurfacePointsMm';
import { overlapsOrTouches, surfaceDistanceMm, type SurfaceDistance } from './surfaceDistanceMm';

/** A target (GTV/ITV or PTV) of one nodule: a binary mask and its fractions on its own fine lattice grid. */
export interface ProximityTarget extends MaskOnGrid {
  /** Partial-volume fractions on `grid` (mask = field ≥ ½). */
  readonly field: Float32Array;
  /** Box of the mask's voxels, mm (maskBoxMm). */
  readonly boundsMm: BoxMm;
  /**
   * Points of the target (x, y, z triples, mm) for an upper bound of its distance to an organ: its contour
   * vertices; for a PTV grown from the GTV, the GTV's vertices (the PTV contains the GTV).
   */
  readonly surfacePoints: Float64Array;
  /**
   * The target's sub-voxel surface points (fieldSurfacePointsMm) at the given spacing (its own grid's, or
   * twice it); computed once per spacing and shared by all groups (see targetSurfaceAt).
   */
  surfaceAt(spacingMm: number): Float64Array;
}

/** Distance from one target to one organ group. */
export interface MeasuredOrganDistance {
  /** Minimum surface-to-surface distance, mm; 0 when touching or overlapping. */
  readonly distanceMm: number;
  readonly relation: SurfaceDistance['relation'];
  /** Member of the group at the closest point. */
  readonly nearestStructure: string;
  /** Spacing of the grid the distance was measured on, mm. */
  readonly gridSpacingMm: number;
  /** 'fine': measured at the fine spacing (the normal case); 'coarse': a fallback on the coarse grid, accurate to about ± gridSpacingMm. */
  readonly resolution: 'fine' | 'coarse';
  /** Closest points found (for display), mm. */
  readonly closestPointsMm: { readonly target: PointLps; readonly organ: PointLps };
}

export interface GroupMeasurementSettings {
  /** Spacing of the fine grids (and of the targets' own grids), mm. */
  readonly fineSpacingMm: number;
  /** Targets possibly within this distance of the group are measured at the fine spacing, others at twice it, mm. */
  readonly nearRangeMm: number;
  /** Voxel budget of the coarse grid (its spacing grows with the region it must cover). */
  readonly maxCoarseVoxels: number;
}

/**
 * surfaceAt() for a target: the surface points of its fraction field on its own grid, or at twice the spacing
 * (averageToHalfLattice; any other spacing: nearest-neighbour samples of the mask), each computed on first use.
 */
export function targetSurfaceAt(field: Float32Array, mask: Uint8Array, grid: GridGeometry, boundsMm: BoxMm): (spacingMm: number) => Float64Array {
  const cache = new Map<number, Float64Array>();
  return (spacingMm) => {
    let points = cache.get(spacingMm);
    if (points === undefined) {
      const own = grid.spacingMm[0];
      if (spacingMm === own) {
        points = fieldSurfacePointsMm(field, grid);
      } else {
        const other = latticeGrid(boxExpand(boundsMm, 3 * spacingMm), spacingMm);
        const coarse = Math.abs(spacingMm - 2 * own) < 1e-9 ? averageToHalfLattice(field, grid, other) : Float32Array.from(resampleMaskNearest(mask, grid, other));
        points = fieldSurfacePointsMm(coarse, other);
      }
      cache.set(spacingMm, points);
    }
    return points;
  };
}

/** Extra reach added to an estimated (not guaranteed) upper bound, mm. */
const ESTIMATE_SLACK_MM = 5;

/**
 * Minimum distance from each target to an organ group (union of its members), between sub-voxel surfaces of
 * the partial-volume fractions, without ever building a fine grid over the gap between them:
 *
 * 1. Reach: U = smallest distance between target and member surface points (contour vertices), an upper
 *    bound of the true distance.
 * 2. Locating (coarseGroupStage): a grid of ≥ 2 × fine spacing over the targets plus U, within the group,
 *    gives each target's centre distance dc to the group by exact EDT, with error ≤ e = √3 × spacing; the
 *    closest region lies among the group voxels within dc + 2e of the target (the band). When that grid is
 *    coarser than 2 × fine, targets within the near range are located again at 2 × fine over their bands.
 * 3. Measuring: the members' fractions are rasterised over the band's box only (at the fine spacing for
 *    targets that may be within `nearRangeMm`, else at twice it), trimmed to the band (dc + 3e), and the
 *    closest pair between the group's and the target's surface points (fieldSurfacePointsMm; the target's
 *    computed once on its own grid, aligned lattices) is found exactly (k-d tree). Targets that may touch the
 *    group (dc − e ≤ 2 fine voxels) also get overlap / touch detection on a common grid (distance 0, as
 *    minimumDistanceMm defines overlap and face contact of the ½-thresholded masks).
 *
 * A measured distance above dc + 2e would mean the band missed the closest region: a binary surface distance
 * on the locating grid is kept then ('coarse'). When the members' surface points are estimates (derived
 * chest wall), a coarse grid that does not hold the band triggers a second stage over the whole group.
 * Returns null for a target whose mask is empty, or for all when the group has no voxel.
 */
export function measureGroupDistance(
  members: readonly GroupMember[],
  targets: readonly ProximityTarget[],
  settings: GroupMeasurementSettings,
): (MeasuredOrganDistance | null)[] {
  const results: (MeasuredOrganDistance | null)[] = targets.map(() => null);
  if (members.length === 0 || targets.length === 0) return results;
  let targetBox = targets[0].boundsMm;
  for (const t of targets) targetBox = boxUnion(targetBox, t.boundsMm);
  let groupBox = members[0].boundsMm;
  for (const m of members) groupBox = boxUnion(groupBox, m.boundsMm);
  let reachMm = 0;
  for (const t of targets) {
    const tree = buildPointTree(t.surfacePoints);
    let upper = Infinity;
    for (const m of members) upper = Math.min(upper, closestDistanceToTreeMm(m.surfacePoints(), tree));
    reachMm = Math.max(reachMm, upper);
  }
  if (!members.every((m) => m.exactSurfacePoints)) reachMm += ESTIMATE_SLACK_MM;

  const fine = settings.fineSpacingMm;
  let coarse = coarseGroupStage(members, targets, targetBox, groupBox, reachMm, 2 * fine, settings.maxCoarseVoxels);
  // With exact surface points the first grid always holds the band; estimates are checked.
  if (Number.isFinite(coarse.coveredMm) && !coarseStageIsComplete(coarse)) {
    coarse = coarseGroupStage(members, targets, targetBox, groupBox, Infinity, 2 * fine, settings.maxCoarseVoxels);
  }
  // Near targets (possibly within nearRange) are measured at the fine spacing, far ones at twice it. A
  // coarse grid wider than twice the fine spacing leaves wide bands (2e), costly at the fine spacing: the near
  // targets are located again at twice the fine spacing over their coarse bands (dc + 2e holds the voxels next
  // to the closest point).
  const medium = 2 * fine;
  const isNear = (t: number): boolean => coarse.perTarget[t] !== null && coarse.perTarget[t]!.centreDistanceMm - coarse.errorMm <= settings.nearRangeMm;
  const stageOf: CoarseStage[] = targets.map(() => coarse);
  if (coarse.grid.spacingMm[0] > medium * (1 + 1e-9)) {
    const nearTargets = targets.map((_, t) => t).filter(isNear);
    const region = bandsRegion(coarse, nearTargets, targets, 2);
    if (region !== null) {
      const refined = locateGroup(members, targets, boxExpand(region, coarse.grid.spacingMm[0] + 2 * medium), medium, Infinity);
      for (const t of nearTargets) if (refined.perTarget[t] !== null) stageOf[t] = refined;
    }
  }
  // Levels: possibly touching (common fine grid, overlap / touch detection), near (fine), far (twice fine).
  const levels: { list: number[]; common: boolean; spacing: number; stage: CoarseStage | null }[] = [];
  for (let t = 0; t < targets.length; t++) {
    const stage = stageOf[t];
    const own = stage.perTarget[t];
    if (own === null) continue;
    const common = own.centreDistanceMm - stage.errorMm <= 2 * fine;
    const spacing = isNear(t) ? fine : medium;
    let level = levels.find((l) => l.common === common && l.spacing === spacing && l.stage === stage);
    if (level === undefined) levels.push((level = { list: [], common, spacing, stage }));
    level.list.push(t);
  }
  for (const { list, common, spacing, stage } of levels) {
    const e = stage!.errorMm;
    const box = bandsRegion(stage!, list, targets, 2, common);
    if (box === null) continue;
    // Room for a closest point up to one locating voxel beyond the band, and for surface crossings.
    const grid = latticeGrid(boxExpand(box, stage!.grid.spacingMm[0] + 2 * spacing), spacing);
    const count = grid.dimensions[0] * grid.dimensions[1] * grid.dimensions[2];
    const memberFields = members.map((m) => m.fractions(grid));
    // The cut at dc + 3e lies beyond every candidate closest point (within dc + 2e), so it cannot win.
    const stages = list.map((t) => stage!.perTarget[t]!);
    const field = trimToCoarseBands(maxOfFields(memberFields, count), grid, stage!, stages, stages.map((st) => (st.centreDistanceMm + 3 * e) ** 2));
    const memberMasks = memberFields.map(binaryOf);
    // Only group surface points within the bands can be closest (this drops the cut and the far side).
    const groupPoints = pointsInCoarseBands(fieldSurfacePointsMm(field, grid), stage!, stages, stages.map((st) => (st.centreDistanceMm + 2.5 * e) ** 2));
    const union = common ? binaryOf(field) : null;
    const resolution = spacing === fine ? 'fine' : 'coarse';
    for (const t of list) {
      const limitMm = stage!.perTarget[t]!.centreDistanceMm + 2 * e;
      let result: MeasuredOrganDistance | null = null;
      if (union !== null) {
        // Voxels in both, or face to face: distance 0 ('overlap' / 'touch', as minimumDistanceMm defines them).
        const targetMask = resampleMaskNearest(targets[t].mask, targets[t].grid, grid);
        if (hasVoxel(union) && overlapsOrTouches(targetMask, union, grid.dimensions)) result = fromSurfaceDistance(minimumDistanceMm(targetMask, union, grid), grid, memberMasks, members, resolution);
      }
      if (result === null && groupPoints.length > 0) {
        // Only points within the bound of the other set's box can form the closest pair.
        const points = pointsNearBox(targets[t].surfaceAt(spacing), pointsBoxMm(groupPoints), limitMm);
        const near = pointsNearBox(groupPoints, targets[t].boundsMm, limitMm);
        const pair = closestPointPair(points, near);
        if (pair.indexA >= 0) result = fromPointPair(points, pair.indexA, near, pair.indexB, pair.distanceMm, grid, memberMasks, members, resolution);
      }
      results[t] = result !== null && result.distanceMm <= limitMm ? result : coarseResult(stage!, t, members);
    }
  }
  return results;
}

/** Box of the group voxels within dc + k·e of each listed target (with the target's own box when `withTargets`). */
function bandsRegion(stage: CoarseStage, list: readonly number[], targets: readonly ProximityTarget[], k: number, withTargets = true): BoxMm | null {
  let region: BoxMm | null = null;
  for (const t of list) {
    const own = stage.perTarget[t];
    if (own === null) continue;
    const band = bandBoxMm(stage, own, (own.centreDistanceMm + k * stage.errorMm) ** 2);
    let b = band;
    if (withTargets) b = b === null ? targets[t].boundsMm : boxUnion(b, targets[t].boundsMm);
    if (b === null) continue;
    region = region === null ? b : boxUnion(region, b);
  }
  return region;
}

/** Fallback: the distance on the coarse grid, with the group trimmed to the band. */
function coarseResult(coarse: CoarseStage, t: number, members: readonly GroupMember[]): MeasuredOrganDistance {
  const stage = coarse.perTarget[t]!;
  const band = bandMask(coarse, stage, (stage.centreDistanceMm + 2 * coarse.errorMm) ** 2);
  return fromSurfaceDistance(surfaceDistanceMm(stage.mask, band, coarse.grid), coarse.grid, coarse.memberMasks, members, 'coarse');
}

/** Points (x, y, z mm) whose coarse voxel lies within some target's band (centreSq ≤ limitSq); points off the coarse grid are kept. */
function pointsInCoarseBands(points: Float64Array, coarse: CoarseStage, stages: readonly CoarseTarget[], limitsSq: readonly number[]): Float64Array {
  const { originMm: o, spacingMm: s, dimensions: n } = coarse.grid;
  const out = new Float64Array(points.length);
  let m = 0;
  for (let p = 0; p < points.length; p += 3) {
    const i = Math.round((points[p] - o[0]) / s[0]);
    const j = Math.round((points[p + 1] - o[1]) / s[1]);
    const k = Math.round((points[p + 2] - o[2]) / s[2]);
    let keep = i < 0 || j < 0 || k < 0 || i >= n[0] || j >= n[1] || k >= n[2];
    const c = i + j * n[0] + k * n[0] * n[1];
    for (let t = 0; t < stages.length && !keep; t++) keep = stages[t].centreSq[c] <= limitsSq[t];
    if (!keep) continue;
    out[m++] = points[p];
    out[m++] = points[p + 1];
    out[m++] = points[p + 2];
  }
  return out.subarray(0, m);
}

/** Box of x, y, z triples (empty list: an empty box that every distance test fails). */
function pointsBoxMm(points: Float64Array): BoxMm {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let p = 0; p < points.length; p += 3) {
    for (let a = 0; a < 3; a++) {
      if (points[p + a] < min[a]) min[a] = points[p + a];
      if (points[p + a] > max[a]) max[a] = points[p + a];
    }
  }
  return { min: [min[0], min[1], min[2]], max: [max[0], max[1], max[2]] };
}

/** The points within `limitMm` of a box. */
function pointsNearBox(points: Float64Array, box: BoxMm, limitMm: number): Float64Array {
  const out = new Float64Array(points.length);
  const limitSq = limitMm * limitMm;
  let m = 0;
  for (let p = 0; p < points.length; p += 3) {
    let sq = 0;
    for (let a = 0; a < 3; a++) {
      const gap = Math.max(box.min[a] - points[p + a], points[p + a] - box.max[a], 0);
      sq += gap * gap;
    }
    if (sq > limitSq) continue;
    out[m++] = points[p];
    out[m++] = points[p + 1];
    out[m++] = points[p + 2];
  }
  return out.subarray(0, m);
}

function maxOfFields(fields: readonly Float32Array[], count: number): Float32Array {
  const out = new Float32Array(count);
  for (const f of fields) for (let v = 0; v < count; v++) if (f[v] > out[v]) out[v] = f[v];
  return out;
}

function binaryOf(field: Float32Array): Uint8Array {
  const out = new Uint8Array(field.length);
  for (let v = 0; v < out.length; v++) out[v] = field[v] >= 0.5 ? 1 : 0;
  return out;
}

function fromPointPair(
  targetPoints: Float64Array,
  indexA: number,
  groupPoints: Float64Array,
  indexB: number,
  distanceMm: number,
  grid: GridGeometry,
  memberMasks: readonly Uint8Array[],
  members: readonly GroupMember[],
  resolution: 'fine' | 'coarse',
): MeasuredOrganDistance {
  const target: PointLps = { xMm: targetPoints[3 * indexA], yMm: targetPoints[3 * indexA + 1], zMm: targetPoints[3 * indexA + 2] };
  const organ: PointLps = { xMm: groupPoints[3 * indexB], yMm: groupPoints[3 * indexB + 1], zMm: groupPoints[3 * indexB + 2] };
  const { originMm: o, spacingMm: s } = grid;
  const ijk: PointIjk = { i: (organ.xMm - o[0]) / s[0], j: (organ.yMm - o[1]) / s[1], k: (organ.zMm - o[2]) / s[2] };
  const index = nearestMemberIndex(memberMasks, grid.dimensions, s, ijk);
  return { distanceMm, relation: 'apart', nearestStructure: members[Math.max(0, index)].name, gridSpacingMm: s[0], resolution, closestPointsMm: { target, organ } };
}

function fromSurfaceDistance(
  r: SurfaceDistance,
  grid: GridGeometry,
  memberMasks: readonly Uint8Array[],
  members: readonly GroupMember[],
  resolution: 'fine' | 'coarse',
): MeasuredOrganDistance {
  const index = nearestMemberIndex(memberMasks, grid.dimensions, grid.spacingMm, r.closestPointB);
  // Axis-aligned lattice grids: index → mm is origin + index × spacing.
  const { originMm: o, spacingMm: s } = grid;
  const toMm = (p: PointIjk): PointLps => ({ xMm: o[0] + p.i * s[0], yMm: o[1] + p.j * s[1], zMm: o[2] + p.k * s[2] });
  return {
    distanceMm: r.distanceMm,
    relation: r.relation,
    nearestStructure: members[Math.max(0, index)].name,
    gridSpacingMm: s[0],
    resolution,
    closestPointsMm: { target: toMm(r.closestPointA), organ: toMm(r.closestPointB) },
  };
}
