import { importIssue, type ImportIssue, type ParseResult } from '../io/ImportIssue';
import { parseJsonText } from '../io/json/parseJsonText';
import { PARAMETER_STATUSES } from '../radiobiology/BedModel';
import {
  DISTANCE_ORIGINS,
  ORGAN_GROUPS,
  PROTOCOL_ZONES,
  WARNING_RULE_KINDS,
  type ProtocolRules,
  type WarningRule,
} from './ProtocolRules';

type JsonObject = Record<string, unknown>;

/** Largest distance (mm) accepted for a threshold; larger values are almost certainly a unit mistake (cm vs mm). */
const MAX_DISTANCE_MM = 200;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Parses a protocol rule file (format: dose-models/schemas/protocol-rules.schema.json, docs/protocols.md).
 * Never throws. Malformed JSON gives one error issue 'protocol-rules-malformed' with line and column; every
 * structural or reference problem gives an error issue 'protocol-rules-invalid' naming the JSON path
 * (e.g. `$.zoneRules[1].thresholdMm`). Any error → `value: undefined` (a half-valid rule set is never used:
 * these rules pick prescriptions). Warnings ('protocol-rules-warning') leave the value usable.
 * @param text file contents (UTF-8 text)
 * @param fileName shown in every issue
 */
export function parseProtocolRules(text: string, fileName: string): ParseResult<ProtocolRules> {
  return parseJsonText(text, fileName, 'protocol-rules-malformed', validateProtocolRules);
}

/**
 * Checks an already-parsed value against the protocol rule format and its cross-references (unique ids,
 * known schedule ids and alternatives). Same issues and result contract as parseProtocolRules.
 */
