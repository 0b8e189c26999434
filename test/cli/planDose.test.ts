import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRtDose } from '../../src/io/dicom/readRtDose';
import { eqd2Grid } from '../../src/radiobiology/bedGrid';
import { cli, cliJson, REPO_DIR } from './cliHarness';

// Two demo nodules with different schedules (LLL_Periph 30 Gy/1 fx, LLL_Mediast 45 Gy/3 fx) on a 4 mm grid: the
// smallest run that exercises coverage, the EQD2 sum over fractionations, NTCP, organ limits and suggestions.
const ARGS = ['plan', '--demo', '--nodules', 'LLL_Periph,LLL_Mediast', '--dose-spacing-mm', '4'];
const TIMEOUT_MS = 300_000;

interface CoverageJson { prescriptionIsodosePercent: number; ptvV100Percent: number; ptvD95Gy: number; ciPaddick: number; gi: number | null; r50: number; d2cmPercent: number | null; rtogDeviation: string }
interface NoduleJson { name: string; protocol: { totalDoseGy: number; fractions: number }; coverage?: CoverageJson; dose?: { maxGy: number; beams: number; monitorUnits: number } }
interface ConstraintJson { organ: string; metric: string; limitGy?: number; limitCc?: number; value: number | null; pass: boolean; basis: 'physical' | 'eqd2'; fractions: number }
interface DosePlanJson {
  nodules: NoduleJson[];
  lung: { mldGy: number | null; mldEqd2Gy: number; v5Percent: number | null; v20Percent: number | null; physicalByFractions: { fractions: number; mldGy: number; v20Percent: number }[] };
  pneumonitis: { models: { id: string; ntcp: number; mldEqd2Gy: number }[] };
  constraints: ConstraintJson[];
  suggestions: { triggered: boolean };
  doseFiles: string[];
}

let out: string;
let run: Awaited<ReturnType<typeof cliJson<DosePlanJson>>>;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'sbrt-dose-'));
  run = await cliJson<DosePlanJson>([...ARGS, '--out', out]);
}, TIMEOUT_MS);

