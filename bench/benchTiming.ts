// Small timing helpers shared by the bench groups.

/** Median of a list (mean of the middle two for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

/** Runs `work` `runs` times; returns the result of the last run and every run's wall time in ms. */
export function timeRuns<T>(runs: number, work: () => T): { result: T; milliseconds: number[] } {
  const milliseconds: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = work();
    milliseconds.push(performance.now() - t0);
  }
  return { result: result as T, milliseconds };
}

/** "123 ms" with a sensible number of decimals. */
export function formatMs(ms: number): string {
  return `${ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)} ms`;
}
