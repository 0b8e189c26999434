import { describe, expect, it } from 'vitest';
import { createConstraintTable, parseConstraintTable } from '../../src/constraints/parseConstraintTable';
import { InputError } from '../../src/errors/InputError';

const goodRow = { id: 'cord-max', setId: 'clinic', organ: 'Cord', role: 'spinal-cord', fractions: 1, metric: { kind: 'Dmax' }, comparator: '<=', limitGy: 14, source: 'local', status: 'verified' };
const table = (rows: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'clinic-table',
    label: 'Clinic',
    description: '',
    pointDoseVolumeCc: 0.035,
    pointDoseVolumeSource: 'clinic',
    sets: [{ id: 'clinic', label: 'Clinic', source: 'local protocol', status: 'verified' }],
    rows,
    ...extra,
  });

describe('parseConstraintTable', () => {
  it('parseConstraintTable reads a valid user table without issues', () => {
    const r = parseConstraintTable(table([goodRow, { ...goodRow, id: 'lung-cv', organ: 'Lungs', role: 'lung', metric: { kind: 'criticalVolume', doseGy: 7 }, comparator: '>=', limitGy: undefined, limitCc: 1500 }]), 'clinic.json');
    expect(r.issues).toEqual([]);
    expect(r.value!.rows.map((x) => x.id)).toEqual(['cord-max', 'lung-cv']);
    expect(r.value!.rows[1]).toMatchObject({ metric: { kind: 'criticalVolume', doseGy: 7 }, limitCc: 1500 });
    expect(r.value!.rows[1].limitGy).toBeUndefined();
  });

  it('parseConstraintTable leaves out bad rows, naming each, and keeps the good ones', () => {
    const bad = [
      { ...goodRow, id: 'bronchus', role: 'small-airways' },
      { ...goodRow, id: 'wrong-direction', comparator: '>=' },
      { ...goodRow, id: 'cc-on-dmax', limitGy: undefined, limitCc: 3 },
      { ...goodRow, id: 'percent', metric: { kind: 'VxGyPercent', doseGy: 20 }, limitGy: undefined, limitPercent: 120, comparator: '<' },
      { ...goodRow, id: 'unknown-set', setId: 'tg999' },
      { ...goodRow, id: 'no-source', source: '' },
      { ...goodRow, id: 'status', status: 'probably' },
      { ...goodRow, id: 'fx', fractions: 2.5 },
      { ...goodRow, id: 'metric', metric: { kind: 'D2cc' } },
      { ...goodRow, id: 'unknown-role', role: 'unknown' },
      goodRow,
      { ...goodRow },
    ];
    const r = parseConstraintTable(table(bad), 'clinic.json');
    expect(r.value!.rows.map((x) => x.id)).toEqual(['cord-max']);
    const messages = r.issues.map((i) => i.message);
    expect(r.issues.every((i) => i.severity === 'error' && i.code === 'bad-row' && i.file === 'clinic.json')).toBe(true);
    for (const [id, pattern] of [
      ['bronchus', /unknown structure role "small-airways"/],
      ['wrong-direction', /comparator ">=" not allowed for Dmax/],
      ['cc-on-dmax', /Dmax takes "limitGy", not "limitCc"/],
      ['percent', /limitPercent.*≤ 100/],
      ['unknown-set', /unknown set "tg999"/],
      ['no-source', /source/],
      ['status', /unknown status "probably"/],
      ['fx', /positive integer/],
      ['metric', /metric must be/],
      ['unknown-role', /unknown structure role "unknown"/],
    ] as const) {
      expect(messages.some((m) => m.includes(`row '${id}'`) && pattern.test(m)), id).toBe(true);
    }
    expect(messages.some((m) => /row 'cord-max' left out: duplicate row id/.test(m))).toBe(true);
  });

  it('parseConstraintTable returns no table for text that is not JSON, a bad header or no valid row', () => {
    const notJson = parseConstraintTable('{ rows: [', 'broken.json');
    expect(notJson.value).toBeUndefined();
    expect(notJson.issues[0]).toMatchObject({ code: 'not-json', severity: 'error', file: 'broken.json' });
    expect(parseConstraintTable('[]', 'a.json').issues[0].code).toBe('bad-table');
    expect(parseConstraintTable(JSON.stringify({ label: 'x', sets: [], rows: [] }), 'a.json').issues[0].message).toMatch(/"id" and "label"/);
    const noRows = parseConstraintTable(table([{ ...goodRow, role: 'foo' }]), 'a.json');
    expect(noRows.value).toBeUndefined();
    expect(noRows.issues.map((i) => i.code)).toEqual(['bad-row', 'no-rows']);
    expect(parseConstraintTable(table([goodRow], { pointDoseVolumeCc: -1 }), 'a.json').value).toBeUndefined();
  });

  it('parseConstraintTable warns about unknown fields and a missing point volume (defaults to 0.035 cc)', () => {
    const text = JSON.stringify({ id: 't', label: 'T', sets: [{ id: 'clinic', label: 'C', source: 's', status: 'secondary' }], rows: [{ ...goodRow, colour: 'red' }], owner: 'me' });
    const r = parseConstraintTable(text, 't.json');
    expect(r.value!.pointDoseVolumeCc).toBe(0.035);
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([
      ['unknown-field', 'warning'],
      ['default-point-volume', 'warning'],
      ['unknown-field', 'warning'],
    ]);
  });

  it('createConstraintTable throws on data that parseConstraintTable would only warn about', () => {
    expect(() => createConstraintTable({ id: 't', label: 'T', sets: [{ id: 'clinic', label: 'C', source: 's', status: 'verified' }], rows: [goodRow] }, 'bundled')).toThrow(InputError);
  });
});
