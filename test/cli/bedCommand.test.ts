import { describe, expect, it } from 'vitest';
import { cli, cliJson } from './cliHarness';

interface BedJson { model: string; totalDoseGy: number; fractions: number; alphaBetaGy: number; bedGy: number; eqd2Gy: number; sedGy?: number; sfedGy?: number }

describe('sbrt-helper bed', () => {
  it('bed --dose-gy 45 --fractions 3 --json gives BED10 112.5 and EQD2 93.8 Gy (physics.md §1.5)', async () => {
    const run = await cliJson<BedJson>(['bed', '--dose-gy', '45', '--fractions', '3']);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ model: 'lq', totalDoseGy: 45, fractions: 3, alphaBetaGy: 10 });
    expect(run.json.bedGy).toBeCloseTo(112.5, 1);
    expect(run.json.eqd2Gy).toBeCloseTo(93.75, 1);
  });

  it('bed --dose-gy 36 --fractions 3 --alpha-beta-gy 3 gives BED3 180 and EQD2 108 Gy (physics.md §1.5)', async () => {
    const run = await cliJson<BedJson>(['bed', '--dose-gy', '36', '--fractions', '3', '--alpha-beta-gy', '3']);
    expect(run.json.bedGy).toBeCloseTo(180, 1);
    expect(run.json.eqd2Gy).toBeCloseTo(108, 1);
  });

  it('bed --model usc and lq-l for 30 Gy/1 fx reproduce physics.md §1.5 (USC 68.4, SED 55.5, SFED 30.0; LQ-L 62.4)', async () => {
    const usc = await cliJson<BedJson>(['bed', '--dose-gy', '30', '--fractions', '1', '--model', 'usc']);
    expect(usc.json.bedGy).toBeCloseTo(68.4, 1);
    expect(usc.json.sedGy!).toBeCloseTo(55.5, 1);
    expect(usc.json.sfedGy!).toBeCloseTo(30, 1);
    const lql = await cliJson<BedJson>(['bed', '--dose-gy', '30', '--fractions', '1', '--model', 'lq-l']);
    expect(lql.json.bedGy).toBeCloseTo(62.4, 1);
  });

  it('bed with 0 fractions, a non-numeric dose or an unknown model says what is wrong', async () => {
    const zero = await cli(['bed', '--dose-gy', '30', '--fractions', '0']);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/fractions/);
    const text = await cli(['bed', '--dose-gy', '30Gy', '--fractions', '1']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/--dose-gy must be a number/);
    const model = await cli(['bed', '--dose-gy', '30', '--fractions', '1', '--model', 'nope']);
    expect(model.code).toBe(1);
    expect(model.stderr).toMatch(/nope/);
  });
});
