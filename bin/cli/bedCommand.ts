import { bedReport, type BedReport } from '../../src/reports/bedReport';
import { EXIT_OK, UsageError, type CliCommand } from './CliCommand';
import { formatNumber } from './formatTable';
import { numberOption } from './numberOption';

function formatBed(report: BedReport): string {
  const lines = [
    `${report.modelLabel} (${report.model}): ${formatNumber(report.totalDoseGy, 2)} Gy in ${report.fractions} fraction(s) ` +
      `(${formatNumber(report.dosePerFractionGy, 2)} Gy per fraction), α/β ${formatNumber(report.alphaBetaGy, 2)} Gy (${report.alphaBetaSource})`,
    `  BED  ${formatNumber(report.bedGy, 1)} Gy`,
    `  EQD2 ${formatNumber(report.eqd2Gy, 1)} Gy`,
  ];
  if (report.sedGy !== undefined) lines.push(`  SED  ${formatNumber(report.sedGy, 1)} Gy`);
  if (report.sfedGy !== undefined) lines.push(`  SFED ${formatNumber(report.sfedGy, 1)} Gy`);
  if (report.transitionDoseGy !== undefined) lines.push(`  transition dose ${formatNumber(report.transitionDoseGy, 2)} Gy per fraction (${report.aboveTransition ? 'above' : 'below'} it)`);
  if (report.timeCorrectionGy !== undefined) lines.push(`  repopulation correction −${formatNumber(report.timeCorrectionGy, 1)} Gy over ${report.overallTimeDays} days`);
  for (const [id, p] of Object.entries(report.parameters)) lines.push(`  ${p.label} (${id}) = ${p.value} ${p.unit} [${p.status}] ${p.source}`);
  for (const caveat of report.caveats) lines.push(`  caution: ${caveat}`);
  return `${lines.join('\n')}\n`;
}

export const bedCommand: CliCommand = {
  name: 'bed',
  summary: 'BED and EQD2 of a schedule (LQ; high-dose-per-fraction models LQ-L and USC labelled as such)',
  usage: 'bed --dose-gy D --fractions N [--alpha-beta-gy AB] [--model lq|lq-l|usc|lq-time] [--json]',
  options: { 'dose-gy': { type: 'string' }, fractions: { type: 'string' }, 'alpha-beta-gy': { type: 'string' }, model: { type: 'string' } },
  allowPositionals: false,
  async run(args, io) {
    const totalDoseGy = numberOption(args.values['dose-gy'], 'dose-gy');
    const fractions = numberOption(args.values.fractions, 'fractions');
    if (totalDoseGy === undefined || fractions === undefined) throw new UsageError('--dose-gy and --fractions are required');
    const report = bedReport({
      totalDoseGy,
      fractions,
      alphaBetaGy: numberOption(args.values['alpha-beta-gy'], 'alpha-beta-gy'),
      modelId: typeof args.values.model === 'string' ? args.values.model : undefined,
    });
    io.stdout.write(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatBed(report));
    return EXIT_OK;
  },
};
