import { describe, expect, it } from 'vitest';
import type { DoseInfluence } from '../../src/dose/DoseInfluence';
import type { BeamWeightProblem, VoxelSet } from '../../src/optimize/BeamWeightProblem';
import { falloffShells } from '../../src/optimize/falloffShells';
import { optimizeBeamWeights } from '../../src/optimize/optimizeBeamWeights';
import { COVERAGE_HEADROOM } from '../../src/optimize/targetCoverage';
import { ballVoxels, coverageAndMax, doseOfMu, fractionsOf, toyPhantom } from './syntheticInfluence';

const rx = 10;
const phantom = toyPhantom();
const shells = falloffShells(fractionsOf(phantom.grid, phantom.target), phantom.grid, rx);
const base: BeamWeightProblem = { influence: phantom.influence, voxelVolumeCc: phantom.voxelVolumeCc, target: phantom.target, prescriptionGyPerFraction: rx, shells };

function largestWeightPercent(set: VoxelSet): number {
  let total = 0;
  let largest = 0;
  for (const w of set.weights) {
    total += w;
    largest = Math.max(largest, w);
  }
  return (100 * largest) / total;
}

/** Σ w (dose − cap)₊² over a set, Gy². */
function excessOverCap(dose: Float64Array, set: VoxelSet, capGy: number): number {
  let sum = 0;
  for (let n = 0; n < set.voxels.length; n++) {
    const over = dose[set.voxels[n]] - capGy;
    if (over > 0) sum += set.weights[n] * over * over;
  }
  return sum;
}

function meanDose(dose: Float64Array, set: VoxelSet): number {
  let total = 0;
  let sum = 0;
  for (let n = 0; n < set.voxels.length; n++) {
    total += set.weights[n];
    sum += set.weights[n] * dose[set.voxels[n]];
  }
  return sum / total;
}

describe('optimizeBeamWeights on the two-cone phantom (30×26×22 voxels at 2×2.5×3 mm)', () => {
  const plan80 = optimizeBeamWeights({ ...base, prescriptionIsodosePercent: 80 });

  it('optimizeBeamWeights(problem) returns finite MU ≥ 0 and is deterministic (a second run is identical bit for bit)', () => {
    for (const mu of plan80.muPerBeam) expect(Number.isFinite(mu) && mu >= 0).toBe(true);
    const again = optimizeBeamWeights({ ...base, prescriptionIsodosePercent: 80 });
    expect(Array.from(again.muPerBeam)).toEqual(Array.from(plan80.muPerBeam));
    expect(again.objectiveHistory).toEqual(plan80.objectiveHistory);
    expect(plan80.iterations).toBe(plan80.objectiveHistory.length);
  });

  it('optimizeBeamWeights(problem) normalises to V100 = 95 % exactly (up to one voxel) on an independently accumulated dose', () => {
    const dose = doseOfMu(phantom.influence, plan80.muPerBeam);
    const { coveredPercent } = coverageAndMax(dose, phantom.target, rx);
    // Normalisation puts the 95 % boundary voxel at Rx·(1 + COVERAGE_HEADROOM): V100 ≥ 95 and exceeds it by at most
    // that voxel's share of the volume (plus voxels tied with it).
    expect(coveredPercent).toBeGreaterThanOrEqual(95);
    expect(coveredPercent).toBeLessThanOrEqual(95 + largestWeightPercent(phantom.target) + 1e-9);
    expect(plan80.achieved.v100Percent).toBeCloseTo(coveredPercent, 9);
    // The dose just under the headroom (÷(1 + 2·headroom)) no longer covers 95 %: the scale is the smallest one.
    const { coveredPercent: below } = coverageAndMax(dose, phantom.target, rx * (1 + 2 * COVERAGE_HEADROOM));
    expect(below).toBeLessThan(95);
    expect(plan80.warnings).toEqual([]);
    expect(plan80.converged).toBe(true);
  });

  it.each([70, 80, 85])('optimizeBeamWeights(problem) with requested IDL %i ends within ± 2 points of it', (isodose) => {
    const plan = isodose === 80 ? plan80 : optimizeBeamWeights({ ...base, prescriptionIsodosePercent: isodose });
    const { maxGy } = coverageAndMax(doseOfMu(phantom.influence, plan.muPerBeam), phantom.target, rx);
    // IDL = 100·Rx / PTV maximum (physics.md §3.2, HI_RTOG = Dmax / Rx)
    const achieved = (100 * rx) / maxGy;
    expect(Math.abs(achieved - isodose)).toBeLessThanOrEqual(2);
    expect(plan.achieved.prescriptionIsodosePercent).toBeCloseTo(achieved, 4);
    expect(plan.warnings.map((w) => w.code)).not.toContain('isodose-out-of-range');
  });

  it('optimizeBeamWeights(problem) with the default 5 MU minimum leaves no beam between 0 and 5 MU', () => {
    for (const mu of plan80.muPerBeam) expect(mu === 0 || mu >= 5).toBe(true);
    for (const b of plan80.prunedBeams) expect(plan80.muPerBeam[b]).toBe(0);
    expect(plan80.summary.beamsBelowMinimum).toEqual([]);
    expect(plan80.summary.activeBeamCount).toBe(plan80.muPerBeam.filter((mu) => mu > 0).length);
  });

  it('optimizeBeamWeights(problem) scales MU exactly with Rx (×2 Rx and ×2 caps → ×2 MU, the objective is in dose / Rx)', () => {
    const options = { minimumMuPerBeam: 0 };
    const one = optimizeBeamWeights({ ...base, prescriptionIsodosePercent: 75 }, options);
    const doubledShells = shells.map((shell) => ({ ...shell, maxDoseGyPerFraction: 2 * shell.maxDoseGyPerFraction }));
    const two = optimizeBeamWeights({ ...base, shells: doubledShells, prescriptionGyPerFraction: 2 * rx, prescriptionIsodosePercent: 75 }, options);
    // Powers of two scale floating-point numbers exactly, so every iterate is the same in relative units.
    expect(Array.from(two.muPerBeam)).toEqual(Array.from(one.muPerBeam, (mu) => 2 * mu));
    expect(two.achieved.prescriptionIsodosePercent).toBe(one.achieved.prescriptionIsodosePercent);
  });

  it('optimizeBeamWeights(problem) with a 5–20 mm shell lowers the dose in that shell compared with no shell', () => {
    const ring = shells[1];
    const without = optimizeBeamWeights({ ...base, shells: [] });
    const withRing = optimizeBeamWeights({ ...base, shells: [ring] });
    const doseWithout = doseOfMu(phantom.influence, without.muPerBeam);
    const doseWith = doseOfMu(phantom.influence, withRing.muPerBeam);
    expect(meanDose(doseWith, ring)).toBeLessThan(meanDose(doseWithout, ring));
    // The quantity the shell penalises: Σ w (d − cap)₊² over its voxels.
    expect(excessOverCap(doseWith, ring, ring.maxDoseGyPerFraction)).toBeLessThan(excessOverCap(doseWithout, ring, ring.maxDoseGyPerFraction));
    // Both are normalised to the same coverage.
    expect(coverageAndMax(doseWith, phantom.target, rx).coveredPercent).toBeGreaterThanOrEqual(95);
  });
});

