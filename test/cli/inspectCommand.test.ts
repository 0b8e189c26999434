import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRtDose } from '../../src/io/dicom/readRtDose';
import { cli, cliJson, VALIDATION_DIR } from './cliHarness';

const LUNG = join(VALIDATION_DIR, 'pyplanscoring-lung2018');

interface InspectJson {
  files: { file: string; modality: string; frameOfReferenceUid: string; rois?: { name: string; role: string; volumeCc: number; planes: number }[];
    grid?: { dimensions: number[]; spacingMm: number[]; originMm: number[] }; units?: string; min?: number; max?: number; mean?: number; plan?: { fractionsPlanned: number } }[];
  issues: { file: string; code: string; severity: string; message: string }[];
}

describe('sbrt-helper inspect', () => {
  it('inspect LUNG_FOLDER --json lists 15 ROIs with roles, the Monaco dose grid and the plan', async () => {
    const run = await cliJson<InspectJson>(['inspect', LUNG]);
    expect(run.code).toBe(0);
    const byModality = (m: string) => run.json.files.find((f) => f.modality === m)!;
    const rtstruct = byModality('RTSTRUCT');
    // 15 ROIs and plane counts from ../shared/validation/README.md §4 (e.g. LUNGS-ITV's on 68 planes, HEART4 on 27).
    expect(rtstruct.rois).toHaveLength(15);
    const roi = (name: string) => rtstruct.rois!.find((r) => r.name === name)!;
    expect(roi("LUNGS-ITV's")).toMatchObject({ role: 'lung', planes: 68 });
    expect(roi('HEART4')).toMatchObject({ role: 'heart', planes: 27 });
    expect(roi('CHEST WALL').role).toBe('chest-wall');
    expect(roi('PTV_PRIMARY').role).toBe('ptv');
    expect(roi('D2CM LN').role).toBe('ring');
    for (const r of rtstruct.rois!) expect(r.volumeCc).toBeGreaterThan(0);
    // Monaco RTDOSE geometry: README §4 (81 rows x 139 cols x 177 frames, 3 mm, IPP (-185.5, -8.5, -271)).
    const dose = byModality('RTDOSE');
    expect(dose.grid!.dimensions).toEqual([139, 81, 177]);
    expect(dose.grid!.spacingMm).toEqual([3, 3, 3]);
    expect(dose.grid!.originMm).toEqual([-185.5, -8.5, -271]);
    expect(dose.units).toBe('GY');
    // Scaled statistics must equal those of the decoded grid (independent pass over readRtDose's voxels).
    const grid = readRtDose(new Uint8Array(readFileSync(join(LUNG, '2018CompLung_IMRT2_Dose.dcm'))), 'dose').value!.doseGy.data;
    let max = 0;
    let sum = 0;
    for (const v of grid) {
      max = Math.max(max, v);
      sum += v;
    }
    expect(dose.max).toBeCloseTo(max, 5);
    expect(dose.mean).toBeCloseTo(sum / grid.length, 5);
    expect(byModality('RTPLAN').plan!.fractionsPlanned).toBe(3); // README §4: 3 fractions
    // All three files share one frame of reference (README §4); the Monaco RTPLAN does not repeat it.
    expect(new Set(run.json.files.map((f) => f.frameOfReferenceUid).filter((uid) => uid !== '')).size).toBe(1);
  });

  it('inspect FOLDER with a truncated and a non-DICOM file reports both by name and still lists the good files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbrt-inspect-'));
    const good = readFileSync(join(VALIDATION_DIR, 'pydicom', 'rtdose.dcm'));
    writeFileSync(join(dir, 'good.dcm'), good);
    writeFileSync(join(dir, 'truncated.dcm'), good.subarray(0, 3000));
    writeFileSync(join(dir, 'notes.txt'), 'this is not DICOM');
    const run = await cliJson<InspectJson>(['inspect', dir]);
    expect(run.code).toBe(1);
    expect(run.json.files.some((f) => f.file.endsWith('good.dcm') && f.modality === 'RTDOSE')).toBe(true);
    const issue = (name: string) => run.json.issues.find((i) => i.file.endsWith(name) && i.severity === 'error');
    expect(issue('truncated.dcm')?.message).toMatch(/truncated\.dcm/);
    expect(issue('notes.txt')?.message).toMatch(/notes\.txt/);
    expect(run.stderr).toMatch(/error: .*truncated\.dcm/);
  });

  it('inspect MISSING_PATH exits 1 naming the path; no path exits 2 with usage', async () => {
    const missing = await cli(['inspect', '/nonexistent/file.dcm']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\/nonexistent\/file\.dcm.*ENOENT/);
    const usage = await cli(['inspect']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Usage/);
  });
});
