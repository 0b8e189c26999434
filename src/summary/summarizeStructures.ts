import type { Structure } from '../model/Structure';
import type { StructureRole } from '../model/StructureRole';
import { singlePlaneSpacingOption, structureSetPlaneSpacingMm } from '../case/structureSetPlaneSpacingMm';
import { structureVolumeCc } from '../voxelize/structureVolumeCc';

/** One ROI as listed by `inspect` and `plan`. */
export interface StructureSummary {
  readonly name: string;
  readonly role: StructureRole;
  readonly roleReason: string;
  /** Contoured volume, cc (exact polygon areas × slab thickness, ½-slice end caps); undefined without contours. */
  readonly volumeCc: number | undefined;
  /** Number of distinct contour planes. */
  readonly planes: number;
  readonly contours: number;
  readonly points: number;
}

/** Distinct z values of the contours, merged within toleranceMm (contour z is never compared exactly). */
export function countPlanes(zValuesMm: readonly number[], toleranceMm = 0.01): number {
  const sorted = [...zValuesMm].sort((a, b) => a - b);
  let planes = 0;
  for (let n = 0; n < sorted.length; n++) if (n === 0 || sorted[n] - sorted[n - 1] > toleranceMm) planes++;
  return planes;
}

/**
 * Volume, plane count and role of each structure (volume undefined for POINT-only or empty ROIs). A structure
 * on a single plane gets the set's plane spacing as its slab thickness.
 */
export function summarizeStructures(structures: readonly Structure[]): StructureSummary[] {
  const setSpacingMm = structureSetPlaneSpacingMm(structures);
  return structures.map((structure) => ({
    name: structure.name,
    role: structure.role,
    roleReason: structure.roleReason,
    volumeCc: structure.contours.length > 0 ? structureVolumeCc(structure.contours, { structureName: structure.name, ...singlePlaneSpacingOption(structure.contours, setSpacingMm) }) : undefined,
    planes: countPlanes(structure.contours.map((c) => c.zMm)),
    contours: structure.contours.length,
    points: structure.points.length,
  }));
}
