import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../src/ntcp/normalCdf';

describe('normalCdf', () => {
  it('normalCdf(x) matches standard normal table values to 1e-13 relative', () => {
    // Φ values: standard normal distribution (closed form ½·erfc(−x/√2), evaluated with scipy.stats.norm.cdf).
    const table: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-1, 0.15865525393145707],
      [1.96, 0.9750021048517795],
      [-1.96, 0.024997895148220435],
      [-4, 3.167124183311986e-5],
      [-6, 9.865876450376946e-10],
      [-10, 7.61985302416047e-24],
    ];
    for (const [x, expected] of table) {
      expect(Math.abs(normalCdf(x) - expected) / expected, `Φ(${x})`).toBeLessThan(1e-13);
    }
  });

  it('normalCdf(x) + normalCdf(−x) = 1 on both sides of the series/continued-fraction switch', () => {
    // Symmetry of Φ (closed form); x = 2.8 and 2.9 straddle |x|/√2 = 2, where the evaluation method changes.
    for (const x of [0.3, 2.5, 2.8, 2.828, 2.83, 2.9, 4.3, 7]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it('normalCdf handles ±Infinity and NaN', () => {
    expect([normalCdf(Infinity), normalCdf(-Infinity)]).toEqual([1, 0]);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});
