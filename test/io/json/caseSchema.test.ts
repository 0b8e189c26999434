import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCaseJson } from '../../../src/io/json/caseFromJson';
import { writeCaseJson } from '../../../src/io/json/writeCaseJson';
import { STRUCTURE_ROLES } from '../../../src/model/StructureRole';
import { NEAR_ORGANS } from '../../../src/phantom/placeNoduleNearSurface';

const schema = JSON.parse(readFileSync(new URL('../../../docs/case.schema.json', import.meta.url), 'utf8'));
const examplesDir = new URL('../../../examples/', import.meta.url);

describe('docs/case.schema.json', () => {
  let validate: ReturnType<Ajv2020['compile']>;
  beforeAll(() => {
    validate = new Ajv2020({ allErrors: true }).compile(schema);
  });

  it('validates every examples/*.json file, and each loads without issues', () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));
    expect(files).toContain('teaching-case.json');
    for (const file of files) {
      const text = readFileSync(new URL(file, examplesDir), 'utf8');
      const valid = validate(JSON.parse(text));
      expect(validate.errors ?? [], file).toEqual([]);
      expect(valid).toBe(true);
      expect(loadCaseJson(text, file, { includeBaseCt: false }).issues, file).toEqual([]);
    }
  });

  it('validates what writeCaseJson writes', () => {
    const { value } = loadCaseJson(readFileSync(new URL('explicit-contours.json', examplesDir), 'utf8'), 'explicit-contours.json');
    expect(validate(JSON.parse(writeCaseJson(value!)))).toBe(true);
  });

  it('rejects files the reader rejects: wrong schemaVersion, unknown role, 2-point contour, two shapes', () => {
    const base = { schemaVersion: 1, id: 'x' };
    expect(validate({ ...base, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...base, structures: [{ name: 'A', role: 'lungs', contours: [] }] })).toBe(false);
    expect(validate({ ...base, structures: [{ name: 'A', contours: [{ zMm: 0, pointsMm: [[0, 0], [1, 1]] }] }] })).toBe(false);
    expect(validate({ ...base, structures: [{ name: 'A', contours: [], sphere: { centerMm: [0, 0, 0], diameterMm: 1 } }] })).toBe(false);
    expect(validate({ ...base, nodules: [{ name: 'N' }] })).toBe(false);
    expect(validate({ ...base, nodules: [{ name: 'N', centerMm: [0, 0, 0], diameterMm: 5, near: {} }] })).toBe(false);
  });

  it('lists the same roles and near-organs as the code', () => {
    expect(schema.$defs.role.enum).toEqual([...STRUCTURE_ROLES]);
    expect(schema.$defs.nodule.oneOf[2].properties.near.properties.organ.enum).toEqual([...NEAR_ORGANS]);
  });
});