describe('optimizeBeamWeights organ limits', () => {
  const [cx, cy, cz] = phantom.centreMm;

  it('optimizeBeamWeights(problem) keeps a feasible organ maximum (an organ 24 mm from the PTV centre) and reports it met', () => {
    const organ = ballVoxels(phantom.grid, [cx + 24, cy, cz], 5);
    const free = optimizeBeamWeights(base);
    const freeMax = coverageAndMax(doseOfMu(phantom.influence, free.muPerBeam), organ, rx).maxGy;
    const limit = 0.6 * freeMax;
    const plan = optimizeBeamWeights({ ...base, organs: [{ name: 'cord', ...organ, maxDoseGyPerFraction: limit, importance: 1 }] });
    const dose = doseOfMu(phantom.influence, plan.muPerBeam);
    expect(coverageAndMax(dose, organ, rx).maxGy).toBeLessThanOrEqual(limit * (1 + 1e-6));
    expect(plan.achieved.organs[0].maxLimitMet).toBe(true);
    expect(plan.warnings.map((w) => w.code)).not.toContain('organ-max-exceeded');
    expect(coverageAndMax(dose, phantom.target, rx).coveredPercent).toBeGreaterThanOrEqual(95);
  });

  it('optimizeBeamWeights(problem) keeps coverage and warns when an organ across the PTV surface cannot stay under 50 % Rx', () => {
    const organ = ballVoxels(phantom.grid, [cx + 12, cy, cz], 5);
    const plan = optimizeBeamWeights({ ...base, organs: [{ name: 'oesophagus', ...organ, maxDoseGyPerFraction: 0.5 * rx, importance: 1 }] });
    const dose = doseOfMu(phantom.influence, plan.muPerBeam);
    expect(coverageAndMax(dose, phantom.target, rx).coveredPercent).toBeGreaterThanOrEqual(95);
    expect(plan.achieved.organs[0].maxLimitMet).toBe(false);
    expect(plan.warnings.find((w) => w.code === 'organ-max-exceeded')?.message).toContain('oesophagus');
    // The escalation is undone when it cannot help: the IDL stays usable.
    expect(plan.achieved.prescriptionIsodosePercent).toBeGreaterThan(70);
  });

  it('optimizeBeamWeights(problem) meets a feasible organ mean limit (a slab beside the PTV)', () => {
    // Slab: all voxels with x ≥ centre + 16 mm (beyond the PTV edge at +12 mm).
    const voxels: number[] = [];
    const [nx, ny, nz] = phantom.grid.dimensions;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (i * phantom.grid.spacingMm[0] >= cx + 16) voxels.push(i + j * nx + k * nx * ny);
    const slab: VoxelSet = { voxels: Uint32Array.from(voxels), weights: new Float32Array(voxels.length).fill(1) };
    const free = optimizeBeamWeights(base);
    const freeMean = meanDose(doseOfMu(phantom.influence, free.muPerBeam), slab);
    const limit = 0.7 * freeMean;
    const plan = optimizeBeamWeights({ ...base, organs: [{ name: 'lung', ...slab, meanDoseGyPerFraction: limit, importance: 1 }] });
    const dose = doseOfMu(phantom.influence, plan.muPerBeam);
    expect(meanDose(dose, slab)).toBeLessThanOrEqual(limit * (1 + 1e-6));
    expect(plan.achieved.organs[0].meanLimitMet).toBe(true);
    expect(plan.achieved.organs[0].meanDoseGyPerFraction).toBeCloseTo(meanDose(dose, slab), 4);
  });
});

