import { InputError } from '../errors/InputError';

/** D50 and γ50 of the logistic MLD model after Appelt's risk-factor modification. */
export interface AppeltModifiedParameters {
  /** Modified D50, Gy. */
  readonly d50Gy: number;
  /** Modified γ50 (dimensionless). */
  readonly gamma50: number;
}

/**
 * Appelt 2014 risk-factor modification of a logistic MLD model (CERR appeltMod.m):
 * D50 = (1 − ln OR/(4·γ50₀))·D50₀,  γ50 = γ50₀ − ln(OR)/4, with OR the product of the odds ratios of the
 * risk factors present. This is exactly a shift of the logit by ln OR at every dose (the slope in MLD,
 * 4·γ50/D50, is unchanged).
 * Throws InputError('bad-parameter') for D50₀ ≤ 0, γ50₀ ≤ 0, OR ≤ 0 or non-finite values, and
 * 'risk-factors-exceed-model' when ln OR ≥ 4·γ50₀ (D50 would be ≤ 0: NTCP ≥ 50 % at 0 Gy).
 * @param d50Gy D50₀ without risk factors, Gy
 * @param gamma50 γ50₀ without risk factors
 * @param oddsRatio product of the odds ratios of the present risk factors (1 = none)
 * @see docs/ntcp.md §Appelt
 */
export function appeltModifiedParameters(d50Gy: number, gamma50: number, oddsRatio: number): AppeltModifiedParameters {
  if (!Number.isFinite(d50Gy) || d50Gy <= 0 || !Number.isFinite(gamma50) || gamma50 <= 0) {
    throw new InputError('bad-parameter', `Appelt D50₀ and γ50₀ must be finite and > 0, got ${String(d50Gy)} Gy, ${String(gamma50)}`);
  }
  if (!Number.isFinite(oddsRatio) || oddsRatio <= 0) throw new InputError('bad-parameter', `odds ratio must be finite and > 0, got ${String(oddsRatio)}`);
  const logOr = Math.log(oddsRatio);
  if (logOr >= 4 * gamma50) {
    throw new InputError(
      'risk-factors-exceed-model',
      `ln OR = ${logOr.toFixed(3)} ≥ 4·γ50₀ = ${(4 * gamma50).toFixed(3)}: the modified D50 would be ≤ 0 Gy (NTCP ≥ 50 % without dose)`,
    );
  }
  return { d50Gy: (1 - logOr / (4 * gamma50)) * d50Gy, gamma50: gamma50 - logOr / 4 };
}
