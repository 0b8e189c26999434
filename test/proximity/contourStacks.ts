// Contour-stack builders and a minimal Case for the proximity tests (patient LPS mm).
import type { Case, NoduleTargets } from '../../src/model/Case';
import type { PlanarContour, Structure } from '../../src/model/Structure';
import type { StructureRole } from '../../src/model/StructureRole';
import { circleContour, rectangleContour } from '../voxelize/contourFixtures';

export type Vec3 = [number, number, number];

/** Planes of the lattice z0 + n·step within [zMin, zMax]. */
export function latticePlanes(z0: number, step: number, zMin: number, zMax: number): number[] {
  const out: number[] = [];
  for (let n = Math.ceil((zMin - z0) / step - 1e-9); z0 + n * step <= zMax + 1e-9; n++) out.push(z0 + n * step);
  return out;
}

/** A sphere as circles (n-gons) on the planes of z0 + n·step that cut it. */
export function sphereStack(centre: Vec3, radiusMm: number, z0: number, step: number, n = 180): PlanarContour[] {
  return latticePlanes(z0, step, centre[2] - radiusMm, centre[2] + radiusMm)
    .map((z) => ({ z, r: Math.sqrt(Math.max(0, radiusMm * radiusMm - (z - centre[2]) ** 2)) }))
    .filter((p) => p.r > 0.05)
    .map((p) => circleContour(p.z, centre[0], centre[1], p.r, n));
}

/** An axis-aligned box [x0, x1] × [y0, y1] on the planes of z0 + n·step within [zMin, zMax]. */
export function boxStack(x0: number, x1: number, y0: number, y1: number, zMin: number, zMax: number, z0: number, step: number): PlanarContour[] {
  return latticePlanes(z0, step, zMin, zMax).map((z) => rectangleContour(z, x0, x1, y0, y1));
}

/** A vertical cylinder (axis parallel to z through (cx, cy)) on the planes of z0 + n·step within [zMin, zMax]. */
export function cylinderStack(cx: number, cy: number, radiusMm: number, zMin: number, zMax: number, z0: number, step: number, n = 180): PlanarContour[] {
  return latticePlanes(z0, step, zMin, zMax).map((z) => circleContour(z, cx, cy, radiusMm, n));
}

export interface StructureSpec {
  readonly name: string;
  readonly role: StructureRole;
  readonly contours: readonly PlanarContour[];
}

/** A Case from structures and nodules (ids and colours are placeholders). */
export function syntheticCase(structures: readonly StructureSpec[], nodules: readonly NoduleTargets[]): Case {
  const list: Structure[] = structures.map((s, index) => ({
    number: index + 1,
    name: s.name,
    role: s.role,
    roleReason: 'test',
    interpretedType: '',
    colorRgb: [255, 0, 0],
    contours: s.contours,
    points: [],
  }));
  return { id: 'test', description: 'synthetic', frameOfReferenceUid: '2.25.1', structures: list, nodules, sources: ['test'], issues: [] };
}