describe('optimizeBeamWeights MU limits', () => {
  const free = optimizeBeamWeights(base);

  it('optimizeBeamWeights(problem) keeps MU under a per-beam limit that does not bind, and warns (coverage first) when it does', () => {
    const loose = 1.5 * free.summary.maxMuPerBeam;
    const plan = optimizeBeamWeights({ ...base, maxMuPerBeam: loose });
    for (const mu of plan.muPerBeam) expect(mu).toBeLessThanOrEqual(loose);
    expect(plan.warnings.map((w) => w.code)).not.toContain('mu-limit-exceeded');
    // Half the unconstrained maximum: too few MU per beam to cover at this IDL.
    const tight = optimizeBeamWeights({ ...base, maxMuPerBeam: 0.5 * free.summary.maxMuPerBeam });
    expect(tight.warnings.map((w) => w.code)).toContain('mu-limit-exceeded');
    expect(coverageAndMax(doseOfMu(phantom.influence, tight.muPerBeam), phantom.target, rx).coveredPercent).toBeGreaterThanOrEqual(95);
  });

  it('optimizeBeamWeights(problem) keeps coverage and warns when the total MU budget is too small to cover the PTV', () => {
    const plan = optimizeBeamWeights({ ...base, totalMuBudget: 0.5 * free.summary.totalMuPerFraction });
    expect(plan.warnings.map((w) => w.code)).toContain('mu-budget-exceeded');
    expect(coverageAndMax(doseOfMu(phantom.influence, plan.muPerBeam), phantom.target, rx).coveredPercent).toBeGreaterThanOrEqual(95);
  });
});

describe('optimizeBeamWeights closed forms', () => {
  /** One beam: dose per MU `values[n]` at target voxel n (indices 0..N−1 of a 1-D grid of N + 2 voxels). */
  function singleBeam(values: number[]): { influence: DoseInfluence; target: VoxelSet } {
    const n = values.length;
    const voxelIndex = Uint32Array.from({ length: n + 2 }, (_, v) => v);
    const dose = Float32Array.from([...values, 0.001, 0.0005]);
    return {
      influence: { voxelCount: n + 2, beamCount: 1, voxelIndex: [voxelIndex], doseGyPerMu: [dose] },
      target: { voxels: Uint32Array.from({ length: n }, (_, v) => v), weights: new Float32Array(n).fill(1) },
    };
  }

  it('optimizeBeamWeights(one beam, uniform 0.01 Gy/MU) gives MU = Rx / 0.01 · (1 + headroom) and warns that the IDL is 100 %', () => {
    const { influence, target } = singleBeam(new Array(40).fill(0.01));
    const plan = optimizeBeamWeights({ influence, target, voxelVolumeCc: 0.001, prescriptionGyPerFraction: 8 }, { minimumMuPerBeam: 0 });
    // Closed form: the dose is MU·a everywhere in the PTV, so coverage needs MU = Rx / a; the optimiser's only freedom is
    // the scale, which the normalisation fixes.
    expect(plan.muPerBeam[0] / ((8 / Math.fround(0.01)) * (1 + COVERAGE_HEADROOM)) - 1).toBeCloseTo(0, 12);
    expect(plan.achieved.prescriptionIsodosePercent).toBeCloseTo(100 / (1 + COVERAGE_HEADROOM), 6);
    expect(plan.warnings.map((w) => w.code)).toContain('isodose-out-of-range');
  });

  it('optimizeBeamWeights(one beam, graded profile) gives MU = Rx / (dose per MU at the 95 % volume)', () => {
    // 40 voxels with a = 0.010…0.0139 Gy/MU: V100 ≥ 95 % needs the 38 hottest (38/40 = 95 %) ≥ Rx, so the 38th
    // largest a sets MU = Rx / a₃₈ (closed form of the coverage normalisation).
    const values = Array.from({ length: 40 }, (_, v) => 0.01 + 0.0001 * v);
    const { influence, target } = singleBeam(values);
    const plan = optimizeBeamWeights({ influence, target, voxelVolumeCc: 0.001, prescriptionGyPerFraction: 8 }, { minimumMuPerBeam: 0 });
    const sorted = values.map((v) => Math.fround(v)).sort((a, b) => b - a);
    expect(plan.muPerBeam[0] / ((8 / sorted[37]) * (1 + COVERAGE_HEADROOM)) - 1).toBeCloseTo(0, 12);
    expect(plan.achieved.v100Percent).toBeCloseTo(95, 9);
  });
});

