/**
 * A strictly increasing table axis with O(1) interval lookup: a bucket table on a uniform step no wider than the
 * narrowest interval gives a start index, from which at most a couple of steps reach the interval. Interpolation
 * stays exactly piecewise-linear on the original nodes (no resampling of the data).
 */
export interface TableAxis {
  readonly nodes: Float64Array;
  readonly first: number;
  readonly last: number;
  readonly bucketStep: number;
  /** For bucket m: largest node index n ≤ count − 2 with nodes[n] ≤ first + m·bucketStep. */
  readonly bucketStart: Int32Array;
}

/** Builds the lookup for an ascending axis of ≥ 2 finite nodes (callers validate; see parseBeamData). */
export function createTableAxis(nodes: Float64Array): TableAxis {
  const n = nodes.length;
  const first = nodes[0];
  const last = nodes[n - 1];
  let minStep = Infinity;
  for (let m = 1; m < n; m++) minStep = Math.min(minStep, nodes[m] - nodes[m - 1]);
  // Never more than 1e5 buckets; with a tiny interval somewhere, the walk just takes a few more steps.
  const bucketStep = Math.max(minStep, (last - first) / 1e5);
  const bucketCount = Math.floor((last - first) / bucketStep) + 1;
  const bucketStart = new Int32Array(bucketCount);
  let index = 0;
  for (let m = 0; m < bucketCount; m++) {
    const x = first + m * bucketStep;
    while (index < n - 2 && nodes[index + 1] <= x) index++;
    bucketStart[m] = index;
  }
  return { nodes, first, last, bucketStep, bucketStart };
}

/**
 * Index n of the interval [nodes[n], nodes[n+1]] containing x, clamped to 0 … count − 2 (x below the axis gives 0,
 * above gives count − 2; callers decide how to extrapolate). NaN gives 0.
 */
export function locateInterval(axis: TableAxis, x: number): number {
  if (!(x > axis.first)) return 0;
  const nodes = axis.nodes;
  const lastInterval = nodes.length - 2;
  if (x >= axis.last) return lastInterval;
  let index = axis.bucketStart[Math.floor((x - axis.first) / axis.bucketStep)];
  while (index < lastInterval && x >= nodes[index + 1]) index++;
  return index;
}
