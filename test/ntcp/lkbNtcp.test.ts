import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { geudGy } from '../../src/ntcp/geudGy';
import { lkbNtcp, probitGamma50 } from '../../src/ntcp/lkbNtcp';
import { dvhFromSamples } from '../constraints/syntheticDvh';

describe('lkbNtcp', () => {
  it('lkbNtcp(TD50, TD50, m) is 0.5 and one m·TD50 above it is Φ(1)', () => {
    // Closed form: t = 0 at TD50; t = 1 at TD50·(1 + m); Φ(1) = 0.8413447460685429 (standard normal table).
    expect(lkbNtcp(30.8, 30.8, 0.37)).toBeCloseTo(0.5, 15);
    expect(lkbNtcp(30.8 * 1.37, 30.8, 0.37)).toBeCloseTo(0.8413447460685429, 12);
  });

  it('lkbNtcp(20 Gy, 29.9, 0.41) = 20.97 % (physics.md §2.4 Semenenko & Li row at 20 Gy: 21.0 %)', () => {
    // Independent evaluation: ½·(1 + erf((20 − 29.9)/(0.41·29.9)/√2)) = 0.20967 (Python math.erf).
    expect(lkbNtcp(20, 29.9, 0.41)).toBeCloseTo(0.209668, 5);
  });

  it('probitGamma50(m) = 1/(m·√(2π))', () => {
    // Closed form: dΦ/dt at 0 is 1/√(2π); 1/(0.37·2.5066283) = 1.078225.
    expect(probitGamma50(0.37)).toBeCloseTo(1.078225, 5);
  });

  it('lkbNtcp rejects a negative or NaN dose and non-positive TD50 or m', () => {
    expect(() => lkbNtcp(-1, 30, 0.4)).toThrow(InputError);
    expect(() => lkbNtcp(Number.NaN, 30, 0.4)).toThrow(/finite dose/);
    expect(() => lkbNtcp(10, 0, 0.4)).toThrow(/td50Gy/);
    expect(() => lkbNtcp(10, 30, -0.1)).toThrow(/\bm\b/);
  });
});

describe('geudGy', () => {
  // 400 cc at 10 Gy and 1600 cc at 2 Gy on 0.001 Gy bins: each bin centre lies 0.0005 Gy above its sample.
  const dvh = dvhFromSamples([{ doseGy: 10, volumeCc: 400 }, { doseGy: 2, volumeCc: 1600 }], 0.001);

  it('geudGy(dvh, 1) is the DVH mean dose, equal to Σ v·D of the samples', () => {
    // Closed form: (400·10 + 1600·2)/2000 = 3.6 Gy.
    expect(geudGy(dvh, 1)).toBeCloseTo(3.6, 12);
  });

  it('geudGy(dvh, 0.5) = (Σ v·D²)^½ to half a bin width', () => {
    // Closed form: √(0.2·100 + 0.8·4) = √23.2 = 4.8166 Gy. The lower bin's interval is [2, 2.001] (narrowed at
    // minGy) and the upper [10, 10] (narrowed at maxGy), so the centres are 2.0005 and 10 Gy.
    expect(geudGy(dvh, 0.5)).toBeCloseTo(Math.sqrt(0.2 * 100 + 0.8 * 2.0005 ** 2), 12);
    expect(Math.abs(geudGy(dvh, 0.5) - Math.sqrt(23.2))).toBeLessThan(0.0005);
  });

  it('geudGy(dvh, n) rises towards the maximum dose as n → 0', () => {
    // gEUD is the (1/n)-power mean: monotonic in 1/n, limit max dose (10 Gy) as n → 0.
    const values = [1, 0.5, 0.2, 0.05, 0.01].map((n) => geudGy(dvh, n));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(values[4]).toBeGreaterThan(9.8);
    expect(values[4]).toBeLessThanOrEqual(10);
  });

  it('geudGy rejects n outside (0, 1]', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => geudGy(dvh, n)).toThrow(InputError);
  });
});
