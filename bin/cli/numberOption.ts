import { UsageError } from './CliCommand';

/** Parses a numeric option strictly: '45', '4.5e1' are fine; '', '45Gy', 'NaN' are usage errors. */
export function numberOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const number = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(number)) throw new UsageError(`--${name} must be a number, got '${String(value)}'`);
  return number;
}

/** Splits a comma-separated option ('a,b, c') into trimmed non-empty items. */
export function listOption(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}
