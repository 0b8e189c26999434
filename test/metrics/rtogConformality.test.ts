import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createConformalityTable, rtogConformalityTable, type ConformalityTable } from '../../src/metrics/conformalityTable';
import { gradeValue, limitsAtVolume, rtogConformality } from '../../src/metrics/rtogConformality';

const PHYSICS_MD = new URL('../../../shared/reference/physics.md', import.meta.url);

/** Rows of physics.md §3.1 (the verbatim transcription of RTOG 0813/0915 Table 1), parsed from the markdown. */
function physicsTableRows(): number[][] {
  const text = readFileSync(PHYSICS_MD, 'utf8');
  const section = text.slice(text.indexOf('### 3.1'), text.indexOf('### 3.2'));
  return section
    .split('\n')
    .filter((line) => /^\| \d/.test(line))
    .map((line) => (line.match(/\d+(\.\d+)?/g) ?? []).map(Number));
}

describe('rtogConformalityTable', () => {
  it('rtogConformalityTable holds physics.md §3.1 row by row', () => {
    const rows = physicsTableRows();
    expect(rows.length).toBe(11);
    expect(rtogConformalityTable.rows.length).toBe(rows.length);
    rows.forEach((numbers, n) => {
      // Columns: PTV, R100 none, R100 minor, R50 none, R50 minor, D2cm none, D2cm minor, V20 none, V20 minor.
      const [ptv, r100None, r100Minor, r50None, r50Minor, d2cmNone, d2cmMinor, v20None, v20Minor] = numbers;
      const row = rtogConformalityTable.rows[n];
      expect(row.ptvVolumeCc).toBe(ptv);
      expect(row.r100).toEqual({ none: r100None, minor: r100Minor });
      expect(row.r50).toEqual({ none: r50None, minor: r50Minor });
      expect(row.d2cmPercent).toEqual({ none: d2cmNone, minor: d2cmMinor });
      expect(row.lungV20Percent).toEqual({ none: v20None, minor: v20Minor });
    });
  });

  it('createConformalityTable rejects unsorted rows and inverted limits', () => {
    const rows = rtogConformalityTable.rows;
    const swapped = { ...rtogConformalityTable, rows: [rows[1], rows[0], ...rows.slice(2)] } as ConformalityTable;
    expect(() => createConformalityTable(swapped)).toThrow(expect.objectContaining({ code: 'bad-conformality-table' }));
    const inverted = { ...rtogConformalityTable, rows: [{ ...rows[0], r50: { none: 8, minor: 7 } }, ...rows.slice(1)] } as ConformalityTable;
    expect(() => createConformalityTable(inverted)).toThrow(expect.objectContaining({ code: 'bad-conformality-table' }));
  });
});

