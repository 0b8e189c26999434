import { importIssue, type ImportIssue, type ParseResult } from '../io/ImportIssue';
import { parseJsonText } from '../io/json/parseJsonText';
import { OUTPUT_FACTOR_STATUSES, type BeamData, type BeamDataAssumption, type ConeBeamData } from './BeamData';
import { DataChecker } from './DataChecker';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const GENERIC_LABEL = /generic, not commissioned/i;
/** Largest depth and radius accepted, mm: larger values are almost certainly a unit mistake (cm vs mm is the other way). */
const MAX_DEPTH_MM = 1000;
const MAX_RADIUS_MM = 500;

/**
 * Parses a beam-data file (format version 1: dose-models/schemas/beam-data.schema.json, docs/dose-engine.md).
 * Never throws. Malformed JSON → one error 'beam-data-malformed' with line and column. Structural or range problems
 * → errors 'beam-data-invalid' naming the JSON path (e.g. `$.cones[3].ocr.values[2]`); any error gives
 * `value: undefined` (half-valid dosimetric data are never used). Warnings leave the value usable:
 * 'beam-data-not-commissioned' (commissioned: false — always reported so the label reaches the user) and
 * 'beam-data-warning' (TMR not 1 at the reference depth, OCR not 1 on axis, OCR table ending above 5 %, reference
 * cone output factor not 1, sourceAxisDistanceMm ≠ calibration SAD).
 * @param text file contents (UTF-8 text)
 * @param fileName shown in every issue
 */
export function parseBeamData(text: string, fileName: string): ParseResult<BeamData> {
  return parseJsonText(text, fileName, 'beam-data-malformed', validateBeamData);
}

