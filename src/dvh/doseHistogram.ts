import { InputError } from '../errors/InputError';
import type { Grid3 } from '../geometry/Grid3';

/** Default bin width: ≈ 1/10000 of the highest dose, rounded down to 1, 2 or 5 × 10ⁿ Gy (0.002 Gy for 28 Gy). */
export function defaultBinWidthGy(maxDoseGy: number): number {
  if (!(maxDoseGy > 0)) return 0.01;
  const raw = maxDoseGy / 10000;
  const decade = 10 ** Math.floor(Math.log10(raw));
  const mantissa = raw / decade;
  return (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1) * decade;
}

/**
 * Highest dose of the voxels in the index box (clamped to the grid), Gy; throws InputError
 * 'dose-not-finite' or 'negative-dose' when the box holds such a value (a DVH of it would be meaningless).
 * Returns -Infinity for an empty box.
 */
export function doseMaxInBox(dose: Grid3, i0: number, i1: number, j0: number, j1: number, k0: number, k1: number): number {
  const [nx, ny, nz] = dose.dimensions;
  const ia = Math.max(0, i0), ib = Math.min(nx - 1, i1);
  const ja = Math.max(0, j0), jb = Math.min(ny - 1, j1);
  const ka = Math.max(0, k0), kb = Math.min(nz - 1, k1);
  const data = dose.data;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = ka; k <= kb; k++) {
    for (let j = ja; j <= jb; j++) {
      const offset = k * nx * ny + j * nx;
      for (let i = ia; i <= ib; i++) {
        const d = data[offset + i];
        if (!(d >= 0)) {
          throw new InputError(Number.isNaN(d) ? 'dose-not-finite' : 'negative-dose', `dose grid voxel (${i}, ${j}, ${k}) = ${d} Gy`);
        }
        if (d > max) max = d;
      }
    }
  }
  if (max === Number.POSITIVE_INFINITY) throw new InputError('dose-not-finite', 'dose grid holds an infinite dose');
  return max;
}

/** Checks the user's bin width or picks the default. */
export function chooseBinWidthGy(maxDoseGy: number, binWidthGy: number | undefined): number {
  if (binWidthGy === undefined) return defaultBinWidthGy(maxDoseGy);
  if (!(binWidthGy > 0) || !Number.isFinite(binWidthGy)) throw new InputError('bad-option', `binWidthGy must be > 0, got ${binWidthGy}`);
  return binWidthGy;
}

/**
 * Dose interval that bin b's volume is spread over when interpolating: the bin, narrowed to [minGy, maxGy]
 * so the lowest and highest bins do not reach beyond the actual samples. Written to out[0], out[1].
 */
export function binIntervalGy(b: number, binWidthGy: number, minGy: number, maxGy: number, out: Float64Array): void {
  const lo = b * binWidthGy;
  const hi = lo + binWidthGy;
  out[0] = lo > minGy ? lo : minGy;
  out[1] = hi < maxGy ? hi : maxGy;
  if (out[1] < out[0]) out[1] = out[0];
}
