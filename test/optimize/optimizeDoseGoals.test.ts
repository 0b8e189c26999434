import { describe, expect, it } from 'vitest';
import type { DoseInfluence } from '../../src/dose/DoseInfluence';
import { InputError } from '../../src/errors/InputError';
import { doseGoalPenalty, lineMinimum, type DoseGoals } from '../../src/optimize/doseGoalPenalty';
import { optimizeDoseGoals, type DoseGoalProblem } from '../../src/optimize/optimizeDoseGoals';
import { COVERAGE_HEADROOM } from '../../src/optimize/targetCoverage';

const goals = (lower: number[], lowerWeight: number[], upper: number[], upperWeight: number[]): DoseGoals => ({
  lowerRel: Float64Array.from(lower),
  lowerWeight: Float64Array.from(lowerWeight),
  upperRel: Float64Array.from(upper),
  upperWeight: Float64Array.from(upperWeight),
});

/** Beams as dense per-voxel dose rows (Gy/MU), turned into the sparse DoseInfluence format. */
function influenceOf(rows: number[][]): DoseInfluence {
  const voxelIndex: Uint32Array[] = [];
  const doseGyPerMu: Float32Array[] = [];
  for (const row of rows) {
    const index: number[] = [];
    const dose: number[] = [];
    row.forEach((d, v) => {
      if (d > 0) {
        index.push(v);
        dose.push(d);
      }
    });
    voxelIndex.push(Uint32Array.from(index));
    doseGyPerMu.push(Float32Array.from(dose));
  }
  return { voxelCount: rows[0].length, beamCount: rows.length, voxelIndex, doseGyPerMu };
}

describe('doseGoalPenalty and lineMinimum', () => {
  it('doseGoalPenalty is Σ lw (L − u)₊² + uw (u − U)₊² with its gradient', () => {
    // Closed form: voxel 0 under its lower goal by 0.5 (weight 2 → 0.5), voxel 1 over its upper goal by 1 (weight 3 → 3).
    const g = goals([1, 0], [2, 0], [Infinity, 1], [0, 3]);
    const residual = new Float64Array(2);
    expect(doseGoalPenalty(g, Float64Array.from([0.5, 2]), residual)).toBeCloseTo(0.5 + 3, 12);
    expect([...residual]).toEqual([-2 * 2 * 0.5, 2 * 3 * 1]);
  });

  it('lineMinimum finds the closed-form minimiser of a piecewise quadratic along a step', () => {
    // f(λ) = (0.5 − λ)₊² + (λ − 0.5)₊² → λ = 0.5; with the beam-space term c₂λ², c₂ = 1: (0.5 − λ)₊² + λ² → λ = 0.25.
    expect(lineMinimum(goals([0.5], [1], [0.5], [1]), Float64Array.from([0]), Float64Array.from([1]), 0, 0)).toBeCloseTo(0.5, 5);
    expect(lineMinimum(goals([0.5], [1], [Infinity], [0]), Float64Array.from([0]), Float64Array.from([1]), 0, 1)).toBeCloseTo(0.25, 5);
    // Two pieces: f = (2 − 2λ)² + (2λ − 1)₊² → for λ > ½, f' = 16λ − 12 = 0 → λ = 0.75.
    expect(lineMinimum(goals([2], [1], [1], [1]), Float64Array.from([0]), Float64Array.from([2]), 0, 0)).toBeCloseTo(0.75, 5);
    // A step that only makes things worse (slope ≥ 0 at 0) is not taken.
    expect(lineMinimum(goals([0], [1], [0.5], [1]), Float64Array.from([1]), Float64Array.from([1]), 0, 0)).toBe(0);
  });
});

