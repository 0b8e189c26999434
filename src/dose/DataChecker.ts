import { PARAMETER_STATUSES, type ParameterStatus } from '../radiobiology/BedModel';

export type JsonObject = Record<string, unknown>;

/** Short description of a JSON value for messages. */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Small structural checker for dose-model data files (beam data, density tables). Every problem is reported
 * through `error(path, message)` with a JSON path such as `$.cones[2].tmr.values`; methods return undefined
 * for a bad value so callers can carry on and collect every issue in one pass.
 */
export class DataChecker {
  constructor(private readonly error: (path: string, message: string) => void) {}

  /** Reports a problem that the typed checks below do not cover (shapes, cross-references). */
  fail(path: string, message: string): void {
    this.error(path, message);
  }

  object(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): JsonObject | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.error(path, `must be an object, got ${describeJson(value)}`);
      return undefined;
    }
    const obj = value as JsonObject;
    for (const key of required) if (!(key in obj)) this.error(path, `missing required property '${key}'`);
    for (const key of Object.keys(obj)) {
      if (!required.includes(key) && !optional.includes(key)) this.error(`${path}.${key}`, `unknown property (allowed: ${[...required, ...optional].join(', ')})`);
    }
    return obj;
  }

  text(obj: JsonObject, key: string, path: string): string | undefined {
    if (!(key in obj)) return undefined;
    const value = obj[key];
    if (typeof value !== 'string' || value.trim() === '') {
      this.error(`${path}.${key}`, `must be a non-empty string, got ${describeJson(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(obj: JsonObject, key: string, path: string): boolean | undefined {
    if (!(key in obj)) return undefined;
    const value = obj[key];
    if (typeof value !== 'boolean') {
      this.error(`${path}.${key}`, `must be true or false, got ${describeJson(value)}`);
      return undefined;
    }
    return value;
  }

  /** A finite number with min < value (exclusive) or min ≤ value, and value ≤ max. */
  number(obj: JsonObject, key: string, path: string, min: number, max: number, options: { exclusiveMin?: boolean; unit?: string } = {}): number | undefined {
    if (!(key in obj)) return undefined;
    return this.numberValue(obj[key], `${path}.${key}`, min, max, options);
  }

  numberValue(value: unknown, path: string, min: number, max: number, options: { exclusiveMin?: boolean; unit?: string } = {}): number | undefined {
    const ok = typeof value === 'number' && Number.isFinite(value) && (options.exclusiveMin ? value > min : value >= min) && value <= max;
    if (!ok) {
      const unit = options.unit ? ` ${options.unit}` : '';
      this.error(path, `must be a number ${options.exclusiveMin ? '>' : '≥'} ${min} and ≤ ${max}${unit}, got ${describeJson(value)}`);
      return undefined;
    }
    return value;
  }

  array(obj: JsonObject, key: string, path: string, minItems: number): readonly unknown[] | undefined {
    if (!(key in obj)) return undefined;
    const value = obj[key];
    if (!Array.isArray(value)) {
      this.error(`${path}.${key}`, `must be an array, got ${describeJson(value)}`);
      return undefined;
    }
    if (value.length < minItems) {
      this.error(`${path}.${key}`, `must have at least ${minItems} item(s), got ${value.length}`);
      return undefined;
    }
    return value;
  }

  /** Array of finite numbers in [min, max]; `ascending` also requires strictly increasing values. */
  numbers(value: unknown, path: string, minItems: number, min: number, max: number, ascending: boolean): Float64Array | undefined {
    if (!Array.isArray(value)) {
      this.error(path, `must be an array of numbers, got ${describeJson(value)}`);
      return undefined;
    }
    if (value.length < minItems) {
      this.error(path, `must have at least ${minItems} number(s), got ${value.length}`);
      return undefined;
    }
    const out = new Float64Array(value.length);
    for (let n = 0; n < value.length; n++) {
      const v = value[n] as unknown;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
        this.error(`${path}[${n}]`, `must be a number in [${min}, ${max}], got ${describeJson(v)}`);
        return undefined;
      }
      if (ascending && n > 0 && !(v > out[n - 1])) {
        this.error(`${path}[${n}]`, `values must be strictly increasing, got ${v} after ${out[n - 1]}`);
        return undefined;
      }
      out[n] = v;
    }
    return out;
  }

  oneOf<T extends string>(obj: JsonObject, key: string, path: string, allowed: readonly T[]): T | undefined {
    if (!(key in obj)) return undefined;
    const value = obj[key];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.error(`${path}.${key}`, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeJson(value)}`);
      return undefined;
    }
    return value as T;
  }

  status(obj: JsonObject, key: string, path: string): ParameterStatus | undefined {
    return this.oneOf(obj, key, path, PARAMETER_STATUSES);
  }
}
