import { InputError } from '../errors/InputError';
import type { Vec3 } from '../geometry/points';
import type { Case } from '../model/Case';
import type { StructureRole } from '../model/StructureRole';
import { casePlaneLattice } from './casePlaneLattice';
import { distanceToSlabsMm, isInsideSlabs, structureSlabs, type StructureSlabs } from './structureSlabs';

/** Organ groups a nodule can be placed against (the organs of the fractionation zones). */
export type NearOrgan = 'chest-wall' | 'mediastinum' | 'proximal-bronchial-tree';

export const NEAR_ORGANS: readonly NearOrgan[] = ['chest-wall', 'mediastinum', 'proximal-bronchial-tree'];

/** Structure roles that make up each organ group. */
export const NEAR_ORGAN_ROLES: Readonly<Record<NearOrgan, readonly StructureRole[]>> = {
  'chest-wall': ['chest-wall'],
  mediastinum: ['heart', 'great-vessels', 'esophagus', 'mediastinum'],
  'proximal-bronchial-tree': ['proximal-bronchial-tree', 'trachea'],
};

const LUNG_ROLES: readonly StructureRole[] = ['lung', 'lung-left', 'lung-right'];

/** "Put a nodule of this diameter this far from that organ, moving from `fromMm` along `directionMm`." */
export interface NearSurfacePlacement {
  readonly organ: NearOrgan;
  /** Wanted gap between the nodule surface and the nearest organ surface, mm (≥ 0). */
  readonly distanceMm: number;
  readonly diameterMm: number;
  /** Start point (patient mm), normally inside a lung and farther from the organ than the wanted gap. */
  readonly fromMm: Vec3;
  /** Ray direction (need not be unit length); default: from `fromMm` towards the nearest organ point. */
  readonly directionMm?: Vec3;
}

export interface NodulePlacement {
  readonly centerMm: Vec3;
  /** Achieved nodule-edge to organ distance, mm (equals the wanted one within 1 µm). */
  readonly edgeDistanceMm: number;
  /** Names of the structures that formed the organ group. */
  readonly organStructures: readonly string[];
  /** Whether the whole sphere lies inside the case's lung structures; undefined when the case has none. */
  readonly insideLung: boolean | undefined;
}

const CONVERGED_MM = 1e-6;
const MAX_TRAVEL_MM = 1000;
const MAX_ITERATIONS = 10_000;

/**
 * Finds the centre of a spherical nodule on the ray fromMm + t·direction (t ≥ 0 when the start is farther from
 * the organ than wanted, t < 0 otherwise) whose surface is exactly `distanceMm` from the organ group, the
 * organ being the case's contour stacks with ½-slice end caps (planes from casePlaneLattice). Forward: sphere
 * tracing (steps of d − target never overshoot because the distance is 1-Lipschitz). Backward: marching, then
 * bisection. Also reports whether the sphere lies inside the lungs (200 surface points).
 * Throws InputError when inputs are not finite, the organ group has no contours, the start lies in the organ,
 * or the ray never reaches the wanted distance within 1 m.
 */
