import { InputError } from '../errors/InputError';
import { requireFractionCount, validateFractionation, type Fractionation } from './Fractionation';

/** Parameters of the repopulation term (CERR Models/Lung BED.json values are the registry defaults). */
export interface OverallTimeParameters {
  /** α, Gy⁻¹ (> 0). */
  readonly alphaPerGy: number;
  /** Tk, repopulation kick-off time, days (≥ 0). */
  readonly kickoffTimeDays: number;
  /** Tp, potential doubling time, days (> 0). */
  readonly potentialDoublingTimeDays: number;
}

/**
 * Overall treatment time T in days for one fraction every weekday with weekend breaks, as CERR's
 * calc_BED.m default: T = floor(n/5)·7 + mod(n,5). (CERR's convention: 5 fractions count as 7 days.)
 */
export function weekdayTreatmentDays(fractions: number): number {
  requireFractionCount(fractions);
  return Math.floor(fractions / 5) * 7 + (fractions % 5);
}

/**
 * Overall treatment time of a fractionation in days: `overallTimeDays` when given, otherwise
 * weekdayTreatmentDays(fractions). `source` says which.
 */
export function overallTimeDays(fractionation: Fractionation): { days: number; source: 'given' | 'weekday-rule' } {
  validateFractionation(fractionation);
  if (fractionation.overallTimeDays !== undefined) return { days: fractionation.overallTimeDays, source: 'given' };
  return { days: weekdayTreatmentDays(fractionation.fractions), source: 'weekday-rule' };
}

/**
 * BED lost to repopulation, Gy (≥ 0): ln2·(T − Tk)/(α·Tp) for T > Tk, else 0. Subtract it from the LQ BED.
 * @param treatmentDays overall time T in days (finite, ≥ 0)
 * @see CERR CERR_core/PlanMetrics/calc_BED.m
 */
export function overallTimeCorrectionGy(treatmentDays: number, parameters: OverallTimeParameters): number {
  if (!Number.isFinite(treatmentDays) || treatmentDays < 0) {
    throw new InputError('bad-overall-time', `treatmentDays must be a finite number of days ≥ 0, got ${String(treatmentDays)}`);
  }
  validateOverallTimeParameters(parameters);
  const { alphaPerGy, kickoffTimeDays, potentialDoublingTimeDays } = parameters;
  if (treatmentDays <= kickoffTimeDays) return 0;
  return (Math.LN2 * (treatmentDays - kickoffTimeDays)) / (alphaPerGy * potentialDoublingTimeDays);
}

function validateOverallTimeParameters(p: OverallTimeParameters): void {
  if (!Number.isFinite(p.alphaPerGy) || p.alphaPerGy <= 0) {
    throw new InputError('bad-parameter', `alphaPerGy must be finite and > 0 Gy⁻¹, got ${String(p.alphaPerGy)}`);
  }
  if (!Number.isFinite(p.kickoffTimeDays) || p.kickoffTimeDays < 0) {
    throw new InputError('bad-parameter', `kickoffTimeDays must be finite and ≥ 0 days, got ${String(p.kickoffTimeDays)}`);
  }
  if (!Number.isFinite(p.potentialDoublingTimeDays) || p.potentialDoublingTimeDays <= 0) {
    throw new InputError('bad-parameter', `potentialDoublingTimeDays must be finite and > 0 days, got ${String(p.potentialDoublingTimeDays)}`);
  }
}
