import { describe, expect, it } from 'vitest';
import { importIssue, type ParseResult } from '../../../src/io/ImportIssue';
import { parseJsonText } from '../../../src/io/json/parseJsonText';

const validate = (value: unknown, fileName: string): ParseResult<number> =>
  typeof value === 'number' ? { value, issues: [] } : { value: undefined, issues: [importIssue(fileName, 'not-a-number', 'expected a number')] };

describe('parseJsonText', () => {
  it('parseJsonText(valid text, …) hands the parsed value and file name to the validator', () => {
    expect(parseJsonText(' 42 ', 'a.json', 'x-malformed', validate)).toEqual({ value: 42, issues: [] });
    expect(parseJsonText('"42"', 'a.json', 'x-malformed', validate).issues).toEqual([importIssue('a.json', 'not-a-number', 'expected a number')]);
  });

  it('parseJsonText(malformed text, …) gives one error with the given code, line and column', () => {
    const result = parseJsonText('{\n  "a": [1, 2,]\n}', 'a.json', 'x-malformed', validate);
    expect(result.value).toBeUndefined();
    // Position as locateJsonSyntaxError gives it (its own test): the ']' after the trailing comma, line 2, column 14.
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ file: 'a.json', code: 'x-malformed', severity: 'error' });
    expect(result.issues[0].message).toMatch(/^a\.json: not valid JSON \(line 2, column 14: .*trailing comma.*\)$/);
  });
});
