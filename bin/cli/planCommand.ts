import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importIssue, type ImportIssue } from '../../src/io/ImportIssue';
import { assessNodules, type CaseAssessment, type NoduleAssessment } from '../../src/planning/assessNodules';
import { parseProtocolRules } from '../../src/protocols/parseProtocolRules';
import type { ConstraintTable } from '../../src/constraints/ConstraintTable';
import { parseConstraintTable } from '../../src/constraints/parseConstraintTable';
import { summarizeCase, type CaseSummary } from '../../src/summary/summarizeCase';
import { InputError } from '../../src/errors/InputError';
import type { LungDefinition } from '../../src/lung/lungStructureMask';
import type { Case } from '../../src/model/Case';
import { assessPlanRisk, type PlanRisk } from '../../src/planning/assessPlanRisk';
import type { CasePlan } from '../../src/planning/planNodules';
import { planNodulesInWorkers } from '../planning/planNodulesInWorkers';
import { formatPlanDose, noduleDoseJson, riskJson, writePlanDoses } from './planDoseOutput';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, type CliCommand, type CliIo, type ParsedArgs } from './CliCommand';
import { formatNumber, formatTable } from './formatTable';
import { caseOptionSpecs, loadCaseFromArgs } from './loadCaseFromArgs';
import { listOption, numberOption } from './numberOption';
import { issuesJson, printIssues } from './printIssues';

function formatSummary(summary: CaseSummary): string {
  const ct = summary.ct
    ? `CT ${summary.ct.dimensions.join(' x ')} voxels at ${summary.ct.spacingMm.map((s) => formatNumber(s, 2)).join(' x ')} mm`
    : 'no CT (densities would come from structure roles)';
  return [
    `Case ${summary.id}: ${summary.description}`,
    `Frame of reference ${summary.frameOfReferenceUid || '–'}; ${ct}`,
    '',
    formatTable(summary.structures, [
      { header: 'structure', cell: (s) => s.name },
      { header: 'role', cell: (s) => s.role },
      { header: 'volume cc', cell: (s) => formatNumber(s.volumeCc, 2), align: 'right' },
      { header: 'planes', cell: (s) => String(s.planes), align: 'right' },
      { header: 'why this role', cell: (s) => s.roleReason },
    ]),
  ].join('\n');
}

function formatAssessment(assessment: CaseAssessment): string {
  if (assessment.nodules.length === 0) return 'No nodules (targets) found.';
  const mm = (pick: (n: NoduleAssessment) => number | null) => (n: NoduleAssessment) => formatNumber(pick(n) ?? undefined, 1);
  const lines = [
    'Nodules (distances in mm from the GTV/ITV edge; from the PTV when there is none):',
    formatTable(assessment.nodules, [
      { header: 'nodule', cell: (n) => n.name },
      { header: 'target', cell: (n) => n.target ?? n.ptv ?? '–' },
      { header: 'cc', cell: (n) => formatNumber(n.volumeCc ?? undefined, 2), align: 'right' },
      { header: 'Ø mm', cell: mm((n) => n.maxDiameterMm), align: 'right' },
      { header: 'chest wall', cell: mm((n) => n.distanceMm.chestWall), align: 'right' },
      { header: 'mediast.', cell: mm((n) => n.distanceMm.mediastinum), align: 'right' },
      { header: 'PBT', cell: mm((n) => n.distanceMm.bronchialTree), align: 'right' },
      { header: 'PTV→PBT', cell: mm((n) => n.distanceMm.fromPtv?.bronchialTree ?? null), align: 'right' },
      { header: 'zone', cell: (n) => n.zone },
      { header: 'schedule', cell: (n) => n.protocol.label },
      { header: 'BED10 Gy', cell: (n) => formatNumber(n.bed10Gy, 1), align: 'right' },
    ]),
    '',
    ...assessment.nodules.flatMap((n) => [
      `${n.name}: ${n.rationale}`,
      ...n.warnings.map((w) => `  ${w.severity}: ${w.message}`),
      ...n.notes.map((note) => `  note: ${note}`),
    ]),
  ];
  if (assessment.warnings.length > 0) lines.push('', ...assessment.warnings.map((w) => `${w.severity}: ${w.message}`));
  return lines.join('\n');
}

