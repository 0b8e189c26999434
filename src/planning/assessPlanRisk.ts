import { singlePlaneSpacingOption, structureSetPlaneSpacingMm } from '../case/structureSetPlaneSpacingMm';
import type { ConstraintTable } from '../constraints/ConstraintTable';
import { evaluateConstraints, type ConstraintEvaluation, type ConstraintOrgan, type ConstraintResult } from '../constraints/evaluateConstraints';
import { computeDvh } from '../dvh/computeDvh';
import { InputError } from '../errors/InputError';
import type { Grid3 } from '../geometry/Grid3';
import { importIssue, type ImportIssue } from '../io/ImportIssue';
import { lungDoseMetrics, type LungDoseMetricsResult } from '../lung/lungDoseMetrics';
import { lungStructureMask, type LungDefinition } from '../lung/lungStructureMask';
import type { NoduleDose } from '../lung/NoduleDose';
import { summedLungDose, type SummedLungDose } from '../lung/summedLungDose';
import type { Case } from '../model/Case';
import { TARGET_ROLES, type StructureRole } from '../model/StructureRole';
import { lungDoseFlags, type LungDoseFlag } from '../ntcp/lungDoseFlags';
import { alphaBetaForRole } from '../radiobiology/alphaBetaTable';
import { ntcpReport, type NtcpReport } from '../reports/ntcpReport';
import type { ScheduleSuggestions, SuggestionThresholds } from '../suggestions/ScheduleSuggestion';
import { suggestScheduleChanges } from '../suggestions/suggestScheduleChanges';
import type { CaseAssessment } from './assessNodules';
import type { CasePlan } from './planNodules';

export interface PlanRiskOptions {
  /** Default 'lungs-minus-gtv'. */
  readonly lungDefinition?: LungDefinition;
  /** Appelt 2014 risk factor ids. */
  readonly riskFactors?: readonly string[];
  readonly thresholds?: SuggestionThresholds;
  /** Default: the bundled thoracic SBRT table. */
  readonly constraintTable?: ConstraintTable;
}

/** Organ limits of one protocol group (physical) or of the EQD2 sum over groups. */
export interface ConstraintGroup {
  readonly basis: 'physical' | 'eqd2';
  /** Fraction count whose limits are used (for the EQD2 sum: the largest count, converted to EQD2). */
  readonly fractions: number;
  readonly noduleNames: readonly string[];
  /** Which dose and which limits, in words. */
  readonly description: string;
  readonly evaluation: ConstraintEvaluation;
}

export interface PlanRisk {
  readonly lung: LungDoseMetricsResult | null;
  readonly lungFlags: readonly LungDoseFlag[];
  readonly pneumonitis: NtcpReport | null;
  readonly constraints: readonly ConstraintGroup[];
  readonly suggestions: ScheduleSuggestions | null;
  readonly issues: readonly ImportIssue[];
}

/** Roles never checked against organ limits (targets, body, unknown). */
const NOT_ORGANS: ReadonlySet<StructureRole> = new Set<StructureRole>([...TARGET_ROLES, 'body', 'unknown']);
/** Lung α/β for the physical grouping pass (any value gives the same physical sums). */
const LUNG_ALPHA_BETA_GY = 3;

/**
 * Pneumonitis risk and organ limits of a planned case over all nodules (issue 5): lung metrics on the lung minus
 * targets (lungDoseMetrics: physical per fraction count, voxelwise EQD2 summed), every NTCP model side by side on the
 * EQD2 MLD (ntcpReport), the SBRT lung flags (physical, only when all nodules share one fraction count), organ
 * limits per fraction group on the group's physical sum and, with several groups, on the voxelwise EQD2 sum (each
 * organ's α/β; limits of the largest fraction count converted to EQD2, the most conservative column), and schedule
 * suggestions by exact rescaling when the risk, V20 or an organ limit is over its threshold.
 * Parts that cannot be computed (no lung contour, an organ off the grid) become issues; the rest is still reported.
 */
