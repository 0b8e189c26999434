import { describe, expect, it } from 'vitest';
import { DEFAULT_ISODOSE_PERCENTS, isodoseLevels } from '../../src/isodose/isodoseLevels';

describe('isodoseLevels', () => {
  it('isodoseLevels({ prescriptionGy }) gives the default % levels in Gy, highest first', () => {
    const levels = isodoseLevels({ prescriptionGy: 54 });
    expect(levels.map((l) => l.percentOfPrescription)).toEqual([...DEFAULT_ISODOSE_PERCENTS].sort((a, b) => b - a));
    // 100 % of 54 Gy = 54 Gy; 50 % = 27 Gy (definition).
    expect(levels.find((l) => l.percentOfPrescription === 100)!.levelGy).toBe(54);
    expect(levels.find((l) => l.percentOfPrescription === 50)!.levelGy).toBe(27);
    expect(levels.every((l) => l.source === 'percent')).toBe(true);
  });

  it('isodoseLevels mixes % and Gy levels, labels them, merges duplicates and sorts by dose', () => {
    const levels = isodoseLevels({ prescriptionGy: 48, percents: [50, 100], gy: [20, 24, 60] });
    // 24 Gy = 50 % of 48 Gy: merged into the % level.
    expect(levels.map((l) => [l.levelGy, l.label, l.source])).toEqual([
      [60, '60 Gy', 'gy'],
      [48, '100 %', 'percent'],
      [24, '50 %', 'percent'],
      [20, '20 Gy', 'gy'],
    ]);
    expect(levels[0].percentOfPrescription).toBe(125);
    // Gy only: no default percents added.
    expect(isodoseLevels({ prescriptionGy: 48, gy: [12.5] }).map((l) => l.label)).toEqual(['12.5 Gy']);
  });

  it('isodoseLevels rejects a bad prescription or level', () => {
    expect(() => isodoseLevels({ prescriptionGy: 0 })).toThrow(expect.objectContaining({ code: 'bad-prescription' }));
    expect(() => isodoseLevels({ prescriptionGy: 48, percents: [-5] })).toThrow(expect.objectContaining({ code: 'bad-level' }));
    expect(() => isodoseLevels({ prescriptionGy: 48, gy: [Number.NaN] })).toThrow(expect.objectContaining({ code: 'bad-level' }));
  });
});
