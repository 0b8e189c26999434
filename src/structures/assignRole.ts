import { InputError } from '../errors/InputError';
import type { StructureGeometry } from '../model/Structure';
import { isStructureRole, type StructureRole } from '../model/StructureRole';
import { compactStructureName, normalizeStructureName, upperStructureName } from './normalizeStructureName';
import type { StructureNameEntry, StructureNameRules, TargetNameRule } from './StructureNameRules';

/** A structure's role and a one-line, user-facing explanation of how it was decided. */
export interface RoleAssignment {
  readonly role: StructureRole;
  readonly roleReason: string;
}

/**
 * The order in which assignRole tries its rules; the first that applies decides. The data file's
 * `matchingOrder` must list the same steps (a test checks it). See docs/structure-roles.md.
 */
export const ROLE_MATCHING_ORDER = [
  'override',
  'non-volume',
  'tg263-name',
  'synonym',
  'version-suffix',
  'ring',
  'union',
  'subtraction',
  'helper',
  'target-name',
  'pattern',
  'interpreted-type',
  'unknown',
] as const;

/** Start of the reason of every structure left 'unknown' by the name rules. */
export const UNKNOWN_ROLE_REASON = 'no TG-263 name or synonym matched';

const LUNG_ROLES: readonly StructureRole[] = ['lung', 'lung-left', 'lung-right'];

/** A TG-263 name or synonym found for a compact key, possibly after removing version digits. */
interface NameMatch {
  readonly entry: StructureNameEntry;
  /** Version digits removed before the match ('' when the name matched as written). */
  readonly versionDigits: string;
}

function lookupName(compactKey: string, rules: StructureNameRules): NameMatch | undefined {
  const direct = rules.namesByCompactKey.get(compactKey);
  if (direct !== undefined) return { entry: direct, versionDigits: '' };
  const m = rules.versionSuffix.exec(compactKey);
  if (m === null) return undefined;
  const stripped = rules.namesByCompactKey.get(m[1]);
  return stripped === undefined ? undefined : { entry: stripped, versionDigits: m[2] };
}

function describeNameMatch(match: NameMatch): string {
  const { entry, versionDigits } = match;
  const what = entry.kind === 'tg263-name'
    ? `TG-263 name ${entry.name}`
    : `synonym '${entry.name}'${entry.standardName ? ` of TG-263 ${entry.standardName}` : ''} (${entry.source})`;
  return versionDigits ? `${what}, after removing version suffix '${versionDigits}'` : what;
}

/** The first target rule whose (anchored) pattern matches the key, with the matched prefix. */
export function findTargetRule(key: string, rules: StructureNameRules): { readonly rule: TargetNameRule; readonly prefix: string } | undefined {
  for (const rule of rules.targetRules) {
    const m = rule.pattern.exec(key);
    if (m !== null && m.index === 0) return { rule, prefix: m[0] };
  }
  return undefined;
}

/** Anatomical role of a name from the tables and pattern rules only (no operators, no targets). */
function anatomicalRole(key: string, rules: StructureNameRules): RoleAssignment | undefined {
  const match = lookupName(key.replace(/_/g, ''), rules);
  if (match !== undefined) return { role: match.entry.role, roleReason: describeNameMatch(match) };
  for (const rule of rules.patternRules) {
    if (rule.pattern.test(key)) return { role: rule.role, roleReason: `${rule.reason} (pattern ${rule.id})` };
  }
  return undefined;
}

/**
 * The override for an ROI name: the key equal to the name, else the first key (in sorted order)
 * with the same compact key ("lt lung" overrides "Lt Lung"). Undefined when none applies.
 * Throws InputError('bad-role-override') when the matching value is not a StructureRole.
 */
