import type { Vec3 } from '../../geometry/points';
import type { PlanarContour } from '../../model/Structure';
import { isStructureRole, type StructureRole } from '../../model/StructureRole';
import { ellipsoidContours, type EllipsoidShape } from '../../phantom/ellipsoidContours';
import { polygonSignedAreaMm2 } from '../../phantom/ellipsePolygon';
import { NEAR_ORGANS, type NearOrgan } from '../../phantom/placeNoduleNearSurface';
import { DEFAULT_PLANE_LATTICE, type PlaneLattice } from '../../phantom/PlaneLattice';
import { importIssue, type ImportIssue, type ParseResult } from '../ImportIssue';
import {
  CASE_JSON_BASES,
  CASE_JSON_SCHEMA_VERSION,
  type CaseJsonBase,
  type CaseJsonContent,
  type CaseJsonNodule,
  type CaseJsonStructure,
} from './CaseJsonContent';
import { locateJsonSyntaxError } from './locateJsonSyntaxError';

const TOP_LEVEL_FIELDS = ['$schema', 'schemaVersion', 'id', 'description', 'frameOfReferenceUid', 'base', 'includeBaseNodules', 'planeSpacingMm', 'planeOriginMm', 'structures', 'nodules'];
const STRUCTURE_FIELDS = ['name', 'role', 'colorRgb', 'interpretedType', 'contours', 'ellipsoid', 'sphere', 'markersMm'];
const NODULE_FIELDS = ['name', 'gtv', 'itv', 'ptv', 'centerMm', 'diameterMm', 'near'];
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const DEFAULT_COLOR: readonly [number, number, number] = [255, 255, 255];

type JsonObject = Record<string, unknown>;

// Collects issues for one file; `path` strings are JSON paths like structures[2].contours[0].zMm.
class Reporter {
  readonly issues: ImportIssue[] = [];
  constructor(private readonly file: string) {}
  error(code: string, message: string): void {
    this.issues.push(importIssue(this.file, code, message, 'error'));
  }
  warning(code: string, message: string): void {
    this.issues.push(importIssue(this.file, code, message, 'warning'));
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// How a bad value looks in a message: strings quoted, containers named.
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Why a value is not a finite number, or undefined when it is one. */
function notFiniteReason(value: unknown, path: string): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined;
  if (typeof value === 'number') return `${path} is not a finite number (the value overflows to ${value})`;
  return `${path} is not a finite number (got ${shown(value)})`;
}

function warnUnknownFields(obj: JsonObject, allowed: readonly string[], path: string, report: Reporter): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) report.warning('unknown-field', `${path}${path ? '.' : ''}${key} is not part of schema version 1 and was ignored`);
  }
}

/** A finite-number tuple of the given length, or the message of its first problem. */
function readTuple(value: unknown, length: number, path: string): number[] | string {
  if (!Array.isArray(value)) return `${path} must be an array of ${length} numbers (got ${shown(value)})`;
  if (value.length !== length) return `${path} must have exactly ${length} numbers (got ${value.length})`;
  for (let i = 0; i < length; i++) {
    const reason = notFiniteReason(value[i], `${path}[${i}]`);
    if (reason) return reason;
  }
  return value as number[];
}

function readContour(value: unknown, path: string): PlanarContour | string {
  if (!isObject(value)) return `${path} must be an object with zMm and pointsMm (got ${shown(value)})`;
  const zReason = notFiniteReason(value.zMm, `${path}.zMm`);
  if (zReason) return zReason;
  const points = value.pointsMm;
  if (!Array.isArray(points)) return `${path}.pointsMm must be an array of [x, y] points (got ${shown(points)})`;
  if (points.length < 3) return `${path}.pointsMm has ${points.length} point${points.length === 1 ? '' : 's'}; a contour needs at least 3`;
  const xyMm = new Float64Array(2 * points.length);
  for (let i = 0; i < points.length; i++) {
    const point = readTuple(points[i], 2, `${path}.pointsMm[${i}]`);
    if (typeof point === 'string') return point;
    xyMm[2 * i] = point[0];
    xyMm[2 * i + 1] = point[1];
  }
  if (polygonSignedAreaMm2(xyMm) === 0) return `${path} encloses no area (all points on one line)`;
  return { zMm: value.zMm as number, xyMm };
}

