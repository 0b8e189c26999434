import { structureSetPlaneSpacingMm } from '../case/structureSetPlaneSpacingMm';
import { InputError } from '../errors/InputError';
import { importIssue, type ImportIssue } from '../io/ImportIssue';
import type { Structure } from '../model/Structure';
import { derivedChestWallMember, derivedChestWallName, type ChestWallSources } from './deriveChestWall';
import { structureMember, type GroupMember } from './GroupMember';
import { lungPlaneHulls } from './lungPlaneHulls';
import type { OrganGroupSummary } from './NoduleProximity';
import { LUNG_ROLES, ORGAN_GROUP_IDS, organGroups, type OrganGroupId, type OrganGroupPlan } from './organGroups';
import { outerContours } from './outerContours';
import { prepareStructure, type PreparedStructure } from './PreparedStructure';

/** Everything about a case's anatomy that every nodule's measurement shares. */
export interface CaseAnatomy {
  /** Prepared structures by name (structures without contours or with bad contours are left out). */
  readonly structures: ReadonlyMap<string, PreparedStructure>;
  readonly groups: Readonly<Record<OrganGroupId, OrganGroupPlan>>;
  /** Members per group, derived chest wall first when there is one; empty for unknown groups. */
  readonly members: Readonly<Record<OrganGroupId, readonly GroupMember[]>>;
  readonly summaries: Readonly<Record<OrganGroupId, OrganGroupSummary>>;
  /** The body (largest body-role structure), or null. */
  readonly body: PreparedStructure | null;
  /** Lung structures with holes filled (outerContours). */
  readonly lungs: readonly PreparedStructure[];
  readonly issues: readonly ImportIssue[];
}

/**
 * Prepares a case's structures for proximity measurement and reports case-level problems as issues (never
 * throws on data): structures with bad contours ('bad-structure', error; left out), no lungs ('no-lungs',
 * warning: nodules cannot be confirmed to lie in the lung, no chest wall can be derived), no body ('no-body',
 * warning: PTVs are not clipped, targets not checked), a derived chest wall ('chest-wall-derived'), partial
 * organ groups ('organ-group-partial') and unknown ones ('organ-group-unknown', warning: protocol selection
 * should assume the organ is close).
 */
export function prepareCaseAnatomy(structures: readonly Structure[], chestWallThicknessMm: number): CaseAnatomy {
  const issues: ImportIssue[] = [];
  const setSpacingMm = structureSetPlaneSpacingMm(structures);
  const prepared = new Map<string, PreparedStructure>();
  const tryPrepare = (s: Pick<Structure, 'name' | 'role' | 'contours'>): PreparedStructure | null => {
    try {
      return prepareStructure(s, setSpacingMm);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(importIssue('', 'bad-structure', `${s.name}: ${error.message}; not used for proximity`));
      return null;
    }
  };
  for (const s of structures) {
    if (prepared.has(s.name)) {
      issues.push(importIssue('', 'duplicate-structure-name', `two structures are named '${s.name}': the first is used for proximity`, 'warning'));
      continue;
    }
    const p = tryPrepare(s);
    if (p !== null) prepared.set(s.name, p);
  }
  const all = [...prepared.values()];
  const groups = organGroups(all);
  const bodies = all.filter((s) => s.role === 'body').sort((a, b) => b.volumeCc - a.volumeCc);
  const body = bodies[0] ?? null;
  const lungs: PreparedStructure[] = [];
  for (const s of all) {
    if (!LUNG_ROLES.includes(s.role)) continue;
    const filled = tryPrepare({ name: s.name, role: s.role, contours: outerContours(s.contours) });
    if (filled !== null) lungs.push(filled);
  }
  if (lungs.length === 0) {
    issues.push(importIssue('', 'no-lungs', 'no lung structure: the nodules cannot be confirmed to lie in the lungs, and no chest wall can be derived', 'warning'));
  }
  if (body === null) {
    issues.push(importIssue('', 'no-body', 'no body structure: PTVs grown here are not clipped to the body, and targets are not checked against it', 'warning'));
  }

  const members = { chestWall: [], mediastinum: [], bronchialTree: [] } as Record<OrganGroupId, GroupMember[]>;
  const summaries = {} as Record<OrganGroupId, OrganGroupSummary>;
  for (const id of ORGAN_GROUP_IDS) {
    const group = groups[id];
    const list = members[id];
    const names = group.structures.map((s) => s.name);
    if (group.deriveChestWall && body !== null && lungs.length > 0) {
      const sources: ChestWallSources = {
        body,
        lungs,
        exclusions: [...groups.mediastinum.structures, ...groups.bronchialTree.structures],
        hulls: lungPlaneHulls(lungs, 0.5 * (body.boundsMm.min[0] + body.boundsMm.max[0])),
        thicknessMm: chestWallThicknessMm,
      };
      list.push(derivedChestWallMember(sources));
      names.unshift(derivedChestWallName(sources));
    }
    list.push(...group.structures.map(structureMember));
    summaries[id] = { status: group.status, structures: names, note: group.note };
    if (group.status === 'unknown') issues.push(importIssue('', 'organ-group-unknown', `${group.label}: ${group.note} (treat as close: choose the more protective schedule)`, 'warning'));
    else if (group.status === 'partial') issues.push(importIssue('', 'organ-group-partial', `${group.label}: ${group.note}`, 'warning'));
    else if (group.status === 'derived') issues.push(importIssue('', 'chest-wall-derived', `${group.label}: ${group.note}`, 'warning'));
  }
  return { structures: prepared, groups, members, summaries, body, lungs, issues };
}
