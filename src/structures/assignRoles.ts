import { InputError } from '../errors/InputError';
import { importIssue, type ImportIssue } from '../io/ImportIssue';
import type { Structure, StructureGeometry } from '../model/Structure';
import { isStructureRole, TARGET_ROLES, type StructureRole } from '../model/StructureRole';
import { assignRole, findRoleOverride, findTargetRule, type RoleAssignment } from './assignRole';
import { compactStructureName, normalizeStructureName } from './normalizeStructureName';
import type { StructureNameRules } from './StructureNameRules';
import { thoraxStructureNameRules } from './thoraxStructureNameRules';

export interface AssignRolesOptions {
  /** Name rules; default thoraxStructureNameRules (dose-models/structure-names/tg263-thorax.json). */
  readonly rules?: StructureNameRules;
  /** User roles by ROI name (from parseRoleOverrides), applied before every rule. */
  readonly overrides?: Readonly<Record<string, StructureRole>>;
  /** Where the overrides came from (file name), shown in reasons and issues. */
  readonly overridesSource?: string;
  /**
   * Explicit target names (CLI `--targets A,B`). When given, exactly these structures are targets
   * and every other structure the rules made a target becomes 'support'.
   */
  readonly targets?: readonly string[];
}

export interface AssignRolesResult {
  /** The input structures, in input order, with role and roleReason. */
  readonly structures: Structure[];
  /**
   * Problems for the user (file '' = not file-specific, or overridesSource): 'target-not-found',
   * 'target-kind-unknown' (errors); 'target-name-ambiguous', 'target-by-type-only',
   * 'override-not-found', 'role-unknown', 'no-targets' (warnings).
   */
  readonly issues: ImportIssue[];
}

type TargetRole = 'gtv' | 'itv' | 'ptv' | 'ctv';

function isTargetRole(role: StructureRole): role is TargetRole {
  return TARGET_ROLES.includes(role);
}

/** Structures an explicit target name refers to: exact spelling, else same compact key. */
function findByName(structures: readonly StructureGeometry[], name: string): number[] {
  const exact: number[] = [];
  for (let i = 0; i < structures.length; i++) if (structures[i].name === name) exact.push(i);
  if (exact.length > 0) return exact;
  const compact = compactStructureName(name);
  const loose: number[] = [];
  if (compact === '') return loose;
  for (let i = 0; i < structures.length; i++) if (compactStructureName(structures[i].name) === compact) loose.push(i);
  return loose;
}

/** Kind of an explicitly named target: override role, else name prefix, else RTROIInterpretedType. */
function explicitTargetRole(
  structure: StructureGeometry,
  rules: StructureNameRules,
  overrides: Readonly<Record<string, StructureRole>> | undefined,
): { role: TargetRole; how: string } | undefined {
  const override = overrides === undefined ? undefined : findRoleOverride(structure.name, overrides);
  if (override !== undefined && isTargetRole(override.role)) return { role: override.role, how: 'role from the user role override' };
  const target = findTargetRule(normalizeStructureName(structure.name), rules);
  if (target !== undefined) return { role: target.rule.role, how: `name starts with ${target.prefix}` };
  const byType = rules.interpretedTypeRoles.get(structure.interpretedType.trim().toUpperCase());
  if (byType !== undefined && isTargetRole(byType.role)) return { role: byType.role, how: `RTROIInterpretedType ${structure.interpretedType.trim().toUpperCase()}` };
  return undefined;
}

/**
 * Assigns a clinical role to every structure (see assignRole for the rule order) and, with
 * `options.targets`, makes exactly the named structures the targets. Input order is kept; the input
 * is not modified. Reports, never guesses: unknown roles, type-only targets, missing target names
 * and unused overrides come back as issues.
 * Throws InputError('bad-targets') when `targets` is given but empty or holds a blank name, and
 * InputError('bad-role-override') when an override value is not a StructureRole.
 * @see docs/structure-roles.md
 */
