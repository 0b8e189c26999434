import { fileURLToPath } from 'node:url';
import { runCli } from '../../bin/cli/runCli';

/** Third-party validation files beside the checkout (never copied into the repo). */
export const VALIDATION_DIR = fileURLToPath(new URL('../../../shared/validation/', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function cli(args: readonly string[], cwd = REPO_DIR): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
  });
  return { code, stdout, stderr };
}

/** Runs the CLI with --json and parses stdout. */
export async function cliJson<T = Record<string, unknown>>(args: readonly string[], cwd = REPO_DIR): Promise<CliRun & { json: T }> {
  const run = await cli([...args, '--json'], cwd);
  return { ...run, json: JSON.parse(run.stdout) as T };
}
