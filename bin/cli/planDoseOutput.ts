import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeRtDose } from '../../src/io/dicom/writeRtDose';
import type { ImportIssue } from '../../src/io/ImportIssue';
import { importIssue } from '../../src/io/ImportIssue';
import type { PlanRisk } from '../../src/planning/assessPlanRisk';
import type { CasePlan, NodulePlan } from '../../src/planning/planNodules';
import { summedLungDose } from '../../src/lung/summedLungDose';
import { formatNumber, formatTable } from './formatTable';
import { formatNtcp } from './ntcpCommand';

/** `plan --json` fields of one planned nodule (issue 4 §5). */
export function noduleDoseJson(n: NodulePlan): object {
  return {
    coverage: n.coverage,
    dose: {
      maxGy: n.dose.maxGy,
      beams: n.beams,
      /** Per fraction, as a CyberKnife plan lists it. */
      monitorUnits: n.monitorUnitsPerFraction,
      fractions: n.fractions,
      candidateBeams: n.candidateBeams,
      conesMm: n.conesMm,
      aimPoints: n.aimPoints,
      beamArrangement: n.beamArrangement,
      ptvName: n.ptvName,
      ptvVolumeCc: n.ptvVolumeCc,
      treatmentBeams: n.treatmentBeams,
    },
    metrics: n.metrics,
    optimizationWarnings: n.optimizationWarnings,
  };
}

/** Flat organ-limit rows of every group (issue 5 §5: organ, metric, limitGy | limitCc, value, pass). */
export function constraintRowsJson(risk: PlanRisk): object[] {
  return risk.constraints.flatMap((group) =>
    group.evaluation.rows.map((r) => ({
      organ: r.organ,
      metric: r.metricLabel,
      ...(r.limitGy !== undefined ? { limitGy: r.limitGy } : {}),
      ...(r.limitCc !== undefined ? { limitCc: r.limitCc } : {}),
      ...(r.limitPercent !== undefined ? { limitPercent: r.limitPercent } : {}),
      value: r.value,
      unit: r.unit,
      margin: r.margin,
      pass: r.pass,
      basis: group.basis,
      fractions: group.fractions,
      nodules: group.noduleNames,
      group: group.description,
      source: r.source,
      notes: r.notes,
    })),
  );
}

export function riskJson(risk: PlanRisk): object {
  const lung = risk.lung;
  return {
    lung: lung && {
      mldGy: lung.mldGy,
      mldEqd2Gy: lung.mldEqd2Gy,
      v5Percent: lung.v5Percent,
      v10Percent: lung.v10Percent,
      v20Percent: lung.v20Percent,
      volumeCc: lung.volumeCc,
      physicalByFractions: lung.physicalByFractions,
      eqd2Volumes: lung.eqd2Volumes,
      contralateralMldGy: lung.contralateralMldGy,
      contralateralMldEqd2Gy: lung.contralateralMldEqd2Gy,
      perLung: lung.perLung,
      definition: lung.definitionText,
      summationRule: lung.summationRule,
      alphaBetaGy: lung.alphaBetaGy,
      notes: lung.notes,
    },
    lungFlags: risk.lungFlags,
    pneumonitis: risk.pneumonitis,
    constraints: constraintRowsJson(risk),
    constraintGroups: risk.constraints.map((g) => ({ basis: g.basis, fractions: g.fractions, nodules: g.noduleNames, description: g.description, basisNote: g.evaluation.basisNote, missingOrgans: g.evaluation.missingOrgans, failCount: g.evaluation.failCount })),
    suggestions: risk.suggestions,
  };
}