function readEllipsoid(value: unknown, path: string, kind: 'ellipsoid' | 'sphere'): EllipsoidShape | string {
  if (!isObject(value)) return `${path} must be an object (got ${shown(value)})`;
  const center = readTuple(value.centerMm, 3, `${path}.centerMm`);
  if (typeof center === 'string') return center;
  if (kind === 'sphere') {
    const reason = notFiniteReason(value.diameterMm, `${path}.diameterMm`);
    if (reason) return reason;
    const d = value.diameterMm as number;
    if (d <= 0) return `${path}.diameterMm must be positive (got ${d})`;
    return { centerMm: center as unknown as Vec3, radiiMm: [d / 2, d / 2, d / 2] };
  }
  const radii = readTuple(value.radiiMm, 3, `${path}.radiiMm`);
  if (typeof radii === 'string') return radii;
  const bad = radii.findIndex((r) => r <= 0);
  if (bad >= 0) return `${path}.radiiMm[${bad}] must be positive (got ${radii[bad]})`;
  return { centerMm: center as unknown as Vec3, radiiMm: radii as unknown as Vec3 };
}

function readColor(value: unknown, path: string, report: Reporter): readonly [number, number, number] {
  if (value === undefined) return DEFAULT_COLOR;
  const rgb = readTuple(value, 3, path);
  if (typeof rgb === 'string' || rgb.some((c) => !Number.isInteger(c) || c < 0 || c > 255)) {
    report.warning('bad-color', `${path} must be three integers 0–255 (got ${Array.isArray(value) ? JSON.stringify(value) : shown(value)}); white used`);
    return DEFAULT_COLOR;
  }
  return [rgb[0], rgb[1], rgb[2]];
}

function readStructure(value: unknown, index: number, lattice: PlaneLattice, names: Set<string>, report: Reporter): CaseJsonStructure | undefined {
  const path = `structures[${index}]`;
  if (!isObject(value)) {
    report.error('wrong-type', `${path} must be an object (got ${shown(value)}); structure skipped`);
    return undefined;
  }
  warnUnknownFields(value, STRUCTURE_FIELDS, path, report);
  if (typeof value.name !== 'string' || value.name.trim() === '') {
    report.error(value.name === undefined ? 'missing-field' : 'wrong-type', `${path}.name must be a non-empty string (got ${shown(value.name)}); structure skipped`);
    return undefined;
  }
  const name = value.name;
  if (names.has(name)) {
    report.error('duplicate-name', `${path}.name '${name}' is used by an earlier structure; structure skipped`);
    return undefined;
  }
  let role: StructureRole | undefined;
  if (value.role !== undefined) {
    if (typeof value.role === 'string' && isStructureRole(value.role)) role = value.role;
    else report.warning('unknown-role', `${path}.role ${shown(value.role)} is not a known role (see src/model/StructureRole.ts); the role is left to name mapping`);
  }
  let interpretedType = '';
  if (value.interpretedType !== undefined) {
    if (typeof value.interpretedType === 'string') interpretedType = value.interpretedType;
    else report.warning('wrong-type', `${path}.interpretedType must be a string (got ${shown(value.interpretedType)}); ignored`);
  }
  const shapeKeys = (['contours', 'ellipsoid', 'sphere'] as const).filter((k) => value[k] !== undefined);
  if (shapeKeys.length !== 1) {
    report.error(
      shapeKeys.length === 0 ? 'missing-field' : 'ambiguous-shape',
      shapeKeys.length === 0
        ? `${path} ('${name}') needs one of contours, ellipsoid or sphere; structure skipped`
        : `${path} ('${name}') has ${shapeKeys.join(' and ')}; give exactly one; structure skipped`,
    );
    return undefined;
  }
  let contours: PlanarContour[] = [];
  const shapeKey = shapeKeys[0];
  if (shapeKey === 'contours') {
    if (!Array.isArray(value.contours)) {
      report.error('wrong-type', `${path}.contours must be an array (got ${shown(value.contours)}); structure skipped`);
      return undefined;
    }
    value.contours.forEach((raw, c) => {
      const contour = readContour(raw, `${path}.contours[${c}]`);
      if (typeof contour === 'string') report.error(contour.includes('not a finite') ? 'not-finite' : 'bad-contour', `${contour}; contour skipped ('${name}')`);
      else contours.push(contour);
    });
    if (value.contours.length > 0 && contours.length === 0) report.warning('empty-structure', `${path} ('${name}') has no readable contour left`);
  } else {
    const shape = readEllipsoid(value[shapeKey], `${path}.${shapeKey}`, shapeKey);
    if (typeof shape === 'string') {
      report.error(shape.includes('not a finite') ? 'not-finite' : 'bad-shape', `${shape}; structure skipped ('${name}')`);
      return undefined;
    }
    contours = ellipsoidContours(shape, lattice);
    if (contours.length === 0) {
      report.error('shape-between-planes', `${path}.${shapeKey} ('${name}') cuts no plane of spacing ${lattice.spacingMm} mm; structure skipped`);
      return undefined;
    }
  }
  const points: Vec3[] = [];
  if (value.markersMm !== undefined) {
    if (!Array.isArray(value.markersMm)) report.error('wrong-type', `${path}.markersMm must be an array of [x, y, z] points; markers skipped`);
    else {
      value.markersMm.forEach((raw, m) => {
        const p = readTuple(raw, 3, `${path}.markersMm[${m}]`);
        if (typeof p === 'string') report.error('not-finite', `${p}; marker skipped ('${name}')`);
        else points.push([p[0], p[1], p[2]]);
      });
    }
  }
  names.add(name);
  contours.sort((a, b) => a.zMm - b.zMm);
  return {
    number: 0,
    name,
    ...(role ? { role } : {}),
    interpretedType,
    colorRgb: readColor(value.colorRgb, `${path}.colorRgb`, report),
    contours,
    points: points.map(([xMm, yMm, zMm]) => ({ xMm, yMm, zMm })),
  };
}

