import { describe, expect, it } from 'vitest';
import { lqBedGy } from '../../src/radiobiology/lqBed';
import { uscBed, uscBedPerFractionGy, uscDerivedParameters } from '../../src/radiobiology/uscBed';

// NSCLC H460 as quoted in physics.md §1.4 [S×2]
const park = { alphaPerGy: 0.33, d0Gy: 1.25, dqGy: 1.8 };

describe('uscBed', () => {
  it('uscDerivedParameters(park) gives DT 6.128 Gy, β 0.03835, α/β 8.605 (closed forms, physics.md §1.4)', () => {
    const p = uscDerivedParameters(park);
    expect(p.transitionDoseGy).toBeCloseTo(3.6 / 0.5875, 12);
    expect(p.betaPerGy2).toBeCloseTo(0.5875 ** 2 / 9, 12);
    expect(p.alphaBetaGy).toBeCloseTo(0.33 / (0.5875 ** 2 / 9), 10);
  });

  it('uscBedPerFractionGy is continuous in value and slope at DT (construction of the USC)', () => {
    const derived = uscDerivedParameters(park);
    const dT = derived.transitionDoseGy;
    const h = 1e-6;
    const below = uscBedPerFractionGy(dT - h, park, derived);
    const above = uscBedPerFractionGy(dT + h, park, derived);
    expect(above - below).toBeCloseTo(2 * h * (1 / (0.33 * 1.25)), 9);
    expect(uscBedPerFractionGy(dT, park, derived)).toBeCloseTo(dT * (1 + dT / derived.alphaBetaGy), 10);
  });

  it('uscBed below DT equals LQ with the derived α/β, and one fraction of SFED Gy has the same BED_USC', () => {
    const derived = uscDerivedParameters(park);
    // 20/5: d = 4 < DT, but BED 29.3 > BED of one DT fraction (10.49), so SFED is on the terminal line;
    // 6/3: d = 2, BED 7.39 < 10.49, so SFED is on the LQ branch
    for (const f of [{ totalDoseGy: 20, fractions: 5 }, { totalDoseGy: 6, fractions: 3 }]) {
      const r = uscBed(f, park);
      expect(r.aboveTransition).toBe(false);
      expect(r.bedGy).toBeCloseTo(lqBedGy(f, r.alphaBetaGy), 10);
      expect(uscBedPerFractionGy(r.sfedGy, park, derived)).toBeCloseTo(r.bedGy, 9);
    }
    expect(uscBed({ totalDoseGy: 6, fractions: 3 }, park).sfedGy).toBeLessThan(derived.transitionDoseGy);
  });

  it('uscBed above DT: SFED = n·d − (n − 1)·Dq (Park 2008 relation, physics.md §1.4)', () => {
    const r = uscBed({ totalDoseGy: 48, fractions: 4 }, park);
    expect(r.sfedGy).toBeCloseTo(48 - 3 * 1.8, 10);
    expect(r.sedGy).toBeCloseTo(r.bedGy / (1 + 2 / r.alphaBetaGy), 10);
  });

  it('uscDerivedParameters rejects α·D0 ≥ 1 and non-positive parameters', () => {
    expect(() => uscDerivedParameters({ alphaPerGy: 0.9, d0Gy: 1.25, dqGy: 1.8 })).toThrow(/α·D0 < 1/);
    expect(() => uscDerivedParameters({ ...park, dqGy: 0 })).toThrow(/dqGy/);
  });
});