describe('optimizeDoseGoals', () => {
  // Four PTV voxels (0–3) and four capped voxels (4–7, cap 0): beam 0 also irradiates the capped voxels, beam 1 does not.
  const twoBeams: DoseGoalProblem = {
    influence: influenceOf([
      [1, 1, 1, 1, 0.8, 0.8, 0.8, 0.8],
      [1, 1, 1, 1, 0, 0, 0, 0],
    ]),
    target: { voxels: Uint32Array.from([0, 1, 2, 3]), weights: new Float32Array(4).fill(1), depthMm: new Float32Array(4) },
    coreDepthMm: 5,
    outside: { voxels: Uint32Array.from([4, 5, 6, 7]), capFractionOfRx: new Float32Array(4), weights: new Float32Array(4).fill(1), isMaximum: new Uint8Array(4).fill(1) },
    prescriptionGyPerFraction: 10,
  };

  it('optimizeDoseGoals(two beams) gives all MU to the beam that spares the capped voxels, normalised to V100', () => {
    const result = optimizeDoseGoals(twoBeams);
    // The sparing beam alone: 1 Gy/MU on the PTV → MU = Rx × (1 + COVERAGE_HEADROOM) (closed form of the normalisation).
    expect(result.muPerBeam[0]).toBe(0);
    expect(result.muPerBeam[1]).toBeCloseTo(10 * (1 + COVERAGE_HEADROOM), 6);
    // A flat dose cannot give a prescription isodose of 80 %: it is 100 / (1 + headroom), and the plan says so.
    expect(result.prescriptionIsodosePercent).toBeCloseTo(100, 2);
    expect(result.warnings.map((w) => w.code)).toContain('isodose-off-request');
  });

  it('optimizeDoseGoals is deterministic', () => {
    expect(optimizeDoseGoals(twoBeams).muPerBeam).toEqual(optimizeDoseGoals(twoBeams).muPerBeam);
  });

  // 21 PTV voxels at depth 0…10 mm (t = depth / 10): a wide beam gives 0.01 Gy/MU everywhere, a narrow one 0.01 (1 + t).
  // Dose w + n(1 + t) has IDL = (w + n) / (w + 2n) (edge over centre): any IDL from 50 to 100 % is reachable, and the
  // profile goal 1 + (H − 1)t is met exactly by w + n = 1, n = H − 1, i.e. IDL = 1 / H.
  const depths = Array.from({ length: 21 }, (_, i) => i / 2);
  const profile: DoseGoalProblem = {
    influence: influenceOf([depths.map(() => 0.01), depths.map((d) => 0.01 * (1 + d / 10))]),
    target: { voxels: Uint32Array.from(depths.map((_, i) => i)), weights: new Float32Array(21).fill(1), depthMm: Float32Array.from(depths) },
    coreDepthMm: 10,
    outside: { voxels: new Uint32Array(0), capFractionOfRx: new Float32Array(0), weights: new Float32Array(0), isMaximum: new Uint8Array(0) },
    prescriptionGyPerFraction: 8,
  };

  it.each([80, 72, 85])('optimizeDoseGoals(profile) reaches a requested prescription isodose of %i %', (idl) => {
    const result = optimizeDoseGoals({ ...profile, prescriptionIsodosePercent: idl });
    // Tolerance: isodoseTolerancePercent 2.5 plus the coverage normalisation on the 2nd-coldest of 21 voxels (t = 0.05).
    expect(Math.abs(result.prescriptionIsodosePercent - idl)).toBeLessThan(3.5);
    expect(result.warnings).toEqual([]);
  });

  it('optimizeDoseGoals rejects an isodose outside 70–85 % and a PTV no beam reaches', () => {
    expect(() => optimizeDoseGoals({ ...profile, prescriptionIsodosePercent: 90 })).toThrow(InputError);
    const missing = { ...profile, influence: influenceOf([depths.map(() => 0).concat([1])]) };
    try {
      optimizeDoseGoals(missing);
      throw new Error('no error');
    } catch (error) {
      expect((error as InputError).code).toBe('target-not-covered');
    }
  });
});
