import { InputError } from '../errors/InputError';
import { requireAlphaBetaGy, requireFractionCount } from '../radiobiology/Fractionation';
import type { ConstraintRow } from './ConstraintTable';

/**
 * EQD2 of a physical dose limit delivered in `fractions` fractions: EQD2 = D·(D/n + α/β)/(2 + α/β), Gy.
 * Used to check a summed EQD2 plan (mixed fractionations) against a physical-dose table column.
 * Throws InputError('bad-dose') for a non-finite or negative limit, 'bad-fractions', 'bad-alpha-beta'.
 * @param limitGy physical total-dose limit (or dose threshold) of the n-fraction column, Gy
 * @see docs/constraints.md §EQD2
 */
export function constraintToEqd2(limitGy: number, fractions: number, alphaBetaGy: number): number {
  if (typeof limitGy !== 'number' || !Number.isFinite(limitGy) || limitGy < 0) {
    throw new InputError('bad-dose', `limitGy must be a finite dose ≥ 0 Gy, got ${String(limitGy)}`);
  }
  requireFractionCount(fractions);
  requireAlphaBetaGy(alphaBetaGy);
  return (limitGy * (limitGy / fractions + alphaBetaGy)) / (2 + alphaBetaGy);
}

/** A row whose dose numbers were converted to EQD2, with the physical originals kept. */
export interface Eqd2ConstraintRow extends ConstraintRow {
  readonly alphaBetaGy: number;
  /** The row's physical limitGy before conversion (Dmax, Dmean, DxCc rows). */
  readonly physicalLimitGy?: number;
  /** The physical dose threshold of a VxGyCc / VxGyPercent / criticalVolume metric before conversion, Gy. */
  readonly physicalThresholdGy?: number;
}

/**
 * Converts every dose in a row to EQD2 with the row's own fraction count: limitGy for Dmax/Dmean/DxCc,
 * the metric's dose threshold for VxGyCc/VxGyPercent/criticalVolume (volume and % limits are unchanged).
 * For one fractionation the EQD2 check of Dmax, DxCc and Vx is identical to the physical one (the voxel
 * conversion is monotonic); Dmean is not (mean of EQD2 ≠ EQD2 of the mean).
 */
export function constraintRowToEqd2(row: ConstraintRow, alphaBetaGy: number): Eqd2ConstraintRow {
  const metric = row.metric;
  if (metric.kind === 'Dmax' || metric.kind === 'Dmean' || metric.kind === 'DxCc') {
    const physicalLimitGy = row.limitGy as number;
    return { ...row, limitGy: constraintToEqd2(physicalLimitGy, row.fractions, alphaBetaGy), alphaBetaGy, physicalLimitGy };
  }
  const physicalThresholdGy = metric.doseGy;
  return { ...row, metric: { ...metric, doseGy: constraintToEqd2(physicalThresholdGy, row.fractions, alphaBetaGy) }, alphaBetaGy, physicalThresholdGy };
}
