import { describe, expect, it } from 'vitest';
import { compileBeamModel, coneDoseTable, findCone, ocrAt, tmrAt } from '../../src/dose/compileBeamModel';
import { genericBeamData } from '../../src/dose/defaultDoseModelData';
import { createTableAxis, locateInterval } from '../../src/dose/TableAxis';
import { interpolateTable, tableOcr } from './dosePhantoms';

describe('TableAxis', () => {
  it('locateInterval finds the interval of x on a non-uniform axis, clamped at both ends', () => {
    const axis = createTableAxis(Float64Array.of(0, 0.25, 0.5, 3, 10, 10.5, 40));
    const cases: [number, number][] = [[-1, 0], [0, 0], [0.1, 0], [0.25, 1], [0.49, 1], [0.5, 2], [2.9, 2], [3, 3], [9.99, 3], [10.2, 4], [10.5, 5], [39, 5], [40, 5], [99, 5], [Number.NaN, 0]];
    for (const [x, n] of cases) expect(locateInterval(axis, x)).toBe(n);
  });
});

describe('compileBeamModel', () => {
  const model = compileBeamModel(genericBeamData);

  it('tmrAt and ocrAt interpolate the tables piecewise-linearly and extrapolate TMR exponentially beyond 300 mm', () => {
    const cone = findCone(model, 12.5);
    for (const d of [0, 0.4, 14.5, 33, 101.7, 299]) expect(tmrAt(cone, d)).toBeCloseTo(interpolateTable(cone.data.tmrDepthsMm, cone.data.tmr, d), 12);
    // Beyond the last depth: TMR(300)·(TMR(300)/TMR(295))^((d − 300)/5).
    const t = cone.data.tmr;
    const n = t.length;
    expect(tmrAt(cone, 340)).toBeCloseTo(t[n - 1] * (t[n - 1] / t[n - 2]) ** (40 / 5), 12);
    for (const [r, d] of [[0, 15], [3.1, 15], [6.3, 77], [20, 260], [7, 400], [2, -5]]) expect(ocrAt(cone, r, d)).toBeCloseTo(tableOcr(cone.data, r, d), 12);
    expect(ocrAt(cone, 1000, 50)).toBe(0);
  });

  it('footprint radius: OCR < cutoff beyond it at every depth, and a larger cutoff gives a smaller footprint', () => {
    for (const cone of model.cones) {
      for (const d of cone.data.ocrDepthsMm) expect(ocrAt(cone, cone.footprintRadiusMm + 1e-6, d)).toBeLessThan(0.01);
      expect(cone.footprintRadiusMm).toBeGreaterThan(cone.diameterMm / 2);
    }
    const coarse = compileBeamModel(genericBeamData, 0.03);
    coarse.cones.forEach((c, n) => expect(c.footprintRadiusMm).toBeLessThanOrEqual(model.cones[n].footprintRadiusMm));
    expect(() => compileBeamModel(genericBeamData, 1)).toThrow(/ocrCutoff/);
  });

  it('coneDoseTable (resampled TMR·OCR used by the engine) is within 0.1 % of tmrAt·ocrAt where dose matters', () => {
    for (const d of [5, 15, 40]) {
      const cone = findCone(model, d);
      const table = coneDoseTable(cone);
      let worst = 0;
      for (let depth = 0.37; depth < 350; depth += 3.71) {
        for (let r = 0.013; r < cone.footprintRadiusMm; r += 0.173) {
          const exact = tmrAt(cone, depth) * ocrAt(cone, r, depth);
          const fd = depth / table.depthStepMm;
          const fr = r / table.radiusStepMm;
          const id = Math.floor(fd);
          const ir = Math.floor(fr);
          const v = (a: number, b: number) => table.values[a * table.radiusCount + b];
          const lo = v(id, ir) + (fr - ir) * (v(id, ir + 1) - v(id, ir));
          const hi = v(id + 1, ir) + (fr - ir) * (v(id + 1, ir + 1) - v(id + 1, ir));
          const resampled = lo + (fd - id) * (hi - lo);
          // Relative to the local on-axis value TMR(d): an absolute error on the profile's scale.
          worst = Math.max(worst, Math.abs(resampled - exact) / tmrAt(cone, depth));
        }
      }
      expect(worst).toBeLessThan(1e-3);
    }
  });
});
