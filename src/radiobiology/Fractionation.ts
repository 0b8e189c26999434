import { InputError } from '../errors/InputError';

/**
 * A fractionation schedule in physical dose. Everything here is physical dose; biological doses are
 * only ever named bedGy / eqd2Gy / eqdxGy / sedGy / sfedGy.
 */
export interface Fractionation {
  /** Total physical dose over all fractions, Gy (finite, ≥ 0). */
  readonly totalDoseGy: number;
  /** Number of fractions (positive integer). */
  readonly fractions: number;
  /**
   * Overall treatment time in days, used only by the overall-time (repopulation) term. When absent,
   * models derive it from `fractions` with CERR's weekday rule (see weekdayTreatmentDays).
   */
  readonly overallTimeDays?: number;
}

/** Throws InputError('bad-fractions') unless `fractions` is a positive integer. */
export function requireFractionCount(fractions: number, what = 'fractions'): number {
  if (!Number.isInteger(fractions) || fractions < 1) {
    throw new InputError('bad-fractions', `${what} must be a positive integer, got ${String(fractions)}`);
  }
  return fractions;
}

/** Throws InputError('bad-alpha-beta') unless α/β is finite and > 0 (Gy). */
export function requireAlphaBetaGy(alphaBetaGy: number, what = 'alphaBetaGy'): number {
  if (!Number.isFinite(alphaBetaGy) || alphaBetaGy <= 0) {
    throw new InputError('bad-alpha-beta', `${what} must be a finite α/β > 0 Gy, got ${String(alphaBetaGy)}`);
  }
  return alphaBetaGy;
}

/** Throws InputError('bad-dose') unless the dose is finite and ≥ 0 (Gy). */
export function requireDoseGy(doseGy: number, what = 'doseGy'): number {
  if (!Number.isFinite(doseGy) || doseGy < 0) {
    throw new InputError('bad-dose', `${what} must be a finite dose ≥ 0 Gy, got ${String(doseGy)}`);
  }
  return doseGy;
}

/**
 * Checks a fractionation: total dose finite ≥ 0 Gy, fractions a positive integer, overall time (when
 * given) finite ≥ 0 days. Throws InputError naming the offending value.
 */
export function validateFractionation(fractionation: Fractionation, what = 'fractionation'): void {
  requireDoseGy(fractionation.totalDoseGy, `${what}.totalDoseGy`);
  requireFractionCount(fractionation.fractions, `${what}.fractions`);
  const t = fractionation.overallTimeDays;
  if (t !== undefined && (!Number.isFinite(t) || t < 0)) {
    throw new InputError('bad-overall-time', `${what}.overallTimeDays must be a finite number of days ≥ 0, got ${String(t)}`);
  }
}

/** Physical dose per fraction d = D/n in Gy (validates the fractionation). */
export function dosePerFractionGy(fractionation: Fractionation): number {
  validateFractionation(fractionation);
  return fractionation.totalDoseGy / fractionation.fractions;
}