export function findRoleOverride(name: string, overrides: Readonly<Record<string, StructureRole>>): { readonly key: string; readonly role: StructureRole } | undefined {
  let key: string | undefined = Object.prototype.hasOwnProperty.call(overrides, name) ? name : undefined;
  if (key === undefined) {
    const compact = compactStructureName(name);
    key = Object.keys(overrides).sort().find((k) => compact !== '' && compactStructureName(k) === compact);
  }
  if (key === undefined) return undefined;
  const role: unknown = overrides[key];
  if (typeof role !== 'string' || !isStructureRole(role)) throw new InputError('bad-role-override', `role override for '${key}' is not a structure role: ${JSON.stringify(role)}`);
  return { key, role };
}

function matchedText(pattern: RegExp, text: string): string {
  const m = pattern.exec(text);
  return m === null ? '' : m[0].replace(/^_+|_+$/g, '');
}

/**
 * Decides one structure's clinical role from its ROI name and DICOM RTROIInterpretedType.
 * Rules are tried in {@link ROLE_MATCHING_ORDER}; the first that applies decides:
 * 1. `overrides` (user role file; exact name, then same compact key);
 * 2. non-volume: RTROIInterpretedType ISOCENTER/MARKER/REGISTRATION/BOLUS/SUPPORT/FIXATION, or a
 *    POINT-only ROI → 'support';
 * 3–5. TG-263 standard name, synonym, then the same after removing version digits (HEART4);
 * 6. ring/shell names (RING, SHELL, D2CM, PTV1_WALL) → 'ring';
 * 7. unions ('+', '&', AND, ALL, TOTAL...) → 'support' when of targets, else 'unknown';
 * 8. subtractions (Lungs-GTV → lung; BRAIN - PTV, PTV-GTV, PTV-Chestwall → 'support');
 * 9. planning helpers (Low Dose, OPT, z_ prefix) → 'support';
 * 10. target by name prefix (GTV*, IGTV*, ITV*, PTV*, CTV*);
 * 11. anatomical pattern rules (Rib05_L, SpinalCord_PRV03, ...);
 * 12. RTROIInterpretedType (EXTERNAL → body; GTV/CTV/PTV → target, the reason asks for a check);
 * 13. 'unknown' with reason starting {@link UNKNOWN_ROLE_REASON} — never guessed.
 * Deterministic; does not look at contour geometry (only whether contours/points exist).
 * @param structure ROI as read from a file (name, interpretedType, contours, points).
 * @param rules compiled name rules, normally thoraxStructureNameRules.
 * @param overrides user roles by ROI name, applied before every other rule.
 * @see docs/structure-roles.md
 */
