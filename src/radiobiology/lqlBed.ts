import { InputError } from '../errors/InputError';
import { dosePerFractionGy, requireAlphaBetaGy, requireDoseGy, type Fractionation } from './Fractionation';

/**
 * LQ-L (Astrahan 2008) BED of one fraction of d Gy, in Gy:
 * d ≤ dT: d·(1 + d/(α/β)); d > dT: dT·(1 + dT/(α/β)) + (d − dT)·(1 + 2·dT/(α/β)) (LQ tangent slope at dT).
 * Arguments are trusted (validated by the public callers).
 */
export function lqlBedPerFractionGy(dosePerFractionGy: number, alphaBetaGy: number, transitionDoseGy: number): number {
  const d = dosePerFractionGy;
  if (d <= transitionDoseGy) return d * (1 + d / alphaBetaGy);
  const dT = transitionDoseGy;
  return dT * (1 + dT / alphaBetaGy) + (d - dT) * (1 + (2 * dT) / alphaBetaGy);
}

/**
 * LQ-L BED in Gy: n · lqlBedPerFractionGy(d). Equals LQ BED for d ≤ dT.
 * @param transitionDoseGy dT, physical dose per fraction where the curve turns linear (> 0 Gy). No
 *   default here: the registry default (6 Gy) is an illustrative choice, see docs/radiobiology.md.
 * @see docs/radiobiology.md §LQ-L
 */
export function lqlBedGy(fractionation: Fractionation, alphaBetaGy: number, transitionDoseGy: number): number {
  const d = dosePerFractionGy(fractionation);
  requireAlphaBetaGy(alphaBetaGy);
  requireTransitionDose(transitionDoseGy);
  return fractionation.fractions * lqlBedPerFractionGy(d, alphaBetaGy, transitionDoseGy);
}

/**
 * LQ-L equivalent total dose in fractions of x Gy: the dose in x Gy fractions with the same LQ-L BED,
 * BED / (lqlBedPerFraction(x)/x). Equals BED/(1 + x/(α/β)) whenever x ≤ dT.
 */
export function lqlEqdxGy(fractionation: Fractionation, alphaBetaGy: number, transitionDoseGy: number, referenceDosePerFractionGy: number): number {
  const bedGy = lqlBedGy(fractionation, alphaBetaGy, transitionDoseGy);
  requireDoseGy(referenceDosePerFractionGy, 'referenceDosePerFractionGy');
  if (referenceDosePerFractionGy === 0) throw new InputError('bad-dose', 'referenceDosePerFractionGy must be > 0 Gy, got 0');
  const x = referenceDosePerFractionGy;
  return bedGy / (lqlBedPerFractionGy(x, alphaBetaGy, transitionDoseGy) / x);
}

function requireTransitionDose(transitionDoseGy: number): void {
  if (!Number.isFinite(transitionDoseGy) || transitionDoseGy <= 0) {
    throw new InputError('bad-parameter', `transitionDoseGy must be a finite dose > 0 Gy, got ${String(transitionDoseGy)}`);
  }
}
