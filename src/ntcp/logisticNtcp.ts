import { InputError } from '../errors/InputError';
import { requireNtcpDose } from './lkbNtcp';

/**
 * Logistic NTCP in intercept/slope form: NTCP = 1/(1 + exp(−(b0 + b1·D))), a probability in [0, 1].
 * Throws InputError('bad-dose') for a non-finite or negative dose, 'bad-parameter' for non-finite b0 or b1.
 * @param doseGy MLD in the fitted dose basis (EQD2 α/β 3 Gy for lung), Gy
 * @param b1PerGy slope, Gy⁻¹
 * @see docs/ntcp.md §Logistic — CERR logitFn.m
 */
export function logisticNtcp(doseGy: number, b0: number, b1PerGy: number): number {
  requireNtcpDose(doseGy);
  if (!Number.isFinite(b0) || !Number.isFinite(b1PerGy)) {
    throw new InputError('bad-parameter', `logistic b0 and b1 must be finite, got b0 = ${String(b0)}, b1 = ${String(b1PerGy)} Gy⁻¹`);
  }
  return logistic(b0 + b1PerGy * doseGy);
}

/**
 * Logistic NTCP in D50/γ50 form: NTCP = 1/(1 + exp(4·γ50·(1 − D/D50))), plus an optional shift of the
 * logit by ln(odds ratio) (Appelt 2014 risk factors; 0 = none): logit = 4·γ50·(D/D50 − 1) + ln OR.
 * Throws InputError('bad-dose') / 'bad-parameter' (D50 > 0 Gy, γ50 > 0, finite log odds ratio).
 * @param doseGy MLD in the fitted dose basis, Gy
 * @param d50Gy dose at 50 % without risk factors, Gy
 * @param gamma50 normalised slope at D50 (dimensionless)
 * @see docs/ntcp.md §Logistic — CERR appeltCorrectedLogitFn.m
 */
export function logisticD50Ntcp(doseGy: number, d50Gy: number, gamma50: number, logOddsRatio = 0): number {
  requireNtcpDose(doseGy);
  if (!Number.isFinite(d50Gy) || d50Gy <= 0 || !Number.isFinite(gamma50) || gamma50 <= 0) {
    throw new InputError('bad-parameter', `logistic D50 and γ50 must be finite and > 0, got D50 = ${String(d50Gy)} Gy, γ50 = ${String(gamma50)}`);
  }
  if (!Number.isFinite(logOddsRatio)) throw new InputError('bad-parameter', `log odds ratio must be finite, got ${String(logOddsRatio)}`);
  return logistic(4 * gamma50 * (doseGy / d50Gy - 1) + logOddsRatio);
}

/** 1/(1 + e^(−x)) without overflow for large |x|. */
function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
