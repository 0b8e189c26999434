import { InputError } from '../errors/InputError';
import { isStructureRole, type StructureRole } from '../model/StructureRole';
import { compactStructureName } from './normalizeStructureName';

/** A TG-263 standard name or a synonym, indexed by its compact key. */
export interface StructureNameEntry {
  readonly kind: 'tg263-name' | 'synonym';
  /** As written in the data file, e.g. "Lung_L" or "Lt Lung". */
  readonly name: string;
  readonly role: StructureRole;
  /** TG-263 name a synonym stands for ('' for standard names and synonyms without one). */
  readonly standardName: string;
  readonly source: string;
}

/** A regular-expression rule from the data file, compiled. */
export interface StructureNameRule {
  readonly id: string;
  readonly pattern: RegExp;
  readonly reason: string;
  readonly source: string;
}

export interface TargetNameRule extends StructureNameRule {
  readonly role: 'gtv' | 'itv' | 'ptv' | 'ctv';
}

export interface RingRule extends StructureNameRule {
  /** Only applies when the key also contains a target token (PTV1_WALL yes, Bladder_Wall no). */
  readonly requiresTargetToken: boolean;
}

export interface UnionRule extends StructureNameRule {
  /** 'raw' = upper-case raw name (keeps '+', '&'), 'key' = normalised key. */
  readonly appliesTo: 'key' | 'raw';
}

export interface RolePatternRule extends StructureNameRule {
  readonly role: StructureRole;
}

/** Compiled ROI-name rules (normally {@link thoraxStructureNameRules}); build with {@link compileStructureNameRules}. */
export interface StructureNameRules {
  readonly id: string;
  /** Compact key → entry. A standard name wins over a synonym with the same compact key. */
  readonly namesByCompactKey: ReadonlyMap<string, StructureNameEntry>;
  /** Applied to a compact key: group 1 = name without the version digits, group 2 = the digits. */
  readonly versionSuffix: RegExp;
  /** Finds a target token (GTV, ITV, PTV, CTV, IGTV) anywhere in a key. */
  readonly targetToken: RegExp;
  /** Anchored at the start of the key; the match is the target prefix. Tried in order. */
  readonly targetRules: readonly TargetNameRule[];
  readonly ringRules: readonly RingRule[];
  readonly unionRules: readonly UnionRule[];
  /** Applied to the upper-case raw name: group 1 = minuend, group 2 = subtrahend. */
  readonly subtraction: RegExp;
  readonly subtractionSource: string;
  readonly helperRules: readonly StructureNameRule[];
  readonly patternRules: readonly RolePatternRule[];
  /** RTROIInterpretedType → role, used only when no name rule matched. */
  readonly interpretedTypeRoles: ReadonlyMap<string, { readonly role: StructureRole; readonly source: string }>;
  /** RTROIInterpretedTypes that are not anatomy (points, devices) → reason. */
  readonly nonVolumeInterpretedTypes: ReadonlyMap<string, { readonly reason: string; readonly source: string }>;
  /** The order the data file declares; must equal ROLE_MATCHING_ORDER (checked by a test). */
  readonly matchingOrder: readonly string[];
}

const CODE = 'bad-structure-name-rules';

