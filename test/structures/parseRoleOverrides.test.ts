import { describe, expect, it } from 'vitest';
import { parseRoleOverrides } from '../../src/structures/parseRoleOverrides';

describe('parseRoleOverrides', () => {
  it('parseRoleOverrides(text, file) returns the name → role map of a valid file without issues', () => {
    const r = parseRoleOverrides('{ "HDn": "support", "Nodule RUL": "gtv", "Lt Lung": "lung-left" }', 'roles.json');
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({ HDn: 'support', 'Nodule RUL': 'gtv', 'Lt Lung': 'lung-left' });
  });

  it('parseRoleOverrides accepts an empty object (no overrides)', () => {
    expect(parseRoleOverrides('{}', 'roles.json')).toEqual({ value: {}, issues: [] });
  });

  it('parseRoleOverrides reports malformed JSON as an error naming the file, with no value', () => {
    const r = parseRoleOverrides('{ "HDn": "support", }', 'my-roles.json');
    expect(r.value).toBeUndefined();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ file: 'my-roles.json', code: 'role-overrides-malformed', severity: 'error' });
    expect(r.issues[0].message).toMatch(/^my-roles\.json: not valid JSON/);
  });

  it('parseRoleOverrides rejects JSON that is not an object (array, string, null)', () => {
    for (const text of ['["HDn", "support"]', '"support"', 'null']) {
      const r = parseRoleOverrides(text, 'roles.json');
      expect(r.value, text).toBeUndefined();
      expect(r.issues[0].code, text).toBe('role-overrides-malformed');
    }
  });

  it('parseRoleOverrides drops entries with unknown or non-string roles, reports each, and keeps the rest', () => {
    const r = parseRoleOverrides('{ "HDn": "cavity", "Heart": "heart", "Cord": 3, "": "lung" }', 'roles.json');
    expect(r.value).toEqual({ Heart: 'heart' });
    expect(r.issues.map((i) => i.code)).toEqual(['role-overrides-unknown-role', 'role-overrides-unknown-role', 'role-overrides-unknown-role']);
    expect(r.issues.every((i) => i.file === 'roles.json' && i.severity === 'error')).toBe(true);
    expect(r.issues[0].message).toContain(`'HDn': "cavity" is not a role`);
  });

  it('parseRoleOverrides warns when two spellings of one name map to different roles', () => {
    const r = parseRoleOverrides('{ "Lt Lung": "lung-left", "LT_LUNG": "lung" }', 'roles.json');
    expect(r.value).toEqual({ 'Lt Lung': 'lung-left', LT_LUNG: 'lung' });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'role-overrides-ambiguous', severity: 'warning', file: 'roles.json' });
  });
});