export function assignRole(structure: StructureGeometry, rules: StructureNameRules, overrides?: Readonly<Record<string, StructureRole>>): RoleAssignment {
  const name = structure.name;
  if (typeof name !== 'string') throw new InputError('bad-structure-name', `structure ${structure.number} has no name string: ${JSON.stringify(name)}`);
  const type = (structure.interpretedType ?? '').trim().toUpperCase();
  const typeNote = type ? `; RTROIInterpretedType ${type}` : '';

  // 1. override
  if (overrides !== undefined) {
    const override = findRoleOverride(name, overrides);
    if (override !== undefined) {
      return { role: override.role, roleReason: `user role override${override.key === name ? '' : ` (entry '${override.key}')`}` };
    }
  }

  // 2. non-volume
  const nonVolume = rules.nonVolumeInterpretedTypes.get(type);
  if (nonVolume !== undefined) return { role: 'support', roleReason: `RTROIInterpretedType ${type}: ${nonVolume.reason}` };
  if (structure.contours.length === 0 && structure.points.length > 0) {
    return { role: 'support', roleReason: `point ROI (${structure.points.length} point${structure.points.length === 1 ? '' : 's'}, no contours), not a volume${typeNote}` };
  }

  const upper = upperStructureName(name);
  const key = normalizeStructureName(name);
  if (key === '') return { role: 'unknown', roleReason: `${UNKNOWN_ROLE_REASON} (the name has no letters or digits)${typeNote}` };

  // 3–5. TG-263 name, synonym, version suffix
  const nameMatch = lookupName(key.replace(/_/g, ''), rules);
  if (nameMatch !== undefined) return { role: nameMatch.entry.role, roleReason: describeNameMatch(nameMatch) };

  const hasTargetToken = rules.targetToken.test(key);

  // 6. rings and shells
  for (const rule of rules.ringRules) {
    if (rule.pattern.test(key) && (!rule.requiresTargetToken || hasTargetToken)) {
      return { role: 'ring', roleReason: `${rule.reason} (name contains '${matchedText(rule.pattern, key)}'); not a target` };
    }
  }

  // 7. unions
  for (const rule of rules.unionRules) {
    const subject = rule.appliesTo === 'raw' ? upper : key;
    if (!rule.pattern.test(subject)) continue;
    const contains = matchedText(rule.pattern, subject);
    return hasTargetToken
      ? { role: 'support', roleReason: `union of targets (name contains '${contains}'); excluded from targets` }
      : { role: 'unknown', roleReason: `union of structures (name contains '${contains}'); no single role, not guessed${typeNote}` };
  }

  // 8. subtractions
  const subtraction = rules.subtraction.exec(upper);
  if (subtraction !== null) {
    const minuend = subtraction[1].trim();
    const subtrahend = subtraction[2].trim();
    const minuendKey = normalizeStructureName(minuend);
    const subtrahendKey = normalizeStructureName(subtrahend);
    if (minuendKey !== '' && subtrahendKey !== '') {
      const minuendIsTarget = findTargetRule(minuendKey, rules) !== undefined;
      const minuendAnatomy = minuendIsTarget ? undefined : anatomicalRole(minuendKey, rules);
      if (findTargetRule(subtrahendKey, rules) !== undefined) {
        if (minuendAnatomy !== undefined && LUNG_ROLES.includes(minuendAnatomy.role)) {
          return { role: minuendAnatomy.role, roleReason: `lungs minus target ('${minuend}' - '${subtrahend}'), the usual lung OAR; ${minuendAnatomy.roleReason}` };
        }
        if (minuendIsTarget) return { role: 'support', roleReason: `target minus target ('${minuend}' - '${subtrahend}'): derived optimisation structure, not a target` };
        return {
          role: 'support',
          roleReason: `'${minuend}' minus target '${subtrahend}': derived structure, not a target${minuendAnatomy === undefined ? '' : ` and not the whole ${minuendAnatomy.role}`}`,
        };
      }
      const subtrahendAnatomy = minuendIsTarget ? anatomicalRole(subtrahendKey, rules) : undefined;
      if (subtrahendAnatomy !== undefined) {
        return { role: 'support', roleReason: `target minus ${subtrahendAnatomy.role} ('${minuend}' - '${subtrahend}'): cropped optimisation target, not a target` };
      }
    }
  }

  // 9. planning helpers
  for (const rule of rules.helperRules) {
    if (rule.pattern.test(key)) return { role: 'support', roleReason: `${rule.reason} (name contains '${matchedText(rule.pattern, key)}')${hasTargetToken ? '; not a target' : ''}` };
  }

  // 10. targets by name
  const target = findTargetRule(key, rules);
  if (target !== undefined) return { role: target.rule.role, roleReason: `name starts with ${target.prefix}${typeNote}` };

  // 11. anatomical patterns
  for (const rule of rules.patternRules) {
    if (rule.pattern.test(key)) return { role: rule.role, roleReason: `${rule.reason} (pattern ${rule.id})` };
  }

  // 12. interpreted type
  const byType = rules.interpretedTypeRoles.get(type);
  if (byType !== undefined) {
    const isTarget = byType.role === 'gtv' || byType.role === 'itv' || byType.role === 'ptv' || byType.role === 'ctv';
    return {
      role: byType.role,
      roleReason: isTarget
        ? `RTROIInterpretedType ${type}; the name has no GTV/ITV/PTV/CTV prefix, check that it is a target`
        : `RTROIInterpretedType ${type}`,
    };
  }

  // 13. unknown
  const tokenNote = hasTargetToken ? '; contains a target token but does not start with one, so not treated as a target' : '';
  return { role: 'unknown', roleReason: `${UNKNOWN_ROLE_REASON}${typeNote}${tokenNote}` };
}
