/**
 * A problem found while reading a file. Parsers return these instead of throwing on anything
 * recoverable, so the CLI and UI can show every warning and still use what was read.
 */
export interface ImportIssue {
  /** File name (or path) the problem was found in; '' when not file-specific. */
  readonly file: string;
  /** Stable id, e.g. 'not-dicom', 'truncated', 'missing-slices', 'frame-of-reference-mismatch'. */
  readonly code: string;
  /** 'error': the item could not be read; 'warning': it was read but needs attention. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** Result of a parser: `value` is undefined when nothing usable was read (then `issues` says why). */
export interface ParseResult<T> {
  readonly value: T | undefined;
  readonly issues: readonly ImportIssue[];
}

export function importIssue(file: string, code: string, message: string, severity: ImportIssue['severity'] = 'error'): ImportIssue {
  return { file, code, severity, message: file ? `${file}: ${message}` : message };
}
