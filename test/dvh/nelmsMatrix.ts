// Runs computeDvh (or a voxel-based method) over the Nelms et al. 2015 benchmark files
// (/work/shared/validation/nelms-dvh-analytical, README §1) and compares with the analytic values of
// nelmsAnalytic.ts. Shared by nelmsBenchmark.test.ts and the bench (bench/nelmsBench.ts, `npm run bench`).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Grid3 } from '../../src/geometry/Grid3';
import { computeDvh, type DvhOptions } from '../../src/dvh/computeDvh';
import { computeDvhFromMask } from '../../src/dvh/computeDvhFromMask';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { voxelCentreDvh } from './voxelCentreDvh';
import { doseAtVolumeCc, doseAtVolumePercent } from '../../src/dvh/doseAtVolume';
import type { Dvh } from '../../src/dvh/Dvh';
import { readRtDose, readRtStruct } from '../../src/io/dicom/index';
import type { StructureGeometry } from '../../src/model/Structure';
import { analyticMetrics, nelmsModel, parseNelmsFileName, slabModel, type AnalyticMetrics, type NelmsGradient, type NelmsSolid } from './nelmsAnalytic';

export const NELMS_DIR = fileURLToPath(new URL('../../../shared/validation/nelms-dvh-analytical/', import.meta.url));

export interface NelmsStructureFile {
  readonly file: string;
  readonly solid: NelmsSolid;
  readonly contourSpacingMm: number;
  readonly structure: StructureGeometry;
}

export interface NelmsDoseFile {
  readonly file: string;
  readonly gradient: NelmsGradient;
  readonly doseSpacingMm: number;
  readonly dose: Grid3;
}

/** Reads the 50 RTSTRUCTs (the solid is the one ROI with contours; POI_1 has none). */
export function loadNelmsStructures(): NelmsStructureFile[] {
  const dir = `${NELMS_DIR}structures/`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((file) => {
      const read = readRtStruct(new Uint8Array(readFileSync(dir + file)), file);
      const structure = read.value?.structures.find((s) => s.contours.length > 0);
      if (!structure) throw new Error(`${file}: no contoured ROI (${read.issues.map((i) => i.message).join('; ')})`);
      return { file, ...parseNelmsFileName(file), structure };
    });
}

/** Reads the 6 RTDOSE grids (Linear_<AntPost|SupInf>_<n>mm_Aligned.dcm). */
export function loadNelmsDoses(): NelmsDoseFile[] {
  const dir = `${NELMS_DIR}dose-grids/`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((file) => {
      const m = /^Linear_(AntPost|SupInf)_(\d)mm_Aligned\.dcm$/.exec(file);
      if (!m) throw new Error(`unexpected dose file ${file}`);
      const read = readRtDose(new Uint8Array(readFileSync(dir + file)), file);
      if (!read.value) throw new Error(`${file}: ${read.issues.map((i) => i.message).join('; ')}`);
      return { file, gradient: m[1] as NelmsGradient, doseSpacingMm: Number(m[2]), dose: read.value.doseGy };
    });
}

export const ALL_GRID_METRICS = ['volumeCc', 'meanGy', 'd95Gy', 'd5Gy'] as const;
export const FINE_GRID_METRICS = ['minGy', 'maxGy', 'd99Gy', 'd1Gy', 'd003ccGy'] as const;
export type MetricName = keyof AnalyticMetrics;

export interface NelmsCase {
  readonly structureFile: string;
  readonly doseFile: string;
  readonly doseSpacingMm: number;
  readonly gradient: NelmsGradient;
  readonly computed: AnalyticMetrics;
  /** Slab model: the contour planes with ½-slice caps (what the contours say). */
  readonly expected: AnalyticMetrics;
  /** Nelms model: the true solid + ½-slice caps (the benchmark's capped definition); optional (slow). */
  readonly expectedNelms?: AnalyticMetrics;
  readonly volumeOutsideDoseGridCc: number;
  readonly milliseconds: number;
}

export function dvhMetrics(dvh: Dvh): AnalyticMetrics {
  return {
    volumeCc: dvh.volumeCc,
    minGy: dvh.minGy,
    maxGy: dvh.maxGy,
    meanGy: dvh.meanGy,
    d99Gy: doseAtVolumePercent(dvh, 99),
    d95Gy: doseAtVolumePercent(dvh, 95),
    d5Gy: doseAtVolumePercent(dvh, 5),
    d1Gy: doseAtVolumePercent(dvh, 1),
    d003ccGy: doseAtVolumeCc(dvh, 0.03),
  };
}