/** Checks an already-parsed value against the beam-data format; same contract as parseBeamData. */
export function validateBeamData(value: unknown, fileName: string): ParseResult<BeamData> {
  const issues: ImportIssue[] = [];
  let errorCount = 0;
  const error = (path: string, message: string): void => {
    errorCount++;
    issues.push(importIssue(fileName, 'beam-data-invalid', `${path}: ${message}`));
  };
  const warning = (path: string, message: string): void => void issues.push(importIssue(fileName, 'beam-data-warning', `${path}: ${message}`, 'warning'));
  const check = new DataChecker(error);

  const root = check.object(value, '$', ['formatVersion', 'id', 'label', 'description', 'commissioned', 'sourceAxisDistanceMm', 'calibration', 'cones', 'assumptions', 'references'], ['$schema', 'warning', 'generator']);
  if (!root) return { value: undefined, issues };
  if (root.formatVersion !== 1) error('$.formatVersion', `must be 1 (the only format this version reads), got ${JSON.stringify(root.formatVersion)}`);
  const id = check.text(root, 'id', '$');
  if (id !== undefined && !ID_PATTERN.test(id)) error('$.id', `must be lower-case letters, digits and '-', got ${JSON.stringify(id)}`);
  const label = check.text(root, 'label', '$');
  const description = check.text(root, 'description', '$');
  const warningText = 'warning' in root ? check.text(root, 'warning', '$') : undefined;
  const commissioned = check.boolean(root, 'commissioned', '$');
  if (commissioned === false) {
    if (warningText === undefined || !GENERIC_LABEL.test(warningText)) {
      error('$.warning', "data with commissioned: false must carry a warning that says 'generic, not commissioned'");
    } else {
      issues.push(importIssue(fileName, 'beam-data-not-commissioned', `${label ?? id ?? 'beam data'}: ${warningText}`, 'warning'));
    }
  }
  const sadMm = check.number(root, 'sourceAxisDistanceMm', '$', 0, 5000, { exclusiveMin: true, unit: 'mm' });

  const cal = check.object(root.calibration, '$.calibration', ['doseGyPerMu', 'referenceConeDiameterMm', 'referenceDepthMm', 'referenceSourceAxisDistanceMm', 'source', 'status']);
  const calibration = cal && {
    doseGyPerMu: check.number(cal, 'doseGyPerMu', '$.calibration', 0, 1, { exclusiveMin: true, unit: 'Gy/MU' }),
    referenceConeDiameterMm: check.number(cal, 'referenceConeDiameterMm', '$.calibration', 0, 200, { exclusiveMin: true, unit: 'mm' }),
    referenceDepthMm: check.number(cal, 'referenceDepthMm', '$.calibration', 0, MAX_DEPTH_MM, { unit: 'mm' }),
    referenceSourceAxisDistanceMm: check.number(cal, 'referenceSourceAxisDistanceMm', '$.calibration', 0, 5000, { exclusiveMin: true, unit: 'mm' }),
    source: check.text(cal, 'source', '$.calibration'),
    status: check.status(cal, 'status', '$.calibration'),
  };
  if (calibration && sadMm !== undefined && calibration.referenceSourceAxisDistanceMm !== undefined && calibration.referenceSourceAxisDistanceMm !== sadMm) {
    warning('$.calibration.referenceSourceAxisDistanceMm', `${calibration.referenceSourceAxisDistanceMm} mm differs from sourceAxisDistanceMm ${sadMm} mm; the inverse-square term uses sourceAxisDistanceMm`);
  }

  const cones: ConeBeamData[] = [];
  const coneItems = check.array(root, 'cones', '$', 1) ?? [];
  coneItems.forEach((item, index) => {
    const cone = parseCone(item, `$.cones[${index}]`, check, warning, calibration?.referenceDepthMm);
    if (cone) cones.push(cone);
  });
  cones.sort((a, b) => a.diameterMm - b.diameterMm);
  for (let n = 1; n < cones.length; n++) {
    if (Math.abs(cones[n].diameterMm - cones[n - 1].diameterMm) < 1e-6) error('$.cones', `cone diameter ${cones[n].diameterMm} mm appears twice`);
  }
  const refCone = calibration?.referenceConeDiameterMm;
  if (refCone !== undefined && cones.length === coneItems.length) {
    const ref = cones.find((c) => Math.abs(c.diameterMm - refCone) < 1e-6);
    if (!ref) error('$.calibration.referenceConeDiameterMm', `no cone of ${refCone} mm in $.cones`);
    else if (Math.abs(ref.outputFactor - 1) > 0.005) warning('$.cones', `output factor of the reference cone ${refCone} mm is ${ref.outputFactor}, expected 1`);
  }

  const assumptions: BeamDataAssumption[] = [];
  (check.array(root, 'assumptions', '$', 0) ?? []).forEach((item, index) => {
    const path = `$.assumptions[${index}]`;
    const a = check.object(item, path, ['id', 'text', 'value', 'unit', 'source', 'status']);
    if (!a) return;
    const aid = check.text(a, 'id', path);
    const text = check.text(a, 'text', path);
    const v = a.value === null ? null : check.number(a, 'value', path, -1e9, 1e9);
    if (typeof a.unit !== 'string') error(`${path}.unit`, 'must be a string (may be empty)');
    const source = check.text(a, 'source', path);
    const status = check.status(a, 'status', path);
    if (aid && text && v !== undefined && source && status && typeof a.unit === 'string') assumptions.push({ id: aid, text, value: v, unit: a.unit, source, status });
  });
  const references: string[] = [];
  (check.array(root, 'references', '$', 0) ?? []).forEach((item, index) => {
    if (typeof item === 'string' && item.trim() !== '') references.push(item);
    else error(`$.references[${index}]`, 'must be a non-empty string');
  });
  if ('generator' in root) check.object(root.generator, '$.generator', ['script', 'model']);

  if (errorCount > 0 || id === undefined || label === undefined || description === undefined || commissioned === undefined || sadMm === undefined || !calibration) {
    return { value: undefined, issues };
  }
  const { doseGyPerMu, referenceConeDiameterMm, referenceDepthMm, referenceSourceAxisDistanceMm, source, status } = calibration;
  if (doseGyPerMu === undefined || referenceConeDiameterMm === undefined || referenceDepthMm === undefined || referenceSourceAxisDistanceMm === undefined || source === undefined || status === undefined) {
    return { value: undefined, issues };
  }
  return {
    value: {
      id,
      label,
      description,
      commissioned,
      warning: warningText,
      sourceAxisDistanceMm: sadMm,
      calibration: { doseGyPerMu, referenceConeDiameterMm, referenceDepthMm, referenceSourceAxisDistanceMm, source, status },
      cones,
      assumptions,
      references,
    },
    issues,
  };
}

