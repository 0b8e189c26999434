import { importIssue, type ImportIssue, type ParseResult } from '../io/ImportIssue';
import { parseJsonText } from '../io/json/parseJsonText';
import { isStructureRole, type StructureRole } from '../model/StructureRole';
import { DataChecker } from './DataChecker';
import type { DensityTable, RoleDensityLayer } from './DensityTable';

const GENERIC_LABEL = /generic, not commissioned/i;
const MAX_DENSITY = 10;

/**
 * Parses a density table (format version 1: dose-models/schemas/density-table.schema.json, docs/dose-engine.md).
 * Never throws. Malformed JSON → 'density-table-malformed'; structural problems, HU not strictly ascending, a role
 * that is not a StructureRole or appears in two layers → 'density-table-invalid' errors and `value: undefined`.
 * Warnings: 'density-table-not-commissioned' (commissioned: false), 'density-table-warning' (density decreasing
 * with HU somewhere, which a CT calibration never does).
 */
export function parseDensityTable(text: string, fileName: string): ParseResult<DensityTable> {
  return parseJsonText(text, fileName, 'density-table-malformed', validateDensityTable);
}

/** Checks an already-parsed value against the density-table format; same contract as parseDensityTable. */
export function validateDensityTable(value: unknown, fileName: string): ParseResult<DensityTable> {
  const issues: ImportIssue[] = [];
  let errorCount = 0;
  const error = (path: string, message: string): void => {
    errorCount++;
    issues.push(importIssue(fileName, 'density-table-invalid', `${path}: ${message}`));
  };
  const check = new DataChecker(error);
  const root = check.object(value, '$', ['formatVersion', 'id', 'label', 'description', 'commissioned', 'huPoints', 'huSource', 'huStatus', 'outsideBody', 'roleLayers', 'rolesNotPainted'], ['$schema', 'warning']);
  if (!root) return { value: undefined, issues };
  if (root.formatVersion !== 1) error('$.formatVersion', `must be 1, got ${JSON.stringify(root.formatVersion)}`);
  const id = check.text(root, 'id', '$');
  const label = check.text(root, 'label', '$');
  const description = check.text(root, 'description', '$');
  const warningText = 'warning' in root ? check.text(root, 'warning', '$') : undefined;
  const commissioned = check.boolean(root, 'commissioned', '$');
  if (commissioned === false) {
    if (warningText === undefined || !GENERIC_LABEL.test(warningText)) error('$.warning', "tables with commissioned: false must carry a warning that says 'generic, not commissioned'");
    else issues.push(importIssue(fileName, 'density-table-not-commissioned', `${label ?? id ?? 'density table'}: ${warningText}`, 'warning'));
  }

  const points = check.array(root, 'huPoints', '$', 2) ?? [];
  const hu = new Float64Array(points.length);
  const density = new Float64Array(points.length);
  points.forEach((item, n) => {
    const path = `$.huPoints[${n}]`;
    const p = check.object(item, path, ['hu', 'relativeElectronDensity', 'material']);
    if (!p) return;
    const h = check.number(p, 'hu', path, -2000, 10000, { unit: 'HU' });
    const d = check.number(p, 'relativeElectronDensity', path, 0, MAX_DENSITY);
    check.text(p, 'material', path);
    if (h === undefined || d === undefined) return;
    if (n > 0 && !(h > hu[n - 1])) error(`${path}.hu`, `HU must be strictly ascending, got ${h} after ${hu[n - 1]}`);
    if (n > 0 && d < density[n - 1]) issues.push(importIssue(fileName, 'density-table-warning', `${path}: density ${d} is lower than at ${hu[n - 1]} HU (${density[n - 1]})`, 'warning'));
    hu[n] = h;
    density[n] = d;
  });
  const huSource = check.text(root, 'huSource', '$');
  const huStatus = check.status(root, 'huStatus', '$');

  const outside = check.object(root.outsideBody, '$.outsideBody', ['relativeElectronDensity', 'label', 'source', 'status']);
  const outsideBodyDensity = outside && check.number(outside, 'relativeElectronDensity', '$.outsideBody', 0, MAX_DENSITY);
  if (outside) {
    check.text(outside, 'label', '$.outsideBody');
    check.text(outside, 'source', '$.outsideBody');
    check.status(outside, 'status', '$.outsideBody');
  }

  const seen = new Map<string, string>();
  const roleLayers: RoleDensityLayer[] = [];
  (check.array(root, 'roleLayers', '$', 1) ?? []).forEach((item, n) => {
    const path = `$.roleLayers[${n}]`;
    const l = check.object(item, path, ['id', 'roles', 'relativeElectronDensity', 'label', 'source', 'status']);
    if (!l) return;
    const lid = check.text(l, 'id', path);
    const roles = checkRoles(l.roles, `${path}.roles`, check, seen, 1);
    const d = check.number(l, 'relativeElectronDensity', path, 0, MAX_DENSITY);
    const llabel = check.text(l, 'label', path);
    const source = check.text(l, 'source', path);
    const status = check.status(l, 'status', path);
    if (lid && roles && d !== undefined && llabel && source && status) roleLayers.push({ id: lid, roles, relativeElectronDensity: d, label: llabel, source, status });
  });
  const np = check.object(root.rolesNotPainted, '$.rolesNotPainted', ['roles', 'reason']);
  const rolesNotPainted = np ? checkRoles(np.roles, '$.rolesNotPainted.roles', check, seen, 0) : undefined;
  if (np) check.text(np, 'reason', '$.rolesNotPainted');

  if (errorCount > 0 || !id || !label || !description || commissioned === undefined || !huSource || !huStatus || outsideBodyDensity === undefined || !rolesNotPainted) {
    return { value: undefined, issues };
  }
  return {
    value: { id, label, description, commissioned, warning: warningText, hu, relativeElectronDensity: density, huSource, huStatus, outsideBodyDensity, roleLayers, rolesNotPainted },
    issues,
  };
}

function checkRoles(value: unknown, path: string, check: DataChecker, seen: Map<string, string>, minItems: number): StructureRole[] | undefined {
  if (!Array.isArray(value) || value.length < minItems) {
    check.fail(path, `must be an array of at least ${minItems} structure role(s)`);
    return undefined;
  }
  const roles: StructureRole[] = [];
  value.forEach((role: unknown, n) => {
    if (typeof role !== 'string' || !isStructureRole(role)) {
      check.fail(`${path}[${n}]`, `must be a structure role (src/model/StructureRole.ts), got ${JSON.stringify(role)}`);
      return;
    }
    const where = seen.get(role);
    if (where) check.fail(`${path}[${n}]`, `role '${role}' is already listed in ${where}`);
    seen.set(role, path);
    roles.push(role);
  });
  return roles.length === value.length ? roles : undefined;
}