export function assignRoles(structures: readonly StructureGeometry[], options: AssignRolesOptions = {}): AssignRolesResult {
  const rules = options.rules ?? thoraxStructureNameRules;
  const overrides = options.overrides;
  const overridesFile = options.overridesSource ?? '';
  const issues: ImportIssue[] = [];
  /** Structures already reported as 'target-kind-unknown' (not reported again as 'role-unknown'). */
  const kindUnknown = new Set<number>();

  if (overrides !== undefined) {
    for (const [name, role] of Object.entries(overrides)) {
      if (!isStructureRole(role)) throw new InputError('bad-role-override', `role override for '${name}' is not a structure role: ${JSON.stringify(role)}`);
      if (findByName(structures, name).length === 0) {
        issues.push(importIssue(overridesFile, 'override-not-found', `role override for '${name}' matches no structure`, 'warning'));
      }
    }
  }

  const assigned: RoleAssignment[] = structures.map((s) => {
    const a = assignRole(s, rules, overrides);
    return overridesFile !== '' && a.roleReason.startsWith('user role override') ? { role: a.role, roleReason: `${a.roleReason} in ${overridesFile}` } : a;
  });

  if (options.targets !== undefined) {
    if (options.targets.length === 0) throw new InputError('bad-targets', 'targets: the list of target names is empty');
    const chosen = new Set<number>();
    for (const requested of options.targets) {
      if (typeof requested !== 'string' || requested.trim() === '') throw new InputError('bad-targets', `targets: blank target name ${JSON.stringify(requested)}`);
      const name = requested.trim();
      const found = findByName(structures, name);
      if (found.length === 0) {
        issues.push(importIssue('', 'target-not-found', `target '${name}' named by --targets is not in the structure set`));
        continue;
      }
      if (found.length > 1) {
        issues.push(importIssue('', 'target-name-ambiguous', `target '${name}' matches ${found.length} structures (${found.map((i) => `#${structures[i].number} '${structures[i].name}'`).join(', ')}); all are targets`, 'warning'));
      }
      for (const i of found) chosen.add(i);
    }
    for (let i = 0; i < structures.length; i++) {
      const s = structures[i];
      if (chosen.has(i)) {
        const kind = explicitTargetRole(s, rules, overrides);
        if (kind === undefined) {
          assigned[i] = { role: 'unknown', roleReason: `named by --targets, but neither its name nor its RTROIInterpretedType '${s.interpretedType}' says GTV, ITV, PTV or CTV` };
          kindUnknown.add(i);
          issues.push(importIssue('', 'target-kind-unknown', `target '${s.name}': cannot tell whether it is a GTV, ITV, PTV or CTV; give its role in a role file`));
        } else {
          assigned[i] = { role: kind.role, roleReason: `named by --targets; ${kind.how}` };
        }
      } else if (isTargetRole(assigned[i].role)) {
        assigned[i] = { role: 'support', roleReason: `not named by --targets (rules said ${assigned[i].role}: ${assigned[i].roleReason})` };
      }
    }
  } else {
    for (let i = 0; i < structures.length; i++) {
      const a = assigned[i];
      const typeOnly = isTargetRole(a.role)
        && findTargetRule(normalizeStructureName(structures[i].name), rules) === undefined
        && (overrides === undefined || findRoleOverride(structures[i].name, overrides) === undefined);
      if (typeOnly) {
        issues.push(importIssue('', 'target-by-type-only', `'${structures[i].name}' is a ${a.role} only because its RTROIInterpretedType says so; check it, or name the targets with --targets`, 'warning'));
      }
    }
  }

  for (let i = 0; i < structures.length; i++) {
    if (assigned[i].role === 'unknown' && !kindUnknown.has(i)) {
      issues.push(importIssue('', 'role-unknown', `'${structures[i].name}' has no role (${assigned[i].roleReason}); add it to a role file if it matters`, 'warning'));
    }
  }
  if (!assigned.some((a) => isTargetRole(a.role))) {
    issues.push(importIssue('', 'no-targets', 'no GTV, ITV, PTV or CTV was found; name the targets with --targets or a role file', 'warning'));
  }

  const result: Structure[] = structures.map((s, i) => ({ ...s, role: assigned[i].role, roleReason: assigned[i].roleReason }));
  return { structures: result, issues };
}
