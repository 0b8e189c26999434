/**
 * The physical model behind the bundled GENERIC (not commissioned) 6 MV FFF cone data
 * (dose-models/beam-data/generic-6mv-fff-cones.json). Used only to generate that file; the engine reads tables.
 *
 * Lateral dose at depth z (mm, water) and radius r (mm, scaled to 800 mm SAD) for a cone of radius R = Ø/2:
 *   D(z, r; R) = B(z) · e^(−μ·z) · [ Disk(r; R, σp(z)) + (a + b·z) · Disk(r; R, σs) ]
 *   B(z)  = 1 − (1 − b0) · e^(−z/λb)                 build-up (surface dose b0, dmax 15 mm)
 *   σp(z) = √(σ0² + (κ·z)²)                          primary blur: source size + lateral electron range, widening with depth
 *   Disk(r; R, σ) = circular aperture of radius R convolved with a normalised 2-D Gaussian of width σ
 *   TMR(z; R)    = D(z, 0; R) / D(15, 0; R)
 *   OCR(r, z; R) = D(z, r; R) / D(z, 0; R)
 * σ0, μ, a, b, σs were fitted (least squares, Nelder–Mead) to the TPR-like ratios of the matRad generic 6 MV
 * pencil-beam model for 10/20/30/60 mm fields at 50–200 mm (physics.md §6.2) and to the Ploquin 2012 output factors
 * of the 5/7.5/10 mm cones (physics.md §6.1); see docs/dose-engine.md for the residuals.
 */

/** Parameters of the generic model; every value is documented in the JSON `assumptions` it generates. */
export const GENERIC_BEAM_MODEL = {
  /** Source FWHM ≈ 2.4 mm (Thiele 2023: 2.5 × 2.3 mm) → σ = FWHM / 2.3548. Only used to split σ0 (lateral scaling option). */
  sourceSigmaMm: 2.4 / 2.3548,
  /** Primary lateral blur at the surface, σ0 (fitted: reproduces the 5–10 mm output factors through source occlusion). */
  primarySigmaMm: 1.46,
  /** Growth of the primary blur with depth, mm per mm (assumed). */
  primarySigmaPerDepth: 0.005,
  /** Effective primary attenuation coefficient μ, 1/mm (fitted). */
  attenuationPerMm: 0.00512,
  /** Scatter-to-primary ratio on the axis of an infinite field: a + b·z (fitted). */
  scatterRatioAtSurface: 0.186,
  scatterRatioPerMm: 0.00134,
  /** Lateral width of the phantom-scatter kernel, σs mm (fitted). */
  scatterSigmaMm: 13.8,
  /** Relative surface dose b0 of the build-up (assumed, generic). */
  surfaceDoseFraction: 0.4,
  /** Build-up length λb, mm: solved so that the 60 mm cone's depth dose peaks at 15 mm. */
  buildUpLengthMm: 4.2,
  /** Depth of TMR normalisation (nominal dmax of 6 MV FFF), mm. */
  referenceDepthMm: 15,
} as const;

type Model = typeof GENERIC_BEAM_MODEL;

/** Exponentially scaled modified Bessel function I0(x)·e^(−x), x ≥ 0 (Abramowitz & Stegun 9.8.1–9.8.2, |ε| < 2e-7). */
export function besselI0Scaled(x: number): number {
  if (x < 3.75) {
    const t = (x / 3.75) ** 2;
    const i0 = 1 + t * (3.5156229 + t * (3.0899424 + t * (1.2067492 + t * (0.2659732 + t * (0.0360768 + t * 0.0045813)))));
    return i0 * Math.exp(-x);
  }
  const t = 3.75 / x;
  const p = 0.39894228 + t * (0.01328592 + t * (0.00225319 + t * (-0.00157565 + t * (0.00916281 + t * (-0.02057706 + t * (0.02635537 + t * (-0.01647633 + t * 0.00392377)))))));
  return p / Math.sqrt(x);
}

/**
 * Disk of radius R convolved with a normalised 2-D Gaussian (σ), evaluated at distance r from the centre:
 * ∫₀^R (ρ/σ²) · exp(−(r−ρ)²/(2σ²)) · I0e(rρ/σ²) dρ (Simpson, ≥ 20 nodes per σ). 1 − e^(−R²/2σ²) at r = 0.
 */
export function diskConvolvedGaussian(radiusMm: number, apertureRadiusMm: number, sigmaMm: number): number {
  const s2 = sigmaMm * sigmaMm;
  if (radiusMm === 0) return 1 - Math.exp(-(apertureRadiusMm * apertureRadiusMm) / (2 * s2));
  const lo = Math.max(0, radiusMm - 9 * sigmaMm);
  const hi = Math.min(apertureRadiusMm, radiusMm + 9 * sigmaMm);
  if (hi <= lo) return 0;
  let n = Math.max(64, Math.ceil(((hi - lo) / sigmaMm) * 20));
  if (n % 2 === 1) n++;
  const h = (hi - lo) / n;
  let sum = 0;
  for (let m = 0; m <= n; m++) {
    const rho = lo + m * h;
    const f = (rho / s2) * Math.exp(-((radiusMm - rho) ** 2) / (2 * s2)) * besselI0Scaled((radiusMm * rho) / s2);
    sum += f * (m === 0 || m === n ? 1 : m % 2 === 1 ? 4 : 2);
  }
  return (sum * h) / 3;
}

