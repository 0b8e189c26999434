import type { BeamDataAssumption } from './BeamData';
import type { BeamDataJson, ConeBeamDataJson } from './BeamDataJson';
import {
  GENERIC_BEAM_MODEL,
  PUBLISHED_OUTPUT_FACTORS,
  genericOcr,
  genericOutputFactor,
  genericOutputFactorLengthMm,
  genericTmr,
} from './genericBeamModel';

/** The twelve CyberKnife fixed cones, mm at 800 mm (Thiele 2023: 12 circular collimators). */
export const GENERIC_CONE_DIAMETERS_MM: readonly number[] = [5, 7.5, 10, 12.5, 15, 20, 25, 30, 35, 40, 50, 60];

/** TMR depths: 1 mm steps through the build-up (0–30 mm), then 5 mm to 300 mm. */
export function genericTmrDepthsMm(): number[] {
  const depths: number[] = [];
  for (let d = 0; d <= 30; d++) depths.push(d);
  for (let d = 35; d <= 300; d += 5) depths.push(d);
  return depths;
}

/** OCR depths, mm. */
export const GENERIC_OCR_DEPTHS_MM: readonly number[] = [0, 15, 30, 50, 75, 100, 150, 200, 250, 300];

/** OCR radii for a cone: 0.25 mm through the penumbra (to R + 8 mm), 1 mm to R + 25, 2.5 mm to R + 50. */
export function genericOcrRadiiMm(coneDiameterMm: number): number[] {
  const radius = coneDiameterMm / 2;
  const radii: number[] = [];
  const steps = Math.round((radius + 8) / 0.25);
  for (let m = 0; m <= steps; m++) radii.push(m * 0.25);
  for (let r = Math.ceil(radius + 8 + 1e-9); r <= radius + 25 + 1e-9; r++) radii.push(r);
  const last = radii[radii.length - 1];
  for (let r = last + 2.5; r <= radius + 50 + 1e-9; r += 2.5) radii.push(Math.round(r * 100) / 100);
  return radii;
}

const SIGNIFICANT_DIGITS = 5;
function round(value: number): number {
  return Number(value.toPrecision(SIGNIFICANT_DIGITS));
}

const GENERATOR_SCRIPT = 'dose-models/beam-data/generateGenericBeamData.ts';
const MODEL_FILE = 'src/dose/genericBeamModel.ts';

/**
 * Builds the bundled generic beam-data file (formatVersion 1) from the model in genericBeamModel.ts.
 * Deterministic; dose-models/beam-data/generateGenericBeamData.ts writes it, a test checks the file matches.
 */
