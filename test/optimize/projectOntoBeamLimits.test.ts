import { describe, expect, it } from 'vitest';
import { projectOntoBeamLimits } from '../../src/optimize/projectOntoBeamLimits';

const f = (values: number[]): Float64Array => Float64Array.from(values);

describe('projectOntoBeamLimits', () => {
  it('projectOntoBeamLimits(z, box) clamps to [0, upper] when the budget is not reached', () => {
    const out = projectOntoBeamLimits(f([-1, 0.5, 3]), { upper: f([1, 1, 2]), muPerUnit: f([1, 1, 1]), budget: Infinity }, new Float64Array(3));
    expect(Array.from(out)).toEqual([0, 0.5, 2]);
  });

  it('projectOntoBeamLimits(z, budget) is the Euclidean projection onto {y ≥ 0, Σ y ≤ T} (shift by τ, closed form)', () => {
    // z = (3, 1, −1), T = 2: y = max(z − τ, 0) with τ = 1 gives (2, 0, 0), Σ = 2.
    const out = projectOntoBeamLimits(f([3, 1, -1]), { upper: f([Infinity, Infinity, Infinity]), muPerUnit: f([1, 1, 1]), budget: 2 }, new Float64Array(3));
    expect(out[0]).toBeCloseTo(2, 12);
    expect(out[1]).toBeCloseTo(0, 12);
    expect(out[2]).toBe(0);
  });

  it('projectOntoBeamLimits(z, weighted budget and box) meets the KKT form y = clamp(z − τ·c, 0, upper)', () => {
    // c = (1, 2, 0.5), T = 3, z = (2, 2, 2), upper 1.5 on beam 2. Σ c·clamp(z − τc) = 3 at τ = 0.4:
    // y = (1.6, 1.2, 1.5 (clamped from 1.8)) → 1.6 + 2.4 + 0.75 = 4.75 > 3, so τ is larger: solve on the pieces:
    // τ ∈ [0.5, 0.8]: y = (2 − τ, 2 − 2τ, 1.5) → (2 − τ) + 2(2 − 2τ) + 0.75 = 6.75 − 5τ = 3 → τ = 0.75.
    const z = f([2, 2, 2]);
    const limits = { upper: f([Infinity, Infinity, 1.5]), muPerUnit: f([1, 2, 0.5]), budget: 3 };
    const out = projectOntoBeamLimits(z, limits, new Float64Array(3));
    expect(out[0]).toBeCloseTo(1.25, 10);
    expect(out[1]).toBeCloseTo(0.5, 10);
    expect(out[2]).toBeCloseTo(1.5, 10);
    expect(out[0] + 2 * out[1] + 0.5 * out[2]).toBeLessThanOrEqual(3);
  });

  it('projectOntoBeamLimits(z) keeps beams with upper 0 at 0 and may write in place', () => {
    const z = f([1, 2]);
    projectOntoBeamLimits(z, { upper: f([0, Infinity]), muPerUnit: f([1, 1]), budget: Infinity }, z);
    expect(Array.from(z)).toEqual([0, 2]);
  });
});
