import type { InspectReport } from '../../src/summary/inspectDicomFiles';
import { inspectDicomFiles } from '../../src/summary/inspectDicomFiles';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, type CliCommand } from './CliCommand';
import { formatNumber, formatTable } from './formatTable';
import { issuesJson, printIssues } from './printIssues';
import { readInputFiles } from './readInputFiles';
import { readRoleOptions, roleOptionSpecs } from './roleOptions';

function formatReport(report: InspectReport): string {
  const parts: string[] = [];
  parts.push(formatTable(report.files, [
    { header: 'file', cell: (f) => f.file },
    { header: 'modality', cell: (f) => f.modality },
    { header: 'frame of reference', cell: (f) => f.frameOfReferenceUid },
    { header: 'series', cell: (f) => f.seriesInstanceUid },
  ]));
  for (const series of report.series) {
    const g = series.grid;
    parts.push(`CT series ${series.seriesInstanceUid} (${series.slices} slices${series.description ? `, ${series.description}` : ''})` +
      (g ? `: ${g.dimensions.join(' x ')} voxels, ${g.spacingMm.map((s) => formatNumber(s, 3)).join(' x ')} mm, HU ${formatNumber(series.huMin, 0)} .. ${formatNumber(series.huMax, 0)}` : ''));
  }
  for (const file of report.files) {
    if (file.rois) {
      parts.push(`\n${file.file} — RTSTRUCT '${file.label}', ${file.rois.length} ROIs`);
      parts.push(formatTable(file.rois, [
        { header: 'ROI', cell: (r) => r.name },
        { header: 'role', cell: (r) => r.role },
        { header: 'volume cc', cell: (r) => formatNumber(r.volumeCc, 2), align: 'right' },
        { header: 'planes', cell: (r) => String(r.planes), align: 'right' },
        { header: 'contours', cell: (r) => String(r.contours), align: 'right' },
        { header: 'points', cell: (r) => String(r.points), align: 'right' },
      ]));
    }
    if (file.grid) {
      const g = file.grid;
      parts.push(`\n${file.file} — RTDOSE ${g.dimensions.join(' x ')} voxels, spacing ${g.spacingMm.map((s) => formatNumber(s, 3)).join(' x ')} mm, ` +
        `origin (${g.originMm.map((o) => formatNumber(o, 2)).join(', ')}) mm, ${file.summationType}, units ${file.units}: ` +
        `min ${formatNumber(file.min, 3)}, max ${formatNumber(file.max, 3)}, mean ${formatNumber(file.mean, 3)}`);
    }
    if (file.plan) {
      const p = file.plan;
      const rx = p.prescriptions.map((d) => d.targetPrescriptionDoseGy).filter((d) => d !== undefined);
      parts.push(`\n${file.file} — RTPLAN '${p.label}': ${p.fractionsPlanned ?? '?'} fractions, ${p.beams.length} beams` +
        (rx.length > 0 ? `, prescription ${rx.map((d) => `${formatNumber(d, 2)} Gy`).join(' / ')}` : ''));
    }
  }
  return `${parts.join('\n')}\n`;
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'list DICOM files: modality, series, frame of reference, ROIs (role, volume, planes), dose grids, plans',
  usage: 'inspect PATH... [--json] [--roles FILE] [--targets A,B]',
  options: roleOptionSpecs,
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('give at least one file or folder');
    const { files, issues: readIssues } = await readInputFiles(args.positionals, io.cwd);
    const roleOptions = await readRoleOptions(args, io);
    const report = inspectDicomFiles(files, roleOptions.options);
    const issues = [...readIssues, ...roleOptions.issues, ...report.issues];
    if (args.values.json) io.stdout.write(`${JSON.stringify({ ...report, issues: issuesJson(issues) }, null, 2)}\n`);
    else io.stdout.write(formatReport(report));
    const hasErrors = printIssues(issues, io);
    return hasErrors ? EXIT_INPUT_ERRORS : EXIT_OK;
  },
};