function fail(message: string): never {
  throw new InputError(CODE, `structure-name rules: ${message}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(`${where} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function role(value: unknown, where: string): StructureRole {
  const s = text(value, where);
  if (!isStructureRole(s)) fail(`${where}: unknown role '${s}'`);
  return s;
}

function regex(value: unknown, where: string): RegExp {
  const source = text(value, where);
  try {
    return new RegExp(source, 'u');
  } catch (e) {
    return fail(`${where}: invalid regular expression ${JSON.stringify(source)} (${(e as Error).message})`);
  }
}

function baseRule(value: unknown, where: string): StructureNameRule & Record<string, unknown> {
  const r = record(value, where);
  const id = text(r.id, `${where}.id`);
  return { ...r, id, pattern: regex(r.pattern, `${where} '${id}'.pattern`), reason: typeof r.reason === 'string' ? r.reason : '', source: text(r.source, `${where} '${id}'.source`) };
}

/**
 * Validates ROI-name rule data (the shape of dose-models/structure-names/tg263-thorax.json, schema
 * dose-models/schemas/structure-names.schema.json) and compiles its regular expressions.
 * Throws InputError('bad-structure-name-rules') naming the offending entry when a field is missing,
 * a role is not a StructureRole, a regex does not compile, or two entries with the same compact key
 * disagree on the role.
 */
export function compileStructureNameRules(data: unknown): StructureNameRules {
  const d = record(data, 'root');
  const id = text(d.id, 'id');

  const namesByCompactKey = new Map<string, StructureNameEntry>();
  const addEntry = (entry: StructureNameEntry, where: string): void => {
    const key = compactStructureName(entry.name);
    if (key === '') fail(`${where}: name '${entry.name}' has no letters or digits`);
    const previous = namesByCompactKey.get(key);
    if (previous === undefined) {
      namesByCompactKey.set(key, entry);
      return;
    }
    if (previous.role !== entry.role) fail(`${where}: '${entry.name}' (${entry.role}) and '${previous.name}' (${previous.role}) have the same compact key ${key}`);
    if (entry.kind === 'tg263-name' && previous.kind === 'tg263-name') fail(`${where}: TG-263 name '${entry.name}' listed twice`);
    // Same role: keep the TG-263 entry (standard names are added first), the synonym only documents a spelling.
  };
  array(d.standardNames, 'standardNames').forEach((value, i) => {
    const r = record(value, `standardNames[${i}]`);
    addEntry({ kind: 'tg263-name', name: text(r.name, `standardNames[${i}].name`), role: role(r.role, `standardNames[${i}].role`), standardName: '', source: text(r.source, `standardNames[${i}].source`) }, `standardNames[${i}]`);
  });
  array(d.synonyms, 'synonyms').forEach((value, i) => {
    const r = record(value, `synonyms[${i}]`);
    const standardName = r.standardName === undefined ? '' : text(r.standardName, `synonyms[${i}].standardName`);
    addEntry({ kind: 'synonym', name: text(r.name, `synonyms[${i}].name`), role: role(r.role, `synonyms[${i}].role`), standardName, source: text(r.source, `synonyms[${i}].source`) }, `synonyms[${i}]`);
  });

  const normalization = record(d.normalization, 'normalization');

  const targetRules = array(d.targetRules, 'targetRules').map((value, i): TargetNameRule => {
    const r = baseRule(value, `targetRules[${i}]`);
    const targetRole = role(r.role, `targetRules[${i}].role`);
    if (targetRole !== 'gtv' && targetRole !== 'itv' && targetRole !== 'ptv' && targetRole !== 'ctv') fail(`targetRules[${i}]: role must be gtv, itv, ptv or ctv, got '${targetRole}'`);
    if (!r.pattern.source.startsWith('^')) fail(`targetRules[${i}]: pattern must be anchored with '^'`);
    return { id: r.id, pattern: r.pattern, reason: r.reason, source: r.source, role: targetRole };
  });
  const ringRules = array(d.ringRules, 'ringRules').map((value, i): RingRule => {
    const r = baseRule(value, `ringRules[${i}]`);
    if (typeof r.requiresTargetToken !== 'boolean') fail(`ringRules[${i}].requiresTargetToken must be a boolean`);
    return { id: r.id, pattern: r.pattern, reason: text(r.reason, `ringRules[${i}].reason`), source: r.source, requiresTargetToken: r.requiresTargetToken };
  });
  const unionRules = array(d.unionRules, 'unionRules').map((value, i): UnionRule => {
    const r = baseRule(value, `unionRules[${i}]`);
    if (r.appliesTo !== 'key' && r.appliesTo !== 'raw') fail(`unionRules[${i}].appliesTo must be 'key' or 'raw'`);
    return { id: r.id, pattern: r.pattern, reason: text(r.reason, `unionRules[${i}].reason`), source: r.source, appliesTo: r.appliesTo };
  });
  const helperRules = array(d.helperRules, 'helperRules').map((value, i): StructureNameRule => {
    const r = baseRule(value, `helperRules[${i}]`);
    return { id: r.id, pattern: r.pattern, reason: text(r.reason, `helperRules[${i}].reason`), source: r.source };
  });
  const patternRules = array(d.patternRules, 'patternRules').map((value, i): RolePatternRule => {
    const r = baseRule(value, `patternRules[${i}]`);
    return { id: r.id, pattern: r.pattern, reason: text(r.reason, `patternRules[${i}].reason`), source: r.source, role: role(r.role, `patternRules[${i}].role`) };
  });

  const interpretedTypeRoles = new Map<string, { role: StructureRole; source: string }>();
  array(d.interpretedTypeRules, 'interpretedTypeRules').forEach((value, i) => {
    const r = record(value, `interpretedTypeRules[${i}]`);
    interpretedTypeRoles.set(text(r.interpretedType, `interpretedTypeRules[${i}].interpretedType`).toUpperCase(), { role: role(r.role, `interpretedTypeRules[${i}].role`), source: text(r.source, `interpretedTypeRules[${i}].source`) });
  });
  const nonVolumeInterpretedTypes = new Map<string, { reason: string; source: string }>();
  array(d.nonVolumeInterpretedTypes, 'nonVolumeInterpretedTypes').forEach((value, i) => {
    const r = record(value, `nonVolumeInterpretedTypes[${i}]`);
    nonVolumeInterpretedTypes.set(text(r.interpretedType, `nonVolumeInterpretedTypes[${i}].interpretedType`).toUpperCase(), { reason: text(r.reason, `nonVolumeInterpretedTypes[${i}].reason`), source: text(r.source, `nonVolumeInterpretedTypes[${i}].source`) });
  });

  return {
    id,
    namesByCompactKey,
    versionSuffix: regex(normalization.versionSuffixPattern, 'normalization.versionSuffixPattern'),
    targetToken: regex(d.targetTokenPattern, 'targetTokenPattern'),
    targetRules,
    ringRules,
    unionRules,
    subtraction: regex(d.subtractionPattern, 'subtractionPattern'),
    subtractionSource: text(d.subtractionSource, 'subtractionSource'),
    helperRules,
    patternRules,
    interpretedTypeRoles,
    nonVolumeInterpretedTypes,
    matchingOrder: array(d.matchingOrder, 'matchingOrder').map((value, i) => text(value, `matchingOrder[${i}]`)),
  };
}