/** Table view of the plans, lung risk, organ limits and suggestions. */
export function formatPlanDose(plan: CasePlan, risk: PlanRisk): string {
  const n1 = (x: number | null | undefined) => formatNumber(x ?? undefined, 1);
  const lines = [
    `Dose (generic beam data, NOT COMMISSIONED; ray tracing overestimates target dose in lung vs Monte Carlo): grid ${plan.doseGeometry.dimensions.join(' x ')} at ${plan.doseGeometry.spacingMm[0]} mm, density from ${plan.densitySource === 'ct' ? 'the CT' : 'structure roles (no CT)'}`,
    formatTable(plan.nodules, [
      { header: 'nodule', cell: (n) => n.name },
      { header: 'schedule', cell: (n) => `${n.protocol.totalDoseGy} Gy/${n.fractions} fx` },
      { header: 'PTV cc', cell: (n) => formatNumber(n.ptvVolumeCc, 1), align: 'right' },
      { header: 'cones mm', cell: (n) => n.conesMm.join('+') },
      { header: 'beams', cell: (n) => String(n.beams), align: 'right' },
      { header: 'MU/fx', cell: (n) => formatNumber(n.monitorUnitsPerFraction, 0), align: 'right' },
      { header: 'V100 %', cell: (n) => n1(n.coverage.ptvV100Percent), align: 'right' },
      { header: 'IDL %', cell: (n) => n1(n.coverage.prescriptionIsodosePercent), align: 'right' },
      { header: 'D95 Gy', cell: (n) => n1(n.coverage.ptvD95Gy), align: 'right' },
      { header: 'max Gy', cell: (n) => n1(n.dose.maxGy), align: 'right' },
      { header: 'CI Paddick', cell: (n) => formatNumber(n.coverage.ciPaddick, 2), align: 'right' },
      { header: 'GI', cell: (n) => formatNumber(n.coverage.gi ?? undefined, 2), align: 'right' },
      { header: 'R50', cell: (n) => formatNumber(n.coverage.r50, 2), align: 'right' },
      { header: 'D2cm %', cell: (n) => n1(n.coverage.d2cmPercent), align: 'right' },
      { header: 'RTOG 0813/0915', cell: (n) => n.coverage.rtogDeviation },
    ]),
  ];
  const lung = risk.lung;
  if (lung) {
    lines.push(
      '',
      `Lung (${lung.definitionText}, ${formatNumber(lung.volumeCc, 0)} cc): MLD EQD2 (α/β ${lung.alphaBetaGy} Gy) ${n1(lung.mldEqd2Gy)} Gy` +
        (lung.contralateral.applicable ? `, contralateral lung ${n1(lung.contralateral.mldEqd2Gy)} Gy; ` : ` (no contralateral value: ${lung.contralateral.reason}); `) +
        (lung.mldGy === null
          ? 'physical values only per fraction count (mixed fractionations):'
          : `physical MLD ${n1(lung.mldGy)} Gy, V5 ${n1(lung.v5Percent)} %, V10 ${n1(lung.v10Percent)} %, V20 ${n1(lung.v20Percent)} %`),
      ...lung.physicalByFractions.map((g) => `  ${g.fractions} fx (${g.noduleNames.join(', ')}): MLD ${n1(g.mldGy)} Gy, V5 ${n1(g.v5Percent)} %, V10 ${n1(g.v10Percent)} %, V20 ${n1(g.v20Percent)} %`),
      `  ${lung.summationRule}`,
    );
  }
  if (risk.pneumonitis) lines.push('', 'Pneumonitis risk of the summed lung dose, every model side by side:', formatNtcp(risk.pneumonitis).trimEnd());
  if (risk.lungFlags.length > 0) lines.push('', 'SBRT lung dose flags:', ...risk.lungFlags.map((f) => `  ${f.state}: ${f.label}${f.value === null ? '' : ` (value ${formatNumber(f.value, 1)})`}`));
  for (const group of risk.constraints) {
    lines.push('', `Organ limits, ${group.description}:`);
    if (group.evaluation.rows.length === 0) lines.push(`  no rows (${group.evaluation.notApplicableReason ?? 'no organ with limits contoured'})`);
    else {
      lines.push(
        formatTable(group.evaluation.rows, [
          { header: 'organ', cell: (r) => r.organ },
          { header: 'metric', cell: (r) => r.metricLabel },
          { header: 'limit', cell: (r) => `${r.comparator} ${formatNumber(r.limitGy ?? r.limitCc ?? r.limitPercent, 1)} ${r.unit}` },
          { header: 'value', cell: (r) => `${formatNumber(r.value ?? undefined, 2)} ${r.unit}`, align: 'right' },
          { header: 'result', cell: (r) => (r.pass ? 'pass' : 'FAIL') },
        ]),
      );
    }
  }
  const s = risk.suggestions;
  if (s) {
    const fired = [
      ...(s.triggers.ntcp.exceeded ? [`reference NTCP ${formatNumber(100 * s.triggers.ntcp.value, 1)} % ≥ ${formatNumber(100 * s.triggers.ntcp.threshold, 0)} %`] : []),
      ...(s.triggers.v20.exceeded ? [`V20 ${n1(s.triggers.v20.valuePercent)} % > ${n1(s.triggers.v20.thresholdPercent)} %`] : []),
      ...s.triggers.organLimits.map((o) => `${o.organ} ${o.metricLabel} (${o.fractions} fx) ${formatNumber(o.value ?? undefined, 1)} over ${formatNumber(o.limit, 1)} ${o.unit}`),
    ];
    lines.push('', s.triggered ? `Suggestions, because ${[...new Set(fired)].join('; ')} (the user decides; nothing was changed):` : `No schedule change suggested: reference NTCP ${formatNumber(100 * s.triggers.ntcp.value, 1)} % < ${formatNumber(100 * s.triggers.ntcp.threshold, 0)} %, V20 ${n1(s.triggers.v20.valuePercent)} % ≤ ${n1(s.triggers.v20.thresholdPercent)} %, no organ limit failed.`);
    for (const x of s.suggestions) {
      const limits = x.organLimits.map((o) => `${o.organ} ${o.metricLabel} ${o.passAfter === null ? 'to re-evaluate' : o.passAfter ? 'then passes' : 'still fails'}`);
      lines.push(
        `  ${x.title}: NTCP ${formatNumber(100 * x.risk.ntcp.reference, 1)} % (${formatNumber(100 * x.deltaNtcpReference, 1)} points), MLD EQD2 ${n1(x.risk.mldEqd2Gy)} Gy, V20 ${n1(x.risk.v20ForThresholdPercent)} %; ` +
          `${x.changes.map((c) => `${c.noduleName} BED10 ${n1(c.bed10BeforeGy)} → ${n1(c.bed10AfterGy)} Gy`).join(', ')}${limits.length > 0 ? `; ${[...new Set(limits)].join(', ')}` : ''}`,
      );
    }
    if (s.triggered && s.suggestions.length === 0) {
      const why = s.rejected.length > 0 ? `${s.rejected.length} candidate changes did not help (reasons in --json)` : 'no schedule change applies to these nodules’ protocols';
      lines.push(`  none: ${why}; re-planning or a clinical decision is needed`);
    }
    for (const a of s.advice) lines.push(`  ${a.explanation}`);
  }
  return lines.join('\n');
}

