import type { ImportIssue } from '../../src/io/ImportIssue';
import type { CliIo } from './CliCommand';

/** Writes issues to stderr, errors first; returns true when any is an error. */
export function printIssues(issues: readonly ImportIssue[], io: CliIo): boolean {
  const ordered = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  for (const issue of ordered) io.stderr.write(`${issue.severity}: ${issue.message} [${issue.code}]\n`);
  return issues.some((issue) => issue.severity === 'error');
}

/** JSON form of issues for --json output. */
export function issuesJson(issues: readonly ImportIssue[]): { file: string; code: string; severity: string; message: string }[] {
  return issues.map(({ file, code, severity, message }) => ({ file, code, severity, message }));
}
