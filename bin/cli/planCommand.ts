import { summarizeCase, type CaseSummary } from '../../src/summary/summarizeCase';
import { EXIT_INPUT_ERRORS, EXIT_OK, type CliCommand } from './CliCommand';
import { formatNumber, formatTable } from './formatTable';
import { caseOptionSpecs, loadCaseFromArgs } from './loadCaseFromArgs';
import { issuesJson, printIssues } from './printIssues';

function formatSummary(summary: CaseSummary): string {
  const ct = summary.ct
    ? `CT ${summary.ct.dimensions.join(' x ')} voxels at ${summary.ct.spacingMm.map((s) => formatNumber(s, 2)).join(' x ')} mm`
    : 'no CT (densities would come from structure roles)';
  const lines = [
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
    '',
    summary.nodules.length === 0 ? 'No nodules (targets) found.' : formatTable(summary.nodules, [
      { header: 'nodule', cell: (n) => n.name },
      { header: 'GTV', cell: (n) => n.gtv ?? '–' },
      { header: 'ITV', cell: (n) => n.itv ?? '–' },
      { header: 'PTV', cell: (n) => n.ptv ?? '–' },
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'load a case (demo thorax, JSON case or RTSTRUCT [+ CT]) and summarise structures, roles and nodules',
  usage: 'plan --demo | --case FILE | --rtstruct FILE [--ct DIR] [--targets A,B] [--roles FILE] [--json]',
  options: caseOptionSpecs,
  allowPositionals: false,
  async run(args, io) {
    const { patientCase, issues } = await loadCaseFromArgs(args, io);
    const summary = patientCase ? summarizeCase(patientCase) : undefined;
    if (args.values.json) io.stdout.write(`${JSON.stringify({ case: summary ?? null, issues: issuesJson(issues) }, null, 2)}\n`);
    else if (summary) io.stdout.write(formatSummary(summary));
    const hasErrors = printIssues(issues, io);
    return hasErrors || !summary ? EXIT_INPUT_ERRORS : EXIT_OK;
  },
};
