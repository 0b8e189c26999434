import { InputError } from '../errors/InputError';
import { importIssue, type ImportIssue, type ParseResult } from '../io/ImportIssue';
import { isStructureRole } from '../model/StructureRole';
import { PARAMETER_STATUSES, type ParameterStatus } from '../radiobiology/BedModel';
import {
  CONSTRAINT_METRIC_KINDS,
  LIMIT_FIELD_BY_KIND,
  type ConstraintComparator,
  type ConstraintMetric,
  type ConstraintMetricKind,
  type ConstraintRow,
  type ConstraintSet,
  type ConstraintTable,
} from './ConstraintTable';

/** Default "point" volume for Dmax rows, cc: Timmerman-table convention (hottest ≤ 0.035 cc). */
export const DEFAULT_POINT_DOSE_VOLUME_CC = 0.035;

const TABLE_KEYS = ['$schema', 'version', 'id', 'label', 'description', 'pointDoseVolumeCc', 'pointDoseVolumeSource', 'sets', 'rows'];
const SET_KEYS = ['id', 'label', 'source', 'status', 'note'];
const ROW_KEYS = ['id', 'setId', 'organ', 'role', 'fractions', 'metric', 'comparator', 'limitGy', 'limitCc', 'limitPercent', 'endpoint', 'source', 'status', 'note'];
const UPPER: readonly ConstraintComparator[] = ['<', '<='];
const LOWER: readonly ConstraintComparator[] = ['>', '>='];

/**
 * Reads a constraint table from JSON text (the format of dose-models/constraints/*.json, schema
 * dose-models/schemas/constraints-table.schema.json). Never throws on file content: a row with a problem is
 * left out with an 'error' issue naming it (unknown role or set, bad metric, limit or comparator, missing
 * source or status, duplicate id); unknown fields give warnings. `value` is undefined when the text is not
 * JSON, the table header is unusable, or no row is valid.
 * @param fileName used in issue messages
 */
export function parseConstraintTable(text: string, fileName: string): ParseResult<ConstraintTable> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { value: undefined, issues: [importIssue(fileName, 'not-json', `not valid JSON (${(error as Error).message})`)] };
  }
  return validateConstraintTableData(data, fileName);
}

/** Same checks as parseConstraintTable on already-parsed JSON data. */
export function validateConstraintTableData(data: unknown, fileName: string): ParseResult<ConstraintTable> {
  const issues: ImportIssue[] = [];
  const error = (code: string, message: string) => issues.push(importIssue(fileName, code, message));
  const warn = (code: string, message: string) => issues.push(importIssue(fileName, code, message, 'warning'));
  if (!isObject(data)) {
    error('bad-table', 'a constraint table must be a JSON object');
    return { value: undefined, issues };
  }
  for (const key of Object.keys(data)) if (!TABLE_KEYS.includes(key)) warn('unknown-field', `unknown table field '${key}' ignored`);
  const id = nonEmptyString(data.id);
  const label = nonEmptyString(data.label);
  if (id === undefined || label === undefined) {
    error('bad-table', 'the table needs non-empty "id" and "label" strings');
    return { value: undefined, issues };
  }
  let pointDoseVolumeCc = DEFAULT_POINT_DOSE_VOLUME_CC;
  let pointDoseVolumeSource = 'Timmerman-table convention: point maximum = hottest 0.035 cc (quadshotnews 2021 summary of Timmerman IJROBP 2021)';
  if (data.pointDoseVolumeCc === undefined) {
    warn('default-point-volume', `no "pointDoseVolumeCc": Dmax rows read the hottest ${DEFAULT_POINT_DOSE_VOLUME_CC} cc`);
  } else if (typeof data.pointDoseVolumeCc === 'number' && Number.isFinite(data.pointDoseVolumeCc) && data.pointDoseVolumeCc >= 0) {
    pointDoseVolumeCc = data.pointDoseVolumeCc;
    pointDoseVolumeSource = nonEmptyString(data.pointDoseVolumeSource) ?? `given in ${fileName || 'the table'}`;
  } else {
    error('bad-table', `"pointDoseVolumeCc" must be a number ≥ 0 cc, got ${JSON.stringify(data.pointDoseVolumeCc)}`);
    return { value: undefined, issues };
  }

  const sets: ConstraintSet[] = [];
  if (!Array.isArray(data.sets)) {
    error('bad-table', '"sets" must be an array of { id, label, source, status }');
    return { value: undefined, issues };
  }
  data.sets.forEach((raw: unknown, index: number) => {
    const set = readSet(raw);
    if (typeof set === 'string') error('bad-set', `sets[${index}]: ${set}`);
    else if (sets.some((s) => s.id === set.id)) error('bad-set', `sets[${index}]: duplicate set id '${set.id}'`);
    else {
      for (const key of Object.keys(raw as object)) if (!SET_KEYS.includes(key)) warn('unknown-field', `set '${set.id}': unknown field '${key}' ignored`);
      sets.push(set);
    }
  });

  const rows: ConstraintRow[] = [];
  if (!Array.isArray(data.rows)) {
    error('bad-table', '"rows" must be an array');
    return { value: undefined, issues };
  }
  data.rows.forEach((raw: unknown, index: number) => {
    const where = isObject(raw) && typeof raw.id === 'string' ? `row '${raw.id}'` : `rows[${index}]`;
    const row = readRow(raw, sets);
    if (typeof row === 'string') {
      error('bad-row', `${where} left out: ${row}`);
      return;
    }
    if (rows.some((r) => r.id === row.id)) {
      error('bad-row', `${where} left out: duplicate row id`);
      return;
    }
    for (const key of Object.keys(raw as object)) if (!ROW_KEYS.includes(key)) warn('unknown-field', `${where}: unknown field '${key}' ignored`);
    rows.push(row);
  });
  if (rows.length === 0) {
    error('no-rows', 'the table has no valid row');
    return { value: undefined, issues };
  }
  const description = typeof data.description === 'string' ? data.description : '';
  return { value: { id, label, description, pointDoseVolumeCc, pointDoseVolumeSource, sets, rows }, issues };
}

