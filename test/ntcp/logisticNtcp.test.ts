import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { logisticD50Ntcp, logisticNtcp } from '../../src/ntcp/logisticNtcp';

const logit = (p: number) => Math.log(p / (1 - p));

describe('logisticNtcp', () => {
  it('logisticNtcp(−b0/b1, b0, b1) is 0.5 (QUANTEC b0 −3.87, b1 0.126: D50 30.71 Gy)', () => {
    // Closed form: b0 + b1·D = 0 at D = 3.87/0.126 = 30.714 Gy (physics.md §2.2).
    expect(logisticNtcp(3.87 / 0.126, -3.87, 0.126)).toBeCloseTo(0.5, 15);
  });

  it('logisticNtcp stays finite and monotonic at extreme logits', () => {
    // 1/(1 + e^(−x)) for x = −3.87 + 0.126·1000 = 122.1 → 1; x = −200 (b0) at 0 Gy → e^(−200).
    expect(logisticNtcp(1000, -3.87, 0.126)).toBe(1);
    expect(logisticNtcp(0, -200, 0.126)).toBeCloseTo(Math.exp(-200), 300);
    expect(logisticNtcp(0, -200, 0.126)).toBeGreaterThan(0);
  });
});

describe('logisticD50Ntcp', () => {
  it('logisticD50Ntcp(D50, D50, γ50) is 0.5 and its slope at D50 is γ50/D50', () => {
    // Closed form: dNTCP/dD at D50 = 4·γ50/D50 · ¼ = γ50/D50 (Appelt 2014 D50₀ 34.4 Gy, γ50₀ 1.19).
    expect(logisticD50Ntcp(34.4, 34.4, 1.19)).toBeCloseTo(0.5, 15);
    const h = 1e-4;
    const slope = (logisticD50Ntcp(34.4 + h, 34.4, 1.19) - logisticD50Ntcp(34.4 - h, 34.4, 1.19)) / (2 * h);
    expect(slope).toBeCloseTo(1.19 / 34.4, 8);
  });

  it('logisticD50Ntcp(D, D50, γ50, ln OR) shifts the logit by ln OR at every dose', () => {
    // Closed form: logit = 4·γ50·(D/D50 − 1) + ln OR.
    for (const d of [0, 5, 20, 40]) {
      expect(logit(logisticD50Ntcp(d, 34.4, 1.19, Math.log(3))) - logit(logisticD50Ntcp(d, 34.4, 1.19))).toBeCloseTo(Math.log(3), 10);
    }
  });

  it('logisticD50Ntcp rejects bad parameters', () => {
    expect(() => logisticD50Ntcp(10, 0, 1)).toThrow(InputError);
    expect(() => logisticD50Ntcp(10, 30, 0)).toThrow(/γ50/);
    expect(() => logisticD50Ntcp(10, 30, 1, Number.NaN)).toThrow(/odds ratio/);
    expect(() => logisticD50Ntcp(-5, 30, 1)).toThrow(/finite dose/);
  });
});
