import { InputError } from '../../errors/InputError';

/** A stretch between two acquired slices in which regular planes had to be interpolated. */
export interface SliceGap {
  /** Positions (mm along the slice axis) of the acquired slices bounding the stretch. */
  readonly fromMm: number;
  readonly toMm: number;
  /** 'missing': the stretch is a whole number (≥ 2) of steps (slices absent); 'uneven': it is not. */
  readonly kind: 'missing' | 'uneven';
  /** Positions (mm along the slice axis) of the interpolated planes inside the stretch. */
  readonly interpolatedMm: readonly number[];
}

/** How to build a regular stack of planes from irregular or incomplete slice positions. */
export interface RegularSlicePlan {
  /** Dominant spacing between acquired slices, mm (> 0). */
  readonly stepMm: number;
  /** Plane k lies at firstMm + k·stepMm (firstMm = first acquired position). */
  readonly firstMm: number;
  readonly planeCount: number;
  /** Per plane: source slice at or below it, source slice above it, and the weight of the upper one (0 = exact copy of lower). */
  readonly lower: Int32Array;
  readonly upper: Int32Array;
  readonly weightUpper: Float64Array;
  readonly gaps: readonly SliceGap[];
  /** When the last acquired slice lies beyond the last regular plane (uneven spacing), its position; it is then not used. */
  readonly uncoveredLastMm?: number;
}

/**
 * Plans a regular stack of planes at the dominant spacing (the most frequent difference between
 * neighbouring positions, to 0.01 mm) from sorted slice positions. Planes that coincide with an
 * acquired slice (within 1% of the step) are copied; the others are linearly interpolated between the
 * two neighbouring slices and listed in `gaps`, so the caller can report every interpolated position.
 * No plane is extrapolated beyond the acquired range.
 *
 * @param positionsMm - strictly increasing positions along the slice normal, mm (at least 2)
 * @throws InputError when fewer than 2 positions or not strictly increasing/finite
 */
export function planRegularSlices(positionsMm: readonly number[]): RegularSlicePlan {
  const n = positionsMm.length;
  if (n < 2) throw new InputError('too-few-slices', `planRegularSlices needs at least 2 positions, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(positionsMm[i]) || (i > 0 && positionsMm[i] <= positionsMm[i - 1])) {
      throw new InputError('bad-slice-positions', `slice positions must be finite and strictly increasing, got ${positionsMm[i - 1]} then ${positionsMm[i]}`);
    }
  }
  const stepMm = dominantStep(positionsMm);
  const tolMm = Math.max(1e-3, 0.01 * stepMm);
  const firstMm = positionsMm[0];
  const spanMm = positionsMm[n - 1] - firstMm;
  const planeCount = Math.floor((spanMm + tolMm) / stepMm) + 1;
  const lower = new Int32Array(planeCount);
  const upper = new Int32Array(planeCount);
  const weightUpper = new Float64Array(planeCount);
  const gapsByInterval = new Map<number, number[]>();

  let j = 0;
  for (let k = 0; k < planeCount; k++) {
    const p = firstMm + k * stepMm;
    while (j + 1 < n && positionsMm[j + 1] <= p + tolMm) j++;
    if (Math.abs(positionsMm[j] - p) <= tolMm || j + 1 >= n) {
      lower[k] = j;
      upper[k] = j;
      weightUpper[k] = 0;
      continue;
    }
    lower[k] = j;
    upper[k] = j + 1;
    weightUpper[k] = (p - positionsMm[j]) / (positionsMm[j + 1] - positionsMm[j]);
    const list = gapsByInterval.get(j) ?? [];
    list.push(p);
    gapsByInterval.set(j, list);
  }

  const gaps: SliceGap[] = [];
  for (const [i, interpolatedMm] of gapsByInterval) {
    const fromMm = positionsMm[i];
    const toMm = positionsMm[i + 1];
    const steps = Math.round((toMm - fromMm) / stepMm);
    const onGrid = (x: number): boolean => Math.abs((x - firstMm) / stepMm - Math.round((x - firstMm) / stepMm)) * stepMm <= tolMm;
    const missing = steps >= 2 && Math.abs(toMm - fromMm - steps * stepMm) <= tolMm && onGrid(fromMm) && onGrid(toMm);
    gaps.push({ fromMm, toMm, kind: missing ? 'missing' : 'uneven', interpolatedMm });
  }
  gaps.sort((a, b) => a.fromMm - b.fromMm);
  const lastPlane = firstMm + (planeCount - 1) * stepMm;
  const uncoveredLastMm = positionsMm[n - 1] - lastPlane > tolMm ? positionsMm[n - 1] : undefined;
  return { stepMm, firstMm, planeCount, lower, upper, weightUpper, gaps, uncoveredLastMm };
}

/**
 * Fills `out` (planeCount × planeSize) plane by plane: copies or linearly blends the source slices
 * given by `source(sliceIndex)` (each planeSize values). Sources are requested in non-decreasing order.
 */
export function fillRegularPlanes(plan: RegularSlicePlan, planeSize: number, source: (sliceIndex: number) => Float32Array, out: Float32Array): void {
  for (let k = 0; k < plan.planeCount; k++) {
    const offset = k * planeSize;
    const a = source(plan.lower[k]);
    const w = plan.weightUpper[k];
    if (w === 0) {
      out.set(a.subarray(0, planeSize), offset);
      continue;
    }
    const b = source(plan.upper[k]);
    const wa = 1 - w;
    for (let i = 0; i < planeSize; i++) out[offset + i] = wa * a[i] + w * b[i];
  }
}

/** Most frequent neighbour difference (rounded to 0.01 mm; ties → smaller), refined as the mean of the differences in that bin. */
function dominantStep(positionsMm: readonly number[]): number {
  const counts = new Map<number, { count: number; sum: number }>();
  for (let i = 1; i < positionsMm.length; i++) {
    const d = positionsMm[i] - positionsMm[i - 1];
    const key = Math.round(d * 100);
    const bin = counts.get(key) ?? { count: 0, sum: 0 };
    bin.count++;
    bin.sum += d;
    counts.set(key, bin);
  }
  let bestKey = 0;
  let best = { count: 0, sum: 0 };
  for (const [key, bin] of counts) {
    if (bin.count > best.count || (bin.count === best.count && key < bestKey)) {
      bestKey = key;
      best = bin;
    }
  }
  return best.sum / best.count;
}
