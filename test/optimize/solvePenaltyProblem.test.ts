import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import type { DoseInfluence } from '../../src/dose/DoseInfluence';
import type { PenaltyModel } from '../../src/optimize/PenaltyModel';
import { solvePenaltyProblem } from '../../src/optimize/solvePenaltyProblem';
import { extendWorkingSet } from '../../src/optimize/WorkingSetInfluence';

// A small dense problem: with the coverage floor below every voxel (coverageFraction 1), ω = κ = 1, no over-dose,
// near-maximum, caps or means, the model is the strictly convex piecewise quadratic
//   f(y) = Σ_r ŵ_r (1 − u_r)₊² + ρ Σ_b y_b² + ℓ·y,   u = A·y  (A_rb = value · columnScale),  y ≥ 0;
// ℓ charges beam 3 (an "integral dose" cost) so that its bound is active at the minimiser.
const rows = 9;
const beams = 5;
// Dose per MU of 5 beams at 9 voxels (deterministic, non-negative; beam 4 over-doses every voxel it reaches).
const table = [
  [1.0, 0.2, 0.0, 0.5, 3.0],
  [0.9, 0.4, 0.1, 0.5, 3.0],
  [0.7, 0.7, 0.2, 0.4, 0.0],
  [0.4, 1.0, 0.3, 0.3, 0.0],
  [0.2, 0.9, 0.6, 0.3, 0.0],
  [0.1, 0.6, 0.9, 0.2, 2.5],
  [0.0, 0.3, 1.0, 0.2, 2.5],
  [0.0, 0.1, 0.8, 0.1, 0.0],
  [0.3, 0.0, 0.5, 0.9, 0.0],
];
const rowWeight = [1, 1, 0.5, 1, 1, 1, 0.25, 1, 1];
const ridge = 0.05;
const columnScale = Float64Array.from([1, 0.8, 1.25, 1, 0.5]);
const linear = Float64Array.from([0, 0, 0, 0.5, 0]);

function influence(): DoseInfluence {
  const voxelIndex: Uint32Array[] = [];
  const doseGyPerMu: Float32Array[] = [];
  for (let b = 0; b < beams; b++) {
    const index: number[] = [];
    const dose: number[] = [];
    for (let r = 0; r < rows; r++) {
      if (table[r][b] > 0) {
        index.push(r);
        dose.push(table[r][b]);
      }
    }
    voxelIndex.push(Uint32Array.from(index));
    doseGyPerMu.push(Float32Array.from(dose));
  }
  return { voxelCount: rows, beamCount: beams, voxelIndex, doseGyPerMu };
}

/**
 * Reference minimiser of the piecewise quadratic by its KKT conditions: for every set S of under-dosed rows and every
 * set P of free beams, the candidate solves Q_PP y_P = c_P with Q = 2(A_SᵀŴA_S + ρI), c = 2A_SᵀŴ1 − ℓ (ml-matrix);
 * it is the minimiser when y_P ≥ 0, u < 1 exactly on S (u ≥ 1 elsewhere) and (Qy − c)_b ≥ 0 for b ∉ P (Lawson &
 * Hanson, Solving Least Squares Problems, 1974, ch. 23; unique because ρ > 0 makes f strictly convex).
 */
function referenceMinimiser(a: number[][], weights: number[]): number[] {
  for (let rowMask = 0; rowMask < 1 << rows; rowMask++) {
    const under = [...Array(rows).keys()].filter((r) => rowMask & (1 << r));
    const q = new Matrix(beams, beams);
    const c = new Array<number>(beams).fill(0);
    for (let i = 0; i < beams; i++) {
      for (let j = 0; j < beams; j++) {
        let sum = 0;
        for (const r of under) sum += weights[r] * a[r][i] * a[r][j];
        q.set(i, j, 2 * sum + (i === j ? 2 * ridge : 0));
      }
      for (const r of under) c[i] += 2 * weights[r] * a[r][i];
      c[i] -= linear[i];
    }
    for (let mask = 0; mask < 1 << beams; mask++) {
      const free = [...Array(beams).keys()].filter((b) => mask & (1 << b));
      const y = new Array<number>(beams).fill(0);
      if (free.length > 0) {
        const sub = new Matrix(free.map((i) => free.map((j) => q.get(i, j))));
        const solution = solve(sub, Matrix.columnVector(free.map((i) => c[i]))).getColumn(0);
        if (solution.some((v) => v < 0)) continue;
        free.forEach((b, k) => (y[b] = solution[k]));
      }
      const consistent = [...Array(rows).keys()].every((r) => {
        const u = a[r].reduce((sum, v, b) => sum + v * y[b], 0);
        return under.includes(r) ? u < 1 : u >= 1;
      });
      if (!consistent) continue;
      let kkt = true;
      for (let b = 0; b < beams; b++) {
        if (free.includes(b)) continue;
        let gradient = -c[b];
        for (let j = 0; j < beams; j++) gradient += q.get(b, j) * y[j];
        if (gradient < -1e-12) kkt = false;
      }
      if (kkt) return y;
    }
  }
  throw new Error('no KKT point');
}

describe('solvePenaltyProblem', () => {
  it('solvePenaltyProblem(ridge least squares) matches the KKT minimiser found with ml-matrix', () => {
    const data = influence();
    const rowOfVoxel = new Int32Array(rows).fill(-1);
    const set = extendWorkingSet(data, null, Uint32Array.from({ length: rows }, (_, r) => r), rowOfVoxel, columnScale);
    const totalWeight = rowWeight.reduce((s, w) => s + w, 0);
    const model: PenaltyModel = {
      targetRows: Uint32Array.from({ length: rows }, (_, r) => r),
      targetWeights: Float64Array.from(rowWeight, (w) => w / totalWeight),
      coverageFraction: 1,
      coverageFloorRel: 0,
      coverageWeights: new Float64Array(0),
      coverageImportance: 1,
      allVoxelCoverageWeight: 1,
      hotRel: 1,
      hotCapRel: 1,
      overdoseImportance: 0,
      nearMaxImportance: 0,
      capped: [],
      means: [],
      linear,
      ridge,
    };
    const limits = { upper: new Float64Array(beams).fill(Infinity), muPerUnit: new Float64Array(beams).fill(1), budget: Infinity };
    const y = new Float64Array(beams).fill(0.2);
    const result = solvePenaltyProblem(set, model, limits, y, { maxIterations: 500, relativeTolerance: 1e-14 }, []);
    // The reference in the same variables: A_rb = dose · columnScale_b (Float32 dose as stored).
    const a = table.map((row) => row.map((v, b) => Math.fround(v) * columnScale[b]));
    const expected = referenceMinimiser(a, rowWeight.map((w) => w / totalWeight));
    expect(expected.filter((v) => v === 0).length).toBeGreaterThan(0); // the bound is active for some beam
    for (let b = 0; b < beams; b++) expect(y[b]).toBeCloseTo(expected[b], 6);
    expect(result.iterations).toBeGreaterThan(0);
    for (const v of y) expect(v).toBeGreaterThanOrEqual(0);
  });
});