export function validateProtocolRules(value: unknown, fileName: string): ParseResult<ProtocolRules> {
  const issues: ImportIssue[] = [];
  const error = (path: string, message: string): void => void issues.push(importIssue(fileName, 'protocol-rules-invalid', `${path}: ${message}`));
  const warning = (path: string, message: string): void => void issues.push(importIssue(fileName, 'protocol-rules-warning', `${path}: ${message}`, 'warning'));
  const check = new Checker(error);

  const root = check.object(value, '$', ['formatVersion', 'id', 'title', 'version', 'description', 'schedules', 'zoneRules', 'peripheral', 'ruleOrder', 'warningRules'], ['$schema']);
  if (!root) return { value: undefined, issues };
  if (root.formatVersion !== 1) error('$.formatVersion', `must be 1 (the only format this version reads), got ${JSON.stringify(root.formatVersion)}`);
  check.id(root, 'id', '$');
  for (const key of ['title', 'version', 'description']) check.text(root, key, '$');

  const scheduleIds = new Map<string, string>();
  const schedules = check.array(root, 'schedules', '$', 1);
  schedules?.forEach((item, index) => {
    const path = `$.schedules[${index}]`;
    const s = check.object(item, path, ['id', 'name', 'totalDoseGy', 'fractions', 'alternativeIds', 'source', 'status'], ['note']);
    if (!s) return;
    const id = check.id(s, 'id', path);
    if (id !== undefined) {
      if (scheduleIds.has(id)) error(`${path}.id`, `'${id}' is already used by ${scheduleIds.get(id)}`);
      else scheduleIds.set(id, path);
    }
    check.text(s, 'name', path);
    check.number(s, 'totalDoseGy', path, { exclusiveMin: 0, max: 200, unit: 'Gy' });
    check.number(s, 'fractions', path, { min: 1, max: 50, integer: true });
    const alternatives = check.array(s, 'alternativeIds', path, 0);
    alternatives?.forEach((alt, j) => check.idValue(alt, `${path}.alternativeIds[${j}]`));
    check.sourced(s, path);
  });
  const requireSchedule = (id: unknown, path: string): void => {
    if (typeof id === 'string' && schedules && !scheduleIds.has(id)) error(path, `schedule '${id}' is not defined in $.schedules (known: ${[...scheduleIds.keys()].join(', ')})`);
  };
  schedules?.forEach((item, index) => {
    const alternatives = (item as JsonObject | null)?.alternativeIds;
    if (!Array.isArray(alternatives)) return;
    alternatives.forEach((alt, j) => {
      requireSchedule(alt, `$.schedules[${index}].alternativeIds[${j}]`);
      if (alt === (item as JsonObject).id) error(`$.schedules[${index}].alternativeIds[${j}]`, 'a schedule cannot be its own alternative');
    });
  });

  const ruleIds = new Map<string, string>();
  const uniqueRuleId = (id: string | undefined, path: string): void => {
    if (id === undefined) return;
    if (ruleIds.has(id)) error(`${path}.id`, `'${id}' is already used by ${ruleIds.get(id)}`);
    else ruleIds.set(id, path);
  };
  const zoneRules = check.array(root, 'zoneRules', '$', 0);
  zoneRules?.forEach((item, index) => {
    const path = `$.zoneRules[${index}]`;
    const r = check.object(item, path, ['id', 'zone', 'organ', 'organLabel', 'thresholdMm', 'measuredFrom', 'priority', 'scheduleId', 'source', 'status'], ['note']);
    if (!r) return;
    uniqueRuleId(check.id(r, 'id', path), path);
    check.oneOf(r, 'zone', path, PROTOCOL_ZONES.filter((z) => z !== 'peripheral'));
    check.oneOf(r, 'organ', path, ORGAN_GROUPS);
    check.text(r, 'organLabel', path);
    check.number(r, 'thresholdMm', path, { min: 0, max: MAX_DISTANCE_MM, unit: 'mm' });
    check.oneOf(r, 'measuredFrom', path, DISTANCE_ORIGINS);
    check.number(r, 'priority', path, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
    if (check.id(r, 'scheduleId', path) !== undefined) requireSchedule(r.scheduleId, `${path}.scheduleId`);
    check.sourced(r, path);
  });
  if (zoneRules && zoneRules.length === 0) warning('$.zoneRules', 'no zone rules: every nodule will get the peripheral schedule');

  const peripheral = check.object(root.peripheral, '$.peripheral', ['zone', 'scheduleId', 'source', 'status'], ['note']);
  if (peripheral) {
    check.oneOf(peripheral, 'zone', '$.peripheral', ['peripheral']);
    if (check.id(peripheral, 'scheduleId', '$.peripheral') !== undefined) requireSchedule(peripheral.scheduleId, '$.peripheral.scheduleId');
    check.sourced(peripheral, '$.peripheral');
  }
  const ruleOrder = check.object(root.ruleOrder, '$.ruleOrder', ['description', 'source', 'status'], []);
  if (ruleOrder) {
    check.text(ruleOrder, 'description', '$.ruleOrder');
    check.sourced(ruleOrder, '$.ruleOrder');
  }

  const warningRules = check.array(root, 'warningRules', '$', 0);
  warningRules?.forEach((item, index) => {
    const path = `$.warningRules[${index}]`;
    const kind = (item as JsonObject | null)?.kind;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      check.object(item, path, [], []);
      return;
    }
    if (!(WARNING_RULE_KINDS as readonly unknown[]).includes(kind)) {
      error(`${path}.kind`, `must be one of ${WARNING_RULE_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
      return;
    }
    const common = ['id', 'kind', 'severity', 'message', 'source', 'status'];
    const specific: Record<WarningRule['kind'], string[]> = {
      'nodule-count-above': ['thresholdCount'],
      'diameter-above': ['thresholdMm'],
      'diameter-below': ['thresholdMm'],
      'diameter-above-near-organ': ['thresholdMm', 'organ', 'organLabel', 'withinMm', 'measuredFrom'],
      'not-planned': [],
    };
    const w = check.object(item, path, [...common, ...specific[kind as WarningRule['kind']]], ['note']);
    if (!w) return;
    uniqueRuleId(check.id(w, 'id', path), path);
    check.oneOf(w, 'severity', path, ['warning', 'info']);
    check.text(w, 'message', path);
    check.sourced(w, path);
    if ('thresholdCount' in w) check.number(w, 'thresholdCount', path, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
    if ('thresholdMm' in w) check.number(w, 'thresholdMm', path, { min: 0, max: MAX_DISTANCE_MM, unit: 'mm' });
    if ('withinMm' in w) check.number(w, 'withinMm', path, { min: 0, max: MAX_DISTANCE_MM, unit: 'mm' });
    if ('organ' in w) check.oneOf(w, 'organ', path, ORGAN_GROUPS);
    if ('organLabel' in w) check.text(w, 'organLabel', path);
    if ('measuredFrom' in w) check.oneOf(w, 'measuredFrom', path, DISTANCE_ORIGINS);
  });

  if (issues.some((i) => i.severity === 'error')) return { value: undefined, issues };
  // A private copy: the caller's object is neither frozen nor shared with the returned rules.
  const { $schema: _schema, ...rules } = JSON.parse(JSON.stringify(root)) as JsonObject;
  return { value: deepFreeze(rules) as unknown as ProtocolRules, issues };
}

interface NumberLimits {
  readonly min?: number;
  readonly exclusiveMin?: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly unit?: string;
}

/** Path-aware field checks; each reports through `error` and returns the value only when it is valid. */
class Checker {
  constructor(private readonly error: (path: string, message: string) => void) {}

  object(value: unknown, path: string, required: readonly string[], optional: readonly string[]): JsonObject | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.error(path, `must be an object, got ${describe(value)}`);
      return undefined;
    }
    const obj = value as JsonObject;
    for (const key of required) if (!(key in obj)) this.error(path, `missing required property '${key}'`);
    for (const key of Object.keys(obj)) {
      if (!required.includes(key) && !optional.includes(key)) {
        this.error(`${path}.${key}`, `unknown property (allowed: ${[...required, ...optional].join(', ')})`);
      }
    }
    return obj;
  }

  array(obj: JsonObject, key: string, path: string, minItems: number): readonly unknown[] | undefined {
    if (!(key in obj)) return undefined;
    const value = obj[key];
    if (!Array.isArray(value)) {
      this.error(`${path}.${key}`, `must be an array, got ${describe(value)}`);
      return undefined;
    }
    if (value.length < minItems) this.error(`${path}.${key}`, `must have at least ${minItems} item(s)`);
    return value;
  }

  text(obj: JsonObject, key: string, path: string): string | undefined {
    if (!(key in obj)) return undefined;
    const value = obj[key];
    if (typeof value !== 'string' || value.trim() === '') {
      this.error(`${path}.${key}`, `must be a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  id(obj: JsonObject, key: string, path: string): string | undefined {
    return key in obj ? this.idValue(obj[key], `${path}.${key}`) : undefined;
  }

  idValue(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      this.error(path, `must be an id of lower-case letters, digits and '-', got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  number(obj: JsonObject, key: string, path: string, limits: NumberLimits): number | undefined {
    if (!(key in obj)) return undefined;
    const value = obj[key];
    const unit = limits.unit ? ` ${limits.unit}` : '';
    const range = [
      limits.exclusiveMin !== undefined ? `> ${limits.exclusiveMin}` : `≥ ${limits.min ?? 0}`,
      limits.max < Number.MAX_SAFE_INTEGER ? `≤ ${limits.max}${unit}` : '',
    ].filter(Boolean).join(' and ');
    const kind = limits.integer ? 'an integer' : 'a number';
    const ok = typeof value === 'number' && Number.isFinite(value) && (!limits.integer || Number.isInteger(value))
      && (limits.exclusiveMin === undefined || value > limits.exclusiveMin)
      && (limits.min === undefined || value >= limits.min) && value <= limits.max;
    if (!ok) {
      this.error(`${path}.${key}`, `must be ${kind} ${range}, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  oneOf(obj: JsonObject, key: string, path: string, allowed: readonly string[]): string | undefined {
    if (!(key in obj)) return undefined;
    const value = obj[key];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.error(`${path}.${key}`, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** source (non-empty), status (a known tag) and the optional note. */
  sourced(obj: JsonObject, path: string): void {
    this.text(obj, 'source', path);
    this.oneOf(obj, 'status', path, PARAMETER_STATUSES);
    if ('note' in obj) this.text(obj, 'note', path);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
