import { distanceTransformMm } from '../distance/distanceTransformMm';
import { validateMaskGeometry, type DistanceGeometry } from '../distance/maskGeometry';
import { InputError } from '../errors/InputError';
import type { FalloffShell } from './BeamWeightProblem';

/** A distance band outside the PTV: voxels with fromMm < distance ≤ toMm, capped at capFractionOfRx × Rx. */
export interface FalloffBand {
  readonly fromMm: number;
  /** Infinity = to the edge of the grid. */
  readonly toMm: number;
  readonly capFractionOfRx: number;
  /** Default 1. */
  readonly importance?: number;
}

/**
 * Default bands: 0–5 mm capped at Rx (conformity of the prescription isodose), 5–20 mm at 50 % Rx (keeps the
 * 50 % isodose volume, R50 %, small) and beyond 20 mm at 50 % Rx (RTOG 0813/0915 D2cm "none" limit for small PTVs,
 * physics.md §3.1; it rises to 58–77 % for PTVs of 34–163 cc, so pass your own bands for large targets).
 */
export const DEFAULT_FALLOFF_BANDS: readonly FalloffBand[] = [
  { fromMm: 0, toMm: 5, capFractionOfRx: 1 },
  { fromMm: 5, toMm: 20, capFractionOfRx: 0.5 },
  { fromMm: 20, toMm: Infinity, capFractionOfRx: 0.5 },
];

export interface FalloffShellOptions {
  readonly bands?: readonly FalloffBand[];
  /** Grid-sized body mask (non-zero / fraction > 0 = inside); voxels outside get no shell. Weights = body fraction. */
  readonly bodyMask?: Uint8Array | Float32Array;
}

/**
 * Fall-off shells around a PTV for optimizeBeamWeights, from the exact Euclidean distance (mm, voxel centre to
 * nearest PTV voxel centre, anisotropic spacing: distanceTransformMm) to the voxels with PTV fraction > 0. Those
 * voxels belong to the PTV and to no shell; shell voxels have weight 1 (or the body fraction). Caps are
 * capFractionOfRx × prescriptionGyPerFraction. Bands may overlap (a voxel then belongs to each).
 * Throws InputError 'bad-length' / grid errors, 'empty-target' (no PTV voxel), 'bad-option' for bad bands.
 * @param ptvMask grid-sized PTV mask, index i + j·nx + k·nx·ny (Uint8Array or Float32Array fractions)
 */
export function falloffShells(
  ptvMask: Uint8Array | Float32Array,
  geometry: DistanceGeometry,
  prescriptionGyPerFraction: number,
  options: FalloffShellOptions = {},
): FalloffShell[] {
  const count = validateMaskGeometry(ptvMask, geometry, 'ptvMask');
  if (!(Number.isFinite(prescriptionGyPerFraction) && prescriptionGyPerFraction > 0)) {
    throw new InputError('bad-prescription', `prescriptionGyPerFraction must be a finite value > 0 Gy, got ${prescriptionGyPerFraction}`);
  }
  const bands = options.bands ?? DEFAULT_FALLOFF_BANDS;
  bands.forEach((band, n) => {
    if (!(band.fromMm >= 0 && band.toMm > band.fromMm && Number.isFinite(band.fromMm))) {
      throw new InputError('bad-option', `band ${n}: need 0 ≤ fromMm < toMm, got ${band.fromMm}–${band.toMm} mm`);
    }
    if (!(band.capFractionOfRx > 0 && Number.isFinite(band.capFractionOfRx))) throw new InputError('bad-option', `band ${n}: capFractionOfRx must be > 0, got ${band.capFractionOfRx}`);
    if (band.importance !== undefined && !(band.importance >= 0 && Number.isFinite(band.importance))) throw new InputError('bad-option', `band ${n}: importance must be ≥ 0, got ${band.importance}`);
  });
  const body = options.bodyMask;
  if (body !== undefined && body.length !== count) throw new InputError('bad-length', `bodyMask has ${body.length} voxels, the grid ${count}`);
  const inside = new Uint8Array(count);
  let any = false;
  for (let v = 0; v < count; v++) {
    if (ptvMask[v] > 0) {
      inside[v] = 1;
      any = true;
    }
  }
  if (!any) throw new InputError('empty-target', 'ptvMask has no voxel');
  const { distanceMm } = distanceTransformMm(inside, geometry);
  return bands.map((band) => {
    let n = 0;
    for (let v = 0; v < count; v++) if (inBand(v, band, distanceMm, inside, body)) n++;
    const voxels = new Uint32Array(n);
    const weights = new Float32Array(n);
    n = 0;
    for (let v = 0; v < count; v++) {
      if (inBand(v, band, distanceMm, inside, body)) {
        voxels[n] = v;
        weights[n] = body instanceof Float32Array ? body[v] : 1;
        n++;
      }
    }
    const to = band.toMm === Infinity ? '∞' : `${band.toMm}`;
    return {
      voxels,
      weights,
      maxDoseGyPerFraction: band.capFractionOfRx * prescriptionGyPerFraction,
      importance: band.importance ?? 1,
      name: `ring ${band.fromMm}–${to} mm`,
    };
  });
}

function inBand(v: number, band: FalloffBand, distanceMm: Float32Array, inside: Uint8Array, body: Uint8Array | Float32Array | undefined): boolean {
  if (inside[v] === 1) return false;
  if (body !== undefined && !(body[v] > 0)) return false;
  const d = distanceMm[v];
  return d > band.fromMm && d <= band.toMm;
}
