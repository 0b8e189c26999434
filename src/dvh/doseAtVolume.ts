import { InputError } from '../errors/InputError';
import { binIntervalGy } from './doseHistogram';
import type { Dvh } from './Dvh';

/**
 * D(cc): the minimum dose received by the hottest `volumeCc` of the structure (e.g. D0.03cc), Gy, with the
 * volume of each bin spread uniformly over the bin (linear interpolation of the cumulative DVH).
 * 0 cc gives maxGy; the whole volume gives minGy; results stay within [minGy, maxGy].
 * Throws InputError 'bad-volume' (negative or NaN) and 'volume-exceeds-structure' when `volumeCc` is larger
 * than dvh.volumeCc (no such "hottest" part exists; report it rather than guess).
 */
export function doseAtVolumeCc(dvh: Dvh, volumeCc: number): number {
  if (!(volumeCc >= 0) || !Number.isFinite(volumeCc)) throw new InputError('bad-volume', `volume must be a finite cc value ≥ 0, got ${volumeCc}`);
  if (volumeCc > dvh.volumeCc * (1 + 1e-9)) {
    throw new InputError('volume-exceeds-structure', `D${volumeCc}cc asked of a structure of ${dvh.volumeCc.toFixed(4)} cc`);
  }
  if (volumeCc === 0) return dvh.maxGy;
  const diff = dvh.differentialCc;
  const interval = new Float64Array(2);
  let above = 0;
  for (let b = diff.length - 1; b >= 0; b--) {
    const v = diff[b];
    if (!(v > 0)) continue;
    if (above + v >= volumeCc) {
      binIntervalGy(b, dvh.binWidthGy, dvh.minGy, dvh.maxGy, interval);
      const part = (volumeCc - above) / v;
      return interval[1] - part * (interval[1] - interval[0]);
    }
    above += v;
  }
  return dvh.minGy;
}

/**
 * Dx%: the minimum dose received by the hottest `percent` % of dvh.volumeCc (D95, D2...), Gy.
 * D0% = maxGy, D100% = minGy. Throws InputError 'bad-percent' outside 0..100 or NaN.
 */
export function doseAtVolumePercent(dvh: Dvh, percent: number): number {
  if (!(percent >= 0 && percent <= 100)) throw new InputError('bad-percent', `volume percent must be within 0..100, got ${percent}`);
  return doseAtVolumeCc(dvh, Math.min(dvh.volumeCc, (percent / 100) * dvh.volumeCc));
}
