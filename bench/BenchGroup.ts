// A group of benchmark figures printed by `npm run bench` (ARCHITECTURE.md: performance is measured by
// scripts that print figures, not by timed unit tests). Add a group by writing one file that exports a
// BenchGroup and listing it in runBench.ts.

export interface BenchContext {
  /** Timed repetitions for median figures (--runs=N, default 5). */
  readonly runs: number;
  /** Absolute path of the repository root. */
  readonly repoRoot: string;
  /** Absolute path of ../shared/validation (third-party test files). */
  readonly validationDir: string;
  readonly print: (line?: string) => void;
}

export interface BenchGroup {
  /** Short id for --only=id,id. */
  readonly id: string;
  readonly title: string;
  run(context: BenchContext): Promise<void>;
}
