import { describe, expect, it } from 'vitest';
import { cli, cliJson } from './cliHarness';

interface NtcpJson { models: { id: string; ntcp: number; mldEqd2Gy: number }[]; spread: { min: number; max: number } }

describe('sbrt-helper ntcp', () => {
  it('ntcp --mld-eqd2-gy 20 --json shows every model side by side (physics.md §2.4 row 20 Gy)', async () => {
    const run = await cliJson<NtcpJson>(['ntcp', '--mld-eqd2-gy', '20']);
    expect(run.code).toBe(0);
    const ntcp = Object.fromEntries(run.json.models.map((m) => [m.id, m.ntcp]));
    // physics.md §2.4: Seppenwoolde 17.2 %, Semenenko & Li 21.0 %, QUANTEC logistic 20.6 %, probit 21.0 %, Appelt 12.0 %.
    expect(ntcp['lkb-seppenwoolde-2003']).toBeCloseTo(0.172, 3);
    expect(ntcp['lkb-semenenko-li-2008']).toBeCloseTo(0.21, 3);
    expect(ntcp['logistic-quantec-2010']).toBeCloseTo(0.206, 3);
    expect(ntcp['probit-quantec-2010']).toBeCloseTo(0.21, 3);
    expect(ntcp['appelt-2014']).toBeCloseTo(0.12, 3);
    expect(run.json.spread.min).toBeCloseTo(0.12, 3);
    for (const model of run.json.models) expect(model.mldEqd2Gy).toBe(20);
  });

  it('ntcp --model appelt-2014 --risk-factors age-over-63 raises the Appelt risk (OR 1.66, physics.md §2.2)', async () => {
    const base = await cliJson<NtcpJson>(['ntcp', '--mld-eqd2-gy', '10', '--model', 'appelt-2014']);
    const older = await cliJson<NtcpJson>(['ntcp', '--mld-eqd2-gy', '10', '--model', 'appelt-2014', '--risk-factors', 'age-over-63']);
    expect(base.json.models).toHaveLength(1);
    const p0 = base.json.models[0].ntcp;
    const p1 = older.json.models[0].ntcp;
    // The risk factor multiplies the odds by its OR at every dose: odds1 = 1.66 · odds0.
    expect(p1 / (1 - p1)).toBeCloseTo(1.66 * (p0 / (1 - p0)), 6);
  });

  it('ntcp with a negative MLD or an unknown model says what is wrong', async () => {
    const negative = await cli(['ntcp', '--mld-eqd2-gy=-1']);
    expect(negative.code).toBe(1);
    expect(negative.stderr).toMatch(/mldEqd2Gy|MLD/i);
    const unknown = await cli(['ntcp', '--mld-eqd2-gy', '5', '--model', 'nope-2000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nope-2000/);
  });
});