/**
 * Writes RTDOSE files into `dir`: one per nodule (its total physical dose), one physical sum per fraction count,
 * and with several fraction counts the voxelwise EQD2 sum (α/β 3 Gy, DoseType EFFECTIVE) — never a physical sum
 * across fraction counts. Returns the files written and issues.
 */
export async function writePlanDoses(dir: string, cwd: string, plan: CasePlan, frameOfReferenceUid: string, caseId: string): Promise<{ files: string[]; issues: ImportIssue[] }> {
  const out = resolve(cwd, dir);
  const issues: ImportIssue[] = [];
  const files: string[] = [];
  if (!frameOfReferenceUid) return { files, issues: [importIssue(dir, 'missing-frame-of-reference', 'the case has no frame of reference UID; RTDOSE files not written')] };
  await mkdir(out, { recursive: true });
  const safe = (name: string) => name.replace(/[^A-Za-z0-9_.-]+/g, '_');
  const write = async (name: string, data: Float32Array, description: string, doseType: 'PHYSICAL' | 'EFFECTIVE') => {
    const path = join(out, `RD_${safe(name)}.dcm`);
    const bytes = writeRtDose(
      { doseGy: { ...plan.doseGeometry, data }, units: 'GY', summationType: 'PLAN', frameOfReferenceUid },
      { seriesDescription: description, doseType, patientId: caseId, uidSeed: `${caseId}/${name}` },
    );
    await writeFile(path, bytes);
    files.push(path);
  };
  for (const n of plan.nodules) await write(n.name, n.doseGy, `${n.name} ${n.protocol.totalDoseGy} Gy/${n.fractions} fx physical`, 'PHYSICAL');
  if (plan.nodules.length > 1) {
    const summed = summedLungDose(plan.nodules.map((n) => ({ noduleName: n.name, doseGy: { ...plan.doseGeometry, data: n.doseGy }, fractions: n.fractions })), null);
    for (const group of summed.physicalGroups) {
      if (group.noduleNames.length > 1) await write(`sum_${group.fractions}fx`, group.doseGy.data, `physical sum of ${group.noduleNames.join(', ')} (${group.fractions} fx)`, 'PHYSICAL');
    }
    if (summed.physicalGroups.length > 1) await write(`eqd2_sum_ab${summed.eqd2.alphaBetaGy}`, summed.eqd2.eqd2Gy.data, `EQD2 sum of all nodules, alpha/beta ${summed.eqd2.alphaBetaGy} Gy`, 'EFFECTIVE');
  }
  return { files, issues };
}