/**
 * Checks bundled table data and returns it as a ConstraintTable; throws InputError('bad-constraint-data')
 * listing the issues when there is any (bundled data must be clean).
 */
export function createConstraintTable(data: unknown, name: string): ConstraintTable {
  const { value, issues } = validateConstraintTableData(data, name);
  if (value === undefined || issues.length > 0) {
    throw new InputError('bad-constraint-data', issues.map((i) => i.message).join('; ') || `${name}: unusable constraint table`);
  }
  return value;
}

function readSet(raw: unknown): ConstraintSet | string {
  if (!isObject(raw)) return 'not an object';
  const id = nonEmptyString(raw.id);
  const label = nonEmptyString(raw.label);
  const source = nonEmptyString(raw.source);
  if (id === undefined || label === undefined || source === undefined) return 'needs non-empty id, label and source';
  if (!isStatus(raw.status)) return `set '${id}': unknown status ${JSON.stringify(raw.status)}`;
  const note = nonEmptyString(raw.note);
  return { id, label, source, status: raw.status, ...(note !== undefined ? { note } : {}) };
}

function readRow(raw: unknown, sets: readonly ConstraintSet[]): ConstraintRow | string {
  if (!isObject(raw)) return 'not an object';
  const id = nonEmptyString(raw.id);
  if (id === undefined) return 'needs a non-empty "id"';
  const setId = nonEmptyString(raw.setId);
  if (setId === undefined || !sets.some((s) => s.id === setId)) return `unknown set ${JSON.stringify(raw.setId)}`;
  const organ = nonEmptyString(raw.organ);
  if (organ === undefined) return 'needs a non-empty "organ"';
  if (typeof raw.role !== 'string' || !isStructureRole(raw.role) || raw.role === 'unknown') return `unknown structure role ${JSON.stringify(raw.role)}`;
  const role = raw.role;
  if (typeof raw.fractions !== 'number' || !Number.isInteger(raw.fractions) || raw.fractions < 1) return `"fractions" must be a positive integer, got ${JSON.stringify(raw.fractions)}`;
  const metric = readMetric(raw.metric);
  if (typeof metric === 'string') return metric;
  const comparator = raw.comparator;
  const allowed = metric.kind === 'criticalVolume' ? LOWER : UPPER;
  if (typeof comparator !== 'string' || !allowed.includes(comparator as ConstraintComparator)) {
    return `comparator ${JSON.stringify(comparator)} not allowed for ${metric.kind} (use ${allowed.map((c) => `'${c}'`).join(' or ')})`;
  }
  const limitField = LIMIT_FIELD_BY_KIND[metric.kind];
  for (const field of ['limitGy', 'limitCc', 'limitPercent'] as const) {
    if (field !== limitField && raw[field] !== undefined) return `${metric.kind} takes "${limitField}", not "${field}"`;
  }
  const limit = raw[limitField];
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0 || (limitField === 'limitPercent' && limit > 100)) {
    return `"${limitField}" must be a finite number ≥ 0${limitField === 'limitPercent' ? ' and ≤ 100' : ''}, got ${JSON.stringify(limit)}`;
  }
  const source = nonEmptyString(raw.source);
  if (source === undefined) return 'needs a non-empty "source"';
  if (!isStatus(raw.status)) return `unknown status ${JSON.stringify(raw.status)}`;
  const endpoint = nonEmptyString(raw.endpoint);
  const note = nonEmptyString(raw.note);
  return {
    id,
    setId,
    organ,
    role,
    fractions: raw.fractions,
    metric,
    comparator: comparator as ConstraintComparator,
    [limitField]: limit,
    ...(endpoint !== undefined ? { endpoint } : {}),
    source,
    status: raw.status,
    ...(note !== undefined ? { note } : {}),
  };
}

function readMetric(raw: unknown): ConstraintMetric | string {
  if (!isObject(raw) || typeof raw.kind !== 'string' || !CONSTRAINT_METRIC_KINDS.includes(raw.kind as ConstraintMetricKind)) {
    return `metric must be { kind: ${CONSTRAINT_METRIC_KINDS.join(' | ')} }, got ${JSON.stringify(raw)}`;
  }
  const kind = raw.kind as ConstraintMetricKind;
  const keys = Object.keys(raw).filter((k) => k !== 'kind');
  const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
  switch (kind) {
    case 'Dmax':
    case 'Dmean':
      return keys.length === 0 ? { kind } : `${kind} takes no other metric field (got ${keys.join(', ')})`;
    case 'DxCc':
      if (!positive(raw.volumeCc) || keys.length !== 1) return `DxCc needs only "volumeCc" > 0, got ${JSON.stringify(raw)}`;
      return { kind, volumeCc: raw.volumeCc };
    case 'VxGyCc':
    case 'VxGyPercent':
    case 'criticalVolume':
      if (!positive(raw.doseGy) || keys.length !== 1) return `${kind} needs only "doseGy" > 0, got ${JSON.stringify(raw)}`;
      return { kind, doseGy: raw.doseGy };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function isStatus(value: unknown): value is ParameterStatus {
  return typeof value === 'string' && (PARAMETER_STATUSES as readonly string[]).includes(value);
}
