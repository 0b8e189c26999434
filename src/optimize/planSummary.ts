import { InputError } from '../errors/InputError';
import { DEFAULT_MINIMUM_MU_PER_BEAM, type MuSummary } from './planConventions';

export interface PlanSummaryOptions {
  /** Beams with MU above this count as active. Default 0. */
  readonly activeThresholdMu?: number;
  /** Beams with 0 < MU < this are undeliverable (listed in beamsBelowMinimum). Default 5 MU per fraction. */
  readonly minimumMuPerBeam?: number;
}

/**
 * MU figures of a plan (per fraction): total, active beams (MU > activeThresholdMu), beams under the deliverable
 * minimum, largest and mean MU per active beam. Multiply by the number of fractions for the course.
 * Throws InputError 'bad-weight' for a negative or non-finite MU, 'bad-option' for bad thresholds.
 */
export function planSummary(muPerBeam: ArrayLike<number>, options: PlanSummaryOptions = {}): MuSummary {
  const active = options.activeThresholdMu ?? 0;
  const minimum = options.minimumMuPerBeam ?? DEFAULT_MINIMUM_MU_PER_BEAM;
  if (!(active >= 0 && active < Infinity)) throw new InputError('bad-option', `activeThresholdMu must be a finite value ≥ 0, got ${active}`);
  if (!(minimum >= 0 && minimum < Infinity)) throw new InputError('bad-option', `minimumMuPerBeam must be a finite value ≥ 0, got ${minimum}`);
  let total = 0;
  let activeCount = 0;
  let activeTotal = 0;
  let largest = 0;
  const below: number[] = [];
  for (let b = 0; b < muPerBeam.length; b++) {
    const mu = muPerBeam[b];
    if (!(mu >= 0 && mu < Infinity)) throw new InputError('bad-weight', `MU of beam ${b} must be finite and ≥ 0, got ${mu}`);
    total += mu;
    if (mu > active) {
      activeCount++;
      activeTotal += mu;
    }
    if (mu > 0 && mu < minimum) below.push(b);
    largest = Math.max(largest, mu);
  }
  return {
    totalMuPerFraction: total,
    activeBeamCount: activeCount,
    beamsBelowMinimum: below,
    maxMuPerBeam: largest,
    meanMuPerActiveBeam: activeCount > 0 ? activeTotal / activeCount : 0,
  };
}