/**
 * How the DVH is computed: 'contours' = computeDvh (sub-voxel, the default); 'mask' = computeDvhFromMask on a
 * partial-volume voxelizeStructure mask of the dose grid; 'voxel-centre' = voxels whose centre is inside.
 */
export type NelmsMethod = 'contours' | 'mask' | 'voxel-centre';

/** computeDvh for every structure × dose grid; analytic references computed once per structure × gradient. */
export function runNelmsMatrix(
  structures: readonly NelmsStructureFile[],
  doses: readonly NelmsDoseFile[],
  options: { dvh?: DvhOptions; withNelmsModel?: boolean; method?: NelmsMethod } = {},
): NelmsCase[] {
  const cases: NelmsCase[] = [];
  for (const s of structures) {
    const expected = new Map<NelmsGradient, AnalyticMetrics>();
    const expectedNelms = new Map<NelmsGradient, AnalyticMetrics>();
    for (const gradient of ['AntPost', 'SupInf'] as const) {
      expected.set(gradient, analyticMetrics(slabModel(s.solid, s.contourSpacingMm), gradient));
      if (options.withNelmsModel) expectedNelms.set(gradient, analyticMetrics(nelmsModel(s.solid, s.contourSpacingMm), gradient));
    }
    for (const d of doses) {
      const t0 = performance.now();
      const dvh =
        options.method === 'mask'
          ? computeDvhFromMask(d.dose, voxelizeStructure(s.structure.contours, d.dose, { structureName: s.structure.name }))
          : options.method === 'voxel-centre'
            ? voxelCentreDvh(d.dose, s.structure.contours)
            : computeDvh(d.dose, s.structure.contours, { structureName: s.structure.name, ...options.dvh });
      const computed = dvhMetrics(dvh);
      cases.push({
        structureFile: s.file,
        doseFile: d.file,
        doseSpacingMm: d.doseSpacingMm,
        gradient: d.gradient,
        computed,
        expected: expected.get(d.gradient)!,
        expectedNelms: expectedNelms.get(d.gradient),
        volumeOutsideDoseGridCc: dvh.volumeOutsideDoseGridCc,
        milliseconds: performance.now() - t0,
      });
    }
  }
  return cases;
}

export function relativeError(computed: number, expected: number): number {
  return (computed - expected) / expected;
}

/** Metrics that apply to a case: volume, mean, D95, D5 everywhere; the extremes only on the 1 mm grids. */
export function metricsFor(c: NelmsCase): readonly MetricName[] {
  return c.doseSpacingMm === 1 ? [...ALL_GRID_METRICS, ...FINE_GRID_METRICS] : ALL_GRID_METRICS;
}

/** Pass-rate table (|Δ| ≤ tolerance per metric) against the slab or the Nelms model, as text. */
export function passRateTable(cases: readonly NelmsCase[], reference: 'slabs' | 'nelms', tolerance = 0.03): string {
  const names: MetricName[] = [...ALL_GRID_METRICS, ...FINE_GRID_METRICS];
  const lines = [`metric     pass/total (|Δ| ≤ ${tolerance * 100} % vs ${reference} model)   worst Δ %   worst case`];
  for (const name of names) {
    let pass = 0;
    let total = 0;
    let worst = 0;
    let worstCase = '';
    for (const c of cases) {
      if (!metricsFor(c).includes(name)) continue;
      const ref = reference === 'slabs' ? c.expected : c.expectedNelms;
      if (!ref) continue;
      const e = relativeError(c.computed[name], ref[name]);
      total++;
      if (Math.abs(e) <= tolerance) pass++;
      if (Math.abs(e) > Math.abs(worst)) {
        worst = e;
        worstCase = `${c.structureFile} × ${c.doseFile}`;
      }
    }
    lines.push(`${name.padEnd(10)} ${`${pass}/${total}`.padStart(8)}${' '.repeat(38)}${(100 * worst).toFixed(3).padStart(8)}   ${worstCase}`);
  }
  return lines.join('\n');
}
