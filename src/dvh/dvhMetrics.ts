import type { Dvh } from './Dvh';
import { doseAtVolumeCc, doseAtVolumePercent } from './doseAtVolume';

/** The standard DVH read-out, Gy. Dx = minimum dose to the hottest x % (D0.03cc: the hottest 0.03 cc). */
export interface DvhDoseMetricsGy {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly D99: number;
  readonly D95: number;
  readonly D5: number;
  readonly D1: number;
  /** Undefined when the structure is smaller than 0.03 cc (the metric does not exist then). */
  readonly 'D0.03cc': number | undefined;
}

/** Reads min, max, mean, D99, D95, D5, D1 and D0.03cc off a DVH. */
export function dvhMetrics(dvh: Dvh): DvhDoseMetricsGy {
  return {
    min: dvh.minGy,
    max: dvh.maxGy,
    mean: dvh.meanGy,
    D99: doseAtVolumePercent(dvh, 99),
    D95: doseAtVolumePercent(dvh, 95),
    D5: doseAtVolumePercent(dvh, 5),
    D1: doseAtVolumePercent(dvh, 1),
    'D0.03cc': dvh.volumeCc >= 0.03 ? doseAtVolumeCc(dvh, 0.03) : undefined,
  };
}
