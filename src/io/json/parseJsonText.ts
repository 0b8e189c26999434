import { importIssue, type ParseResult } from '../ImportIssue';
import { locateJsonSyntaxError } from './locateJsonSyntaxError';

/**
 * Parses JSON text and hands the value to `validate`; never throws. Malformed JSON gives one error issue with
 * code `malformedCode` and the message `not valid JSON (line L, column C: why)` (engine message when the
 * locator finds no error), and `value: undefined`.
 * @param text file contents (UTF-8 text)
 * @param fileName shown in every issue
 * @param malformedCode issue code for text that is not JSON, e.g. 'beam-data-malformed'
 * @param validate checks the parsed value against the file's format
 */
export function parseJsonText<T>(
  text: string,
  fileName: string,
  malformedCode: string,
  validate: (value: unknown, fileName: string) => ParseResult<T>,
): ParseResult<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const where = locateJsonSyntaxError(text);
    const detail = where ? `line ${where.line}, column ${where.column}: ${where.message}` : (e as Error).message;
    return { value: undefined, issues: [importIssue(fileName, malformedCode, `not valid JSON (${detail})`)] };
  }
  return validate(parsed, fileName);
}
