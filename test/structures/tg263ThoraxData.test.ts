import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { STRUCTURE_ROLES } from '../../src/model/StructureRole';
import { assignRole, ROLE_MATCHING_ORDER } from '../../src/structures/assignRole';
import { compactStructureName } from '../../src/structures/normalizeStructureName';
import { compileStructureNameRules } from '../../src/structures/StructureNameRules';
import { thoraxStructureNameRules } from '../../src/structures/thoraxStructureNameRules';
import { roi } from './roiFixtures';

const readJson = (relative: string): unknown => JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
const schema = readJson('../../dose-models/schemas/structure-names.schema.json') as { $defs: { role: { enum: string[] } } };
const data = readJson('../../dose-models/structure-names/tg263-thorax.json') as {
  references: { id: string }[];
  matchingOrder: string[];
  standardNames: { name: string; role: string; source: string }[];
  synonyms: { name: string; role: string; standardName?: string; source: string }[];
};

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(schema);
}

describe('dose-models/structure-names/tg263-thorax.json', () => {
  it('validates against dose-models/schemas/structure-names.schema.json (ajv, draft 2020-12)', () => {
    const validate = validator();
    const ok = validate(data);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects an unknown role and a standard name whose source is not the TG-263 table', () => {
    const validate = validator();
    const badRole = structuredClone(data);
    badRole.synonyms[0].role = 'liver';
    expect(validate(badRole)).toBe(false);
    const badSource = structuredClone(data);
    badSource.standardNames[0].source = 'my notes';
    expect(validate(badSource)).toBe(false);
  });

  it('the schema role enum is exactly STRUCTURE_ROLES (src/model/StructureRole.ts)', () => {
    expect(schema.$defs.role.enum).toEqual([...STRUCTURE_ROLES]);
  });

  it('matchingOrder is the order assignRole implements (ROLE_MATCHING_ORDER)', () => {
    expect(data.matchingOrder).toEqual([...ROLE_MATCHING_ORDER]);
  });

  it('has unique reference ids, unique TG-263 compact keys, and synonyms that point at listed TG-263 names', () => {
    const ids = data.references.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const standardKeys = data.standardNames.map((e) => compactStructureName(e.name));
    expect(new Set(standardKeys).size).toBe(standardKeys.length);
    const standard = new Set(data.standardNames.map((e) => e.name));
    for (const s of data.synonyms) if (s.standardName !== undefined) expect(standard, s.name).toContain(s.standardName);
  });

  it('assignRole(standard name) gives each TG-263 entry its own role and says so', () => {
    for (const entry of data.standardNames) {
      const a = assignRole(roi(entry.name, 'ORGAN'), thoraxStructureNameRules);
      expect(a.role, entry.name).toBe(entry.role);
      expect(a.roleReason, entry.name).toBe(`TG-263 name ${entry.name}`);
    }
  });

  it('assignRole(synonym) gives each synonym its listed role', () => {
    for (const entry of data.synonyms) {
      expect(assignRole(roi(entry.name, 'ORGAN'), thoraxStructureNameRules).role, entry.name).toBe(entry.role);
    }
  });
});

describe('compileStructureNameRules', () => {
  it('compileStructureNameRules(data) throws InputError for a regex that does not compile', () => {
    const broken = structuredClone(data) as unknown as { ringRules: { pattern: string }[] };
    broken.ringRules[0].pattern = '(unclosed';
    expect(() => compileStructureNameRules(broken)).toThrow(InputError);
    expect(() => compileStructureNameRules(broken)).toThrow(/ring-word/);
  });

  it('compileStructureNameRules(data) throws when two names with the same compact key disagree on the role', () => {
    const clash = structuredClone(data);
    clash.synonyms.push({ name: 'HEART', role: 'lung', source: 'common vendor synonym' });
    expect(() => compileStructureNameRules(clash)).toThrow(/same compact key HEART/);
  });

  it('compileStructureNameRules(data) throws for a role that is not a StructureRole', () => {
    const bad = structuredClone(data);
    bad.standardNames[0].role = 'liver';
    expect(() => compileStructureNameRules(bad)).toThrow(/unknown role 'liver'/);
  });
});
