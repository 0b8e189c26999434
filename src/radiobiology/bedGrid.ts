import { InputError } from '../errors/InputError';
import { requireAlphaBetaGy, requireFractionCount } from './Fractionation';

/**
 * Voxelwise LQ BED: for each voxel of total physical dose D (Gy) delivered in n fractions,
 * BED = D·(1 + (D/n)/(α/β)), Gy. Use this (or eqd2Grid) before summing plans with different
 * fractionations or feeding NTCP models.
 *
 * NaN voxels give NaN (left for the caller to report). A negative or infinite dose throws
 * InputError('bad-dose') naming the first offending index, before anything is written.
 * @param doseGy total physical dose per voxel over all fractions, Gy
 * @param out optional output buffer of the same length; may be `doseGy` itself (in place)
 * @see docs/radiobiology.md §Voxelwise
 */
export function bedGrid(doseGy: Float32Array, fractions: number, alphaBetaGy: number, out?: Float32Array): Float32Array {
  return lqGrid(doseGy, fractions, alphaBetaGy, 1, out);
}

/**
 * Voxelwise LQ EQD2 = D·(d + α/β)/(2 + α/β) with d = D/n per voxel, Gy. Same NaN/negative handling as bedGrid.
 * @param doseGy total physical dose per voxel over all fractions, Gy
 */
export function eqd2Grid(doseGy: Float32Array, fractions: number, alphaBetaGy: number, out?: Float32Array): Float32Array {
  requireAlphaBetaGy(alphaBetaGy);
  return lqGrid(doseGy, fractions, alphaBetaGy, 1 / (1 + 2 / alphaBetaGy), out);
}

/**
 * Voxelwise LQ EQDx = BED/(1 + x/(α/β)), Gy. Same NaN/negative handling as bedGrid.
 * @param referenceDosePerFractionGy x (> 0 Gy)
 */
export function eqdxGrid(doseGy: Float32Array, fractions: number, alphaBetaGy: number, referenceDosePerFractionGy: number, out?: Float32Array): Float32Array {
  requireAlphaBetaGy(alphaBetaGy);
  if (!Number.isFinite(referenceDosePerFractionGy) || referenceDosePerFractionGy <= 0) {
    throw new InputError('bad-dose', `referenceDosePerFractionGy must be a finite dose > 0 Gy, got ${String(referenceDosePerFractionGy)}`);
  }
  return lqGrid(doseGy, fractions, alphaBetaGy, 1 / (1 + referenceDosePerFractionGy / alphaBetaGy), out);
}

/** out[i] = scale·(D + D²/(n·α/β)). */
function lqGrid(doseGy: Float32Array, fractions: number, alphaBetaGy: number, scale: number, out: Float32Array | undefined): Float32Array {
  requireFractionCount(fractions);
  requireAlphaBetaGy(alphaBetaGy);
  const n = doseGy.length;
  if (out !== undefined && out.length !== n) {
    throw new InputError('bad-length', `out has ${out.length} values, doseGy has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const d = doseGy[i];
    // NaN fails both comparisons and passes through.
    if (d < 0 || d === Infinity) {
      throw new InputError('bad-dose', `doseGy[${i}] = ${String(d)} Gy: voxel doses must be finite and ≥ 0 (NaN is passed through)`);
    }
  }
  const target = out ?? new Float32Array(n);
  const quadratic = 1 / (fractions * alphaBetaGy);
  for (let i = 0; i < n; i++) {
    const d = doseGy[i];
    target[i] = scale * (d + d * d * quadratic);
  }
  return target;
}
