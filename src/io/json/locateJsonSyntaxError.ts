/** Where and why a text is not valid JSON (RFC 8259). Offsets are UTF-16 code units; line and column start at 1. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Finds the first RFC 8259 syntax error in `text`, or returns undefined when it is valid JSON. Used after
 * JSON.parse fails, because engine messages differ between versions and do not always give a position.
 * Recognises the usual mistakes by name: NaN/Infinity tokens, single quotes, trailing commas, comments.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let pos = 0;
  const fail = (message: string, at = pos): JsonSyntaxError => {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return { offset: at, line, column: at - lineStart + 1, message };
  };
  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const c = text[pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') pos++;
      else break;
    }
  };
  const describe = (at: number): string => {
    if (at >= text.length) return 'end of input';
    const rest = text.slice(at, at + 9);
    if (rest.startsWith('NaN')) return "'NaN' (JSON has no NaN; write a number or leave the item out)";
    if (rest.startsWith('Infinity') || rest.startsWith('-Infinity')) return "'Infinity' (JSON has no infinities)";
    if (rest.startsWith('//') || rest.startsWith('/*')) return 'a comment (JSON has no comments)';
    if (rest[0] === "'") return 'a single quote (JSON strings use double quotes)';
    return `'${rest[0]}'`;
  };
  // Returns an error or undefined; iterative over nesting via an explicit stack of expected closers.
  const stack: ('}' | ']')[] = [];
  const parseString = (): JsonSyntaxError | undefined => {
    pos++; // opening quote
    while (pos < text.length) {
      const code = text.charCodeAt(pos);
      if (code === 34) {
        pos++;
        return undefined;
      }
      if (code < 0x20) return fail('control character inside a string (escape it)');
      if (code === 92) {
        const e = text[pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return fail('bad \\u escape in a string');
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) pos += 2;
        else return fail('bad escape in a string');
      } else pos++;
    }
    return fail('unterminated string');
  };
  const parseNumber = (): JsonSyntaxError | undefined => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (!match || match[0] === '-' || match[0] === '') return fail(`unexpected ${describe(pos)}`);
    pos += match[0].length;
    return undefined;
  };
  // Parses one scalar or opens a container; returns an error, or undefined.
  const parseValueStart = (): JsonSyntaxError | undefined => {
    skipWhitespace();
    const c = text[pos];
    if (c === '{') {
      pos++;
      skipWhitespace();
      if (text[pos] === '}') {
        pos++;
        return undefined;
      }
      stack.push('}');
      return parseKey();
    }
    if (c === '[') {
      pos++;
      skipWhitespace();
      if (text[pos] === ']') {
        pos++;
        return undefined;
      }
      stack.push(']');
      return parseValueStart();
    }
    if (c === '"') return parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, pos)) {
        pos += literal.length;
        return undefined;
      }
    }
    return fail(`expected a value, found ${describe(pos)}`);
  };
  const parseKey = (): JsonSyntaxError | undefined => {
    skipWhitespace();
    if (text[pos] !== '"') return fail(`expected a property name in double quotes, found ${describe(pos)}`);
    const error = parseString();
    if (error) return error;
    skipWhitespace();
    if (text[pos] !== ':') return fail(`expected ':' after the property name, found ${describe(pos)}`);
    pos++;
    return parseValueStart();
  };
  let error = parseValueStart();
  while (!error && stack.length > 0) {
    skipWhitespace();
    const closer = stack[stack.length - 1];
    const c = text[pos];
    if (c === ',') {
      pos++;
      skipWhitespace();
      if (text[pos] === closer) {
        error = fail(`trailing comma before '${closer}'`);
        break;
      }
      error = closer === '}' ? parseKey() : parseValueStart();
    } else if (c === closer) {
      pos++;
      stack.pop();
    } else {
      error = fail(`expected ',' or '${closer}', found ${describe(pos)}`);
    }
  }
  if (error) return error;
  skipWhitespace();
  if (pos < text.length) return fail(`unexpected ${describe(pos)} after the end of the JSON value`);
  return undefined;
}
