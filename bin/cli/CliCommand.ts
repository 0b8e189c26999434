import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; injected so tests can capture output. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
}

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/** One sub-command of `sbrt-helper`: its options and what it does. Returns the exit code. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly allowPositionals: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Thrown for a bad command line (exit code 2), e.g. a missing required option. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_INPUT_ERRORS = 1;
export const EXIT_USAGE = 2;
