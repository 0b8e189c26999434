import { InputError } from '../../errors/InputError';
import type { Case, CtImage, NoduleTargets } from '../../model/Case';
import type { Structure, StructureGeometry } from '../../model/Structure';
import type { StructureRole } from '../../model/StructureRole';
import { addNodule } from '../../phantom/addNodule';
import { buildDemoThorax, DEMO_SOURCE } from '../../phantom/buildDemoThorax';
import { placeNoduleNearSurface } from '../../phantom/placeNoduleNearSurface';
import { HOUNSFIELD } from '../../phantom/thoraxAnatomy';
import { importIssue, type ImportIssue, type ParseResult } from '../ImportIssue';
import type { CaseJsonContent } from './CaseJsonContent';
import { readCaseJson } from './readCaseJson';

/** A role decision for a structure that has no explicit role in the file (e.g. from TG-263 name mapping). */
export interface RoleDecision {
  readonly role: StructureRole;
  readonly roleReason: string;
}

export interface CaseFromJsonOptions {
  /** Decides roles of structures without an explicit one; default: role 'unknown' (kept, never guessed). */
  readonly assignRole?: (structure: StructureGeometry) => RoleDecision;
  /** With base 'demo-thorax': build its synthetic CT (default true). */
  readonly includeBaseCt?: boolean;
}

/**
 * Builds a Case from validated JSON content: starts from the base case (if any, built on the file's plane
 * lattice), replaces base structures that the file redefines by name (keeping their ROI number), appends the
 * others, then adds nodules in file order (references checked; shorthand spheres and near-organ placements
 * become GTV structures on the case's planes, painted into a base CT at 20 HU). Roles: explicit role in the
 * file, else the base structure's role for a redefined name, else options.assignRole, else 'unknown'.
 * Shapes and shorthand nodules use the file's plane lattice; structures whose contours are not on it get an
 * 'off-lattice' warning (state planeSpacingMm / planeOriginMm in such files). Problems with one nodule skip
 * it with an 'error' issue; a placed nodule not fully inside the lungs gets a 'warning'. The returned case's
 * `issues` (and the result's) are the issues of this step; loadCaseJson prepends the reader's.
 */