export function placeNoduleNearSurface(caseData: Case, placement: NearSurfacePlacement): NodulePlacement {
  const { organ, distanceMm, diameterMm, fromMm } = placement;
  if (!NEAR_ORGANS.includes(organ)) throw new InputError('unknown-organ', `organ must be one of ${NEAR_ORGANS.join(', ')}, got '${String(organ)}'`);
  if (!Number.isFinite(distanceMm) || distanceMm < 0) throw new InputError('bad-distance', `distanceMm must be a finite number ≥ 0, got ${String(distanceMm)}`);
  if (!Number.isFinite(diameterMm) || diameterMm <= 0) throw new InputError('bad-nodule-size', `diameterMm must be a positive number, got ${String(diameterMm)}`);
  if (fromMm.length !== 3 || fromMm.some((v) => !Number.isFinite(v))) throw new InputError('not-finite', `fromMm must be three finite mm values, got [${fromMm.join(', ')}]`);
  const roles = NEAR_ORGAN_ROLES[organ];
  const organStructures = caseData.structures.filter((s) => roles.includes(s.role) && s.contours.length > 0);
  if (organStructures.length === 0) {
    throw new InputError('organ-not-found', `the case has no contoured structure with role ${roles.join(' / ')} for '${organ}'`);
  }
  const spacing = casePlaneLattice(caseData).spacingMm;
  const organSlabs = organStructures.map((s) => structureSlabs(s.contours, spacing));
  const query = (p: Vec3): { distanceMm: number; nearestMm: Vec3 } => {
    let best = { distanceMm: Infinity, nearestMm: p };
    for (const slabs of organSlabs) {
      const d = distanceToSlabsMm(slabs, p);
      if (d.distanceMm < best.distanceMm) best = d;
    }
    return best;
  };
  const radius = diameterMm / 2;
  const target = radius + distanceMm;
  const start = query(fromMm);
  if (start.distanceMm === 0) throw new InputError('start-inside-organ', `fromMm [${fromMm.join(', ')}] lies inside the ${organ}`);
  const direction = unitDirection(placement.directionMm ?? [start.nearestMm[0] - fromMm[0], start.nearestMm[1] - fromMm[1], start.nearestMm[2] - fromMm[2]]);
  const at = (t: number): Vec3 => [fromMm[0] + t * direction[0], fromMm[1] + t * direction[1], fromMm[2] + t * direction[2]];
  let t = 0;
  let d = start.distanceMm;
  if (d >= target) {
    for (let iteration = 0; d - target > CONVERGED_MM; iteration++) {
      t += d - target;
      if (t > MAX_TRAVEL_MM || iteration > MAX_ITERATIONS) throw new InputError('ray-misses-organ', `the ray from [${fromMm.join(', ')}] never comes within ${target} mm of the ${organ}`);
      d = query(at(t)).distanceMm;
    }
  } else {
    // Walk back until the sphere is far enough, then bisect between the last two positions.
    let near = 0;
    while (d < target) {
      near = t;
      t -= Math.max(target - d, 0.5);
      if (-t > MAX_TRAVEL_MM) throw new InputError('ray-misses-organ', `moving back from [${fromMm.join(', ')}] never gets ${target} mm from the ${organ}`);
      d = query(at(t)).distanceMm;
    }
    let far = t;
    for (let step = 0; step < 60 && Math.abs(near - far) > 1e-9; step++) {
      const mid = (near + far) / 2;
      if (query(at(mid)).distanceMm >= target) far = mid;
      else near = mid;
    }
    t = far;
    d = query(at(t)).distanceMm;
  }
  const centerMm = at(t);
  return { centerMm, edgeDistanceMm: d - radius, organStructures: organStructures.map((s) => s.name), insideLung: sphereInsideLungs(caseData, centerMm, radius, spacing) };
}

function unitDirection(v: Vec3): Vec3 {
  const length = Math.hypot(v[0], v[1], v[2]);
  if (!Number.isFinite(length) || length === 0) throw new InputError('bad-direction', `direction must be a non-zero finite vector, got [${v.join(', ')}]`);
  return [v[0] / length, v[1] / length, v[2] / length];
}

/** True when 200 points spread over the sphere (Fibonacci lattice) and its centre lie inside some lung structure. */
export function sphereInsideLungs(caseData: Case, centerMm: Vec3, radiusMm: number, planeSpacingMm: number): boolean | undefined {
  const lungs: StructureSlabs[] = caseData.structures.filter((s) => LUNG_ROLES.includes(s.role) && s.contours.length > 0).map((s) => structureSlabs(s.contours, planeSpacingMm));
  if (lungs.length === 0) return undefined;
  const inside = (p: Vec3): boolean => lungs.some((l) => isInsideSlabs(l, p));
  if (!inside(centerMm)) return false;
  const count = 200;
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < count; i++) {
    const z = 1 - (2 * (i + 0.5)) / count;
    const r = Math.sqrt(1 - z * z);
    const p: Vec3 = [centerMm[0] + radiusMm * r * Math.cos(golden * i), centerMm[1] + radiusMm * r * Math.sin(golden * i), centerMm[2] + radiusMm * z];
    if (!inside(p)) return false;
  }
  return true;
}
