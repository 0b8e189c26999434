import { InputError } from '../errors/InputError';
import { binIntervalGy } from './doseHistogram';
import type { Dvh } from './Dvh';

/** Vx: volume receiving at least a dose. */
export interface VolumeAtDose {
  readonly volumeCc: number;
  /** Percentage of dvh.volumeCc. */
  readonly volumePercent: number;
}

/**
 * V(doseGy): the volume receiving at least `doseGy`, with linear interpolation inside the bin.
 * doseGy ≤ minGy gives the whole volume (100 %); doseGy ≥ maxGy gives 0. Throws InputError 'bad-dose' for NaN/∞.
 */
export function volumeAtDoseGy(dvh: Dvh, doseGy: number): VolumeAtDose {
  if (!Number.isFinite(doseGy)) throw new InputError('bad-dose', `dose must be a finite Gy value, got ${doseGy}`);
  const total = dvh.volumeCc;
  if (doseGy <= dvh.minGy) return { volumeCc: total, volumePercent: 100 };
  if (doseGy >= dvh.maxGy) return { volumeCc: 0, volumePercent: 0 };
  const diff = dvh.differentialCc;
  const bin = Math.min(diff.length - 1, Math.floor(doseGy / dvh.binWidthGy));
  let above = 0;
  for (let b = diff.length - 1; b > bin; b--) above += diff[b];
  const interval = new Float64Array(2);
  binIntervalGy(bin, dvh.binWidthGy, dvh.minGy, dvh.maxGy, interval);
  const width = interval[1] - interval[0];
  const part = width > 0 ? Math.min(1, Math.max(0, (interval[1] - doseGy) / width)) : doseGy <= interval[0] ? 1 : 0;
  const volumeCc = above + part * diff[bin];
  return { volumeCc, volumePercent: total > 0 ? (100 * volumeCc) / total : 0 };
}
