/**
 * Standard normal cumulative distribution Φ(x) = ½·erfc(−x/√2), to about 1e-15 absolute.
 * NaN gives NaN; ±Infinity give 1 and 0.
 * @see docs/ntcp.md §LKB (NTCP = Φ(t))
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = -x / Math.SQRT2;
  return z >= 0 ? 0.5 * erfcNonNegative(z) : 1 - 0.5 * erfcNonNegative(-z);
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SERIES_LIMIT = 2;

/** erfc(z) for z ≥ 0 (NaN-free input). */
function erfcNonNegative(z: number): number {
  if (z === Infinity) return 0;
  if (z < SERIES_LIMIT) return 1 - erfSeries(z);
  return erfcContinuedFraction(z);
}

/**
 * erf(z) = 2/√π · z · e^(−z²) · Σ (2z²)ⁿ / (1·3·…·(2n+1)): all terms positive, so no cancellation
 * for z < 2 (A&S 7.1.6); 1 − erf then loses at most ~2 digits (erfc(2) = 0.0047).
 */
function erfSeries(z: number): number {
  const twoZ2 = 2 * z * z;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 200; n++) {
    term *= twoZ2 / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * z * Math.exp(-z * z) * sum;
}

/**
 * erfc(z) = e^(−z²)/√π · 1/(z + ½/(z + 1/(z + 3/2/(z + …)))) for z ≥ 2 (A&S 7.1.14), evaluated with the
 * modified Lentz method.
 */
function erfcContinuedFraction(z: number): number {
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = z + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = z + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
}
