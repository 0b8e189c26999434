import type { ScanlineEdges } from './scanlineEdges';

/**
 * Active-edge state for scanning one plane's edges with increasing y: each call only looks at the edges that
 * span y (plus those that start), instead of every edge of the plane (a body contour has hundreds).
 */
export interface ScanlineSweep {
  readonly edges: ScanlineEdges;
  /** Edge numbers ordered by yMin. */
  readonly order: Int32Array;
  /** Edge numbers that may span the current y (yMin ≤ y seen so far and yMax not yet passed). */
  readonly active: Int32Array;
  activeCount: number;
  /** Next position in `order` not yet added to `active`. */
  next: number;
  lastY: number;
}

/** Starts a sweep over `edges` (any y order; sorted here once). */
export function createScanlineSweep(edges: ScanlineEdges): ScanlineSweep {
  return { edges, order: orderByYMin(edges), active: new Int32Array(edges.count), activeCount: 0, next: 0, lastY: -Infinity };
}

/**
 * Edge numbers sorted by yMin: a counting sort into `count` buckets over [yMin, yMax] of the plane, then an
 * insertion sort that fixes the order within buckets (linear time for contours, whose edges are spread in y;
 * a comparator sort was a third of the DVH time of a body contour).
 */
function orderByYMin(edges: ScanlineEdges): Int32Array {
  const count = edges.count;
  const data = edges.data;
  const order = new Int32Array(count);
  if (count === 0) return order;
  const span = edges.yMax - edges.yMin;
  const scale = span > 0 ? (count - 1) / span : 0;
  const starts = new Int32Array(count + 1);
  const bucketOf = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    const bucket = Math.min(count - 1, Math.max(0, Math.floor((data[4 * e] - edges.yMin) * scale)));
    bucketOf[e] = bucket;
    starts[bucket + 1]++;
  }
  for (let b = 0; b < count; b++) starts[b + 1] += starts[b];
  for (let e = 0; e < count; e++) order[starts[bucketOf[e]]++] = e;
  for (let m = 1; m < count; m++) {
    const e = order[m];
    const y = data[4 * e];
    let n = m;
    while (n > 0 && data[4 * order[n - 1]] > y) {
      order[n] = order[n - 1];
      n--;
    }
    order[n] = e;
  }
  return order;
}

/**
 * Same result as scanlineCrossings(edges, y, out) — the sorted x where the line at `y` crosses the edges,
 * half-open rule yMin ≤ y < yMax — for y values that never decrease between calls (a smaller y restarts
 * the sweep from the first edge, which is correct but slower). `out` needs length ≥ edges.count.
 */
export function sweepCrossings(sweep: ScanlineSweep, y: number, out: Float64Array): number {
  const data = sweep.edges.data;
  const order = sweep.order;
  const active = sweep.active;
  if (y < sweep.lastY) {
    sweep.activeCount = 0;
    sweep.next = 0;
  }
  sweep.lastY = y;
  let activeCount = sweep.activeCount;
  let next = sweep.next;
  while (next < order.length && data[4 * order[next]] <= y) active[activeCount++] = order[next++];
  sweep.next = next;
  let n = 0;
  let kept = 0;
  for (let a = 0; a < activeCount; a++) {
    const e = active[a];
    const o = 4 * e;
    if (data[o + 1] <= y) continue; // passed for good: y never decreases
    active[kept++] = e;
    const x = data[o + 2] + (y - data[o]) * data[o + 3];
    let m = n++;
    while (m > 0 && out[m - 1] > x) {
      out[m] = out[m - 1];
      m--;
    }
    out[m] = x;
  }
  sweep.activeCount = kept;
  return n;
}
