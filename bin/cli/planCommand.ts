import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importIssue, type ImportIssue } from '../../src/io/ImportIssue';
import { assessNodules, type CaseAssessment, type NoduleAssessment } from '../../src/planning/assessNodules';
import { parseProtocolRules } from '../../src/protocols/parseProtocolRules';
import type { ProtocolRules } from '../../src/protocols/ProtocolRules';
import { summarizeCase, type CaseSummary } from '../../src/summary/summarizeCase';
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

async function readRules(args: ParsedArgs, io: CliIo): Promise<{ rules?: ProtocolRules; issues: ImportIssue[] }> {
  const path = args.values.rules;
  if (typeof path !== 'string') return { issues: [] };
  try {
    const parsed = parseProtocolRules(await readFile(resolve(io.cwd, path), 'utf8'), path);
    return { rules: parsed.value, issues: [...parsed.issues] };
  } catch (error) {
    return { issues: [importIssue(path, 'not-found', `cannot read protocol rule file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)] };
  }
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'load a case, measure each nodule\'s distance to chest wall / mediastinum / bronchial tree, choose its protocol and say why',
  usage: 'plan --demo | --case FILE | --rtstruct FILE [--ct DIR] [--targets A,B] [--roles FILE] [--margin-mm M | X,Y,Z] [--rules FILE] [--json]',
  options: { ...caseOptionSpecs, 'margin-mm': { type: 'string' }, rules: { type: 'string' } },
  allowPositionals: false,
  async run(args, io) {
    const ptvMarginMm = marginOption(args.values['margin-mm']);
    const { patientCase, issues } = await loadCaseFromArgs(args, io);
    const rules = await readRules(args, io);
    issues.push(...rules.issues);
    const summary = patientCase ? summarizeCase(patientCase) : undefined;
    // A rule file that failed to load must not silently fall back to the default rules.
    const rulesFailed = typeof args.values.rules === 'string' && !rules.rules;
    const assessment = patientCase && !rulesFailed
      ? assessNodules(patientCase, { rules: rules.rules, proximity: ptvMarginMm === undefined ? {} : { ptvMarginMm } })
      : undefined;
    issues.push(...(assessment?.issues ?? []));
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify({
        case: summary ?? null,
        nodules: assessment?.nodules ?? [],
        warnings: assessment?.warnings ?? [],
        organGroups: assessment?.organGroups ?? null,
        issues: issuesJson(issues),
      }, null, 2)}\n`);
    } else if (summary) {
      io.stdout.write(`${formatSummary(summary)}\n\n${assessment ? formatAssessment(assessment) : ''}\n`);
    }
    const hasErrors = printIssues(issues, io);
    return hasErrors || !summary ? EXIT_INPUT_ERRORS : EXIT_OK;
  },
};
