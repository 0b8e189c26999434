import { InputError } from '../../errors/InputError';
import type { Case } from '../../model/Case';
import type { Structure } from '../../model/Structure';
import { CASE_JSON_SCHEMA_VERSION } from './CaseJsonContent';

function requireFiniteValues(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new InputError('not-finite', `${what}: value ${i} is ${String(values[i])}; JSON cannot hold it`);
  }
}

export interface WriteCaseJsonOptions {
  /**
   * Round contour and marker coordinates to this many decimals (e.g. 3 = 1 µm) for smaller files. Default: full
   * double precision, so that reading gives back exactly the same numbers.
   */
  readonly decimalPlaces?: number;
}

// One structure as JSON text; each contour on one line so large cases stay readable and diffable.
function structureJson(s: Structure, indent: string, format: (v: number) => string): string {
  const head: Record<string, unknown> = { name: s.name };
  if (s.role !== 'unknown') head.role = s.role;
  if (s.interpretedType) head.interpretedType = s.interpretedType;
  head.colorRgb = [...s.colorRgb];
  const fields = Object.entries(head).map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const contourLines = s.contours.map((c, index) => {
    requireFiniteValues(c.xyMm, `structure '${s.name}' contour ${index}`);
    requireFiniteValues([c.zMm], `structure '${s.name}' contour ${index} zMm`);
    const points: string[] = [];
    for (let i = 0; i < c.xyMm.length; i += 2) points.push(`[${format(c.xyMm[i])},${format(c.xyMm[i + 1])}]`);
    return `${indent}    { "zMm": ${format(c.zMm)}, "pointsMm": [${points.join(',')}] }`;
  });
  fields.push(contourLines.length ? `${indent}  "contours": [\n${contourLines.join(',\n')}\n${indent}  ]` : `${indent}  "contours": []`);
  if (s.points.length > 0) {
    const markers = s.points.map((p) => {
      requireFiniteValues([p.xMm, p.yMm, p.zMm], `structure '${s.name}' marker`);
      return `[${format(p.xMm)}, ${format(p.yMm)}, ${format(p.zMm)}]`;
    });
    fields.push(`${indent}  "markersMm": [${markers.join(', ')}]`);
  }
  return `${indent}{\n${fields.join(',\n')}\n${indent}}`;
}

/**
 * Writes a case as schema-version-1 JSON (docs/case-format.md): every structure with explicit contours (full
 * double precision, so reading it back gives the same numbers), its role unless 'unknown' (so name mapping can
 * run again on reading), interpreted type, colour and markers; nodules as references to their target structures.
 * Not written: the CT (use DICOM), ROI numbers (reading numbers structures 1, 2, ... in file order), role
 * reasons, sources and issues. A nodule without any target is written as {name} and reported by the reader.
 * Throws InputError for non-finite coordinates, which JSON cannot hold, or a bad decimalPlaces.
 */
export function writeCaseJson(caseData: Case, options: WriteCaseJsonOptions = {}): string {
  const { decimalPlaces } = options;
  if (decimalPlaces !== undefined && !(Number.isInteger(decimalPlaces) && decimalPlaces >= 0 && decimalPlaces <= 15)) {
    throw new InputError('bad-decimals', `decimalPlaces must be an integer 0–15, got ${String(decimalPlaces)}`);
  }
  // Number(toFixed) drops trailing zeros and prints the shortest form; −0 becomes 0.
  const format = decimalPlaces === undefined ? (v: number): string => JSON.stringify(v) : (v: number): string => JSON.stringify(Number(v.toFixed(decimalPlaces)) + 0);
  const lines: string[] = ['{'];
  const top: [string, unknown][] = [
    ['schemaVersion', CASE_JSON_SCHEMA_VERSION],
    ['id', caseData.id],
    ['description', caseData.description],
  ];
  if (caseData.frameOfReferenceUid) top.push(['frameOfReferenceUid', caseData.frameOfReferenceUid]);
  const parts = top.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const structures = caseData.structures.map((s) => structureJson(s, '    ', format));
  parts.push(structures.length ? `  "structures": [\n${structures.join(',\n')}\n  ]` : '  "structures": []');
  const nodules = caseData.nodules.map((n) => {
    const entry: Record<string, string> = { name: n.name };
    if (n.gtv !== undefined) entry.gtv = n.gtv;
    if (n.itv !== undefined) entry.itv = n.itv;
    if (n.ptv !== undefined) entry.ptv = n.ptv;
    return `    ${JSON.stringify(entry)}`;
  });
  parts.push(nodules.length ? `  "nodules": [\n${nodules.join(',\n')}\n  ]` : '  "nodules": []');
  lines.push(parts.join(',\n'), '}', '');
  return lines.join('\n');
}
