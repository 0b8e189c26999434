import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../../src/geometry/Grid3';
import { limitsAtVolume } from '../../src/metrics/rtogConformality';
import { beamArrangementForPtv, PENUMBRA_ALLOWANCE_MM, shiftCones } from '../../src/planning/beamArrangementForPtv';
import { doseGoalSample } from '../../src/planning/doseGoalSample';

const CONES = [5, 7.5, 10, 12.5, 15, 20, 25, 30, 35, 40, 50, 60];
const SPACING = 2.5;
// 47³ voxels of 2.5 mm centred on the origin (voxel centres at 0, ±2.5 … ±57.5 mm). 47 is prime, so the
// sampler's flat-index strides do not alias with the rows.
const N = 47;
const O = (-(N - 1) * SPACING) / 2;
const GRID: GridGeometry = { dimensions: [N, N, N], spacingMm: [SPACING, SPACING, SPACING], originMm: [O, O, O], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const position = (v: number): [number, number, number] => [O + SPACING * (v % N), O + SPACING * (Math.floor(v / N) % N), O + SPACING * Math.floor(v / (N * N))];

/** Binary mask of voxel centres where inside(x, y, z) holds. */
function maskOf(inside: (x: number, y: number, z: number) => boolean): Float32Array {
  const f = new Float32Array(N * N * N);
  for (let v = 0; v < f.length; v++) f[v] = inside(...position(v)) ? 1 : 0;
  return f;
}
const volumeCc = (f: Float32Array) => (f.reduce((a, b) => a + b, 0) * SPACING ** 3) / 1000;

describe('beamArrangementForPtv', () => {
  it('a sphere gets one aim point at its centre and the two cones around 2·R95 + allowance', () => {
    const R = 15;
    const a = beamArrangementForPtv(maskOf((x, y, z) => x * x + y * y + z * z <= R * R), GRID, CONES);
    expect(a.groups).toHaveLength(1);
    const g = a.groups[0];
    // Centre within one voxel diagonal of the origin; R95 of a uniform ball = R·0.95^⅓ (closed form), ± a voxel.
    expect(Math.hypot(g.aimPointMm.xMm, g.aimPointMm.yMm, g.aimPointMm.zMm)).toBeLessThanOrEqual(SPACING * Math.sqrt(3));
    expect(Math.abs(g.r95Mm - R * Math.cbrt(0.95))).toBeLessThan(SPACING);
    const wanted = 2 * g.r95Mm + PENUMBRA_ALLOWANCE_MM;
    expect(g.conesMm).toHaveLength(2);
    expect(g.conesMm[0]).toBeLessThanOrEqual(wanted);
    expect(g.conesMm[1]).toBeGreaterThanOrEqual(wanted);
    expect(CONES.filter((c) => c > g.conesMm[0] && c < g.conesMm[1])).toEqual([]);
  });

  it('an elongated capsule gets several aim points along its axis, each with the cones around its 2·R95 + allowance', () => {
    // Radius 8 mm around the x axis segment −30…30 mm: 14 cc against a ball of radius R95 ≈ 35 mm (≈ 180 cc).
    const capsule = maskOf((x, y, z) => Math.hypot(Math.max(0, Math.abs(x) - 30), y, z) <= 8);
    const a = beamArrangementForPtv(capsule, GRID, CONES);
    expect(a.groups.length).toBeGreaterThanOrEqual(2);
    for (const g of a.groups) {
      const wanted = 2 * g.r95Mm + PENUMBRA_ALLOWANCE_MM;
      expect(g.conesMm[0]).toBeLessThanOrEqual(wanted);
      expect(g.conesMm[g.conesMm.length - 1]).toBeGreaterThanOrEqual(wanted);
      expect(Math.hypot(g.aimPointMm.yMm, g.aimPointMm.zMm)).toBeLessThanOrEqual(8);
    }
    const xs = a.groups.map((g) => g.aimPointMm.xMm).sort((p, q) => p - q);
    expect(xs[xs.length - 1] - xs[0]).toBeGreaterThan(20);
  });

  it('shiftCones moves every cone one step and says so; null when no cone can move', () => {
    const a = { groups: [{ aimPointMm: { xMm: 0, yMm: 0, zMm: 0 }, r95Mm: 10, conesMm: [25, 30] }], rule: 'r' };
    expect(shiftCones(a, 1, CONES)?.groups[0].conesMm).toEqual([30, 35]);
    expect(shiftCones(a, -1, CONES)?.groups[0].conesMm).toEqual([20, 25]);
    expect(shiftCones({ ...a, groups: [{ ...a.groups[0], conesMm: [60] }] }, 1, CONES)).toBeNull();
  });
});

describe('doseGoalSample', () => {
  const R = 12;
  const ptv = maskOf((x, y, z) => x * x + y * y + z * z <= R * R);
  const ptvCc = volumeCc(ptv);
  // An organ: a slab 10–20 mm beside the PTV, cap 0.3 of Rx.
  const organ = maskOf((x) => x >= R + 10 && x <= R + 20);
  const sample = doseGoalSample(ptv, null, GRID, ptvCc, {}, [{ name: 'slab', fractions: organ, capFractionOfRx: 0.3 }]);

  it('r50 follows the R50 goal: r_eq (R50^⅓ − 1) with R50 = the RTOG "none" limit at the PTV volume', () => {
    const rEq = Math.cbrt((3 * ptvCc * 1000) / (4 * Math.PI));
    expect(sample.r50Mm).toBeCloseTo(rEq * (Math.cbrt(limitsAtVolume(ptvCc, 'r50').none) - 1), 9);
    expect(sample.d2cmCapFraction).toBeCloseTo((0.9 * limitsAtVolume(ptvCc, 'd2cmPercent').none) / 100, 9);
  });

  it('caps fall with distance, reach 0.5 near r50, stay under the D2cm goal beyond 20 mm, and organ voxels take their cap', () => {
    const { voxels, capFractionOfRx, isMaximum } = sample.outside;
    for (let n = 0; n < voxels.length; n++) {
      const [x, y, z] = position(voxels[n]);
      const r = Math.hypot(x, y, z) - R;
      expect(capFractionOfRx[n]).toBeLessThanOrEqual(1);
      if (organ[voxels[n]] > 0) {
        expect(capFractionOfRx[n]).toBeLessThanOrEqual(0.3 + 1e-6); // Float32 storage
        expect(isMaximum[n]).toBe(1);
      }
      // Distances from voxel centres: allow a voxel diagonal between the analytic and the EDT distance.
      if (r > 20 + SPACING * Math.sqrt(3)) expect(capFractionOfRx[n]).toBeLessThanOrEqual(sample.d2cmCapFraction + 1e-6);
      if (r > sample.r50Mm + SPACING * Math.sqrt(3) && organ[voxels[n]] === 0) expect(capFractionOfRx[n]).toBeLessThan(0.5);
      if (r < sample.r50Mm - SPACING * Math.sqrt(3)) expect(capFractionOfRx[n]).toBeGreaterThan(0.5);
    }
  });

  it('every PTV voxel is a target row, and sample weights stand for the voxels they represent', () => {
    expect(sample.target.voxels.length).toBe(ptv.reduce((a, b) => a + b, 0));
    // In the 5–22 mm band every 8th voxel (by flat index) is sampled with weight 8, organ voxels all with weight 1:
    // the weights of the samples 7–19 mm from the sphere (analytic, away from the band edges) add up to the number of
    // grid voxels there, within sampling noise (≈ 900 samples → ±3 %; 10 % allowed).
    const inBand = (v: number) => {
      const r = Math.hypot(...position(v)) - R;
      return r >= 7 && r <= 19;
    };
    let weight = 0;
    sample.outside.voxels.forEach((v, n) => {
      if (inBand(v)) weight += sample.outside.weights[n];
    });
    let count = 0;
    for (let v = 0; v < N * N * N; v++) if (inBand(v)) count++;
    expect(Math.abs(weight - count) / count).toBeLessThan(0.1);
  });
});
