import { readRtDose } from '../../src/io/dicom/readRtDose';
import { readRtStruct } from '../../src/io/dicom/readRtStruct';
import type { ImportIssue } from '../../src/io/ImportIssue';
import { computeRoiDvhs, type RoiDvhSummary } from '../../src/summary/computeRoiDvhs';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, type CliCommand } from './CliCommand';
import { formatNumber, formatTable } from './formatTable';
import { issuesJson, printIssues } from './printIssues';
import { readInputFile } from './readInputFiles';

function formatRois(rois: readonly RoiDvhSummary[]): string {
  const gy = (pick: (r: RoiDvhSummary) => number | undefined) => (r: RoiDvhSummary) => formatNumber(pick(r), 2);
  return `${formatTable(rois, [
    { header: 'ROI', cell: (r) => r.name },
    { header: 'volume cc', cell: (r) => formatNumber(r.volumeCc, 3), align: 'right' },
    { header: 'min Gy', cell: gy((r) => r.doseGy.min), align: 'right' },
    { header: 'max Gy', cell: gy((r) => r.doseGy.max), align: 'right' },
    { header: 'mean Gy', cell: gy((r) => r.doseGy.mean), align: 'right' },
    { header: 'D99', cell: gy((r) => r.doseGy.D99), align: 'right' },
    { header: 'D95', cell: gy((r) => r.doseGy.D95), align: 'right' },
    { header: 'D5', cell: gy((r) => r.doseGy.D5), align: 'right' },
    { header: 'D1', cell: gy((r) => r.doseGy.D1), align: 'right' },
    { header: 'D0.03cc', cell: gy((r) => r.doseGy['D0.03cc']), align: 'right' },
  ])}\n`;
}

export const dvhCommand: CliCommand = {
  name: 'dvh',
  summary: 'DVH metrics per ROI (volume, min, max, mean, D99, D95, D5, D1, D0.03cc), sub-voxel accurate',
  usage: 'dvh --rtstruct FILE --rtdose FILE [--roi NAME ...] [--json]',
  options: { rtstruct: { type: 'string' }, rtdose: { type: 'string' }, roi: { type: 'string', multiple: true } },
  allowPositionals: false,
  async run(args, io) {
    const structPath = args.values.rtstruct;
    const dosePath = args.values.rtdose;
    if (typeof structPath !== 'string' || typeof dosePath !== 'string') throw new UsageError('--rtstruct FILE and --rtdose FILE are both required');
    const issues: ImportIssue[] = [];
    const structFile = await readInputFile(structPath, io.cwd);
    const doseFile = await readInputFile(dosePath, io.cwd);
    issues.push(...structFile.issues, ...doseFile.issues);
    const structureSet = structFile.file ? readRtStruct(structFile.file.bytes, structFile.file.name) : undefined;
    const dose = doseFile.file ? readRtDose(doseFile.file.bytes, doseFile.file.name) : undefined;
    issues.push(...(structureSet?.issues ?? []), ...(dose?.issues ?? []));
    let rois: RoiDvhSummary[] = [];
    if (structureSet?.value && dose?.value) {
      const result = computeRoiDvhs({
        structures: structureSet.value.structures,
        structureFile: structPath,
        structureFrameOfReferenceUid: structureSet.value.frameOfReferenceUid,
        dose: dose.value,
        doseFile: dosePath,
        roiNames: args.values.roi as string[] | undefined,
      });
      rois = result.rois;
      issues.push(...result.issues);
    }
    if (args.values.json) io.stdout.write(`${JSON.stringify({ rois, issues: issuesJson(issues) }, null, 2)}\n`);
    else io.stdout.write(formatRois(rois));
    return printIssues(issues, io) ? EXIT_INPUT_ERRORS : EXIT_OK;
  },
};
