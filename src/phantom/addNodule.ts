import { InputError } from '../errors/InputError';
import type { Vec3 } from '../geometry/points';
import type { Case, NoduleTargets } from '../model/Case';
import type { Structure } from '../model/Structure';
import { casePlaneLattice } from './casePlaneLattice';
import { ellipsoidContours, validateEllipsoid, type EllipsoidShape } from './ellipsoidContours';
import type { PlaneLattice } from './PlaneLattice';
import { paintEllipsoidHu } from './thoraxCt';

/** A nodule to add as an ellipsoid GTV: give either `diameterMm` (sphere) or `radiiMm` (semi-axes x, y, z). */
export interface NoduleSpec {
  /** Nodule name (NoduleTargets.name). */
  readonly name: string;
  /** GTV structure name; default `GTV_<name>`. */
  readonly gtvName?: string;
  readonly centerMm: Vec3;
  readonly diameterMm?: number;
  readonly radiiMm?: Vec3;
  readonly colorRgb?: readonly [number, number, number];
}

export interface AddNoduleOptions {
  /** Planes for the GTV contours; default casePlaneLattice(case). */
  readonly lattice?: PlaneLattice;
  /**
   * When set and the case has an identity-direction CT, voxels inside the nodule get this HU (a copy of the CT;
   * the input is not changed). Default: the CT is left as it is.
   */
  readonly paintCtHu?: number;
  /** Recorded as the GTV's roleReason; default 'added nodule'. */
  readonly roleReason?: string;
}

/** The ellipsoid of a NoduleSpec; throws InputError unless exactly one of diameterMm / radiiMm is valid. */
export function noduleShape(spec: NoduleSpec): EllipsoidShape {
  const hasDiameter = spec.diameterMm !== undefined;
  const hasRadii = spec.radiiMm !== undefined;
  if (hasDiameter === hasRadii) {
    throw new InputError('bad-nodule-size', `nodule '${spec.name}': give exactly one of diameterMm or radiiMm`);
  }
  if (hasDiameter && !(Number.isFinite(spec.diameterMm) && (spec.diameterMm as number) > 0)) {
    throw new InputError('bad-nodule-size', `nodule '${spec.name}': diameterMm must be a positive number, got ${String(spec.diameterMm)}`);
  }
  const r = hasDiameter ? (spec.diameterMm as number) / 2 : 0;
  const shape: EllipsoidShape = { centerMm: spec.centerMm, radiiMm: hasRadii ? (spec.radiiMm as Vec3) : [r, r, r] };
  validateEllipsoid(shape, `nodule '${spec.name}'`);
  return shape;
}

/** GTV structure of a nodule on the given planes; throws InputError when the nodule cuts no plane. */
export function noduleGtvStructure(spec: NoduleSpec, lattice: PlaneLattice, roiNumber: number, roleReason: string): Structure {
  const shape = noduleShape(spec);
  const contours = ellipsoidContours(shape, lattice);
  if (contours.length === 0) {
    throw new InputError(
      'nodule-between-planes',
      `nodule '${spec.name}' (z ${shape.centerMm[2]} ± ${shape.radiiMm[2]} mm) cuts no contour plane of spacing ${lattice.spacingMm} mm`,
    );
  }
  return {
    number: roiNumber,
    name: spec.gtvName ?? `GTV_${spec.name}`,
    role: 'gtv',
    roleReason,
    interpretedType: 'GTV',
    colorRgb: spec.colorRgb ?? [255, 0, 0],
    contours,
    points: [],
  };
}

/**
 * A copy of the case with one more nodule: an ellipsoid GTV structure (contours on the case's planes, role 'gtv')
 * and a NoduleTargets entry referring to it. Throws InputError on a duplicate nodule or structure name, a bad
 * size, or a nodule too small to cut any plane. Does not check that the nodule lies in a lung (see
 * placeNoduleNearSurface, which does).
 */
export function addNodule(caseData: Case, spec: NoduleSpec, options: AddNoduleOptions = {}): Case {
  const gtvName = spec.gtvName ?? `GTV_${spec.name}`;
  if (!spec.name) throw new InputError('bad-nodule-name', 'nodule name must not be empty');
  if (caseData.nodules.some((n) => n.name === spec.name)) throw new InputError('duplicate-nodule', `the case already has a nodule named '${spec.name}'`);
  if (caseData.structures.some((s) => s.name === gtvName)) throw new InputError('duplicate-structure', `the case already has a structure named '${gtvName}'`);
  const lattice = options.lattice ?? casePlaneLattice(caseData);
  const number = caseData.structures.reduce((m, s) => Math.max(m, s.number), 0) + 1;
  const gtv = noduleGtvStructure({ ...spec, gtvName }, lattice, number, options.roleReason ?? 'added nodule');
  const nodule: NoduleTargets = { name: spec.name, gtv: gtvName };
  let ct = caseData.ct;
  if (ct && options.paintCtHu !== undefined && isIdentityDirection(ct.huGrid.direction)) {
    const huGrid = { ...ct.huGrid, data: ct.huGrid.data.slice() };
    paintEllipsoidHu(huGrid, noduleShape(spec), options.paintCtHu);
    ct = { ...ct, huGrid };
  }
  return { ...caseData, ct, structures: [...caseData.structures, gtv], nodules: [...caseData.nodules, nodule] };
}

function isIdentityDirection(direction: readonly number[]): boolean {
  for (let i = 0; i < 9; i++) if (Math.abs(direction[i] - (i % 4 === 0 ? 1 : 0)) > 1e-9) return false;
  return true;
}
