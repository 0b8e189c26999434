// Acceptance test: Nelms et al. 2015 analytical DVH benchmark (Med Phys 42:4435), files in
// /work/shared/validation/nelms-dvh-analytical/ (README §1), read with src/io/dicom.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyticMetrics, nelmsModel, sectionAt, surfaceResidualMm, type AnalyticMetrics, type NelmsGradient, type NelmsShape } from './nelmsAnalytic';
import {
  loadNelmsDoses,
  loadNelmsStructures,
  metricsFor,
  passRateTable,
  relativeError,
  runNelmsMatrix,
  type NelmsCase,
  type NelmsDoseFile,
  type NelmsStructureFile,
} from './nelmsMatrix';

const TOLERANCE = 0.03;

// physics.md §7.1: "Analytical values, 0.2 mm contour spacing (cGy, cc)" from the dataset's
// `ANALYTICAL RESULTS/Extracted Analytical D points.xlsx`: volume, Dmin, Dmax, Dmean, D99, D95, D5, D1, D0.03cc.
const PUBLISHED_02MM: [NelmsShape, NelmsGradient, number[]][] = [
  ['Sphere', 'AntPost', [7.238, 400, 2800, 1600, 541, 724.5, 2475, 2658.5, 2709.5]],
  ['Cylinder', 'AntPost', [10.948, 400, 2800, 1600, 478.5, 633.5, 2566, 2721, 2766.5]],
  ['Cylinder', 'SupInf', [10.948, 390, 2810, 1600, 414, 510.5, 2689, 2785.5, 2803]],
  ['RtCylinder', 'AntPost', [10.857, 400, 2800, 1600, 424, 519.5, 2679.5, 2775.5, 2793]],
  ['Cone', 'AntPost', [3.664, 400, 2800, 1600, 617, 826, 2373.5, 2582.5, 2600]],
  ['Cone', 'SupInf', [3.664, 390, 2810, 2207.5, 919, 1287.5, 2769, 2801.5, 2803]],
  ['RtCone', 'AntPost', [3.619, 400, 2800, 2200, 917, 1284, 2759, 2791.5, 2793]],
  ['RtCone', 'SupInf', [3.619, 390, 2810, 1600, 621, 829.5, 2370, 2578.5, 2595]],
];
const METRIC_ORDER: (keyof AnalyticMetrics)[] = ['volumeCc', 'minGy', 'maxGy', 'meanGy', 'd99Gy', 'd95Gy', 'd5Gy', 'd1Gy', 'd003ccGy'];

let structures: NelmsStructureFile[];
let doses: NelmsDoseFile[];
let cases: NelmsCase[];

beforeAll(() => {
  structures = loadNelmsStructures();
  doses = loadNelmsDoses();
});

