import { InputError } from '../errors/InputError';
import type { ImportIssue } from '../io/ImportIssue';
import type { Case } from '../model/Case';
import { buildNoduleTargets, type NoduleTargetMasks } from './buildNoduleTargets';
import { maskBoxMm } from './latticeGrid';
import { measureGroupDistance, targetSurfaceAt, type MeasuredOrganDistance, type ProximityTarget } from './measureGroupDistance';
import type { NoduleProximity, NoduleProximityResult, OrganDistance, OrganDistanceNumbers, OrganDistances, ProximityOptions } from './NoduleProximity';
import { ORGAN_GROUP_IDS, type OrganGroupId, type OrganGroupStatus } from './organGroups';
import { prepareCaseAnatomy, type CaseAnatomy } from './prepareCaseAnatomy';
import { resolveProximityOptions, type ProximitySettings } from './resolveProximityOptions';

/**
 * For every nodule of a case, the minimum distances from its GTV (ITV when present) and from its PTV to the
 * chest wall, the mediastinum and the proximal bronchial tree, with the nearest structure of each group, its
 * relation (overlap / touch / apart), target volumes and maximum diameters.
 *
 * Method (docs/proximity.md): structures are voxelised with partial volumes on local axis-aligned lattice
 * grids (patient LPS). Each organ group is located with exact EDTs on coarse grids first (measureGroupDistance),
 * then measured over the closest region only, between the sub-voxel surfaces of the partial-volume fractions
 * (fieldSurfacePointsMm): at the fine spacing (default 1 mm; within 0.25 mm of analytic answers in the tests)
 * when the distance may be within `nearRangeMm` (30 mm, beyond every zone threshold), else at twice it.
 * Overlap / touch (distance 0) follow minimumDistanceMm on the ½-thresholded masks. A nodule without a PTV gets
 * one grown from its GTV/ITV by `ptvMarginMm` (default 5 mm, expandMask) and clipped to the body. Missing
 * chest walls are derived from body and lungs (deriveChestWall); groups that cannot be known give null
 * distances with status 'unknown'.
 *
 * Data problems never throw: they are returned as issues (no lungs, no body, unknown or partial organ groups,
 * targets outside the body or the lungs, nodules without targets, bad contours). Throws InputError only for
 * bad options (negative, non-finite or > 30 mm margins: 'bad-margin'; other ranges: 'bad-option') or a
 * case without a structure list.
 */
export function measureNoduleProximity(patientCase: Case, options: ProximityOptions = {}): NoduleProximityResult {
  const settings = resolveProximityOptions(options);
  if (patientCase === null || typeof patientCase !== 'object' || !Array.isArray(patientCase.structures) || !Array.isArray(patientCase.nodules)) {
    throw new InputError('bad-case', 'measureNoduleProximity needs a case with structures and nodules arrays');
  }
  const anatomy = prepareCaseAnatomy(patientCase.structures, settings.chestWallThicknessMm);
  const issues: ImportIssue[] = [...anatomy.issues];
  const nodules: NoduleProximity[] = [];
  for (const nodule of patientCase.nodules) {
    const built = buildNoduleTargets(nodule, anatomy, settings);
    issues.push(...built.issues);
    if (built.masks === null) continue;
    nodules.push(measureOne(nodule.name, built.masks, anatomy, settings));
  }
  return { nodules, organGroups: anatomy.summaries, issues };
}

function measureOne(noduleName: string, masks: NoduleTargetMasks, anatomy: CaseAnatomy, settings: ProximitySettings): NoduleProximity {
  const targets: ProximityTarget[] = [];
  const slots: ('target' | 'ptv')[] = [];
  const add = (slot: 'target' | 'ptv', mask: Uint8Array, field: Float32Array, surfacePoints: Float64Array): void => {
    const boundsMm = maskBoxMm(mask, masks.grid);
    if (boundsMm === null) return;
    targets.push({ mask, field, grid: masks.grid, boundsMm, surfacePoints, surfaceAt: targetSurfaceAt(field, mask, masks.grid, boundsMm) });
    slots.push(slot);
  };
  if (masks.target !== null) add('target', masks.target.mask, masks.target.field, masks.target.structure.vertices);
  if (masks.ptv !== null) add('ptv', masks.ptv.mask, masks.ptv.field, masks.ptv.surfacePoints);

  const fromTarget = {} as Record<OrganGroupId, OrganDistance>;
  const fromPtv = {} as Record<OrganGroupId, OrganDistance>;
  const notes = [...masks.notes];
  const groupSettings = { fineSpacingMm: masks.fineSpacingMm, nearRangeMm: settings.nearRangeMm, maxCoarseVoxels: settings.maxCoarseVoxels };
  for (const id of ORGAN_GROUP_IDS) {
    const group = anatomy.groups[id];
    const members = anatomy.members[id];
    const measured = members.length > 0 ? measureGroupDistance(members, targets, groupSettings) : targets.map(() => null);
    if (group.note !== null) notes.push(`${group.label}: ${group.note}`);
    if (members.length > 0 && measured.every((m) => m === null)) notes.push(`${group.label}: no voxel of ${members.map((m) => m.name).join(', ')} found; distance unknown`);
    const status: OrganGroupStatus = members.length === 0 ? 'unknown' : group.status;
    fromTarget[id] = organDistance(measured[slots.indexOf('target')] ?? null, status);
    fromPtv[id] = organDistance(measured[slots.indexOf('ptv')] ?? null, status);
  }
  const hasTarget = slots.includes('target');
  const hasPtv = slots.includes('ptv');
  return {
    noduleName,
    targetName: masks.target?.structure.name ?? null,
    targetRole: masks.target?.role ?? null,
    ptvName: masks.ptv?.name ?? null,
    ptvSource: masks.ptv?.source ?? null,
    ptvMarginMm: masks.ptv?.source === 'margin' ? settings.ptvMarginMm : null,
    volumeCc: { target: masks.target?.structure.volumeCc ?? null, ptv: masks.ptv?.volumeCc ?? null },
    maxDiameterMm: { target: masks.target?.maxDiameterMm ?? null, ptv: masks.ptv?.maxDiameterMm ?? null },
    distancesMm: { fromTarget: hasTarget ? numbers(fromTarget) : null, fromPtv: hasPtv ? numbers(fromPtv) : null },
    distances: { fromTarget: hasTarget ? fromTarget : null, fromPtv: hasPtv ? fromPtv : null },
    bodyFraction: masks.bodyFraction,
    lungFraction: masks.lungFraction,
    fineSpacingMm: masks.fineSpacingMm,
    notes,
  };
}

function organDistance(m: MeasuredOrganDistance | null, status: OrganGroupStatus): OrganDistance {
  // A group with members but no voxel (degenerate contours) is as unknown as a missing one.
  if (m === null) return { distanceMm: null, relation: null, nearestStructure: null, status: 'unknown', gridSpacingMm: null, resolution: null, closestPointsMm: null };
  return { ...m, status };
}

function numbers(distances: OrganDistances): OrganDistanceNumbers {
  return { chestWall: distances.chestWall.distanceMm, mediastinum: distances.mediastinum.distanceMm, bronchialTree: distances.bronchialTree.distanceMm };
}
