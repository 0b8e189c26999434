import { requireAlphaBetaGy, requireDoseGy, requireFractionCount } from './Fractionation';
import { eqd2ToBedGy } from './lqBed';

/** A physical schedule found by an inverse LQ calculation. */
export interface IsoeffectiveSchedule {
  /** Total physical dose D' over all fractions, Gy. */
  readonly totalDoseGy: number;
  readonly fractions: number;
  /** Physical dose per fraction d' = D'/n', Gy. */
  readonly dosePerFractionGy: number;
}

/**
 * Inverse LQ: the total physical dose D' in n' fractions whose BED equals `targetBedGy`:
 * D' = ½·n'·(α/β)·[√(1 + 4·BED/(n'·(α/β))) − 1], evaluated as 2·BED/(1 + √(…)) to avoid cancellation
 * at small BED. No overall-time term.
 * @see docs/radiobiology.md §Inverse (DICOMautomaton D_from_n_BEDabr)
 */
export function lqTotalDoseForBed(targetBedGy: number, fractions: number, alphaBetaGy: number): IsoeffectiveSchedule {
  requireDoseGy(targetBedGy, 'targetBedGy');
  requireFractionCount(fractions);
  requireAlphaBetaGy(alphaBetaGy);
  const root = Math.sqrt(1 + (4 * targetBedGy) / (fractions * alphaBetaGy));
  const totalDoseGy = (2 * targetBedGy) / (1 + root);
  return { totalDoseGy, fractions, dosePerFractionGy: totalDoseGy / fractions };
}

/** Inverse LQ from a target EQD2 (Gy): the schedule of n' fractions with BED = EQD2·(1 + 2/(α/β)). */
export function lqTotalDoseForEqd2(targetEqd2Gy: number, fractions: number, alphaBetaGy: number): IsoeffectiveSchedule {
  return lqTotalDoseForBed(eqd2ToBedGy(targetEqd2Gy, alphaBetaGy), fractions, alphaBetaGy);
}