function readOptionalName(value: JsonObject, key: string, path: string, report: Reporter): string | undefined | false {
  const v = value[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && v.trim() !== '') return v;
  report.error('wrong-type', `${path}.${key} must be a non-empty structure name (got ${shown(v)}); nodule skipped`);
  return false;
}

function readNodule(value: unknown, index: number, names: Set<string>, report: Reporter): CaseJsonNodule | undefined {
  const path = `nodules[${index}]`;
  if (!isObject(value)) {
    report.error('wrong-type', `${path} must be an object (got ${shown(value)}); nodule skipped`);
    return undefined;
  }
  warnUnknownFields(value, NODULE_FIELDS, path, report);
  if (typeof value.name !== 'string' || value.name.trim() === '') {
    report.error(value.name === undefined ? 'missing-field' : 'wrong-type', `${path}.name must be a non-empty string (got ${shown(value.name)}); nodule skipped`);
    return undefined;
  }
  const name = value.name;
  if (names.has(name)) {
    report.error('duplicate-name', `${path}.name '${name}' is used by an earlier nodule; nodule skipped`);
    return undefined;
  }
  const gtv = readOptionalName(value, 'gtv', path, report);
  if (gtv === false) return undefined;
  const skip = (code: string, message: string): undefined => {
    report.error(code, `${message}; nodule skipped ('${name}')`);
    return undefined;
  };
  if (value.near !== undefined || value.centerMm !== undefined) {
    if (value.near !== undefined && value.centerMm !== undefined) return skip('ambiguous-shape', `${path} has both centerMm and near; give one`);
    if (value.itv !== undefined || value.ptv !== undefined) return skip('ambiguous-shape', `${path}: itv/ptv cannot be combined with a shorthand nodule (centerMm or near)`);
    const diameterReason = notFiniteReason(value.diameterMm, `${path}.diameterMm`);
    if (diameterReason) return skip(value.diameterMm === undefined ? 'missing-field' : 'not-finite', diameterReason);
    const diameterMm = value.diameterMm as number;
    if (diameterMm <= 0) return skip('bad-shape', `${path}.diameterMm must be positive (got ${diameterMm})`);
    if (value.centerMm !== undefined) {
      const center = readTuple(value.centerMm, 3, `${path}.centerMm`);
      if (typeof center === 'string') return skip('not-finite', center);
      names.add(name);
      return { form: 'sphere', name, ...(gtv ? { gtv } : {}), centerMm: [center[0], center[1], center[2]], diameterMm };
    }
    const near = value.near;
    if (!isObject(near)) return skip('wrong-type', `${path}.near must be an object (got ${shown(near)})`);
    warnUnknownFields(near, ['organ', 'distanceMm', 'fromMm', 'directionMm'], `${path}.near`, report);
    if (typeof near.organ !== 'string' || !NEAR_ORGANS.includes(near.organ as NearOrgan)) {
      return skip('unknown-organ', `${path}.near.organ must be one of ${NEAR_ORGANS.join(', ')} (got ${shown(near.organ)})`);
    }
    const distanceReason = notFiniteReason(near.distanceMm, `${path}.near.distanceMm`);
    if (distanceReason) return skip(near.distanceMm === undefined ? 'missing-field' : 'not-finite', distanceReason);
    if ((near.distanceMm as number) < 0) return skip('bad-shape', `${path}.near.distanceMm must be ≥ 0 (got ${String(near.distanceMm)})`);
    const from = readTuple(near.fromMm, 3, `${path}.near.fromMm`);
    if (typeof from === 'string') return skip(near.fromMm === undefined ? 'missing-field' : 'not-finite', from);
    let directionMm: Vec3 | undefined;
    if (near.directionMm !== undefined) {
      const direction = readTuple(near.directionMm, 3, `${path}.near.directionMm`);
      if (typeof direction === 'string') return skip('not-finite', direction);
      if (direction.every((c) => c === 0)) return skip('bad-shape', `${path}.near.directionMm must not be [0, 0, 0]`);
      directionMm = [direction[0], direction[1], direction[2]];
    }
    names.add(name);
    return {
      form: 'near',
      name,
      ...(gtv ? { gtv } : {}),
      diameterMm,
      near: { organ: near.organ as NearOrgan, distanceMm: near.distanceMm as number, fromMm: [from[0], from[1], from[2]], ...(directionMm ? { directionMm } : {}) },
    };
  }
  if (value.diameterMm !== undefined) return skip('missing-field', `${path}.diameterMm needs centerMm or near`);
  const itv = readOptionalName(value, 'itv', path, report);
  const ptv = readOptionalName(value, 'ptv', path, report);
  if (itv === false || ptv === false) return undefined;
  if (!gtv && !itv && !ptv) return skip('missing-field', `${path} needs gtv, itv or ptv (structure names), or a shorthand centerMm/near`);
  names.add(name);
  return { form: 'targets', name, ...(gtv ? { gtv } : {}), ...(itv ? { itv } : {}), ...(ptv ? { ptv } : {}) };
}

