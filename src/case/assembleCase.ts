import { importIssue, type ImportIssue } from '../io/ImportIssue';
import type { Case, CtImage } from '../model/Case';
import type { StructureGeometry } from '../model/Structure';
import { assignRoles, type AssignRolesOptions } from '../structures/assignRoles';
import { groupNodules } from '../structures/groupNodules';

export interface CaseParts {
  readonly id: string;
  readonly description: string;
  readonly frameOfReferenceUid: string;
  readonly structures: readonly StructureGeometry[];
  readonly ct?: CtImage;
  /** Name of the structure file, used in messages. */
  readonly structureSource: string;
  readonly sources: readonly string[];
  /** Issues already found while reading the parts; kept in the case. */
  readonly issues?: readonly ImportIssue[];
}

/**
 * Builds a Case from read parts: decides every structure's role (TG-263 names, synonyms, overrides,
 * explicit targets), groups targets into nodules, and checks that CT and structures share a frame of
 * reference. A CT on another frame of reference is left out (with an error issue naming both UIDs):
 * its voxels would not line up with the contours.
 */
export function assembleCase(parts: CaseParts, roleOptions: AssignRolesOptions = {}): Case {
  const issues: ImportIssue[] = [...(parts.issues ?? [])];
  let ct = parts.ct;
  if (ct && parts.frameOfReferenceUid && ct.frameOfReferenceUid && ct.frameOfReferenceUid !== parts.frameOfReferenceUid) {
    issues.push(importIssue(parts.structureSource, 'frame-of-reference-mismatch',
      `structure set frame of reference ${parts.frameOfReferenceUid} matches no CT (the CT series has ${ct.frameOfReferenceUid}); the CT is not used`));
    ct = undefined;
  }
  const roles = assignRoles(parts.structures, roleOptions);
  issues.push(...roles.issues);
  return {
    id: parts.id,
    description: parts.description,
    frameOfReferenceUid: parts.frameOfReferenceUid,
    ct,
    structures: roles.structures,
    nodules: groupNodules(roles.structures),
    sources: parts.sources,
    issues,
  };
}
