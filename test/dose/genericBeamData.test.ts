import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGenericBeamDataJson, GENERIC_CONE_DIAMETERS_MM } from '../../src/dose/buildGenericBeamDataJson';
import { outputFactorAt } from '../../src/dose/compileBeamModel';
import { genericBeamData, GENERIC_BEAM_DATA_FILE } from '../../src/dose/defaultDoseModelData';
import { diskConvolvedGaussian, genericPrimarySigmaMm, genericTmr, GENERIC_BEAM_MODEL } from '../../src/dose/genericBeamModel';
import { parseBeamData } from '../../src/dose/parseBeamData';
import { interpolateTable, tableOcr } from './dosePhantoms';

const fileText = readFileSync(new URL('../../dose-models/beam-data/generic-6mv-fff-cones.json', import.meta.url), 'utf8');
const cone = (d: number) => genericBeamData.cones.find((c) => c.diameterMm === d)!;

describe('generic beam data (dose-models/beam-data/generic-6mv-fff-cones.json)', () => {
  it('parseBeamData(the bundled file) reads it with only the "not commissioned" warning', () => {
    const { value, issues } = parseBeamData(fileText, GENERIC_BEAM_DATA_FILE);
    expect(value).toBeDefined();
    expect(issues.map((i) => i.code)).toEqual(['beam-data-not-commissioned']);
    expect(value!.commissioned).toBe(false);
    expect(value!.label).toMatch(/GENERIC, NOT COMMISSIONED/);
    expect(value!.warning).toMatch(/generic, not commissioned/i);
    expect(value!.cones.map((c) => c.diameterMm)).toEqual([5, 7.5, 10, 12.5, 15, 20, 25, 30, 35, 40, 50, 60]);
  });

  it('buildGenericBeamDataJson() regenerates the committed file (tables reproducible from the stated model)', () => {
    const committed = JSON.parse(fileText) as ReturnType<typeof buildGenericBeamDataJson>;
    const rebuilt = buildGenericBeamDataJson();
    expect({ ...rebuilt, cones: [] }).toEqual({ ...committed, cones: [] });
    rebuilt.cones.forEach((c, n) => {
      const old = committed.cones[n];
      expect(c.diameterMm).toBe(old.diameterMm);
      expect(c.outputFactor).toEqual(old.outputFactor);
      expect(c.tmr.depthsMm).toEqual(old.tmr.depthsMm);
      expect(c.ocr.radiiMm).toEqual(old.ocr.radiiMm);
      // 5 significant digits are stored; allow a last-digit difference from floating-point libraries.
      c.tmr.values.forEach((v, m) => expect(Math.abs(v - old.tmr.values[m])).toBeLessThan(2e-5));
      c.ocr.values.forEach((row, d) => row.forEach((v, m) => expect(Math.abs(v - old.ocr.values[d][m])).toBeLessThan(2e-5)));
    });
  });

  it('outputFactorAt(data, 5 | 7.5 | 10) reproduces the mean of the Ploquin 2012 detectors', () => {
    // physics.md §6.1: 5 mm 0.650/0.645/0.656, 7.5 mm 0.811/0.806/0.815, 10 mm 0.843/0.859/0.865 (µMOSFET, film, RL).
    expect(outputFactorAt(genericBeamData, 5)).toBeCloseTo((0.65 + 0.645 + 0.656) / 3, 3);
    expect(outputFactorAt(genericBeamData, 7.5)).toBeCloseTo((0.811 + 0.806 + 0.815) / 3, 3);
    expect(outputFactorAt(genericBeamData, 10)).toBeCloseTo((0.843 + 0.859 + 0.865) / 3, 3);
    expect(cone(5).outputFactorStatus).toBe('published');
    expect(cone(60).outputFactor).toBe(1);
    expect(cone(60).outputFactorStatus).toBe('reference');
    // Between cones: linear in diameter (halfway between 5 and 7.5 mm).
    expect(outputFactorAt(genericBeamData, 6.25)).toBeCloseTo((cone(5).outputFactor + cone(7.5).outputFactor) / 2, 12);
    expect(() => outputFactorAt(genericBeamData, 70)).toThrow(/outside/);
  });

  it('generic output factors rise monotonically to 1 at 60 mm and are marked generic', () => {
    for (let n = 1; n < GENERIC_CONE_DIAMETERS_MM.length; n++) {
      expect(genericBeamData.cones[n].outputFactor).toBeGreaterThan(genericBeamData.cones[n - 1].outputFactor);
    }
    for (const d of [12.5, 15, 20, 25, 30, 35, 40, 50]) expect(cone(d).outputFactorStatus).toBe('generic');
  });

  it('TMR is 1 at the 15 mm reference depth, peaks there (≤ 1.001) and falls with depth', () => {
    for (const c of genericBeamData.cones) {
      expect(interpolateTable(c.tmrDepthsMm, c.tmr, 15)).toBeCloseTo(1, 6);
      const max = Math.max(...c.tmr);
      expect(max).toBeLessThanOrEqual(1.001);
      expect(c.tmrDepthsMm[c.tmr.indexOf(max)]).toBeGreaterThanOrEqual(13);
      expect(c.tmrDepthsMm[c.tmr.indexOf(max)]).toBeLessThanOrEqual(15);
      for (let n = c.tmr.indexOf(max) + 1; n < c.tmr.length; n++) expect(c.tmr[n]).toBeLessThan(c.tmr[n - 1]);
    }
  });

  it('TMR reproduces the matRad-derived ratios of physics.md §6.2 within 0.015 (the fit residual)', () => {
    // physics.md §6.2 [D]: field Ø → TPR-like ratios at 50/100/150/200 mm, normalised at 15 mm.
    const matRad: Record<number, number[]> = { 10: [0.84, 0.655, 0.514, 0.406], 20: [0.85, 0.67, 0.532, 0.423], 30: [0.858, 0.683, 0.546, 0.436], 60: [0.877, 0.716, 0.581, 0.471] };
    for (const [d, values] of Object.entries(matRad)) {
      [50, 100, 150, 200].forEach((depth, n) => expect(Math.abs(interpolateTable(cone(Number(d)).tmrDepthsMm, cone(Number(d)).tmr, depth) - values[n])).toBeLessThan(0.015));
    }
  });

  it('TMR increases with cone size at depth (more phantom scatter)', () => {
    for (const depth of [50, 100, 200, 300]) {
      for (let n = 1; n < genericBeamData.cones.length; n++) {
        const a = genericBeamData.cones[n - 1];
        const b = genericBeamData.cones[n];
        expect(interpolateTable(b.tmrDepthsMm, b.tmr, depth)).toBeGreaterThan(interpolateTable(a.tmrDepthsMm, a.tmr, depth));
      }
    }
  });

  it('OCR is 1 on the axis, 50 % near the cone edge and has an 80–20 % penumbra of 2–3.5 mm at 15 mm (5–20 mm cones)', () => {
    for (const d of [5, 10, 20]) {
      const c = cone(d);
      expect(tableOcr(c, 0, 15)).toBe(1);
      // Disk ⊗ Gaussian: half the on-axis value at the geometric edge for R ≫ σ (σp ≈ 1.46 mm); within 0.1 here.
      expect(Math.abs(tableOcr(c, d / 2, 15) - 0.5)).toBeLessThan(0.1);
      let r80 = 0;
      let r20 = 0;
      for (let r = 0; r < d / 2 + 10; r += 0.01) {
        if (tableOcr(c, r, 15) >= 0.8) r80 = r;
        if (tableOcr(c, r, 15) >= 0.2) r20 = r;
      }
      // Wide-edge Gaussian: 80–20 width = 2·Φ⁻¹(0.8)·σp = 1.683 × 1.46 mm = 2.46 mm; the scatter term widens it a little.
      expect(r20 - r80).toBeGreaterThan(2);
      expect(r20 - r80).toBeLessThan(3.5);
    }
  });

  it('OCR penumbra widens with depth (σp(z) = √(σ0² + (κz)²))', () => {
    const c = cone(10);
    const width = (depth: number): number => {
      let r80 = 0;
      let r20 = 0;
      for (let r = 0; r < 15; r += 0.01) {
        if (tableOcr(c, r, depth) >= 0.8) r80 = r;
        if (tableOcr(c, r, depth) >= 0.2) r20 = r;
      }
      return r20 - r80;
    };
    expect(width(300)).toBeGreaterThan(width(100));
    expect(width(100)).toBeGreaterThan(width(15));
    expect(genericPrimarySigmaMm(300)).toBeCloseTo(Math.hypot(1.46, 1.5), 12);
  });
});