/** Primary blur σp(z), mm at 800 mm. */
export function genericPrimarySigmaMm(depthMm: number, model: Model = GENERIC_BEAM_MODEL): number {
  return Math.sqrt(model.primarySigmaMm ** 2 + (model.primarySigmaPerDepth * depthMm) ** 2);
}

/** Unnormalised dose D(z, r; R) of the generic model (arbitrary units). */
export function genericRelativeDose(depthMm: number, radiusMm: number, coneDiameterMm: number, model: Model = GENERIC_BEAM_MODEL): number {
  const apertureMm = coneDiameterMm / 2;
  const buildUp = 1 - (1 - model.surfaceDoseFraction) * Math.exp(-depthMm / model.buildUpLengthMm);
  const primary = diskConvolvedGaussian(radiusMm, apertureMm, genericPrimarySigmaMm(depthMm, model));
  const scatter = (model.scatterRatioAtSurface + model.scatterRatioPerMm * depthMm) * diskConvolvedGaussian(radiusMm, apertureMm, model.scatterSigmaMm);
  return buildUp * Math.exp(-model.attenuationPerMm * depthMm) * (primary + scatter);
}

/** TMR(z; cone) of the generic model = D(z, 0) / D(15 mm, 0). */
export function genericTmr(depthMm: number, coneDiameterMm: number, model: Model = GENERIC_BEAM_MODEL): number {
  return genericRelativeDose(depthMm, 0, coneDiameterMm, model) / genericRelativeDose(model.referenceDepthMm, 0, coneDiameterMm, model);
}

/** OCR(r, z; cone) of the generic model = D(z, r) / D(z, 0); r in mm at 800 mm SAD. */
export function genericOcr(radiusMm: number, depthMm: number, coneDiameterMm: number, model: Model = GENERIC_BEAM_MODEL): number {
  return genericRelativeDose(depthMm, radiusMm, coneDiameterMm, model) / genericRelativeDose(depthMm, 0, coneDiameterMm, model);
}

/** Published CyberKnife output factors (ref. 60 mm cone): mean of Ploquin 2012 µMOSFET, film, MC-corrected RL (physics.md §6.1). */
export const PUBLISHED_OUTPUT_FACTORS: readonly { readonly diameterMm: number; readonly detectorValues: readonly number[]; readonly source: string }[] = [
  { diameterMm: 5, detectorValues: [0.65, 0.645, 0.656], source: 'Ploquin 2012 (Carleton repository 14587): µMOSFET 0.650, film 0.645, RL MC-corrected 0.656; mean. Yu 2004 diode 0.686 ± 0.024 (PubMed 14683553) not used: uncorrected diodes over-respond in 5 mm fields (Francescon 2012)' },
  { diameterMm: 7.5, detectorValues: [0.811, 0.806, 0.815], source: 'Ploquin 2012 (Carleton repository 14587): µMOSFET 0.811, film 0.806, RL 0.815; mean' },
  { diameterMm: 10, detectorValues: [0.843, 0.859, 0.865], source: 'Ploquin 2012 (Carleton repository 14587): µMOSFET 0.843, film 0.859, RL 0.865; mean' },
];

/** Length L of the generic output-factor rule beyond 10 mm (see genericOutputFactor), mm. */
export function genericOutputFactorLengthMm(): number {
  const of10 = mean(PUBLISHED_OUTPUT_FACTORS[2].detectorValues);
  const of75 = mean(PUBLISHED_OUTPUT_FACTORS[1].detectorValues);
  const slope = (of10 - of75) / 2.5;
  // Solve (1 − OF10) / (L·(1 − e^(−50/L))) = slope by bisection; the left side decreases with L.
  let lo = 0.5;
  let hi = 200;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    const value = (1 - of10) / (mid * (1 - Math.exp(-50 / mid)));
    if (value > slope) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Generic output factor of a cone (ref. 60 mm = 1): the published mean for 5/7.5/10 mm; beyond 10 mm a saturating
 * exponential OF(d) = 1 − (1 − OF10)·(e^(−(d−10)/L) − e^(−50/L)) / (1 − e^(−50/L)), equal to OF10 at 10 mm, 1 at 60 mm,
 * and with the 7.5→10 mm secant slope at 10 mm (C¹ join), L from genericOutputFactorLengthMm(). Not rounded.
 */
export function genericOutputFactor(coneDiameterMm: number): number {
  const published = PUBLISHED_OUTPUT_FACTORS.find((p) => Math.abs(p.diameterMm - coneDiameterMm) < 1e-9);
  if (published) return mean(published.detectorValues);
  const of10 = mean(PUBLISHED_OUTPUT_FACTORS[2].detectorValues);
  if (coneDiameterMm < 10) return Number.NaN;
  const length = genericOutputFactorLengthMm();
  const tail = Math.exp(-50 / length);
  return 1 - ((1 - of10) * (Math.exp(-(coneDiameterMm - 10) / length) - tail)) / (1 - tail);
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
