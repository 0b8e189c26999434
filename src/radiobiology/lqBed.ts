import { InputError } from '../errors/InputError';
import { dosePerFractionGy, requireAlphaBetaGy, requireDoseGy, type Fractionation } from './Fractionation';

/**
 * LQ biologically effective dose BED = D·(1 + d/(α/β)) in Gy, with D the total physical dose and
 * d = D/n the physical dose per fraction. No overall-time term (see overallTimeCorrection).
 * @param alphaBetaGy tissue α/β in Gy (> 0)
 * @see docs/radiobiology.md §LQ (DICOMautomaton BED_Conversion.cc BEDabr_from_n_d_abr)
 */
export function lqBedGy(fractionation: Fractionation, alphaBetaGy: number): number {
  const d = dosePerFractionGy(fractionation);
  requireAlphaBetaGy(alphaBetaGy);
  return fractionation.totalDoseGy * (1 + d / alphaBetaGy);
}

/**
 * LQ equivalent total dose in fractions of x Gy: EQDx = BED/(1 + x/(α/β)) = D·(d + α/β)/(x + α/β), Gy.
 * @param referenceDosePerFractionGy x, the reference physical dose per fraction (> 0 Gy; 2 for EQD2)
 */
export function lqEqdxGy(fractionation: Fractionation, alphaBetaGy: number, referenceDosePerFractionGy: number): number {
  return bedToEqdxGy(lqBedGy(fractionation, alphaBetaGy), alphaBetaGy, referenceDosePerFractionGy);
}

/** LQ equivalent total dose in 2 Gy fractions, EQD2 = D·(d + α/β)/(2 + α/β), Gy. */
export function lqEqd2Gy(fractionation: Fractionation, alphaBetaGy: number): number {
  return lqEqdxGy(fractionation, alphaBetaGy, 2);
}

/** Converts an LQ BED (Gy) to the equivalent total dose in x Gy fractions: EQDx = BED/(1 + x/(α/β)). */
export function bedToEqdxGy(bedGy: number, alphaBetaGy: number, referenceDosePerFractionGy: number): number {
  requireDoseGy(bedGy, 'bedGy');
  requireAlphaBetaGy(alphaBetaGy);
  requirePositiveReference(referenceDosePerFractionGy);
  return bedGy / (1 + referenceDosePerFractionGy / alphaBetaGy);
}

/** Converts an LQ BED (Gy) to EQD2 (Gy). */
export function bedToEqd2Gy(bedGy: number, alphaBetaGy: number): number {
  return bedToEqdxGy(bedGy, alphaBetaGy, 2);
}

/** Converts an EQD2 (Gy) back to LQ BED: BED = EQD2·(1 + 2/(α/β)), Gy. */
export function eqd2ToBedGy(eqd2Gy: number, alphaBetaGy: number): number {
  requireDoseGy(eqd2Gy, 'eqd2Gy');
  requireAlphaBetaGy(alphaBetaGy);
  return eqd2Gy * (1 + 2 / alphaBetaGy);
}

function requirePositiveReference(referenceDosePerFractionGy: number): void {
  if (!Number.isFinite(referenceDosePerFractionGy) || referenceDosePerFractionGy <= 0) {
    throw new InputError('bad-dose', `referenceDosePerFractionGy must be a finite dose > 0 Gy, got ${String(referenceDosePerFractionGy)}`);
  }
}