export function assessPlanRisk(patientCase: Case, plan: CasePlan, assessment: CaseAssessment, options: PlanRiskOptions = {}): PlanRisk {
  const issues: ImportIssue[] = [];
  const geometry = plan.doseGeometry;
  const noduleDoses: NoduleDose[] = plan.nodules.map((n) => ({ noduleName: n.name, doseGy: { ...geometry, data: n.doseGy }, fractions: n.fractions }));
  if (noduleDoses.length === 0) return { lung: null, lungFlags: [], pneumonitis: null, constraints: [], suggestions: null, issues };

  const guard = <T>(what: string, compute: () => T): T | null => {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(importIssue('', 'risk-not-computed', `${what}: ${error.message}`, 'warning'));
      return null;
    }
  };
  const masks = guard('lung dose', () => lungStructureMask(patientCase, geometry, { definition: options.lungDefinition }));
  const lung = masks ? guard('lung dose', () => lungDoseMetrics(noduleDoses, masks)) : null;
  const pneumonitis = lung ? guard('pneumonitis NTCP', () => ntcpReport({ mldEqd2Gy: lung.mldEqd2Gy, riskFactors: options.riskFactors })) : null;
  const ptvVolumeCc = plan.nodules.reduce((sum, n) => sum + n.ptvVolumeCc, 0);
  const lungFlags = lung
    ? lungDoseFlags({
        ...(lung.mldGy !== null ? { mldGy: lung.mldGy } : {}),
        ...(lung.v5Percent !== null ? { v5Percent: lung.v5Percent } : {}),
        ...(lung.v10Percent !== null ? { v10Percent: lung.v10Percent } : {}),
        ...(lung.v20Percent !== null ? { v20Percent: lung.v20Percent } : {}),
        ...(lung.contralateralMldGy !== null ? { contralateralMldGy: lung.contralateralMldGy } : {}),
        ptvVolumeCc,
      })
    : [];

  const constraints = organLimits(patientCase, plan, noduleDoses, options.constraintTable, issues);
  const failing: ConstraintResult[] = constraints.filter((g) => g.basis === 'physical').flatMap((g) => g.evaluation.rows.filter((r) => !r.pass));
  const suggestions =
    masks && lung
      ? guard('schedule suggestions', () =>
          suggestScheduleChanges({
            nodules: plan.nodules.map((n) => {
              const a = assessment.nodules.find((x) => x.name === n.name);
              return {
                name: n.name,
                protocol: { id: n.protocol.id, totalDoseGy: n.protocol.totalDoseGy, fractions: n.protocol.fractions, zone: a?.zone ?? 'peripheral' },
                doseGy: { ...geometry, data: n.doseGy },
                prescriptionIsodosePercent: n.coverage.prescriptionIsodosePercent,
                maxDiameterMm: a?.maxDiameterMm ?? 2 * Math.cbrt((3 * n.ptvVolumeCc * 1000) / (4 * Math.PI)),
              };
            }),
            lungMask: masks.total,
            constraintResults: failing,
            ...(options.thresholds ? { thresholds: options.thresholds } : {}),
            ...(options.riskFactors ? { riskFactors: options.riskFactors } : {}),
          }),
        )
      : null;
  return { lung, lungFlags, pneumonitis, constraints, suggestions, issues };
}

/** Per fraction group: physical sum of its nodules; with several groups also the EQD2 sum per organ α/β. */
function organLimits(patientCase: Case, plan: CasePlan, noduleDoses: readonly NoduleDose[], table: ConstraintTable | undefined, issues: ImportIssue[]): ConstraintGroup[] {
  const setSpacingMm = structureSetPlaneSpacingMm(patientCase.structures);
  const organs = patientCase.structures.filter((s) => !NOT_ORGANS.has(s.role) && s.contours.length > 0);
  const dvhOrgans = (list: typeof organs, dose: Grid3, what: string): ConstraintOrgan[] => {
    const result: ConstraintOrgan[] = [];
    for (const organ of list) {
      try {
        const dvh = computeDvh(dose, organ.contours, { structureName: organ.name, ...singlePlaneSpacingOption(organ.contours, setSpacingMm) });
        const volumeCc = dvh.volumeCc + dvh.volumeOutsideDoseGridCc;
        if (volumeCc > 0) result.push({ name: organ.name, role: organ.role, dvh, volumeCc });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        issues.push(importIssue('', 'organ-not-evaluated', `${organ.name} (${what}): ${error.message}`, 'warning'));
      }
    }
    return result;
  };

  // Physical sums per fraction count and EQD2 sums per α/β: summedLungDose, the one place that adds plan doses.
  const sums = new Map<number, SummedLungDose>();
  const summedFor = (alphaBetaGy: number): SummedLungDose => {
    let summed = sums.get(alphaBetaGy);
    if (!summed) {
      summed = summedLungDose(noduleDoses, null, { alphaBetaGy });
      sums.set(alphaBetaGy, summed);
    }
    return summed;
  };
  const physicalGroups = summedFor(LUNG_ALPHA_BETA_GY).physicalGroups;
  const groups: ConstraintGroup[] = [];
  for (const { fractions, noduleNames, doseGy } of physicalGroups) {
    const evaluation = evaluateConstraints({ organs: dvhOrgans(organs, doseGy, `${fractions} fx`), fractions, ...(table ? { table } : {}) });
    groups.push({ basis: 'physical', fractions, noduleNames, description: `physical dose of ${noduleNames.join(', ')} (${fractions} fx), ${fractions}-fraction limits`, evaluation });
  }
  if (physicalGroups.length > 1) {
    const largest = physicalGroups[physicalGroups.length - 1].fractions;
    const organsEqd2: ConstraintOrgan[] = [];
    for (const organ of organs) {
      const alphaBetaGy = alphaBetaForRole(organ.role)?.alphaBetaGy;
      if (alphaBetaGy === undefined) continue;
      const [one] = dvhOrgans([organ], summedFor(alphaBetaGy).eqd2.eqd2Gy, 'EQD2 sum');
      if (one) organsEqd2.push(one);
    }
    const evaluation = evaluateConstraints({ organs: organsEqd2, fractions: largest, doseBasis: 'eqd2', ...(table ? { table } : {}) });
    groups.push({
      basis: 'eqd2',
      fractions: largest,
      noduleNames: plan.nodules.map((n) => n.name),
      description: `voxelwise EQD2 sum of all nodules (each group converted with its own fraction count and the organ's α/β), ${largest}-fraction limits converted to EQD2 (the most conservative column present)`,
      evaluation,
    });
  }
  return groups;
}
