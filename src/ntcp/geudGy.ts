import { binIntervalGy } from '../dvh/doseHistogram';
import type { Dvh } from '../dvh/Dvh';
import { InputError } from '../errors/InputError';

/**
 * Generalised equivalent uniform dose gEUD = (Σ vᵢ·Dᵢ^(1/n))ⁿ of a DVH, Gy, with vᵢ the fractional volume
 * of bin i and Dᵢ the centre of the bin's dose interval (narrowed to [minGy, maxGy] as in doseAtVolumeCc).
 * n = 1 returns dvh.meanGy, the exact mean of the dose samples (the histogram would only approximate it
 * to half a bin width); as n → 0 gEUD tends to the maximum dose.
 * The DVH must be in the dose basis of the NTCP parameters (for lung: voxelwise EQD2, α/β 3 Gy).
 * Throws InputError('bad-parameter') unless 0 < n ≤ 1 is finite, and 'empty-dvh' when the DVH holds no volume.
 * @param n LKB volume parameter (a = 1/n in CERR calc_EUD.m)
 * @see docs/ntcp.md §LKB
 */
export function geudGy(dvh: Dvh, n: number): number {
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InputError('bad-parameter', `gEUD volume parameter n must be in (0, 1], got ${String(n)}`);
  if (!(dvh.volumeCc > 0)) throw new InputError('empty-dvh', `the DVH holds no volume (${String(dvh.volumeCc)} cc)`);
  if (n === 1) return dvh.meanGy;
  const a = 1 / n;
  const diff = dvh.differentialCc;
  const interval = new Float64Array(2);
  // Scale by the maximum so that D^(1/n) cannot overflow for small n.
  const scaleGy = dvh.maxGy > 0 ? dvh.maxGy : 1;
  let sum = 0;
  for (let b = 0; b < diff.length; b++) {
    const v = diff[b];
    if (!(v > 0)) continue;
    binIntervalGy(b, dvh.binWidthGy, dvh.minGy, dvh.maxGy, interval);
    const centre = 0.5 * (interval[0] + interval[1]);
    sum += (v / dvh.volumeCc) * Math.pow(centre / scaleGy, a);
  }
  return scaleGy * Math.pow(sum, n);
}