export function buildGenericBeamDataJson(): BeamDataJson {
  const m = GENERIC_BEAM_MODEL;
  const tmrDepths = genericTmrDepthsMm();
  const ofLength = genericOutputFactorLengthMm();
  const cones: ConeBeamDataJson[] = GENERIC_CONE_DIAMETERS_MM.map((diameterMm) => {
    const published = PUBLISHED_OUTPUT_FACTORS.find((p) => p.diameterMm === diameterMm);
    const outputFactor =
      diameterMm === 60
        ? { value: 1, status: 'reference' as const, source: 'Calibration cone: output factors are relative to the 60 mm cone (Gersh & Willett 2015, PubMed 26699583)' }
        : published
          ? { value: Number(genericOutputFactor(diameterMm).toFixed(3)), status: 'published' as const, source: published.source }
          : {
              value: Number(genericOutputFactor(diameterMm).toFixed(3)),
              status: 'generic' as const,
              source: `Generic smooth rule (assumption output-factor-rule): 1 − (1 − OF10)·(e^(−(d−10)/L) − e^(−50/L))/(1 − e^(−50/L)), L = ${ofLength.toFixed(2)} mm; not a measurement`,
            };
    const radii = genericOcrRadiiMm(diameterMm);
    return {
      diameterMm,
      outputFactor,
      tmr: { depthsMm: tmrDepths, values: tmrDepths.map((d) => round(genericTmr(d, diameterMm))) },
      ocr: {
        depthsMm: [...GENERIC_OCR_DEPTHS_MM],
        radiiMm: radii,
        values: GENERIC_OCR_DEPTHS_MM.map((d) => radii.map((r) => (r === 0 ? 1 : round(genericOcr(r, d, diameterMm))))),
      },
    };
  });

  const fitted = 'fitted (least squares) to the TPR-like ratios of the matRad generic 6 MV model for 10/20/30/60 mm fields at 50–200 mm (physics.md §6.2, [D]) and the Ploquin 2012 output factors of the 5/7.5/10 mm cones (physics.md §6.1); residuals ≤ 0.012 (TMR) and ≤ 0.007 (OF), docs/dose-engine.md';
  const assumptions: BeamDataAssumption[] = [
    { id: 'dose-model', text: 'Lateral dose at depth z and radius r (mm at 800 mm): D(z,r;R) = B(z)·exp(−μz)·[Disk(r;R,σp(z)) + (a + b·z)·Disk(r;R,σs)], R = cone diameter/2; Disk = circular aperture convolved with a normalised 2-D Gaussian. TMR(z) = D(z,0)/D(15,0); OCR(r,z) = D(z,r)/D(z,0).', value: null, unit: '', source: MODEL_FILE, status: 'unverified' },
    { id: 'reference-depth', text: 'TMR normalisation depth (nominal dmax of 6 MV FFF); output factors also refer to 15 mm depth (Ploquin 2012: 1.5 cm depth, SSD 785 mm).', value: m.referenceDepthMm, unit: 'mm', source: 'physics.md §6.1 (Ploquin 2012 reference conditions)', status: 'verified' },
    { id: 'primary-sigma', text: 'Primary lateral blur σ0 at the surface (source size and lateral electron range together); the 80–20 % penumbra of a wide edge is 1.683·σ. It is what makes the 5–10 mm output factors drop (source occlusion).', value: m.primarySigmaMm, unit: 'mm', source: fitted, status: 'derived' },
    { id: 'source-sigma', text: 'Source Gaussian σ from a source FWHM of 2.4 mm (σ = FWHM/2.3548); consistent with σ0 (the rest, √(σ0² − σsrc²) ≈ 1.05 mm, is lateral electron transport). Used only by the optional lateral density scaling.', value: Number(m.sourceSigmaMm.toFixed(3)), unit: 'mm', source: 'Thiele 2023, PMC10691629: source width ≈ 2.5 × 2.3 mm (physics.md §6.1)', status: 'verified' },
    { id: 'primary-sigma-depth', text: 'Growth of the primary blur with depth: σp(z) = √(σ0² + (κ·z)²); gives an 80–20 % penumbra of ≈ 2.2–2.6 mm at 15 mm and ≈ 2.8–3.7 mm at 300 mm for the 5–20 mm cones (scatter widens large cones further).', value: m.primarySigmaPerDepth, unit: 'mm/mm', source: 'assumed (no public CyberKnife penumbra table, physics.md §6.1)', status: 'unverified' },
    { id: 'attenuation', text: 'Effective primary attenuation coefficient μ in water.', value: m.attenuationPerMm, unit: '1/mm', source: fitted, status: 'derived' },
    { id: 'scatter-ratio', text: 'Scatter-to-primary ratio on the axis of a wide field grows linearly with depth: a + b·z; a is the value at the surface (dimensionless).', value: m.scatterRatioAtSurface, unit: '', source: fitted, status: 'derived' },
    { id: 'scatter-ratio-depth', text: 'Depth slope b of the scatter-to-primary ratio.', value: m.scatterRatioPerMm, unit: '1/mm', source: fitted, status: 'derived' },
    { id: 'scatter-sigma', text: 'Lateral width σs of the phantom-scatter kernel (Gaussian); it sets the field-size dependence of TMR and the low-dose tail of the OCR (≈ 1 % at 10 mm outside a 10 mm cone at 100 mm depth).', value: m.scatterSigmaMm, unit: 'mm', source: fitted, status: 'derived' },
    { id: 'surface-dose', text: 'Relative dose at the surface, b0 of the build-up B(z) = 1 − (1 − b0)·exp(−z/λb).', value: m.surfaceDoseFraction, unit: '', source: 'assumed, generic 6 MV FFF', status: 'unverified' },
    { id: 'build-up-length', text: 'Build-up length λb, solved so that the 60 mm cone depth dose peaks at 15 mm (dmax of 6 MV FFF); TMR of smaller cones peaks at 14–15 mm and exceeds 1 by ≤ 0.001.', value: m.buildUpLengthMm, unit: 'mm', source: 'derived from dmax ≈ 15 mm (physics.md §6.1 reference depth)', status: 'derived' },
    { id: 'output-factors-published', text: 'Output factors of the 5, 7.5 and 10 mm cones: mean of the three Ploquin 2012 detectors (µMOSFET, film, MC-corrected RL), relative to the 60 mm cone at 15 mm depth.', value: null, unit: '', source: 'Ploquin 2012 (Carleton repository 14587), physics.md §6.1', status: 'verified' },
    { id: 'output-factor-rule', text: 'Output factors of the 12.5–50 mm cones (no public values found): OF(d) = 1 − (1 − OF10)·(e^(−(d−10)/L) − e^(−50/L))/(1 − e^(−50/L)), which equals OF10 at 10 mm and 1 at 60 mm and continues the 7.5→10 mm slope at 10 mm.', value: Number(ofLength.toFixed(3)), unit: 'mm (L)', source: 'generic rule chosen here; Ploquin 2012 / Masi: all detectors agree for 12.5–60 mm but values not retrievable (physics.md §6.1)', status: 'unverified' },
    { id: 'calibration', text: 'Absolute calibration 0.01 Gy/MU (1 cGy/MU) for the 60 mm cone at 15 mm depth and 800 mm source–point distance.', value: 0.01, unit: 'Gy/MU', source: 'physics.md §6.1: reference cone and SAD from Gersh & Willett 2015 [V]; 1 cGy/MU UNVERIFIED (assumed)', status: 'unverified' },
    { id: 'spectrum', text: 'TMR shape taken from a generic flattened 6 MV pencil-beam model; FFF beams are slightly softer (TMR at depth somewhat lower); not corrected.', value: null, unit: '', source: 'physics.md §6.2', status: 'unverified' },
    { id: 'leakage', text: 'Head leakage and collimator transmission are not modelled; the OCR tail is phantom scatter only and tends to 0 beyond R + 50 mm.', value: null, unit: '', source: 'simplification', status: 'unverified' },
  ];

  return {
    $schema: '../schemas/beam-data.schema.json',
    formatVersion: 1,
    id: 'generic-6mv-fff-cones',
    label: 'Generic 6 MV FFF fixed cones, 800 mm SAD — GENERIC, NOT COMMISSIONED',
    warning: 'GENERIC, NOT COMMISSIONED: built from stated physical assumptions and published small-cone output factors, not measured on any machine. For planning studies and teaching only; never for treatment. Load your commissioned tables instead (docs/dose-engine.md).',
    description: 'Twelve circular cones (5–60 mm at 800 mm) of a CyberKnife-like 6 MV flattening-filter-free beam. TMR by depth (0–300 mm), OCR by radius at 800 mm and depth, output factors relative to the 60 mm cone. Tables generated by ' + GENERATOR_SCRIPT + ' from the model in ' + MODEL_FILE + '; every parameter is listed in assumptions.',
    commissioned: false,
    sourceAxisDistanceMm: 800,
    calibration: {
      doseGyPerMu: 0.01,
      referenceConeDiameterMm: 60,
      referenceDepthMm: m.referenceDepthMm,
      referenceSourceAxisDistanceMm: 800,
      source: 'Reference conditions: 60 mm cone at 800 mm SAD (Gersh & Willett 2015, PubMed 26699583); 1 cGy/MU value UNVERIFIED, assumed (physics.md §6.1)',
      status: 'unverified',
    },
    cones,
    assumptions,
    references: [
      'Ploquin N. et al. 2012, CyberKnife small-field output factors (Carleton University repository 14587)',
      'Yu C. et al. 2004, PubMed 14683553 (5 mm cone diode output factor 0.686 ± 0.024; not used, see output-factors-published)',
      'Francescon P. et al. 2012 (small-field detector corrections, acemap 397585524)',
      'Gersh J.A., Willett C. 2015, PubMed 26699583 (CyberKnife calibration at 60 mm, 80 cm SAD)',
      'Thiele 2023, PMC10691629 (12 circular collimators; source ≈ 2.5 × 2.3 mm)',
      'matRad e0404/matRad @c014dc8, basedata/photons_Generic.mat via physics.md §6.2 (TPR-like ratios, [D])',
    ],
    generator: { script: GENERATOR_SCRIPT, model: MODEL_FILE },
  };
}
