import { importIssue, type ImportIssue, type ParseResult } from '../io/ImportIssue';
import { isStructureRole, STRUCTURE_ROLES, type StructureRole } from '../model/StructureRole';
import { compactStructureName } from './normalizeStructureName';

/**
 * Parses a user role file: one JSON object mapping ROI names to roles, e.g.
 * `{ "Nodule RUL": "gtv", "HDn": "support" }`. Roles are StructureRole ids, written exactly.
 * Never throws: malformed JSON or a non-object gives `value: undefined` and an error issue
 * ('role-overrides-malformed'); an entry whose role is unknown or not a string is left out with an
 * error issue ('role-overrides-unknown-role') naming the entry; two names that differ only in case
 * or separators but map to different roles give a warning ('role-overrides-ambiguous', the exact
 * spelling still wins in assignRole). An empty object is valid (no overrides).
 * @param text file contents (UTF-8 text).
 * @param fileName shown in every issue.
 */
export function parseRoleOverrides(text: string, fileName: string): ParseResult<Record<string, StructureRole>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { value: undefined, issues: [importIssue(fileName, 'role-overrides-malformed', `not valid JSON (${(e as Error).message})`)] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed;
    return { value: undefined, issues: [importIssue(fileName, 'role-overrides-malformed', `expected a JSON object mapping ROI names to roles, got ${got}`)] };
  }

  const issues: ImportIssue[] = [];
  const value: Record<string, StructureRole> = {};
  const byCompact = new Map<string, string>();
  for (const [name, role] of Object.entries(parsed as Record<string, unknown>)) {
    if (name.trim() === '') {
      issues.push(importIssue(fileName, 'role-overrides-unknown-role', 'an entry has an empty ROI name; it was ignored'));
      continue;
    }
    if (typeof role !== 'string' || !isStructureRole(role)) {
      issues.push(importIssue(fileName, 'role-overrides-unknown-role', `'${name}': ${JSON.stringify(role)} is not a role (expected one of ${STRUCTURE_ROLES.join(', ')}); the entry was ignored`));
      continue;
    }
    value[name] = role;
    const compact = compactStructureName(name);
    const other = byCompact.get(compact);
    if (other !== undefined && value[other] !== role) {
      issues.push(importIssue(fileName, 'role-overrides-ambiguous', `'${other}' (${value[other]}) and '${name}' (${role}) differ only in case or separators; each applies to its exact spelling only`, 'warning'));
    } else if (other === undefined) {
      byCompact.set(compact, name);
    }
  }
  return { value, issues };
}
