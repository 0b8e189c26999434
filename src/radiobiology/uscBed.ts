import { InputError } from '../errors/InputError';
import { dosePerFractionGy, type Fractionation } from './Fractionation';

/** Input parameters of the universal survival curve (Park 2008). */
export interface UscParameters {
  /** α of the LQ part, Gy⁻¹ (> 0). */
  readonly alphaPerGy: number;
  /** D0, dose per e-fold reduction on the terminal line, Gy (> 0, with α·D0 < 1). */
  readonly d0Gy: number;
  /** Dq, quasi-threshold dose, Gy (> 0). */
  readonly dqGy: number;
}

/** Quantities fixed by continuity of ln S and its slope at DT. */
export interface UscDerivedParameters {
  /** DT = 2·Dq/(1 − α·D0): physical dose per fraction where the LQ part hands over to the line, Gy. */
  readonly transitionDoseGy: number;
  /** β = (1 − α·D0)²/(4·D0·Dq), Gy⁻². */
  readonly betaPerGy2: number;
  /** α/β, Gy. */
  readonly alphaBetaGy: number;
}

/** BED-type quantities of the USC model for one schedule (all biological doses, Gy). */
export interface UscDoses extends UscDerivedParameters {
  /** BED_USC, Gy. */
  readonly bedGy: number;
  /** Standard effective dose: total dose in 2 Gy fractions with the same BED_USC, Gy. */
  readonly sedGy: number;
  /** Single-fraction equivalent dose: one fraction with the same BED_USC, Gy. */
  readonly sfedGy: number;
  /** True when the physical dose per fraction is ≥ DT (terminal-line branch). */
  readonly aboveTransition: boolean;
}

/** Derived DT, β and α/β from (α, D0, Dq); throws InputError for invalid parameters. */
export function uscDerivedParameters(parameters: UscParameters): UscDerivedParameters {
  const { alphaPerGy, d0Gy, dqGy } = parameters;
  for (const [name, value] of [['alphaPerGy', alphaPerGy], ['d0Gy', d0Gy], ['dqGy', dqGy]] as const) {
    if (!Number.isFinite(value) || value <= 0) throw new InputError('bad-parameter', `USC ${name} must be finite and > 0, got ${String(value)}`);
  }
  const oneMinusAlphaD0 = 1 - alphaPerGy * d0Gy;
  if (oneMinusAlphaD0 <= 0) {
    throw new InputError('bad-parameter', `USC needs α·D0 < 1 for a positive transition dose, got α·D0 = ${String(alphaPerGy * d0Gy)}`);
  }
  const betaPerGy2 = (oneMinusAlphaD0 * oneMinusAlphaD0) / (4 * d0Gy * dqGy);
  return { transitionDoseGy: (2 * dqGy) / oneMinusAlphaD0, betaPerGy2, alphaBetaGy: alphaPerGy / betaPerGy2 };
}

/**
 * USC BED of one fraction of d Gy: d ≤ DT: d·(1 + d/(α/β)); d ≥ DT: (d − Dq)/(α·D0). Trusted arguments.
 */
export function uscBedPerFractionGy(dosePerFractionGy: number, parameters: UscParameters, derived: UscDerivedParameters): number {
  const d = dosePerFractionGy;
  if (d < derived.transitionDoseGy) return d * (1 + d / derived.alphaBetaGy);
  return (d - parameters.dqGy) / (parameters.alphaPerGy * parameters.d0Gy);
}

/**
 * Universal survival curve (Park 2008) BED, SED and SFED of a schedule.
 * BED_USC = n·uscBedPerFraction(d); SED = BED/(uscBedPerFraction(2 Gy)/2), which is BED/(1 + 2/(α/β))
 * whenever DT ≥ 2 Gy; SFED = the single-fraction dose with the same BED, which is n·d − (n − 1)·Dq when d ≥ DT.
 * @see docs/radiobiology.md §USC
 */
export function uscBed(fractionation: Fractionation, parameters: UscParameters): UscDoses {
  const d = dosePerFractionGy(fractionation);
  const derived = uscDerivedParameters(parameters);
  const bedGy = fractionation.fractions * uscBedPerFractionGy(d, parameters, derived);
  const sedGy = bedGy / (uscBedPerFractionGy(2, parameters, derived) / 2);
  return { ...derived, bedGy, sedGy, sfedGy: uscSingleFractionDoseGy(bedGy, parameters, derived), aboveTransition: d >= derived.transitionDoseGy };
}

/** Inverts uscBedPerFraction for n = 1: the single physical dose (Gy) with the given BED_USC. */
function uscSingleFractionDoseGy(bedGy: number, parameters: UscParameters, derived: UscDerivedParameters): number {
  const { transitionDoseGy: dT, alphaBetaGy } = derived;
  const bedAtTransitionGy = dT * (1 + dT / alphaBetaGy);
  if (bedGy >= bedAtTransitionGy) return parameters.alphaPerGy * parameters.d0Gy * bedGy + parameters.dqGy;
  // LQ branch, stable form of ½·(α/β)·[√(1 + 4·BED/(α/β)) − 1].
  return (2 * bedGy) / (1 + Math.sqrt(1 + (4 * bedGy) / alphaBetaGy));
}