/** --margin-mm 5 or 5,5,3 (patient x, y, z). */
function marginOption(value: unknown): number | [number, number, number] | undefined {
  const items = listOption(value);
  if (items === undefined) return undefined;
  const numbers = items.map((item) => numberOption(item, 'margin-mm') as number);
  if (numbers.length === 1) return numbers[0];
  if (numbers.length === 3) return [numbers[0], numbers[1], numbers[2]];
  throw new UsageError(`--margin-mm takes one number or three (x,y,z), got '${String(value)}'`);
}

/** Reads and parses an optional data file given by option `name` (protocol rules, constraint table). */
async function readOptionalFile<T>(args: ParsedArgs, io: CliIo, name: string, what: string, parse: (text: string, file: string) => { value?: T; issues: readonly ImportIssue[] }): Promise<{ value?: T; issues: ImportIssue[] }> {
  const path = args.values[name];
  if (typeof path !== 'string') return { issues: [] };
  try {
    const parsed = parse(await readFile(resolve(io.cwd, path), 'utf8'), path);
    return { value: parsed.value, issues: [...parsed.issues] };
  } catch (error) {
    return { issues: [importIssue(path, 'not-found', `cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)] };
  }
}

const LUNG_DEFINITIONS = ['lungs-minus-gtv', 'lungs-minus-ptv'] as const;

/** Dose planning of the assessed nodules, their summed lung risk and organ limits, and --out files. */
async function planDose(
  patientCase: Case,
  assessment: CaseAssessment,
  args: ParsedArgs,
  io: CliIo,
  issues: ImportIssue[],
  constraintTable: ConstraintTable | undefined,
): Promise<{ plan: CasePlan; risk: PlanRisk; files: string[] }> {
  const noduleNames = listOption(args.values.nodules);
  for (const name of noduleNames ?? []) {
    if (!assessment.nodules.some((n) => n.name === name)) throw new UsageError(`--nodules: no nodule '${name}' (nodules: ${assessment.nodules.map((n) => n.name).join(', ')})`);
  }
  const lungDefinition = args.values['lung-definition'];
  if (lungDefinition !== undefined && !LUNG_DEFINITIONS.includes(lungDefinition as never)) throw new UsageError(`--lung-definition must be one of ${LUNG_DEFINITIONS.join(', ')}, got '${String(lungDefinition)}'`);
  const isodose = numberOption(args.values.isodose, 'isodose');
  const spacing = numberOption(args.values['dose-spacing-mm'], 'dose-spacing-mm');
  const riskFactors = listOption(args.values['risk-factors']);
  let plan: CasePlan;
  let risk: PlanRisk;
  try {
    plan = await planNodulesInWorkers(patientCase, assessment, {
      ...(noduleNames ? { noduleNames } : {}),
      ...(isodose !== undefined ? { prescriptionIsodosePercent: isodose } : {}),
      ...(spacing !== undefined ? { doseSpacingMm: spacing } : {}),
      ...(constraintTable ? { constraintTable } : {}),
      onNodule: (name, index, count) => io.stderr.write(`planning ${name} (${index + 1}/${count})…\n`),
    });
    risk = assessPlanRisk(patientCase, plan, assessment, { ...(riskFactors ? { riskFactors } : {}), ...(constraintTable ? { constraintTable } : {}), ...(lungDefinition ? { lungDefinition: lungDefinition as LungDefinition } : {}) });
  } catch (error) {
    if (error instanceof InputError && ['bad-option', 'bad-isodose', 'unknown-risk-factor', 'conflicting-risk-factors', 'risk-factors-exceed-model'].includes(error.code)) throw new UsageError(error.message);
    throw error;
  }
  issues.push(...plan.issues, ...risk.issues);
  let files: string[] = [];
  if (typeof args.values.out === 'string') {
    const written = await writePlanDoses(args.values.out, io.cwd, plan, patientCase.frameOfReferenceUid, patientCase.id);
    files = written.files;
    issues.push(...written.issues);
  }
  return { plan, risk, files };
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'load a case, measure each nodule\'s distance to chest wall / mediastinum / bronchial tree, choose its protocol and say why',
  usage:
    'plan --demo | --case FILE | --rtstruct FILE [--ct DIR] [--targets A,B] [--roles FILE] [--margin-mm M | X,Y,Z] [--rules FILE] ' +
    '[--no-dose] [--nodules A,B] [--constraints FILE] [--isodose 70..85] [--dose-spacing-mm S] [--risk-factors A,B] [--lung-definition lungs-minus-gtv|lungs-minus-ptv] [--out DIR] [--json]',
  options: {
    ...caseOptionSpecs,
    'margin-mm': { type: 'string' },
    rules: { type: 'string' },
    constraints: { type: 'string' },
    'no-dose': { type: 'boolean' },
    nodules: { type: 'string' },
    isodose: { type: 'string' },
    'dose-spacing-mm': { type: 'string' },
    'risk-factors': { type: 'string' },
    'lung-definition': { type: 'string' },
    out: { type: 'string' },
  },
  allowPositionals: false,
  async run(args, io) {
    const ptvMarginMm = marginOption(args.values['margin-mm']);
    const { patientCase, issues } = await loadCaseFromArgs(args, io);
    const rules = await readOptionalFile(args, io, 'rules', 'protocol rule file', parseProtocolRules);
    const constraints = await readOptionalFile(args, io, 'constraints', 'constraint table', parseConstraintTable);
    issues.push(...rules.issues, ...constraints.issues);
    const summary = patientCase ? summarizeCase(patientCase) : undefined;
    // A rule file that failed to load must not silently fall back to the default rules.
    const rulesFailed = (typeof args.values.rules === 'string' && !rules.value) || (typeof args.values.constraints === 'string' && !constraints.value);
    const assessment = patientCase && !rulesFailed
      ? assessNodules(patientCase, { rules: rules.value, proximity: ptvMarginMm === undefined ? {} : { ptvMarginMm } })
      : undefined;
    issues.push(...(assessment?.issues ?? []));
    const dose = patientCase && assessment && !args.values['no-dose'] ? await planDose(patientCase, assessment, args, io, issues, constraints.value) : undefined;
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify({
        case: summary ?? null,
        nodules: (assessment?.nodules ?? []).map((n) => {
          const planned = dose?.plan.nodules.find((p) => p.name === n.name);
          return planned ? { ...n, ...noduleDoseJson(planned) } : n;
        }),
        warnings: assessment?.warnings ?? [],
        organGroups: assessment?.organGroups ?? null,
        ...(dose ? { doseGrid: { ...dose.plan.doseGeometry, basis: dose.plan.doseGridBasis, densitySource: dose.plan.densitySource }, ...riskJson(dose.risk), doseFiles: dose.files, timingsMs: dose.plan.timingsMs } : {}),
        issues: issuesJson(issues),
      }, null, 2)}\n`);
    } else if (summary) {
      io.stdout.write(`${formatSummary(summary)}\n\n${assessment ? formatAssessment(assessment) : ''}\n${dose ? `\n${formatPlanDose(dose.plan, dose.risk)}\n${dose.files.map((f) => `wrote ${f}\n`).join('')}` : ''}`);
    }
    const hasErrors = printIssues(issues, io);
    return hasErrors || !summary ? EXIT_INPUT_ERRORS : EXIT_OK;
  },
};
