import type { Vec3 } from '../../geometry/points';
import type { StructureGeometry } from '../../model/Structure';
import type { StructureRole } from '../../model/StructureRole';
import type { NearOrgan } from '../../phantom/placeNoduleNearSurface';
import type { PlaneLattice } from '../../phantom/PlaneLattice';

/** The only schema version this reader and writer know (docs/case-format.md). */
export const CASE_JSON_SCHEMA_VERSION = 1;

/** Built-in cases a JSON case can start from. */
export const CASE_JSON_BASES = ['demo-thorax'] as const;
export type CaseJsonBase = (typeof CASE_JSON_BASES)[number];

/** A structure read from JSON: geometry (shapes already turned into contours) and an optional explicit role. */
export interface CaseJsonStructure extends StructureGeometry {
  readonly role?: StructureRole;
}

/** A nodule that names existing target structures. */
export interface CaseJsonNoduleTargets {
  readonly form: 'targets';
  readonly name: string;
  readonly gtv?: string;
  readonly itv?: string;
  readonly ptv?: string;
}

/** Shorthand: a spherical GTV at a given centre. */
export interface CaseJsonNoduleSphere {
  readonly form: 'sphere';
  readonly name: string;
  /** Name of the GTV structure to create; default `GTV_<name>`. */
  readonly gtv?: string;
  readonly centerMm: Vec3;
  readonly diameterMm: number;
}

/** Shorthand: a spherical GTV placed at a given distance from an organ group (see placeNoduleNearSurface). */
export interface CaseJsonNoduleNear {
  readonly form: 'near';
  readonly name: string;
  readonly gtv?: string;
  readonly diameterMm: number;
  readonly near: {
    readonly organ: NearOrgan;
    readonly distanceMm: number;
    readonly fromMm: Vec3;
    readonly directionMm?: Vec3;
  };
}

export type CaseJsonNodule = CaseJsonNoduleTargets | CaseJsonNoduleSphere | CaseJsonNoduleNear;

/** What readCaseJson returns: the validated file content, before any base case is merged in (see caseFromJson). */
export interface CaseJsonContent {
  readonly schemaVersion: typeof CASE_JSON_SCHEMA_VERSION;
  readonly id: string;
  readonly description: string;
  readonly frameOfReferenceUid?: string;
  readonly base?: CaseJsonBase;
  /** With a base: keep the base's own nodules (default true). */
  readonly includeBaseNodules: boolean;
  /** Planes for ellipsoid/sphere shapes and shorthand nodules (planeSpacingMm, planeOriginMm; default 2.5 mm from 0). */
  readonly lattice: PlaneLattice;
  readonly structures: readonly CaseJsonStructure[];
  readonly nodules: readonly CaseJsonNodule[];
}
