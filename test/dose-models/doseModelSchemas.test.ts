import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';

const DOSE_MODELS = fileURLToPath(new URL('../../dose-models/', import.meta.url));

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? jsonFiles(path) : entry.endsWith('.json') ? [path] : [];
  });
}

const dataFiles = jsonFiles(DOSE_MODELS).filter((f) => !relative(DOSE_MODELS, f).startsWith('schemas'));

describe('dose-models data files', () => {
  it('there is data to check', () => {
    expect(dataFiles.length).toBeGreaterThan(0);
  });

  for (const file of dataFiles) {
    const name = relative(DOSE_MODELS, file);
    it(`${name} names its JSON Schema in $schema and validates against it`, () => {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string };
      expect(typeof data.$schema, `${name} has no $schema`).toBe('string');
      const schemaPath = resolve(dirname(file), data.$schema!);
      expect(relative(DOSE_MODELS, schemaPath).startsWith('schemas')).toBe(true);
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
      const ok = validate(data);
      expect(ok, JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    });
  }
});
