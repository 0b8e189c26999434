import { describe, expect, it } from 'vitest';
import { planSummary } from '../../src/optimize/planSummary';

describe('planSummary', () => {
  it('planSummary(mu) totals MU, counts active beams and lists beams under the 5 MU minimum', () => {
    const summary = planSummary([0, 12, 3, 0, 20, 4.99, 5]);
    expect(summary.totalMuPerFraction).toBeCloseTo(44.99, 12);
    expect(summary.activeBeamCount).toBe(5);
    expect(summary.beamsBelowMinimum).toEqual([2, 5]);
    expect(summary.maxMuPerBeam).toBe(20);
    expect(summary.meanMuPerActiveBeam).toBeCloseTo(44.99 / 5, 12);
  });

  it('planSummary(mu, thresholds) uses the given active threshold and minimum', () => {
    const summary = planSummary([1, 2, 10], { activeThresholdMu: 1.5, minimumMuPerBeam: 3 });
    expect(summary.activeBeamCount).toBe(2);
    expect(summary.beamsBelowMinimum).toEqual([0, 1]);
    expect(summary.meanMuPerActiveBeam).toBe(6);
  });

  it('planSummary(...) rejects negative or non-finite MU and returns zeros for no beam', () => {
    expect(() => planSummary([1, -1])).toThrowError(expect.objectContaining({ code: 'bad-weight' }));
    expect(() => planSummary([Number.NaN])).toThrowError(expect.objectContaining({ code: 'bad-weight' }));
    expect(planSummary([])).toEqual({ totalMuPerFraction: 0, activeBeamCount: 0, beamsBelowMinimum: [], maxMuPerBeam: 0, meanMuPerActiveBeam: 0 });
  });
});
