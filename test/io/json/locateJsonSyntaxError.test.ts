import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from '../../../src/io/json/locateJsonSyntaxError';

describe('locateJsonSyntaxError', () => {
  it('locateJsonSyntaxError(valid JSON) returns undefined wherever JSON.parse succeeds', () => {
    const valid = ['{}', '[]', ' 0 ', '-1.5e-3', '"a\\u00e9\\n"', '{"a": [1, 2, {"b": null}], "c": true, "d": false}', '[[1,2],[3,4]]'];
    for (const text of valid) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it('locateJsonSyntaxError(invalid JSON) agrees with JSON.parse and gives line, column and offset', () => {
    const cases: [string, number, number, RegExp][] = [
      ['{"a": NaN}', 1, 7, /NaN/],
      ['{\n  "a": [1, 2,]\n}', 2, 14, /trailing comma/], // points at the ']' after the comma
      ["{'a': 1}", 1, 2, /single quote/],
      ['{"a": 1} // note', 1, 10, /comment/],
      ['[1, 2', 1, 6, /end of input/],
      ['{"a": 01}', 1, 8, /expected ',' or '}'/],
      ['{"a": -Infinity}', 1, 7, /Infinity/],
      ['', 1, 1, /end of input/],
      ['{"a" 1}', 1, 6, /':'/],
      ['"tab\there"', 1, 5, /control character/],
    ];
    for (const [text, line, column, message] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      const error = locateJsonSyntaxError(text);
      expect(error, text).toBeDefined();
      expect([error!.line, error!.column], text).toEqual([line, column]);
      expect(error!.message).toMatch(message);
    }
  });
});
