import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { lungDoseFlags, sbrtLungDoseFlags } from '../../src/ntcp/lungDoseFlags';

const state = (flags: ReturnType<typeof lungDoseFlags>, id: string) => flags.find((f) => f.id === id)!.state;

describe('lungDoseFlags', () => {
  it('sbrtLungDoseFlags holds the physics.md §2.5 thresholds', () => {
    // RTOG 0813/0915 V20 < 10 % (minor deviation < 15 %); meta-analysis MLD ≥ 4.7 Gy, V5 ≥ 26.8 %, V10 > 12 %,
    // V20 ≥ 5.8 %, PTV > 145 cm³ (PMC6283643); institutional MLD < 8 Gy, contralateral MLD < 3.6 Gy (RS-tol).
    const summary = sbrtLungDoseFlags.map((f) => `${f.metric} ${f.flaggedWhen.comparator} ${f.flaggedWhen.value}`);
    expect(summary).toEqual([
      'v20Percent >= 10',
      'v20Percent >= 15',
      'mldGy >= 4.7',
      'v5Percent >= 26.8',
      'v10Percent > 12',
      'v20Percent >= 5.8',
      'ptvVolumeCc > 145',
      'mldGy >= 8',
      'contralateralMldGy >= 3.6',
    ]);
    for (const f of sbrtLungDoseFlags) expect(f.source.length, f.id).toBeGreaterThan(10);
  });

  it('lungDoseFlags({ v20Percent: 10 }) raises the RTOG per-protocol flag at exactly 10 % but not the 15 % one', () => {
    // "per protocol < 10 %": 10 % is not < 10 % (physics.md §2.5).
    const flags = lungDoseFlags({ v20Percent: 10 });
    expect(state(flags, 'rtog-0813-0915-v20-per-protocol')).toBe('flagged');
    expect(state(flags, 'rtog-0813-0915-v20-minor-deviation')).toBe('clear');
    expect(state(lungDoseFlags({ v20Percent: 9.99 }), 'rtog-0813-0915-v20-per-protocol')).toBe('clear');
  });

  it('lungDoseFlags applies strict > for V10 > 12 % and ≥ for MLD ≥ 4.7 Gy', () => {
    // Meta-analysis wording (PMC6283643): "V10 > 12 %", "MLD ≥ 4.7 Gy".
    expect(state(lungDoseFlags({ v10Percent: 12 }), 'meta-2018-v10')).toBe('clear');
    expect(state(lungDoseFlags({ v10Percent: 12.01 }), 'meta-2018-v10')).toBe('flagged');
    expect(state(lungDoseFlags({ mldGy: 4.7 }), 'meta-2018-mld')).toBe('flagged');
    expect(state(lungDoseFlags({ mldGy: 4.69 }), 'meta-2018-mld')).toBe('clear');
  });

  it('lungDoseFlags of a Baker-2013-like plan (MLD 5.03 Gy, V20 6.5 %) flags the meta-analysis MLD and V20 only', () => {
    // Baker 2013 mean values (physics.md §2.5): 5.03 ≥ 4.7, 6.5 ≥ 5.8, 6.5 < 10, 5.03 < 8.
    const flags = lungDoseFlags({ mldGy: 5.03, v5Percent: 20, v10Percent: 10, v20Percent: 6.5, contralateralMldGy: 1.2, ptvVolumeCc: 40 });
    expect(flags.filter((f) => f.state === 'flagged').map((f) => f.id)).toEqual(['meta-2018-mld', 'meta-2018-v20']);
    expect(flags.every((f) => f.state !== 'not-evaluated')).toBe(true);
  });

  it('lungDoseFlags marks flags of missing metrics as not-evaluated, never clear', () => {
    const flags = lungDoseFlags({ mldGy: 3 });
    expect(state(flags, 'institutional-contralateral-mld')).toBe('not-evaluated');
    expect(flags.find((f) => f.id === 'meta-2018-v5')!.value).toBeNull();
    expect(state(flags, 'institutional-mld')).toBe('clear');
  });

  it('lungDoseFlags rejects negative, NaN and > 100 % values', () => {
    expect(() => lungDoseFlags({ mldGy: -1 })).toThrow(InputError);
    expect(() => lungDoseFlags({ v20Percent: Number.NaN })).toThrow(/v20Percent/);
    expect(() => lungDoseFlags({ v5Percent: 101 })).toThrow(/≤ 100/);
  });
});
