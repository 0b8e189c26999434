import { ntcpReport, type NtcpReport } from '../../src/reports/ntcpReport';
import { EXIT_OK, UsageError, type CliCommand } from './CliCommand';
import { formatNumber, formatTable } from './formatTable';
import { listOption, numberOption } from './numberOption';

function percent(probability: number | undefined): string {
  return probability === undefined ? '–' : `${formatNumber(100 * probability, 1)} %`;
}

/** The NTCP report as text: every model side by side, spread, reference model, observed rates, caveats. */
export function formatNtcp(report: NtcpReport): string {
  const lines = [
    `Symptomatic (grade ≥ 2) radiation pneumonitis at MLD ${formatNumber(report.mldEqd2Gy, 2)} Gy EQD2 (α/β 3 Gy)` +
      (report.riskFactors.length > 0 ? `, risk factors: ${report.riskFactors.join(', ')}` : ''),
    '',
    formatTable(report.models, [
      { header: 'model', cell: (m) => m.id },
      { header: 'NTCP', cell: (m) => percent(m.ntcp), align: 'right' },
      { header: 'range (published CI)', cell: (m) => (m.uncertainty ? `${percent(m.uncertainty.ntcpLow)} – ${percent(m.uncertainty.ntcpHigh)}` : '–') },
      { header: 'status', cell: (m) => m.status },
      { header: 'source', cell: (m) => m.source },
    ]),
    '',
    `Spread over models: ${percent(report.spread.min)} (${report.spread.minModelId}) to ${percent(report.spread.max)} (${report.spread.maxModelId}).`,
    `Reference model for decisions: ${report.referenceModelId} — ${report.referenceModelRationale}`,
    ...report.context.observedRates.map((r) => {
      const rate = r.percent !== undefined ? `${r.percent} %` : r.percentRange ? `${r.percentRange.low}–${r.percentRange.high} %` : '–';
      return `observed: ${r.label}: ${rate} (${r.endpoint}; ${r.population}; ${r.source})`;
    }),
    ...report.caveats.map((c) => `caution: ${c}`),
  ];
  return `${lines.join('\n')}\n`;
}

export const ntcpCommand: CliCommand = {
  name: 'ntcp',
  summary: 'radiation-pneumonitis NTCP of an EQD2 mean lung dose under every model, side by side with sources',
  usage: 'ntcp --mld-eqd2-gy X [--model ID[,ID]] [--risk-factors F[,F]] [--json]',
  options: { 'mld-eqd2-gy': { type: 'string' }, model: { type: 'string' }, 'risk-factors': { type: 'string' } },
  allowPositionals: false,
  async run(args, io) {
    const mldEqd2Gy = numberOption(args.values['mld-eqd2-gy'], 'mld-eqd2-gy');
    if (mldEqd2Gy === undefined) throw new UsageError('--mld-eqd2-gy is required');
    const report = ntcpReport({ mldEqd2Gy, modelIds: listOption(args.values.model), riskFactors: listOption(args.values['risk-factors']) });
    io.stdout.write(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatNtcp(report));
    return EXIT_OK;
  },
};