describe('rtogConformality', () => {
  it('rtogConformality(5.6 cc) interpolates halfway between the 3.8 and 7.4 cc rows', () => {
    // 5.6 = (3.8 + 7.4)/2: R50 none (5.5 + 5.1)/2 = 5.3, minor (6.5 + 6.0)/2 = 6.25; D2cm none 50, minor 57.5 (physics.md §3.1, Note 1).
    const result = rtogConformality(5.6, { r100: 1.1, r50: 5.9, d2cmPercent: 57.4 });
    if (!result.applicable) throw new Error('expected an applicable result');
    expect(result.lowerRowCc).toBe(3.8);
    expect(result.upperRowCc).toBe(7.4);
    expect(result.weight).toBeCloseTo(0.5, 12);
    const grade = (metric: string) => result.grades.find((g) => g.metric === metric)!;
    expect(grade('r50').limits.none).toBeCloseTo(5.3, 12);
    expect(grade('r50').limits.minor).toBeCloseTo(6.25, 12);
    expect(grade('d2cmPercent').limits.none).toBeCloseTo(50, 12);
    expect(grade('d2cmPercent').limits.minor).toBeCloseTo(57.5, 12);
    expect(grade('r100').limits).toEqual({ none: 1.2, minor: 1.5 });
    expect(grade('r100').level).toBe('none');
    expect(grade('r50').level).toBe('minor'); // 5.3 ≤ 5.9 < 6.25
    expect(grade('d2cmPercent').level).toBe('minor'); // 50 ≤ 57.4 < 57.5
    expect(result.overall).toBe('minor');
    expect(result.notGraded).toEqual(['lungV20Percent']);
  });

  it('rtogConformality at a 1/3 point interpolates linearly (13.2 → 22 cc)', () => {
    // 16.1333 cc = 13.2 + (22 − 13.2)/3: R50 minor 5.8 + (5.5 − 5.8)/3 = 5.7; D2cm none 50 + 4/3, minor 58 + 5/3.
    const result = rtogConformality(13.2 + 8.8 / 3, { r100: 1.3, r50: 4, d2cmPercent: 40, lungV20Percent: 12 });
    if (!result.applicable) throw new Error('expected an applicable result');
    const grade = (metric: string) => result.grades.find((g) => g.metric === metric)!;
    expect(grade('r50').limits.minor).toBeCloseTo(5.7, 12);
    expect(grade('d2cmPercent').limits.none).toBeCloseTo(50 + 4 / 3, 12);
    expect(grade('d2cmPercent').limits.minor).toBeCloseTo(58 + 5 / 3, 12);
    expect(grade('r100').level).toBe('minor');
    expect(grade('lungV20Percent').level).toBe('minor'); // 10 ≤ 12 < 15
    expect(result.overall).toBe('minor');
  });

  it('rtogConformality at the first and last rows uses them exactly', () => {
    const first = rtogConformality(1.8, { r100: 1.5, r50: 5.8, d2cmPercent: 49 });
    const last = rtogConformality(163, { r100: 1.0, r50: 3.7, d2cmPercent: 93.9 });
    if (!first.applicable || !last.applicable) throw new Error('expected applicable results');
    expect(first.grades.find((g) => g.metric === 'r50')!.limits).toEqual({ none: 5.9, minor: 7.5 });
    expect(last.grades.find((g) => g.metric === 'd2cmPercent')!.limits).toEqual({ none: 77, minor: 94 });
    // R100 1.5 equals the minor limit: strict '<' makes it major (Note 2: worse than minor is major).
    expect(first.overall).toBe('major');
    // R50 3.7 equals 163 cc's minor limit → major; D2cm 93.9 < 94 → minor.
    expect(last.grades.map((g) => g.level)).toEqual(['none', 'major', 'minor']);
    expect(last.overall).toBe('major');
  });

  it('rtogConformality outside 1.8–163 cc is not applicable and never extrapolates', () => {
    for (const volume of [1.79, 0.5, 163.01, 400]) {
      const result = rtogConformality(volume, { r100: 1.1, r50: 3, d2cmPercent: 40 });
      expect(result.applicable).toBe(false);
      expect(result.overall).toBe('not-applicable');
      if (!result.applicable) expect(result.reason).toMatch(/outside the table's 1.8–163 cc/);
    }
  });

  it('rtogConformality without D2cm grades the rest and lists it as not graded', () => {
    const result = rtogConformality(10, { r100: 1.1, r50: 4, d2cmPercent: null });
    if (!result.applicable) throw new Error('expected an applicable result');
    expect(result.grades.map((g) => g.metric)).toEqual(['r100', 'r50']);
    expect(result.notGraded).toEqual(['d2cmPercent', 'lungV20Percent']);
    expect(result.overall).toBe('none');
  });

  it('gradeValue compares strictly: equal to the none limit is minor, equal to the minor limit is major', () => {
    expect(gradeValue(1.19, { none: 1.2, minor: 1.5 })).toBe('none');
    expect(gradeValue(1.2, { none: 1.2, minor: 1.5 })).toBe('minor');
    expect(gradeValue(1.5, { none: 1.2, minor: 1.5 })).toBe('major');
  });

  it('rtogConformality rejects a bad volume or value', () => {
    expect(() => rtogConformality(Number.NaN, { r100: 1, r50: 3, d2cmPercent: 40 })).toThrow(expect.objectContaining({ code: 'bad-volume' }));
    expect(() => rtogConformality(5, { r100: Number.NaN, r50: 3, d2cmPercent: 40 })).toThrow(expect.objectContaining({ code: 'bad-value' }));
    expect(() => rtogConformality(5, { r100: 1, r50: -3, d2cmPercent: 40 })).toThrow(expect.objectContaining({ code: 'bad-value' }));
  });
});

describe('limitsAtVolume', () => {
  it('limitsAtVolume interpolates like rtogConformality inside the table and clamps to the end rows outside it', () => {
    const rows = rtogConformalityTable.rows;
    const mid = (rows[2].ptvVolumeCc + rows[3].ptvVolumeCc) / 2;
    const graded = rtogConformality(mid, { r100: 1, r50: 1, d2cmPercent: 1 });
    if (!graded.applicable) throw new Error('inside the table');
    expect(limitsAtVolume(mid, 'r50')).toEqual(graded.grades.find((g) => g.metric === 'r50')?.limits);
    // Halfway between two rows: the mean of their limits (linear interpolation, Note 1).
    expect(limitsAtVolume(mid, 'd2cmPercent').none).toBeCloseTo((rows[2].d2cmPercent.none + rows[3].d2cmPercent.none) / 2, 10);
    expect(limitsAtVolume(rows[0].ptvVolumeCc / 2, 'r50')).toEqual(rows[0].r50);
    expect(limitsAtVolume(rows[rows.length - 1].ptvVolumeCc * 2, 'r50')).toEqual(rows[rows.length - 1].r50);
  });
});
