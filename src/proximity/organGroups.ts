import type { StructureRole } from '../model/StructureRole';
import type { PreparedStructure } from './PreparedStructure';

/** The organ groups whose distance decides the fractionation zone (protocol rule `organ` ids). */
export type OrganGroupId = 'chestWall' | 'mediastinum' | 'bronchialTree';
export const ORGAN_GROUP_IDS: readonly OrganGroupId[] = ['chestWall', 'mediastinum', 'bronchialTree'];

/**
 * - 'contoured': the group's defining structures are contoured;
 * - 'derived': no chest-wall structure; a chest wall is derived from body and lungs (deriveChestWall);
 * - 'partial': only part of the group is contoured (distances may be too large: treat with care);
 * - 'unknown': nothing to measure to (distance null; protocol selection should be protective).
 */
export type OrganGroupStatus = 'contoured' | 'derived' | 'partial' | 'unknown';

/** How one organ group is made up in a case. */
export interface OrganGroupPlan {
  readonly id: OrganGroupId;
  readonly label: string;
  readonly status: OrganGroupStatus;
  /** Contoured structures of the group (for a derived chest wall: the ribs, if any, added to it). */
  readonly structures: readonly PreparedStructure[];
  /** True when a chest wall is derived from body and lungs and united with `structures`. */
  readonly deriveChestWall: boolean;
  /** Why the group is partial, derived or unknown; null when contoured. */
  readonly note: string | null;
}

/**
 * Roles per group. Chest wall: chest-wall and ribs (the ribs lie within the chest wall, so with a chest-wall
 * structure they change nothing; without one they are the bony part of it). Mediastinum: heart (TG-263
 * Pericardium maps to heart), great vessels, oesophagus, mediastinum. Proximal bronchial tree: trachea and
 * bronchi (RTOG 0813 PBT). Other roles (cord, brachial plexus, unknown names...) take no part.
 */
export const ORGAN_GROUP_ROLES: Readonly<Record<OrganGroupId, readonly StructureRole[]>> = {
  chestWall: ['chest-wall', 'ribs'],
  mediastinum: ['heart', 'great-vessels', 'esophagus', 'mediastinum'],
  bronchialTree: ['trachea', 'proximal-bronchial-tree'],
};

export const LUNG_ROLES: readonly StructureRole[] = ['lung', 'lung-left', 'lung-right'];

const LABELS: Readonly<Record<OrganGroupId, string>> = { chestWall: 'chest wall', mediastinum: 'mediastinum', bronchialTree: 'proximal bronchial tree' };
const MEDIASTINAL_PARTS: readonly { role: StructureRole; label: string }[] = [
  { role: 'heart', label: 'heart' },
  { role: 'great-vessels', label: 'great vessels' },
  { role: 'esophagus', label: 'oesophagus' },
];

/**
 * Sorts a case's structures into the three organ groups and says how complete each is (see OrganGroupStatus).
 * Rules: a mediastinum role, or heart + great vessels + oesophagus together, is a contoured mediastinum;
 * some of them is partial. A proximal-bronchial-tree structure is a contoured bronchial tree (with the
 * trachea if present); the trachea alone is partial. A chest-wall structure is contoured; without one, body
 * and lungs give a derived chest wall; ribs alone are partial.
 * @param structures prepared structures of the case (any roles; unknown ones are ignored)
 */
export function organGroups(structures: readonly PreparedStructure[]): Readonly<Record<OrganGroupId, OrganGroupPlan>> {
  const withRole = (roles: readonly StructureRole[]): PreparedStructure[] => structures.filter((s) => roles.includes(s.role));
  const names = (list: readonly PreparedStructure[]): string => list.map((s) => s.name).join(', ');
  const plan = (id: OrganGroupId, status: OrganGroupStatus, members: readonly PreparedStructure[], note: string | null, derive = false): OrganGroupPlan => ({
    id,
    label: LABELS[id],
    status,
    structures: members,
    deriveChestWall: derive,
    note,
  });

  const chestWalls = withRole(['chest-wall']);
  const ribs = withRole(['ribs']);
  const hasBody = structures.some((s) => s.role === 'body');
  const hasLungs = structures.some((s) => LUNG_ROLES.includes(s.role));
  let chestWall: OrganGroupPlan;
  if (chestWalls.length > 0) {
    chestWall = plan('chestWall', 'contoured', [...chestWalls, ...ribs], null);
  } else if (hasBody && hasLungs) {
    const ribNote = ribs.length > 0 ? `, united with the ribs (${names(ribs)})` : '';
    chestWall = plan('chestWall', 'derived', ribs, `no chest-wall structure: chest wall derived from the body and the lungs (body tissue outside the lungs' convex hull on each plane, outside mediastinal and airway structures, within the shell thickness of a lung in the same plane)${ribNote}`, true);
  } else if (ribs.length > 0) {
    chestWall = plan('chestWall', 'partial', ribs, `no chest-wall structure and no body and lungs to derive one: the ribs (${names(ribs)}) stand for the chest wall; intercostal tissue is missing, so distances may be too large`);
  } else {
    chestWall = plan('chestWall', 'unknown', [], `no chest-wall or rib structure, and no ${hasBody ? 'lungs' : hasLungs ? 'body' : 'body and lungs'} to derive one: chest-wall distance unknown`);
  }

  const mediastinal = withRole(ORGAN_GROUP_ROLES.mediastinum);
  const missingParts = MEDIASTINAL_PARTS.filter((p) => !mediastinal.some((s) => s.role === p.role)).map((p) => p.label);
  let mediastinum: OrganGroupPlan;
  if (mediastinal.length === 0) {
    mediastinum = plan('mediastinum', 'unknown', [], 'no heart, great-vessel, oesophagus or mediastinum structure: mediastinal distance unknown');
  } else if (mediastinal.some((s) => s.role === 'mediastinum') || missingParts.length === 0) {
    mediastinum = plan('mediastinum', 'contoured', mediastinal, null);
  } else {
    mediastinum = plan('mediastinum', 'partial', mediastinal, `mediastinum from ${names(mediastinal)} only; not contoured: ${missingParts.join(', ')} (distances may be too large)`);
  }

  const tracheas = withRole(['trachea']);
  const bronchi = withRole(['proximal-bronchial-tree']);
  let bronchialTree: OrganGroupPlan;
  if (bronchi.length > 0) {
    bronchialTree = plan('bronchialTree', 'contoured', [...tracheas, ...bronchi], null);
  } else if (tracheas.length > 0) {
    bronchialTree = plan('bronchialTree', 'partial', tracheas, `only the trachea (${names(tracheas)}) is contoured; main, intermediate and lobar bronchi are not, so distances to the proximal bronchial tree may be too large`);
  } else {
    bronchialTree = plan('bronchialTree', 'unknown', [], 'no trachea or bronchus structure: bronchial-tree distance unknown');
  }
  return { chestWall, mediastinum, bronchialTree };
}