describe('Nelms 2015 analytical DVH benchmark', () => {
  it('nelmsModel analytics reproduce the published 0.2 mm values within their 0.5 cGy rounding (physics.md §7.1)', () => {
    for (const [shape, gradient, published] of PUBLISHED_02MM) {
      const m = analyticMetrics(nelmsModel({ shape, centreXMm: 0, centreYMm: -6, centreZMm: 6 }, 0.2), gradient);
      METRIC_ORDER.forEach((name, n) => {
        if (name === 'volumeCc') expect(m.volumeCc, `${shape} volume`).toBeCloseTo(published[0], 3);
        else expect(Math.abs(100 * m[name] - published[n]), `${shape} ${gradient} ${name}`).toBeLessThanOrEqual(0.6);
      });
    }
    // Capped volumes at 1/2/3 mm (physics.md §7.1): Cylinder 11.31/11.76/12.21 cc, Cone 3.845/4.072/4.298 cc.
    const cylinder = { shape: 'Cylinder' as const, centreXMm: 0, centreYMm: -6, centreZMm: 6 };
    const cone = { ...cylinder, shape: 'Cone' as const };
    expect([1, 2, 3].map((s) => analyticMetrics(nelmsModel(cylinder, s), 'SupInf').volumeCc)).toEqual([expect.closeTo(11.31, 2), expect.closeTo(11.76, 2), expect.closeTo(12.21, 2)]);
    expect([1, 2, 3].map((s) => analyticMetrics(nelmsModel(cone, s), 'SupInf').volumeCc)).toEqual([expect.closeTo(3.845, 3), expect.closeTo(4.072, 3), expect.closeTo(4.298, 3)]);
  });

  it('every structure file lies on its analytic solid (shape, axis and shift from the file name)', () => {
    expect(structures).toHaveLength(50);
    for (const s of structures) {
      const contours = s.structure.contours;
      // Planes z = −6, −6 + s, …, 18 (24 mm of solid).
      expect(contours.length, s.file).toBe(Math.round(24 / s.contourSpacingMm) + 1);
      contours.forEach((c, p) => expect(c.zMm, s.file).toBeCloseTo(-6 + p * s.contourSpacingMm, 6));
      let worstMm = 0;
      let worstDegenerateMm = 0;
      for (const c of contours) {
        const degenerate = sectionAt(s.solid, c.zMm).areaMm2 < 1; // end planes where the solid ends in a point or line
        for (let n = 0; n < c.xyMm.length; n += 2) {
          const r = surfaceResidualMm(s.solid, c.xyMm[n], c.xyMm[n + 1], c.zMm);
          if (degenerate) worstDegenerateMm = Math.max(worstDegenerateMm, r);
          else worstMm = Math.max(worstMm, r);
        }
      }
      expect(worstMm, s.file).toBeLessThan(1e-3);
      // The sphere's poles are drawn as a 0.16 mm polygon, the cones' apex as a 0.01 mm one.
      expect(worstDegenerateMm, s.file).toBeLessThan(0.2);
    }
  });

  it('computeDvh(dose, contours) with default options is within 3 % of the analytic values on all 50 × 6 combinations', () => {
    const t0 = performance.now();
    cases = runNelmsMatrix(structures, doses);
    const ms = performance.now() - t0;
    // Every solid (x −12…13.5, y −19.5…6, z −7.5…19.5 with caps) lies inside every dose grid's voxel-centre hull.
    const excluded = cases.filter((c) => c.volumeOutsideDoseGridCc > 0).map((c) => `${c.structureFile} × ${c.doseFile}`);
    expect(excluded).toEqual([]);
    console.log(`Nelms benchmark: ${cases.length} DVHs in ${ms.toFixed(0)} ms (incl. analytic references)\n${passRateTable(cases, 'slabs', TOLERANCE)}`);
    const failures: string[] = [];
    for (const c of cases) {
      for (const name of metricsFor(c)) {
        const e = relativeError(c.computed[name], c.expected[name]);
        if (!(Math.abs(e) <= TOLERANCE)) failures.push(`${c.structureFile} × ${c.doseFile} ${name}: ${c.computed[name]} vs ${c.expected[name]} (${(100 * e).toFixed(2)} %)`);
      }
    }
    expect(failures).toEqual([]);
    // Regression guard: the accuracy reached (worst 0.3 %, D99 of the AP cylinders) must not erode.
    const worst = Math.max(...cases.flatMap((c) => metricsFor(c).map((name) => Math.abs(relativeError(c.computed[name], c.expected[name])))));
    expect(worst).toBeLessThan(0.005);
  }, 180_000);

  it('computeDvh(dose, contours) gives the same answers for x-shifted copies (dose does not depend on x)', () => {
    // README §1: X05/X10/X15 move the solid +0.5/1/1.5 mm in x only; both gradients are constant in x, so the
    // analytic values are identical and the computed ones must agree (each is within 0.3 % of the analytic).
    const byKey = new Map(cases.map((c) => [`${c.structureFile}|${c.doseFile}`, c]));
    let compared = 0;
    for (const c of cases) {
      const m = /^(\w+)_(\d\d)_X\d\d\.dcm$/.exec(c.structureFile);
      if (!m) continue;
      const unshifted = byKey.get(`${m[1]}_${m[2]}_0.dcm|${c.doseFile}`)!;
      for (const name of metricsFor(c)) expect(Math.abs(relativeError(c.computed[name], unshifted.computed[name])), `${c.structureFile} ${c.doseFile} ${name}`).toBeLessThan(0.006);
      compared++;
    }
    expect(compared).toBe(15 * 6);
  });

  it('computeDvh on the 0.2 mm files agrees with the published analytical values (physics.md §7.1) within 3 %', () => {
    for (const [shape, gradient, published] of PUBLISHED_02MM) {
      for (const c of cases.filter((x) => x.structureFile === `${shape}_02_0.dcm` && x.gradient === gradient && x.doseSpacingMm === 1)) {
        METRIC_ORDER.forEach((name, n) => {
          const expected = name === 'volumeCc' ? published[n] : published[n] / 100;
          expect(Math.abs(relativeError(c.computed[name], expected)), `${c.structureFile} × ${c.doseFile} ${name}`).toBeLessThan(TOLERANCE);
        });
      }
    }
  });
});