describe('sbrt-helper plan with dose', () => {
  it('plan --json gives each planned nodule coverage and dose fields (issue 4 §5), others none', () => {
    expect(run.code).toBe(0);
    const planned = run.json.nodules.filter((n) => n.coverage);
    expect(planned.map((n) => n.name).sort()).toEqual(['LLL_Mediast', 'LLL_Periph']);
    for (const n of planned) {
      const c = n.coverage as CoverageJson;
      for (const key of ['prescriptionIsodosePercent', 'ptvV100Percent', 'ptvD95Gy', 'ciPaddick', 'r50'] as const) expect(Number.isFinite(c[key])).toBe(true);
      expect(['none', 'minor', 'major', 'not-applicable']).toContain(c.rtogDeviation);
      expect(n.dose!.beams).toBeGreaterThan(0);
      expect(n.dose!.monitorUnits).toBeGreaterThan(0);
      // By definition of the prescription isodose: Dmax ≥ Rx / IDL (PTV maximum ≤ global maximum).
      expect(n.dose!.maxGy).toBeGreaterThanOrEqual((n.protocol.totalDoseGy * 100) / c.prescriptionIsodosePercent - 1e-3);
    }
  });

  it('plan --json lung: mixed fractionations give no physical all-nodule MLD, one per fraction count, and an EQD2 MLD', () => {
    const lung = run.json.lung;
    expect(lung.mldGy).toBeNull();
    expect(lung.v20Percent).toBeNull();
    expect(lung.physicalByFractions.map((g) => g.fractions)).toEqual([1, 3]);
    expect(lung.mldEqd2Gy).toBeGreaterThan(0);
    const ids = run.json.pneumonitis.models.map((m) => m.id);
    for (const id of ['lkb-seppenwoolde-2003', 'logistic-quantec-2010', 'appelt-2014']) expect(ids).toContain(id);
    for (const m of run.json.pneumonitis.models) {
      expect(m.mldEqd2Gy).toBe(lung.mldEqd2Gy);
      expect(m.ntcp).toBeGreaterThan(0);
      expect(m.ntcp).toBeLessThan(1);
    }
    expect(typeof run.json.suggestions.triggered).toBe('boolean');
  });

  it('plan --json constraints: per fraction group (physical) and on the EQD2 sum, each row with organ, metric, limit, value, pass', () => {
    const rows = run.json.constraints;
    expect(new Set(rows.map((r) => `${r.basis}/${r.fractions}`))).toEqual(new Set(['physical/1', 'physical/3', 'eqd2/3']));
    for (const r of rows) {
      expect(r.organ).toBeTruthy();
      expect(r.metric).toBeTruthy();
      expect(r.limitGy !== undefined || r.limitCc !== undefined).toBe(true);
      expect(typeof r.pass).toBe('boolean');
    }
    // TG-101 3-fraction spinal cord Dmax 21.9 Gy (dose-models/constraints, physics.md §5).
    expect(rows.find((r) => r.organ === 'SpinalCord' && r.metric === 'Dmax' && r.basis === 'physical' && r.fractions === 3)?.limitGy).toBe(21.9);
  });

  it('plan --out writes RTDOSE per nodule and an EQD2 sum equal to Σ EQD2(nodule), not EQD2 of the physical sum', () => {
    const files = readdirSync(out).sort();
    expect(files).toEqual(['RD_LLL_Mediast.dcm', 'RD_LLL_Periph.dcm', 'RD_eqd2_sum_ab3.dcm']);
    const read = (name: string) => {
      const r = readRtDose(new Uint8Array(readFileSync(join(out, name))), name);
      if (!r.value) throw new Error(r.issues.map((i) => i.message).join('; '));
      return r.value.doseGy.data;
    };
    const periph = read('RD_LLL_Periph.dcm');
    const mediast = read('RD_LLL_Mediast.dcm');
    const sum = read('RD_eqd2_sum_ab3.dcm');
    const expected = eqd2Grid(periph, 1, 3);
    const third = eqd2Grid(mediast, 3, 3);
    let worst = 0;
    let physicalWrong = 0;
    for (let v = 0; v < sum.length; v++) {
      worst = Math.max(worst, Math.abs(sum[v] - (expected[v] + third[v])));
      physicalWrong = Math.max(physicalWrong, Math.abs(sum[v] - eqd2Grid(Float32Array.of(periph[v] + mediast[v]), 1, 3)[0]));
    }
    // 32-bit quantisation of each file: ≤ max/2³² per value, far below 1e-3 Gy here.
    expect(worst).toBeLessThan(1e-3);
    expect(physicalWrong).toBeGreaterThan(1);
  });

  it('plan (table) shows plan quality, lung, NTCP side by side and organ limits', async () => {
    const table = await cli(ARGS);
    expect(table.code).toBe(0);
    for (const text of ['IDL %', 'RTOG 0813/0915', 'MLD EQD2', 'Pneumonitis risk', 'lkb-seppenwoolde-2003', 'Organ limits', 'NOT COMMISSIONED']) expect(table.stdout).toContain(text);
  }, TIMEOUT_MS);

  it('plan --constraints FILE evaluates the user\'s table instead of the bundled one', async () => {
    // The bundled table with one row left: 1-fraction spinal cord Dmax ≤ 0.01 Gy (a limit no plan meets).
    const table = JSON.parse(readFileSync(join(REPO_DIR, 'dose-models', 'constraints', 'thorax-sbrt-default.json'), 'utf8')) as { id: string; rows: { id: string; role: string; fractions: number; metric: { kind: string }; limitGy?: number }[] };
    const cord = table.rows.find((r) => r.role === 'spinal-cord' && r.fractions === 1 && r.metric.kind === 'Dmax');
    if (!cord) throw new Error('no 1-fraction cord Dmax row in the bundled table');
    delete (table as { $schema?: string }).$schema;
    const file = join(mkdtempSync(join(tmpdir(), 'sbrt-constraints-')), 'mine.json');
    writeFileSync(file, JSON.stringify({ ...table, id: 'mine', rows: [{ ...cord, limitGy: 0.01 }] }));
    const mine = await cliJson<DosePlanJson>(['plan', '--demo', '--nodules', 'LLL_Periph', '--dose-spacing-mm', '4', '--constraints', file]);
    expect(mine.code).toBe(0);
    expect(mine.json.constraints).toHaveLength(1);
    expect(mine.json.constraints[0]).toMatchObject({ organ: 'SpinalCord', metric: 'Dmax', limitGy: 0.01, pass: false });
    expect(mine.json.suggestions.triggered).toBe(true);
  }, TIMEOUT_MS);

  it('plan --nodules with an unknown name and --isodose 90 are usage errors (exit 2)', async () => {
    const unknown = await cli(['plan', '--demo', '--nodules', 'Nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Nope/);
    const isodose = await cli(['plan', '--demo', '--nodules', 'LLL_Mediast', '--isodose', '90']);
    expect(isodose.code).toBe(2);
    expect(isodose.stderr).toMatch(/isodose/);
  }, TIMEOUT_MS);
});
