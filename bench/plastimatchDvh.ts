// Runs plastimatch (https://plastimatch.org) on an RTSTRUCT + RTDOSE pair and reads its cumulative DVH CSV,
// as the reference tool of the lung-case figures. plastimatch rasterises each ROI on the dose grid by
// voxel-centre inclusion (`convert --fixed dose`) and histograms the voxel doses (`dvh`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One ROI of plastimatch's cumulative DVH: voxel counts with dose ≥ doseGy[n]. */
export interface PlastimatchRoi {
  readonly name: string;
  readonly voxelsAtLeast: Float64Array;
}

export interface PlastimatchDvh {
  /** First CSV column: bin edges n × binWidthGy, Gy. */
  readonly doseGy: Float64Array;
  readonly binWidthGy: number;
  readonly rois: readonly PlastimatchRoi[];
  /** Wall time of `plastimatch convert` and of `plastimatch dvh`, ms. */
  readonly convertMs: number;
  readonly dvhMs: number;
}

/** True when a `plastimatch` executable answers on PATH. */
export function plastimatchAvailable(): boolean {
  const probe = spawnSync('plastimatch', ['--version'], { encoding: 'utf8' });
  return probe.status === 0;
}

/**
 * plastimatch convert (structures → label image on the dose grid) then plastimatch dvh (cumulative, voxel
 * counts) in a temporary directory. Throws Error with plastimatch's output when a step fails.
 */
export function runPlastimatchDvh(rtstructPath: string, rtdosePath: string, binWidthGy: number, binCount: number): PlastimatchDvh {
  const dir = mkdtempSync(join(tmpdir(), 'bench-plastimatch-'));
  try {
    const run = (args: string[]): number => {
      const t0 = performance.now();
      const result = spawnSync('plastimatch', args, { cwd: dir, encoding: 'utf8' });
      const ms = performance.now() - t0;
      if (result.status !== 0) throw new Error(`plastimatch ${args[0]} failed (${result.status}): ${result.stderr || result.stdout}`);
      return ms;
    };
    const convertMs = run(['convert', '--input', rtstructPath, '--fixed', rtdosePath, '--output-ss-img', 'ss.nrrd', '--output-ss-list', 'ss.txt']);
    const dvhMs = run([
      'dvh', '--input-ss-img', 'ss.nrrd', '--input-ss-list', 'ss.txt', '--input-dose', rtdosePath,
      '--output-csv', 'dvh.csv', '--num-bins', String(binCount), '--bin-width', String(binWidthGy), '--normalization', 'vox',
    ]);
    return { ...parsePlastimatchCsv(readFileSync(join(dir, 'dvh.csv'), 'utf8'), binWidthGy), convertMs, dvhMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses `Dose (Gy),ROI,ROI,...` then one row per bin edge. */
export function parsePlastimatchCsv(csv: string, binWidthGy: number): { doseGy: Float64Array; binWidthGy: number; rois: PlastimatchRoi[] } {
  const lines = csv.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  if (!/^Dose \(Gy\)$/.test(header[0])) throw new Error(`unexpected plastimatch CSV header: ${lines[0].slice(0, 80)}`);
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  const doseGy = Float64Array.from(rows, (row) => row[0]);
  const rois = header.slice(1).map((name, c) => ({ name, voxelsAtLeast: Float64Array.from(rows, (row) => row[c + 1]) }));
  return { doseGy, binWidthGy, rois };
}

/** Mean dose from a cumulative histogram of voxel doses: Σ C(edge)·w − w/2 over C normalised to 1 at 0 Gy. */
export function plastimatchMeanGy(roi: PlastimatchRoi, binWidthGy: number): number {
  const total = roi.voxelsAtLeast[0];
  let sum = 0;
  for (let n = 0; n < roi.voxelsAtLeast.length; n++) sum += roi.voxelsAtLeast[n] / total;
  return sum * binWidthGy - 0.5 * binWidthGy;
}

/** Dx %: the dose where the cumulative fraction falls to percent/100, by linear interpolation between edges. */
export function plastimatchDoseAtPercent(roi: PlastimatchRoi, doseGy: Float64Array, percent: number): number {
  const total = roi.voxelsAtLeast[0];
  const target = (percent / 100) * total;
  for (let n = 1; n < roi.voxelsAtLeast.length; n++) {
    const a = roi.voxelsAtLeast[n - 1];
    const b = roi.voxelsAtLeast[n];
    if (b <= target && a >= target) return a === b ? doseGy[n] : doseGy[n - 1] + ((a - target) / (a - b)) * (doseGy[n] - doseGy[n - 1]);
  }
  return doseGy[doseGy.length - 1];
}