describe('genericBeamModel building blocks', () => {
  it('diskConvolvedGaussian(0, R, σ) = 1 − exp(−R²/2σ²) (closed form on the axis)', () => {
    expect(diskConvolvedGaussian(0, 2.5, 1.46)).toBeCloseTo(1 - Math.exp(-(2.5 ** 2) / (2 * 1.46 ** 2)), 14);
    // Just off the axis the quadrature agrees with the closed form to 1e-6.
    expect(diskConvolvedGaussian(1e-6, 2.5, 1.46)).toBeCloseTo(1 - Math.exp(-(2.5 ** 2) / (2 * 1.46 ** 2)), 6);
  });

  it('diskConvolvedGaussian conserves the aperture area: ∫ P(r) 2πr dr = πR²', () => {
    for (const [R, sigma] of [[2.5, 1.46], [15, 13.8], [30, 2]]) {
      let sum = 0;
      const h = 0.05;
      for (let r = h / 2; r < R + 12 * sigma; r += h) sum += diskConvolvedGaussian(r, R, sigma) * 2 * Math.PI * r * h;
      expect(sum / (Math.PI * R * R)).toBeCloseTo(1, 3);
    }
  });

  it('diskConvolvedGaussian at the edge of a wide aperture is ½ (straight-edge limit)', () => {
    expect(diskConvolvedGaussian(30, 30, 0.5)).toBeCloseTo(0.5, 2);
  });

  it('genericTmr(15, cone) = 1 by definition and the build-up starts at the surface dose', () => {
    expect(genericTmr(15, 20)).toBe(1);
    // B(0) = b0 = 0.4 relative to B(15)·e^(−15μ)…: the surface TMR is b0 / (B(15)·e^(−15μ)·scatter growth) ≈ 0.43–0.44.
    expect(genericTmr(0, 60)).toBeGreaterThan(GENERIC_BEAM_MODEL.surfaceDoseFraction);
    expect(genericTmr(0, 60)).toBeLessThan(0.5);
  });
});
