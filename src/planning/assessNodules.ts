import { importIssue, type ImportIssue } from '../io/ImportIssue';
import type { Case } from '../model/Case';
import { defaultProtocolRules } from '../protocols/defaultProtocolRules';
import type { ProtocolInput } from '../protocols/ProtocolInput';
import type { ProtocolRules, ProtocolZone } from '../protocols/ProtocolRules';
import { protocolWarnings, type ProtocolWarning } from '../protocols/protocolWarnings';
import { selectProtocol, type ProtocolAlternative } from '../protocols/selectProtocol';
import { measureNoduleProximity } from '../proximity/measureNoduleProximity';
import type { NoduleProximity, NoduleProximityResult, OrganDistanceNumbers, ProximityOptions } from '../proximity/NoduleProximity';
import type { OrganGroupId } from '../proximity/organGroups';

/** A warning as reported to the user: stable code, severity, text, and where the rule comes from. */
export interface AssessmentWarning {
  readonly code: string;
  readonly severity: 'warning' | 'info';
  readonly message: string;
  readonly source: string;
}

/** One nodule: where it is, which schedule that calls for, and why (the `nodules` entries of `plan --json`). */
export interface NoduleAssessment {
  readonly name: string;
  /** GTV, or ITV when present; null when the nodule has only a PTV. */
  readonly target: string | null;
  /** PTV structure, or e.g. 'PTV_x (GTV_x + 5 mm)' when grown here. */
  readonly ptv: string | null;
  /** Volume of the target (GTV/ITV; the PTV when there is none), cc. */
  readonly volumeCc: number | null;
  readonly ptvVolumeCc: number | null;
  /** Maximum diameter (Feret, contour vertices) of the target (GTV/ITV; the PTV when there is none), mm. */
  readonly maxDiameterMm: number | null;
  /**
   * Minimum surface distances, mm (0 = touching/overlapping, null = organ unknown). The flat keys are the
   * distances from the GTV/ITV (from the PTV when there is no GTV/ITV); fromTarget and fromPtv give both edges.
   */
  readonly distanceMm: OrganDistanceNumbers & { readonly fromTarget: OrganDistanceNumbers | null; readonly fromPtv: OrganDistanceNumbers | null };
  /** Nearest structure of each organ group (from the same edge as the flat distances). */
  readonly nearestStructure: Readonly<Record<OrganGroupId, string | null>>;
  readonly zone: ProtocolZone;
  readonly protocol: { readonly id: string; readonly label: string; readonly totalDoseGy: number; readonly fractions: number; readonly dosePerFractionGy: number };
  readonly alternatives: readonly ProtocolAlternative[];
  /** LQ BED of the schedule at α/β 10 Gy (nominal prescription), Gy. */
  readonly bed10Gy: number;
  readonly rationale: string;
  readonly warnings: readonly AssessmentWarning[];
  /** How distances were obtained (derived chest wall, PTV grown by margin, unknown organs...). */
  readonly notes: readonly string[];
}

export interface CaseAssessment {
  readonly nodules: readonly NoduleAssessment[];
  /** Case-level warnings (e.g. more than 10 nodules). */
  readonly warnings: readonly AssessmentWarning[];
  readonly organGroups: NoduleProximityResult['organGroups'];
  readonly issues: readonly ImportIssue[];
}

export interface AssessOptions {
  readonly proximity?: ProximityOptions;
  readonly rules?: ProtocolRules;
}

function toWarning(warning: ProtocolWarning): AssessmentWarning {
  return { code: warning.code, severity: warning.severity, message: warning.message, source: warning.source };
}

function protocolInput(proximity: NoduleProximity): ProtocolInput {
  const edge = proximity.distances.fromTarget ?? proximity.distances.fromPtv;
  const nearest: Partial<Record<OrganGroupId, string>> = {};
  const unknown: Partial<Record<OrganGroupId, string>> = {};
  for (const group of ['chestWall', 'mediastinum', 'bronchialTree'] as const) {
    const distance = edge?.[group];
    if (distance?.nearestStructure) nearest[group] = distance.nearestStructure;
    if (distance && distance.distanceMm === null) unknown[group] = `no ${group === 'bronchialTree' ? 'proximal bronchial tree' : group === 'chestWall' ? 'chest wall' : 'mediastinal'} structure (status ${distance.status})`;
  }
  return {
    noduleName: proximity.noduleName,
    targetName: proximity.targetName ?? undefined,
    ptvName: proximity.ptvName ?? undefined,
    volumeCc: proximity.volumeCc.target ?? proximity.volumeCc.ptv,
    maxDiameterMm: proximity.maxDiameterMm.target ?? proximity.maxDiameterMm.ptv,
    distancesMm: {
      ...(proximity.distancesMm.fromTarget ? { fromTarget: proximity.distancesMm.fromTarget } : {}),
      ...(proximity.distancesMm.fromPtv ? { fromPtv: proximity.distancesMm.fromPtv } : {}),
    },
    nearestStructureNames: nearest,
    unknownReasons: unknown,
  };
}

/**
 * For every nodule of a case: distances to chest wall, mediastinum and proximal bronchial tree (from the
 * GTV/ITV and from the PTV), the protocol the rules choose with its reason and BED10, and the warnings of
 * the clinical practice. Problems (no lungs, unknown organs, target outside the body) come back as issues.
 */
export function assessNodules(patientCase: Case, options: AssessOptions = {}): CaseAssessment {
  const rules = options.rules ?? defaultProtocolRules;
  const proximity = measureNoduleProximity(patientCase, options.proximity);
  const issues: ImportIssue[] = [...proximity.issues];
  const inputs = proximity.nodules.map(protocolInput);
  const warningReport = protocolWarnings(inputs, rules);
  const nodules: NoduleAssessment[] = [];
  proximity.nodules.forEach((nodule, n) => {
    const input = inputs[n];
    const choice = selectProtocol(input, rules);
    const flat = nodule.distancesMm.fromTarget ?? nodule.distancesMm.fromPtv;
    const edge = nodule.distances.fromTarget ?? nodule.distances.fromPtv;
    if (!flat) {
      issues.push(importIssue('', 'nodule-without-distances', `nodule '${nodule.noduleName}': no GTV/ITV or PTV to measure from; it was not assessed`));
      return;
    }
    nodules.push({
      name: nodule.noduleName,
      target: nodule.targetName,
      ptv: nodule.ptvName,
      volumeCc: input.volumeCc,
      ptvVolumeCc: nodule.volumeCc.ptv,
      maxDiameterMm: input.maxDiameterMm,
      distanceMm: { ...flat, fromTarget: nodule.distancesMm.fromTarget, fromPtv: nodule.distancesMm.fromPtv },
      nearestStructure: {
        chestWall: edge?.chestWall.nearestStructure ?? null,
        mediastinum: edge?.mediastinum.nearestStructure ?? null,
        bronchialTree: edge?.bronchialTree.nearestStructure ?? null,
      },
      zone: choice.zone,
      protocol: { id: choice.protocolId, label: choice.label, totalDoseGy: choice.totalDoseGy, fractions: choice.fractions, dosePerFractionGy: choice.dosePerFractionGy },
      alternatives: choice.alternatives,
      bed10Gy: choice.bed10Gy,
      rationale: choice.rationale,
      // choice.warnings = the rule file's nodule warnings + the policy warnings (unknown distances...).
      warnings: choice.warnings.map(toWarning),
      notes: nodule.notes,
    });
  });
  return { nodules, warnings: warningReport.caseWarnings.map(toWarning), organGroups: proximity.organGroups, issues };
}
