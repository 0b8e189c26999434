import type { Dvh } from './Dvh';

/** Cumulative DVH sampled at the bin edges: volume receiving at least doseGy[n]. */
export interface CumulativeDvh {
  /** Bin edges n·binWidthGy, n = 0..bins, Gy. */
  readonly doseGy: Float64Array;
  /** Volume with dose ≥ doseGy[n], cc (volumeCc[0] = the whole volume). */
  readonly volumeCc: Float64Array;
  /** Same as a percentage of dvh.volumeCc. */
  readonly volumePercent: Float64Array;
}

/** Cumulative DVH (absolute cc and relative %) at every bin edge of `dvh`. */
export function cumulativeDvh(dvh: Dvh): CumulativeDvh {
  const bins = dvh.differentialCc.length;
  const doseGy = new Float64Array(bins + 1);
  const volumeCc = new Float64Array(bins + 1);
  const volumePercent = new Float64Array(bins + 1);
  let above = 0;
  for (let b = bins; b >= 0; b--) {
    if (b < bins) above += dvh.differentialCc[b];
    doseGy[b] = b * dvh.binWidthGy;
    volumeCc[b] = above;
    volumePercent[b] = dvh.volumeCc > 0 ? (100 * above) / dvh.volumeCc : 0;
  }
  return { doseGy, volumeCc, volumePercent };
}