/**
 * Reads and validates a case JSON file (schema version 1, docs/case-format.md). Never throws: problems become
 * ImportIssues naming the file and the JSON path, e.g. `case.json: structures[2].contours[0].pointsMm[5][1] is not
 * a finite number (got "NaN"); contour skipped ('Heart')`. Invalid JSON, a root that is not an object or an unknown
 * schemaVersion give `value: undefined`; a bad item (contour, structure, nodule) is skipped with an 'error' issue
 * and the rest loads; harmless oddities (unknown fields, bad colours, unknown roles) give 'warning's.
 * Ellipsoid and sphere structures become contour stacks on the file's planes (planeSpacingMm, planeOriginMm).
 * Nodule references and shorthand placement are resolved later, by caseFromJson.
 */
export function readCaseJson(text: string, fileName: string): ParseResult<CaseJsonContent> {
  const report = new Reporter(fileName);
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch (error) {
    const located = locateJsonSyntaxError(source);
    const where = located ? `line ${located.line}, column ${located.column} (offset ${located.offset}): ${located.message}` : String((error as Error).message);
    report.error('invalid-json', `not valid JSON at ${where}`);
    return { value: undefined, issues: report.issues };
  }
  if (!isObject(root)) {
    report.error('not-an-object', `the top level must be a JSON object (got ${shown(root)})`);
    return { value: undefined, issues: report.issues };
  }
  if (root.schemaVersion !== CASE_JSON_SCHEMA_VERSION) {
    report.error(
      root.schemaVersion === undefined ? 'missing-schema-version' : 'unsupported-schema-version',
      `schemaVersion must be ${CASE_JSON_SCHEMA_VERSION} (got ${shown(root.schemaVersion)}); file not read`,
    );
    return { value: undefined, issues: report.issues };
  }
  warnUnknownFields(root, TOP_LEVEL_FIELDS, '', report);
  const fallbackId = fileName.replace(/^.*[\\/]/, '').replace(/\.json$/i, '') || 'case';
  let id = fallbackId;
  if (typeof root.id === 'string' && root.id.trim() !== '') id = root.id;
  else report.warning(root.id === undefined ? 'missing-field' : 'wrong-type', `id must be a non-empty string (got ${shown(root.id)}); using '${fallbackId}'`);
  let description = '';
  if (typeof root.description === 'string') description = root.description;
  else if (root.description !== undefined) report.warning('wrong-type', `description must be a string (got ${shown(root.description)}); ignored`);
  let frameOfReferenceUid: string | undefined;
  if (root.frameOfReferenceUid !== undefined) {
    if (typeof root.frameOfReferenceUid === 'string' && root.frameOfReferenceUid.length <= 64 && UID_PATTERN.test(root.frameOfReferenceUid)) {
      frameOfReferenceUid = root.frameOfReferenceUid;
    } else {
      report.error('bad-uid', `frameOfReferenceUid must be a DICOM UID (digits and dots, ≤ 64 characters; got ${shown(root.frameOfReferenceUid)}); ignored`);
    }
  }
  let base: CaseJsonBase | undefined;
  if (root.base !== undefined) {
    if (typeof root.base === 'string' && (CASE_JSON_BASES as readonly string[]).includes(root.base)) base = root.base as CaseJsonBase;
    else report.error('unknown-base', `base must be one of ${CASE_JSON_BASES.join(', ')} (got ${shown(root.base)}); loaded without a base`);
  }
  let includeBaseNodules = true;
  if (root.includeBaseNodules !== undefined) {
    if (typeof root.includeBaseNodules === 'boolean') includeBaseNodules = root.includeBaseNodules;
    else report.warning('wrong-type', `includeBaseNodules must be true or false (got ${shown(root.includeBaseNodules)}); using true`);
  }
  let spacingMm = DEFAULT_PLANE_LATTICE.spacingMm;
  if (root.planeSpacingMm !== undefined) {
    const reason = notFiniteReason(root.planeSpacingMm, 'planeSpacingMm');
    if (reason || (root.planeSpacingMm as number) <= 0) {
      report.error(reason ? 'not-finite' : 'bad-plane-spacing', `${reason ?? `planeSpacingMm must be positive (got ${String(root.planeSpacingMm)})`}; using ${spacingMm} mm`);
    } else spacingMm = root.planeSpacingMm as number;
  }
  let originMm = DEFAULT_PLANE_LATTICE.originMm;
  if (root.planeOriginMm !== undefined) {
    const reason = notFiniteReason(root.planeOriginMm, 'planeOriginMm');
    if (reason) report.error('not-finite', `${reason}; using ${originMm} mm`);
    else originMm = root.planeOriginMm as number;
  }
  const lattice: PlaneLattice = { spacingMm, originMm };
  const structures: CaseJsonStructure[] = [];
  if (root.structures !== undefined && !Array.isArray(root.structures)) report.error('wrong-type', `structures must be an array (got ${shown(root.structures)}); no structures read`);
  else {
    const names = new Set<string>();
    ((root.structures as unknown[] | undefined) ?? []).forEach((raw, index) => {
      const structure = readStructure(raw, index, lattice, names, report);
      if (structure) structures.push({ ...structure, number: structures.length + 1 });
    });
  }
  const nodules: CaseJsonNodule[] = [];
  if (root.nodules !== undefined && !Array.isArray(root.nodules)) report.error('wrong-type', `nodules must be an array (got ${shown(root.nodules)}); no nodules read`);
  else {
    const names = new Set<string>();
    ((root.nodules as unknown[] | undefined) ?? []).forEach((raw, index) => {
      const nodule = readNodule(raw, index, names, report);
      if (nodule) nodules.push(nodule);
    });
  }
  return {
    value: {
      schemaVersion: CASE_JSON_SCHEMA_VERSION,
      id,
      description,
      ...(frameOfReferenceUid ? { frameOfReferenceUid } : {}),
      ...(base ? { base } : {}),
      includeBaseNodules,
      lattice,
      structures,
      nodules,
    },
    issues: report.issues,
  };
}
