/**
 * Error thrown by public core functions when a precondition fails (bad argument, NaN, empty mask...).
 * `code` is a stable machine-readable id; the message names the offending value.
 */
export class InputError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}

/** Throws InputError(code) unless `value` is a finite number. */
export function requireFinite(value: number, name: string, code = 'not-finite'): number {
  if (!Number.isFinite(value)) throw new InputError(code, `${name} must be a finite number, got ${String(value)}`);
  return value;
}