describe('optimizeBeamWeights input checks and warnings', () => {
  it('optimizeBeamWeights(problem) rejects a prescription isodose outside 70–85 %', () => {
    expect(() => optimizeBeamWeights({ ...base, prescriptionIsodosePercent: 69.9 })).toThrowError(expect.objectContaining({ code: 'bad-isodose' }));
    expect(() => optimizeBeamWeights({ ...base, prescriptionIsodosePercent: 85.1 })).toThrowError(expect.objectContaining({ code: 'bad-isodose' }));
    expect(() => optimizeBeamWeights({ ...base, prescriptionIsodosePercent: Number.NaN })).toThrowError(expect.objectContaining({ code: 'bad-isodose' }));
  });

  it('optimizeBeamWeights(problem) rejects bad prescriptions, voxel lists and influence data', () => {
    expect(() => optimizeBeamWeights({ ...base, prescriptionGyPerFraction: 0 })).toThrowError(expect.objectContaining({ code: 'bad-prescription' }));
    const unsorted = { voxels: Uint32Array.from([5, 3]), weights: Float32Array.from([1, 1]) };
    expect(() => optimizeBeamWeights({ ...base, target: unsorted })).toThrowError(expect.objectContaining({ code: 'bad-voxels' }));
    const badFraction = { voxels: Uint32Array.from([3, 5]), weights: Float32Array.from([1, 1.5]) };
    expect(() => optimizeBeamWeights({ ...base, target: badFraction })).toThrowError(expect.objectContaining({ code: 'bad-voxels' }));
    const descending: DoseInfluence = { voxelCount: 10, beamCount: 1, voxelIndex: [Uint32Array.from([4, 2])], doseGyPerMu: [Float32Array.from([0.01, 0.01])] };
    const small = { voxels: Uint32Array.from([2, 4]), weights: Float32Array.from([1, 1]) };
    expect(() => optimizeBeamWeights({ influence: descending, target: small, voxelVolumeCc: 0.001, prescriptionGyPerFraction: 8 })).toThrowError(expect.objectContaining({ code: 'bad-influence' }));
    const nan: DoseInfluence = { voxelCount: 10, beamCount: 1, voxelIndex: [Uint32Array.from([2, 4])], doseGyPerMu: [Float32Array.from([0.01, Number.NaN])] };
    expect(() => optimizeBeamWeights({ influence: nan, target: small, voxelVolumeCc: 0.001, prescriptionGyPerFraction: 8 })).toThrowError(expect.objectContaining({ code: 'bad-influence' }));
  });

  it('optimizeBeamWeights(problem) throws target-not-covered when no beam reaches the PTV, and warns about beams that miss it', () => {
    const influence: DoseInfluence = {
      voxelCount: 10,
      beamCount: 2,
      voxelIndex: [Uint32Array.from([0, 1]), Uint32Array.from([6, 7, 8])],
      doseGyPerMu: [Float32Array.from([0.01, 0.01]), Float32Array.from([0.01, 0.01, 0.01])],
    };
    const missed = { voxels: Uint32Array.from([4, 5]), weights: Float32Array.from([1, 1]) };
    expect(() => optimizeBeamWeights({ influence, target: missed, voxelVolumeCc: 0.001, prescriptionGyPerFraction: 8 })).toThrowError(expect.objectContaining({ code: 'target-not-covered' }));
    const reached = { voxels: Uint32Array.from([0, 1]), weights: Float32Array.from([1, 1]) };
    const plan = optimizeBeamWeights({ influence, target: reached, voxelVolumeCc: 0.001, prescriptionGyPerFraction: 8 }, { minimumMuPerBeam: 0 });
    expect(plan.warnings.map((w) => w.code)).toContain('beams-miss-target');
    expect(plan.muPerBeam[1]).toBe(0);
  });
});