function parseCone(
  item: unknown,
  path: string,
  check: DataChecker,
  warning: (path: string, message: string) => void,
  referenceDepthMm: number | undefined,
): ConeBeamData | undefined {
  const c = check.object(item, path, ['diameterMm', 'outputFactor', 'tmr', 'ocr']);
  if (!c) return undefined;
  const diameterMm = check.number(c, 'diameterMm', path, 0, 200, { exclusiveMin: true, unit: 'mm' });
  const of = check.object(c.outputFactor, `${path}.outputFactor`, ['value', 'status', 'source']);
  const outputFactor = of && check.number(of, 'value', `${path}.outputFactor`, 0, 2, { exclusiveMin: true });
  const outputFactorStatus = of && check.oneOf(of, 'status', `${path}.outputFactor`, OUTPUT_FACTOR_STATUSES);
  const outputFactorSource = of && check.text(of, 'source', `${path}.outputFactor`);

  const tmrObj = check.object(c.tmr, `${path}.tmr`, ['depthsMm', 'values']);
  const tmrDepthsMm = tmrObj && check.numbers(tmrObj.depthsMm, `${path}.tmr.depthsMm`, 2, 0, MAX_DEPTH_MM, true);
  const tmr = tmrObj && check.numbers(tmrObj.values, `${path}.tmr.values`, 2, 0, 2, false);
  let tmrOk = !!(tmrDepthsMm && tmr);
  if (tmrDepthsMm && tmr && tmrDepthsMm.length !== tmr.length) {
    check.fail(`${path}.tmr.values`, `has ${tmr.length} values but depthsMm has ${tmrDepthsMm.length}`);
    tmrOk = false;
  }
  const ocrObj = check.object(c.ocr, `${path}.ocr`, ['depthsMm', 'radiiMm', 'values']);
  const ocrDepthsMm = ocrObj && check.numbers(ocrObj.depthsMm, `${path}.ocr.depthsMm`, 1, 0, MAX_DEPTH_MM, true);
  const ocrRadiiMm = ocrObj && check.numbers(ocrObj.radiiMm, `${path}.ocr.radiiMm`, 2, 0, MAX_RADIUS_MM, true);
  let ocr: Float64Array | undefined;
  if (ocrObj && ocrDepthsMm && ocrRadiiMm) {
    if (ocrRadiiMm[0] !== 0) check.fail(`${path}.ocr.radiiMm[0]`, `must be 0 (the axis), got ${ocrRadiiMm[0]}`);
    const rows = Array.isArray(ocrObj.values) ? ocrObj.values : undefined;
    if (!rows || rows.length !== ocrDepthsMm.length) {
      check.fail(`${path}.ocr.values`, `must be an array with one row per depth (${ocrDepthsMm.length}), got ${rows ? rows.length : 'no array'}`);
    } else {
      const nr = ocrRadiiMm.length;
      const table = new Float64Array(rows.length * nr);
      let ok = ocrRadiiMm[0] === 0;
      rows.forEach((row, d) => {
        const values = check.numbers(row, `${path}.ocr.values[${d}]`, 2, 0, 1.5, false);
        if (!values) {
          ok = false;
          return;
        }
        if (values.length !== nr) {
          check.fail(`${path}.ocr.values[${d}]`, `has ${values.length} values but radiiMm has ${nr}`);
          ok = false;
          return;
        }
        table.set(values, d * nr);
        if (Math.abs(values[0] - 1) > 0.02) warning(`${path}.ocr.values[${d}][0]`, `OCR on the axis is ${values[0]}, expected 1`);
        if (values[nr - 1] > 0.05) warning(`${path}.ocr.values[${d}]`, `OCR at the last radius ${ocrRadiiMm[nr - 1]} mm is ${values[nr - 1]}; dose beyond it is taken as 0`);
      });
      if (ok) ocr = table;
    }
  }
  if (tmrOk && tmrDepthsMm && tmr && referenceDepthMm !== undefined && referenceDepthMm >= tmrDepthsMm[0] && referenceDepthMm <= tmrDepthsMm[tmrDepthsMm.length - 1]) {
    const atRef = interpolate(tmrDepthsMm, tmr, referenceDepthMm);
    if (Math.abs(atRef - 1) > 0.01) warning(`${path}.tmr`, `TMR at the reference depth ${referenceDepthMm} mm is ${atRef.toFixed(4)}, expected 1`);
  }
  if (diameterMm === undefined || outputFactor === undefined || !outputFactorStatus || !outputFactorSource || !tmrOk || !tmrDepthsMm || !tmr || !ocrDepthsMm || !ocrRadiiMm || !ocr) {
    return undefined;
  }
  return { diameterMm, outputFactor, outputFactorStatus, outputFactorSource, tmrDepthsMm, tmr, ocrDepthsMm, ocrRadiiMm, ocr };
}

function interpolate(xs: Float64Array, ys: Float64Array, x: number): number {
  let i = 0;
  while (i < xs.length - 2 && x > xs[i + 1]) i++;
  const f = (x - xs[i]) / (xs[i + 1] - xs[i]);
  return ys[i] + f * (ys[i + 1] - ys[i]);
}
