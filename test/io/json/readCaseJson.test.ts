import { describe, expect, it } from 'vitest';
import type { ImportIssue } from '../../../src/io/ImportIssue';
import { readCaseJson } from '../../../src/io/json/readCaseJson';

const triangle = [[0, 0], [10, 0], [0, 8]];
const doc = (extra: Record<string, unknown>): string => JSON.stringify({ schemaVersion: 1, id: 'c1', ...extra });
const messages = (issues: readonly ImportIssue[]): string[] => issues.map((i) => `${i.severity} ${i.code}: ${i.message}`);

describe('readCaseJson', () => {
  it('readCaseJson(minimal file) reads id, description, defaults and explicit contours (sorted by z)', () => {
    const { value, issues } = readCaseJson(
      doc({ description: 'd', structures: [{ name: 'Lung_L', role: 'lung-left', colorRgb: [1, 2, 3], contours: [{ zMm: 5, pointsMm: triangle }, { zMm: -2.5, pointsMm: triangle }] }] }),
      'case.json',
    );
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ schemaVersion: 1, id: 'c1', description: 'd', includeBaseNodules: true, lattice: { spacingMm: 2.5, originMm: 0 } });
    const s = value!.structures[0];
    expect(s).toMatchObject({ number: 1, name: 'Lung_L', role: 'lung-left', colorRgb: [1, 2, 3], interpretedType: '' });
    expect(s.contours.map((c) => c.zMm)).toEqual([-2.5, 5]);
    expect(Array.from(s.contours[0].xyMm)).toEqual([0, 0, 10, 0, 0, 8]);
  });

  it('readCaseJson names the file and JSON path of a "NaN" string, skips that contour and loads the rest', () => {
    const pointsMm = [[0, 0], [1, 0], [2, 1], [3, 2], [4, 3], [5, 'NaN']];
    const { value, issues } = readCaseJson(
      doc({ structures: [{ name: 'A', contours: triangle.map(() => ({ zMm: 0, pointsMm: triangle })) }, { name: 'B', contours: [] }, { name: 'C', contours: [{ zMm: 0, pointsMm }, { zMm: 2.5, pointsMm: triangle }] }] }),
      'case.json',
    );
    expect(messages(issues)).toContain(`error not-finite: case.json: structures[2].contours[0].pointsMm[5][1] is not a finite number (got "NaN"); contour skipped ('C')`);
    expect(issues.every((i) => i.file === 'case.json')).toBe(true);
    expect(value!.structures.map((s) => s.name)).toEqual(['A', 'B', 'C']);
    expect(value!.structures[2].contours.map((c) => c.zMm)).toEqual([2.5]);
  });

  it('readCaseJson reports null, strings, overflow and wrong shapes where numbers belong', () => {
    const { issues } = readCaseJson(
      doc({
        planeSpacingMm: '2.5',
        structures: [
          { name: 'A', contours: [{ zMm: null, pointsMm: triangle }] },
          { name: 'B', contours: [{ zMm: 0, pointsMm: [[0, 0], ['__BIG__', 0], [0, 1]] }] },
          { name: 'C', contours: [{ zMm: 0, pointsMm: [[0, 0], [1, 0, 3], [0, 1]] }] },
          { name: 'D', sphere: { centerMm: [0, 0], diameterMm: 5 } },
        ],
      }).replace('"__BIG__"', '1e400'), // JSON.parse turns 1e400 into Infinity
      'case.json',
    );
    const text = messages(issues).join('\n');
    expect(text).toContain('planeSpacingMm is not a finite number (got "2.5"); using 2.5 mm');
    expect(text).toContain('structures[0].contours[0].zMm is not a finite number (got null)');
    expect(text).toContain('structures[1].contours[0].pointsMm[1][0] is not a finite number (the value overflows to Infinity)');
    expect(text).toContain('structures[2].contours[0].pointsMm[1] must have exactly 2 numbers (got 3)');
    expect(text).toContain('structures[3].sphere.centerMm must have exactly 3 numbers (got 2); structure skipped');
  });

  it('readCaseJson(raw NaN token) gives one invalid-json error with line and column, and no value', () => {
    const { value, issues } = readCaseJson('{\n  "schemaVersion": 1,\n  "id": "x",\n  "planeSpacingMm": NaN\n}', 'case.json');
    expect(value).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'case.json', code: 'invalid-json', severity: 'error' });
    expect(issues[0].message).toMatch(/^case\.json: not valid JSON at line 4, column 21 \(offset \d+\): expected a value, found 'NaN'/);
  });

  it('readCaseJson rejects an unknown or missing schemaVersion and a non-object root', () => {
    expect(readCaseJson(JSON.stringify({ schemaVersion: 2, id: 'x' }), 'f.json')).toMatchObject({ value: undefined, issues: [{ code: 'unsupported-schema-version' }] });
    expect(readCaseJson(JSON.stringify({ id: 'x' }), 'f.json')).toMatchObject({ value: undefined, issues: [{ code: 'missing-schema-version' }] });
    expect(readCaseJson('[1, 2]', 'f.json')).toMatchObject({ value: undefined, issues: [{ code: 'not-an-object' }] });
  });

  it('readCaseJson flags contours with < 3 points, duplicate names, unknown roles and missing fields', () => {
    const { value, issues } = readCaseJson(
      doc({
        id: undefined,
        structures: [
          { name: 'A', role: 'lungs', contours: [{ zMm: 0, pointsMm: [[0, 0], [1, 1]] }, { zMm: 0, pointsMm: triangle }] },
          { name: 'A', contours: [{ zMm: 0, pointsMm: triangle }] },
          { role: 'heart', contours: [] },
          { name: 'E', contours: [{ zMm: 0, pointsMm: [[0, 0], [1, 1], [2, 2]] }] },
          { name: 'F' },
          { name: 'G', sphere: { centerMm: [0, 0, 0], diameterMm: 4 }, contours: [] },
        ],
      }),
      'dir/my-case.json',
    );
    const text = messages(issues);
    expect(text).toContain("warning missing-field: dir/my-case.json: id must be a non-empty string (got nothing); using 'my-case'");
    expect(text).toContain("error bad-contour: dir/my-case.json: structures[0].contours[0].pointsMm has 2 points; a contour needs at least 3; contour skipped ('A')");
    expect(text).toContain('warning unknown-role: dir/my-case.json: structures[0].role "lungs" is not a known role (see src/model/StructureRole.ts); the role is left to name mapping');
    expect(text).toContain("error duplicate-name: dir/my-case.json: structures[1].name 'A' is used by an earlier structure; structure skipped");
    expect(text).toContain('error missing-field: dir/my-case.json: structures[2].name must be a non-empty string (got nothing); structure skipped');
    expect(text).toContain("error bad-contour: dir/my-case.json: structures[3].contours[0] encloses no area (all points on one line); contour skipped ('E')");
    expect(text).toContain("error missing-field: dir/my-case.json: structures[4] ('F') needs one of contours, ellipsoid or sphere; structure skipped");
    expect(text).toContain("error ambiguous-shape: dir/my-case.json: structures[5] ('G') has contours and sphere; give exactly one; structure skipped");
    expect(value!.id).toBe('my-case');
    expect(value!.structures.map((s) => [s.name, s.role])).toEqual([['A', undefined], ['E', undefined]]);
  });

  it('readCaseJson turns ellipsoid and sphere shapes into contours on the file planes', () => {
    const { value, issues } = readCaseJson(
      doc({ planeSpacingMm: 3, planeOriginMm: 1, structures: [{ name: 'S', sphere: { centerMm: [0, 0, 4], diameterMm: 10 } }, { name: 'E', ellipsoid: { centerMm: [0, 0, 0], radiiMm: [8, 6, 2] } }] }),
      'c.json',
    );
    expect(issues).toEqual([]);
    // Planes 1 + 3k strictly inside (−1, 9) and (−2, 2).
    expect(value!.structures[0].contours.map((c) => c.zMm)).toEqual([1, 4, 7]);
    expect(value!.structures[1].contours.map((c) => c.zMm)).toEqual([1]);
    expect(value!.structures[1].contours[0].xyMm[0]).toBeCloseTo(8 * Math.sqrt(1 - 0.25), 12);
  });

  it('readCaseJson reads the three nodule forms and rejects malformed ones', () => {
    const { value, issues } = readCaseJson(
      doc({
        nodules: [
          { name: 'N1', gtv: 'GTV_1', ptv: 'PTV_1' },
          { name: 'N2', centerMm: [1, 2, 3], diameterMm: 12 },
          { name: 'N3', gtv: 'GTV_N3x', diameterMm: 15, near: { organ: 'chest-wall', distanceMm: 8, fromMm: [90, 10, 20], directionMm: [1, 0, 0] } },
          { name: 'N4' },
          { name: 'N5', centerMm: [1, 2, 3], diameterMm: 0 },
          { name: 'N6', diameterMm: 5, near: { organ: 'liver', distanceMm: 1, fromMm: [0, 0, 0] } },
          { name: 'N1', gtv: 'X' },
          { name: 'N7', diameterMm: 5, near: { organ: 'mediastinum', distanceMm: 'NaN', fromMm: [0, 0, 0] } },
        ],
      }),
      'n.json',
    );
    expect(value!.nodules).toEqual([
      { form: 'targets', name: 'N1', gtv: 'GTV_1', ptv: 'PTV_1' },
      { form: 'sphere', name: 'N2', centerMm: [1, 2, 3], diameterMm: 12 },
      { form: 'near', name: 'N3', gtv: 'GTV_N3x', diameterMm: 15, near: { organ: 'chest-wall', distanceMm: 8, fromMm: [90, 10, 20], directionMm: [1, 0, 0] } },
    ]);
    expect(issues.map((i) => i.code)).toEqual(['missing-field', 'bad-shape', 'unknown-organ', 'duplicate-name', 'not-finite']);
    expect(issues[4].message).toBe(`n.json: nodules[7].near.distanceMm is not a finite number (got "NaN"); nodule skipped ('N7')`);
  });

  it('readCaseJson warns about unknown fields, bad colours and a bad UID, and strips a byte-order mark', () => {
    const { value, issues } = readCaseJson(
      `\uFEFF${doc({ frameOfReferenceUid: '1.2.abc', colour: 1, structures: [{ name: 'A', colorRgb: [300, 0, 0], contours: [] }] })}`,
      'w.json',
    );
    expect(issues.map((i) => [i.severity, i.code])).toEqual([
      ['warning', 'unknown-field'],
      ['error', 'bad-uid'],
      ['warning', 'bad-color'],
    ]);
    expect(value!.frameOfReferenceUid).toBeUndefined();
    expect(value!.structures[0].colorRgb).toEqual([255, 255, 255]);
  });
});
