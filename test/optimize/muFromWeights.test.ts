import { describe, expect, it } from 'vitest';
import type { DoseInfluence } from '../../src/dose/DoseInfluence';
import { muFromWeights, weightsFromMu } from '../../src/optimize/muFromWeights';
import { COVERAGE_HEADROOM } from '../../src/optimize/targetCoverage';
import { coverageAndMax, doseOfMu, toyPhantom } from './syntheticInfluence';

describe('muFromWeights', () => {
  it('muFromWeights(weights, two beams on a 1-D target) scales to the coverage in closed form', () => {
    // Beam 0: 0.01 Gy/MU on voxels 0–3; beam 1: 0.02 Gy/MU on voxels 2–5. Target = voxels 1–4 (equal weights).
    // With weights (1, 1) the target doses per unit weight are 0.01, 0.03, 0.03, 0.02: V100 = 75 % needs the
    // 3 hottest ≥ Rx → k = Rx / 0.02 (closed form of the normalisation).
    const influence: DoseInfluence = {
      voxelCount: 6,
      beamCount: 2,
      voxelIndex: [Uint32Array.from([0, 1, 2, 3]), Uint32Array.from([2, 3, 4, 5])],
      doseGyPerMu: [new Float32Array(4).fill(0.01), new Float32Array(4).fill(0.02)],
    };
    const target = { voxels: Uint32Array.from([1, 2, 3, 4]), weights: new Float32Array(4).fill(1) };
    const result = muFromWeights([1, 1], { influence, target, prescriptionGyPerFraction: 6, coveragePercent: 75 });
    const k = (6 / Math.fround(0.02)) * (1 + COVERAGE_HEADROOM);
    expect(result.muPerUnitWeight / k - 1).toBeCloseTo(0, 12);
    expect(Array.from(result.muPerBeam)).toEqual([result.muPerUnitWeight, result.muPerUnitWeight]);
    expect(result.v100Percent).toBe(75);
    // PTV maximum = k · (0.01 + 0.02) at voxels 2 and 3.
    expect(result.maxDoseGyPerFraction / (k * (Math.fround(0.01) + Math.fround(0.02))) - 1).toBeCloseTo(0, 12);
    expect(result.prescriptionIsodosePercent).toBeCloseTo((100 * 6) / result.maxDoseGyPerFraction, 12);
  });

  it('muFromWeights(weightsFromMu(mu)) gives back MU with the same coverage on the phantom', () => {
    const phantom = toyPhantom();
    const mu = Array.from({ length: phantom.influence.beamCount }, (_, b) => 1 + (b % 7));
    const result = muFromWeights(weightsFromMu(mu), { influence: phantom.influence, target: phantom.target, prescriptionGyPerFraction: 9 });
    const dose = doseOfMu(phantom.influence, result.muPerBeam);
    const { coveredPercent, maxGy } = coverageAndMax(dose, phantom.target, 9);
    expect(coveredPercent).toBeGreaterThanOrEqual(95);
    expect(result.v100Percent).toBeCloseTo(coveredPercent, 9);
    expect(result.maxDoseGyPerFraction / maxGy - 1).toBeCloseTo(0, 6);
    // Proportional to the input.
    for (let b = 0; b < mu.length; b++) expect(result.muPerBeam[b] / result.muPerBeam[0]).toBeCloseTo(mu[b] / mu[0], 12);
  });

  it('weightsFromMu(mu) returns shares of the total MU', () => {
    expect(Array.from(weightsFromMu([10, 30, 0, 60]))).toEqual([0.1, 0.3, 0, 0.6]);
    expect(Array.from(weightsFromMu([0, 0]))).toEqual([0, 0]);
    expect(() => weightsFromMu([-1])).toThrowError(expect.objectContaining({ code: 'bad-weight' }));
  });

  it('muFromWeights(...) rejects bad weights and targets the beams cannot cover', () => {
    const influence: DoseInfluence = { voxelCount: 4, beamCount: 1, voxelIndex: [Uint32Array.from([0])], doseGyPerMu: [Float32Array.from([0.01])] };
    const target = { voxels: Uint32Array.from([0, 1, 2]), weights: new Float32Array(3).fill(1) };
    expect(() => muFromWeights([0], { influence, target, prescriptionGyPerFraction: 6 })).toThrowError(expect.objectContaining({ code: 'bad-weight' }));
    expect(() => muFromWeights([1, 1], { influence, target, prescriptionGyPerFraction: 6 })).toThrowError(expect.objectContaining({ code: 'bad-weight' }));
    expect(() => muFromWeights([1], { influence, target, prescriptionGyPerFraction: 6 })).toThrowError(expect.objectContaining({ code: 'target-not-covered' }));
  });
});