export function caseFromJson(content: CaseJsonContent, fileName: string, options: CaseFromJsonOptions = {}): ParseResult<Case> {
  const issues: ImportIssue[] = [];
  const error = (code: string, message: string): void => void issues.push(importIssue(fileName, code, message, 'error'));
  const warning = (code: string, message: string): void => void issues.push(importIssue(fileName, code, message, 'warning'));
  const base = content.base === 'demo-thorax' ? buildDemoThorax({ lattice: content.lattice, includeDesignedNodules: content.includeBaseNodules, includeCt: options.includeBaseCt !== false }).case : undefined;
  const structures: Structure[] = base ? [...base.structures] : [];
  let nextNumber = structures.reduce((m, s) => Math.max(m, s.number), 0) + 1;
  for (const s of content.structures) {
    const { role: explicitRole, ...geometry } = s;
    const baseIndex = structures.findIndex((b) => b.name === s.name);
    const baseStructure = baseIndex >= 0 ? structures[baseIndex] : undefined;
    let decision: RoleDecision;
    if (explicitRole) decision = { role: explicitRole, roleReason: `role given in ${fileName}` };
    else if (baseStructure) decision = { role: baseStructure.role, roleReason: `role of the ${content.base} structure of the same name` };
    else if (options.assignRole) decision = options.assignRole(geometry);
    else decision = { role: 'unknown', roleReason: `no role in ${fileName}` };
    const structure: Structure = { ...geometry, ...decision, number: baseStructure ? baseStructure.number : nextNumber++ };
    if (baseStructure) structures[baseIndex] = structure;
    else structures.push(structure);
    const { spacingMm, originMm } = content.lattice;
    const offPlane = s.contours.find((c) => {
      const k = (c.zMm - originMm) / spacingMm;
      return Math.abs(k - Math.round(k)) * spacingMm > 1e-3;
    });
    if (offPlane) {
      warning('off-lattice', `structure '${s.name}' has a contour at z = ${offPlane.zMm} mm, off the planes ${originMm} + k·${spacingMm} mm used for shapes and nodules`);
    }
  }
  let ct: CtImage | undefined = base?.ct;
  const frameOfReferenceUid = content.frameOfReferenceUid ?? base?.frameOfReferenceUid ?? '';
  if (ct && ct.frameOfReferenceUid !== frameOfReferenceUid) ct = { ...ct, frameOfReferenceUid };
  let result: Case = {
    id: content.id,
    description: content.description,
    frameOfReferenceUid,
    ct,
    structures,
    nodules: base ? [...base.nodules] : [],
    sources: base ? [fileName, DEMO_SOURCE] : [fileName],
    issues: [],
  };
  content.nodules.forEach((nodule, index) => {
    const path = `nodules[${index}] ('${nodule.name}')`;
    if (result.nodules.some((n) => n.name === nodule.name)) {
      error('duplicate-name', `${path}: the ${content.base ?? 'case'} already has a nodule with this name; nodule skipped`);
      return;
    }
    if (nodule.form === 'targets') {
      const targets: NoduleTargets = { name: nodule.name, gtv: nodule.gtv, itv: nodule.itv, ptv: nodule.ptv };
      const missing = (['gtv', 'itv', 'ptv'] as const).filter((k) => targets[k] !== undefined && !result.structures.some((s) => s.name === targets[k]));
      if (missing.length > 0) {
        error('missing-structure', `${path}: ${missing.map((k) => `${k} '${targets[k]}'`).join(', ')} is not a structure of the case; nodule skipped`);
        return;
      }
      for (const k of ['gtv', 'itv', 'ptv'] as const) {
        const target = result.structures.find((s) => s.name === targets[k]);
        if (target && target.role !== k && target.role !== 'unknown') warning('role-mismatch', `${path}: ${k} '${target.name}' has role '${target.role}'`);
      }
      const defined: NoduleTargets = {
        name: nodule.name,
        ...(nodule.gtv ? { gtv: nodule.gtv } : {}),
        ...(nodule.itv ? { itv: nodule.itv } : {}),
        ...(nodule.ptv ? { ptv: nodule.ptv } : {}),
      };
      result = { ...result, nodules: [...result.nodules, defined] };
      return;
    }
    try {
      let centerMm = nodule.form === 'sphere' ? nodule.centerMm : undefined;
      if (nodule.form === 'near') {
        const placed = placeNoduleNearSurface(result, { ...nodule.near, diameterMm: nodule.diameterMm });
        centerMm = placed.centerMm;
        if (placed.insideLung === false) warning('nodule-outside-lung', `${path}: the placed nodule is not entirely inside the lungs`);
        if (placed.insideLung === undefined) warning('no-lungs', `${path}: the case has no lung structure to check the placed nodule against`);
      }
      result = addNodule(
        result,
        { name: nodule.name, gtvName: nodule.gtv, centerMm: centerMm as NonNullable<typeof centerMm>, diameterMm: nodule.diameterMm },
        { lattice: content.lattice, paintCtHu: base ? HOUNSFIELD.nodule : undefined, roleReason: `shorthand nodule in ${fileName}` },
      );
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      error(e.code, `${path}: ${e.message}; nodule skipped`);
    }
  });
  return { value: { ...result, issues }, issues };
}

/** readCaseJson followed by caseFromJson; the case's `issues` hold every issue of both steps. */
export function loadCaseJson(text: string, fileName: string, options: CaseFromJsonOptions = {}): ParseResult<Case> {
  const read = readCaseJson(text, fileName);
  if (!read.value) return { value: undefined, issues: read.issues };
  const built = caseFromJson(read.value, fileName, options);
  const issues = [...read.issues, ...built.issues];
  return { value: built.value ? { ...built.value, issues } : undefined, issues };
}
