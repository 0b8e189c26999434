import { weightedSquaredEdt } from '../distance/weightedSquaredEdt';
import type { GridGeometry } from '../geometry/Grid3';
import { hasVoxel, unionOfMasks } from './binaryMasks';
import { boxExpand, boxIntersection, boxUnion, boxVolumeMm3, type BoxMm } from './BoxMm';
import type { GroupMember } from './GroupMember';
import { latticeGrid, maskBoxMm } from './latticeGrid';
import { resampleMaskNearest } from './resampleMaskNearest';

/** A target as the coarse stage needs it: a 0/1 mask on its own axis-aligned grid. */
export interface MaskOnGrid {
  readonly mask: Uint8Array;
  readonly grid: GridGeometry;
}

/** One target on the coarse grid. */
export interface CoarseTarget {
  readonly mask: Uint8Array;
  /** Squared centre distance to the target per coarse voxel, mm² (exact EDT). */
  readonly centreSq: Float32Array;
  /** Centre distance dc from the target to the group, mm. */
  readonly centreDistanceMm: number;
}

/** The coarse view of an organ group and its targets. */
export interface CoarseStage {
  readonly grid: GridGeometry;
  readonly memberMasks: readonly Uint8Array[];
  readonly union: Uint8Array;
  /** null for an empty target mask, or when the group has no voxel on the grid. */
  readonly perTarget: readonly (CoarseTarget | null)[];
  readonly groupFound: boolean;
  /** Distance from the targets' box up to which the grid holds every voxel of the group, mm (Infinity: all of it). */
  readonly coveredMm: number;
  /** Bound of the centre-distance error, e = √3 × spacing (half a voxel diagonal on each side), mm. */
  readonly errorMm: number;
}

/**
 * Coarse stage of an organ-group distance over the targets' box grown by `reachMm` + 6 spacings, within the
 * group's box grown by the same slack (reach Infinity: the whole group), with the spacing (≥ `minSpacingMm`)
 * chosen so the grid stays within `maxVoxels` (a few fixed-point steps, slack included). With reach ≥ the true
 * distance U, the closest region (within dc + 2e ≤ U + 3e ≈ U + 5.2 spacings) lies inside the grid.
 */
export function coarseGroupStage(
  members: readonly GroupMember[],
  targets: readonly MaskOnGrid[],
  targetBox: BoxMm,
  groupBox: BoxMm,
  reachMm: number,
  minSpacingMm: number,
  maxVoxels: number,
): CoarseStage {
  const regionOf = (slackMm: number): BoxMm => {
    const reach = Number.isFinite(reachMm) ? boxIntersection(boxExpand(targetBox, reachMm + slackMm), boxExpand(groupBox, slackMm)) : boxExpand(groupBox, slackMm);
    return reach === null ? boxExpand(targetBox, slackMm) : boxUnion(reach, boxExpand(targetBox, slackMm));
  };
  const spacingFor = (slackMm: number): number => Math.max(minSpacingMm, Math.cbrt(boxVolumeMm3(regionOf(slackMm)) / maxVoxels));
  let spacing = spacingFor(0);
  for (let step = 0; step < 4; step++) spacing = spacingFor(6 * spacing);
  const slackMm = 6 * spacing;
  return locateGroup(members, targets, regionOf(slackMm), spacing, Number.isFinite(reachMm) ? reachMm + slackMm : Infinity);
}

/**
 * One locating stage: a lattice grid of `spacingMm` over `region`; the members are rasterised there, the
 * targets resampled (nearest neighbour), and each target's exact EDT gives its centre distance dc to the
 * group (error ≤ e = √3 × spacing). `coveredMm`: how far from the targets the region is known to hold every
 * group voxel (for the completeness check).
 */
export function locateGroup(members: readonly GroupMember[], targets: readonly MaskOnGrid[], region: BoxMm, spacingMm: number, coveredMm: number): CoarseStage {
  const grid = latticeGrid(region, spacingMm);
  const [nx, ny, nz] = grid.dimensions;
  const memberMasks = members.map((m) => m.rasterize(grid));
  const union = unionOfMasks(memberMasks, nx * ny * nz);
  const groupFound = hasVoxel(union);
  const weight = spacingMm * spacingMm;
  const perTarget = targets.map((t) => {
    if (!groupFound || !hasVoxel(t.mask)) return null;
    const mask = resampleMaskNearest(t.mask, t.grid, grid);
    const centreSq = weightedSquaredEdt(mask, grid.dimensions, [weight, weight, weight]);
    let best = Infinity;
    for (let v = 0; v < union.length; v++) if (union[v] !== 0 && centreSq[v] < best) best = centreSq[v];
    return { mask, centreSq, centreDistanceMm: Math.sqrt(best) };
  });
  return { grid, memberMasks, union, perTarget, groupFound, coveredMm, errorMm: Math.sqrt(3) * spacingMm };
}

/** True when the group was found and every target's band (dc + 2e) lies within the region the grid covers. */
export function coarseStageIsComplete(stage: CoarseStage): boolean {
  return stage.groupFound && stage.perTarget.every((t) => t === null || t.centreDistanceMm + 2 * stage.errorMm <= stage.coveredMm);
}

/** The group's coarse voxels within the band (squared centre distance ≤ bandSq). */
export function bandMask(stage: CoarseStage, target: CoarseTarget, bandSq: number): Uint8Array {
  const out = new Uint8Array(stage.union.length);
  for (let v = 0; v < out.length; v++) out[v] = stage.union[v] !== 0 && target.centreSq[v] <= bandSq ? 1 : 0;
  return out;
}

/** Box (voxel centres ± ½ spacing) of the group voxels within the band, mm; null when none. */
export function bandBoxMm(stage: CoarseStage, target: CoarseTarget, bandSq: number): BoxMm | null {
  return maskBoxMm(bandMask(stage, target, bandSq), stage.grid);
}

/**
 * Clears, in place, the voxels of a finer mask or fraction field whose centre falls in a coarse voxel outside
 * every target's band (centreSq > limitSq for all); voxels off the coarse grid are kept. Returns it.
 */
export function trimToCoarseBands<T extends Uint8Array | Float32Array>(mask: T, grid: GridGeometry, stage: CoarseStage, targets: readonly CoarseTarget[], limitsSq: readonly number[]): T {
  const coarse = stage.grid;
  const [nx, ny, nz] = grid.dimensions;
  const [cx, cy] = coarse.dimensions;
  const [li, lj, lk] = [0, 1, 2].map((a) => {
    const map = new Int32Array(grid.dimensions[a]);
    for (let q = 0; q < map.length; q++) {
      const c = Math.round((grid.originMm[a] + q * grid.spacingMm[a] - coarse.originMm[a]) / coarse.spacingMm[a]);
      map[q] = c >= 0 && c < coarse.dimensions[a] ? c : -1;
    }
    return map;
  });
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (mask[v] === 0 || li[i] < 0 || lj[j] < 0 || lk[k] < 0) continue;
        const c = li[i] + lj[j] * cx + lk[k] * cx * cy;
        let keep = false;
        for (let t = 0; t < targets.length && !keep; t++) keep = targets[t].centreSq[c] <= limitsSq[t];
        if (!keep) mask[v] = 0;
      }
    }
  }
  return mask;
}
