import { InputError } from '../errors/InputError';
import { IDENTITY_DIRECTION, type GridGeometry } from '../geometry/Grid3';
import type { Vec3 } from '../geometry/points';
import type { Case, CtImage, NoduleTargets } from '../model/Case';
import type { Structure } from '../model/Structure';
import { noduleGtvStructure, noduleShape, type NoduleSpec } from './addNodule';
import { DEMO_NODULES, type DemoNoduleDesign } from './demoNodules';
import { DEFAULT_PLANE_LATTICE, validatePlaneLattice, type PlaneLattice } from './PlaneLattice';
import { BODY } from './thoraxAnatomy';
import { buildThoraxCt } from './thoraxCt';
import { buildThoraxStructures } from './thoraxStructures';

/** Fixed UIDs of the demo (2.25 = UUID-derived root; the numbers are arbitrary but constant). */
export const DEMO_FRAME_OF_REFERENCE_UID = '2.25.187230649915283446527196031348712209337';
export const DEMO_CT_SERIES_UID = '2.25.262931853003761254871290356412287760145';
export const DEMO_CASE_ID = 'demo-thorax';
/** Source tag of cases built from the phantom (Case.sources). */
export const DEMO_SOURCE = 'demo-thorax';
/** roleReason of every phantom structure. */
export const PHANTOM_ROLE_REASON = 'built-in phantom';

export interface DemoThoraxOptions {
  /** Contour planes (default 2.5 mm from z = 0). */
  readonly lattice?: PlaneLattice;
  /** CT voxel spacing [x, y, z] mm; default [2, 2, 2.5]. The CT grid is centred on the body and covers it. */
  readonly ctSpacingMm?: Vec3;
  /** false: no CT (faster). Default true. */
  readonly includeCt?: boolean;
  /** false: leave out the six designed nodules. Default true. */
  readonly includeDesignedNodules?: boolean;
  /** More nodules (spheres or ellipsoids) to add as GTVs, also painted into the CT. */
  readonly extraNodules?: readonly NoduleSpec[];
}

export interface DemoThorax {
  /** The case: structures with roles set (roleReason 'built-in phantom'), nodules with their GTVs, CT. */
  readonly case: Case;
  /** The designed nodules included in the case, with their intended zones and designed distances. */
  readonly noduleDesigns: readonly DemoNoduleDesign[];
  readonly lattice: PlaneLattice;
}

/** Default CT voxel spacing of the demo, mm (x, y, z). */
export const DEMO_CT_SPACING_MM: Vec3 = [2, 2, 2.5];

/** CT grid geometry covering the body with a margin of ≥ 6 mm, centred on the patient origin. */
export function demoCtGeometry(spacingMm: Vec3 = DEMO_CT_SPACING_MM): GridGeometry {
  if (spacingMm.length !== 3 || spacingMm.some((s) => !Number.isFinite(s) || s <= 0)) {
    throw new InputError('bad-spacing', `CT spacing must be three positive mm values, got [${spacingMm.join(', ')}]`);
  }
  const half: Vec3 = [BODY.semiAxisXMm + 6, BODY.semiAxisYMm + 5, (BODY.zMaxMm - BODY.zMinMm) / 2];
  const dimensions = [0, 1, 2].map((a) => 2 * Math.ceil(half[a] / spacingMm[a] - 1e-9) + 1) as [number, number, number];
  const originMm = [0, 1, 2].map((a) => -((dimensions[a] - 1) / 2) * spacingMm[a]) as unknown as Vec3;
  return { dimensions, spacingMm, originMm, direction: IDENTITY_DIRECTION };
}

/**
 * Builds the demo thorax: an adult-sized analytic chest (see thoraxAnatomy.ts) with BODY, Lung_L, Lung_R, Heart,
 * GreatVes, Esophagus, Trachea, Bronchus (proximal bronchial tree), SpinalCord, Chestwall and Ribs as axial
 * contour stacks, six designed nodules (DEMO_NODULES) and a synthetic CT consistent with the contours.
 * Deterministic: two calls with the same options give identical results. Throws InputError on bad options.
 */
export function buildDemoThorax(options: DemoThoraxOptions = {}): DemoThorax {
  const lattice = options.lattice ?? DEFAULT_PLANE_LATTICE;
  validatePlaneLattice(lattice);
  const designs = options.includeDesignedNodules === false ? [] : DEMO_NODULES;
  const specs: NoduleSpec[] = [
    ...designs.map((d) => ({ name: d.name, gtvName: d.gtvName, centerMm: d.centerMm, diameterMm: d.diameterMm })),
    ...(options.extraNodules ?? []),
  ];
  const organs = buildThoraxStructures(lattice);
  const structures: Structure[] = organs.map((s, index) => ({
    number: index + 1,
    name: s.name,
    role: s.role,
    roleReason: PHANTOM_ROLE_REASON,
    interpretedType: s.interpretedType,
    colorRgb: s.colorRgb,
    contours: s.contours,
    points: [],
  }));
  const nodules: NoduleTargets[] = [];
  for (const spec of specs) {
    const gtv = noduleGtvStructure(spec, lattice, structures.length + 1, PHANTOM_ROLE_REASON);
    if (structures.some((s) => s.name === gtv.name) || nodules.some((n) => n.name === spec.name)) {
      throw new InputError('duplicate-nodule', `demo thorax: nodule or structure name '${spec.name}' / '${gtv.name}' is used twice`);
    }
    structures.push(gtv);
    nodules.push({ name: spec.name, gtv: gtv.name });
  }
  let ct: CtImage | undefined;
  if (options.includeCt !== false) {
    const huGrid = buildThoraxCt(demoCtGeometry(options.ctSpacingMm), specs.map(noduleShape));
    ct = { huGrid, seriesInstanceUid: DEMO_CT_SERIES_UID, frameOfReferenceUid: DEMO_FRAME_OF_REFERENCE_UID };
  }
  const demoCase: Case = {
    id: DEMO_CASE_ID,
    description: 'Built-in demo thorax: analytic adult chest with six lung nodules (peripheral, chest wall, mediastinal, hilar).',
    frameOfReferenceUid: DEMO_FRAME_OF_REFERENCE_UID,
    ct,
    structures,
    nodules,
    sources: [DEMO_SOURCE],
    issues: [],
  };
  return { case: demoCase, noduleDesigns: designs, lattice };
}
