import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import type { GridGeometry } from '../../src/geometry/Grid3';
import type { NoduleDose } from '../../src/lung/NoduleDose';
import { summedLungDose } from '../../src/lung/summedLungDose';
import { doseGrid, eqd2 } from './lungFixtures';

// 10×12×8 voxels at 1×2×3 mm (unequal so axis swaps fail).
const GRID: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const index = (i: number, j: number, k: number): number => i + j * 10 + k * 120;

function nodule(noduleName: string, fractions: number, f: (x: number, y: number, z: number) => number): NoduleDose {
  return { noduleName, fractions, doseGy: doseGrid(GRID, f) };
}

describe('summedLungDose', () => {
  it('summedLungDose([one nodule], null) reproduces the voxel EQD2₃ table of physics.md §1.5 at 1, 3 and 5 fractions', () => {
    // physics.md §1.5 "Voxelwise EQD2 of lung dose (α/β = 3)" [D]; printed to 2 decimals below 10 Gy, 1 decimal above.
    const physicalGy = [1, 2, 5, 10, 20, 30];
    const table: Record<number, readonly number[]> = {
      1: [0.8, 2.0, 8.0, 26.0, 92.0, 198.0],
      3: [0.67, 1.47, 4.67, 12.67, 38.67, 78.0],
      5: [0.64, 1.36, 4.0, 10.0, 28.0, 54.0],
    };
    for (const n of [1, 3, 5]) {
      // the six doses along i of row j = 2, slice k = 5; the rest 0
      const dose = nodule('N', n, (x, y, z) => (y === 4 && z === 15 && x < 6 ? physicalGy[x] : 0));
      const { eqd2: sum, physicalGroups } = summedLungDose([dose], null);
      expect(sum.alphaBetaGy).toBe(3);
      expect(physicalGroups).toHaveLength(1);
      table[n].forEach((expected, x) => {
        const tolerance = expected < 10 ? 0.0051 : 0.051;
        expect(Math.abs(sum.eqd2Gy.data[index(x, 2, 5)] - expected), `n=${n}, D=${physicalGy[x]}`).toBeLessThanOrEqual(tolerance);
      });
      expect(sum.eqd2Gy.data[index(7, 2, 5)]).toBe(0);
    }
  });

  it('summedLungDose([1 fx, 3 fx]) sums EQD2 per voxel, not physical dose, where the nodules overlap', () => {
    // A: 10 Gy/1 fx for x < 6 mm; B: 12 Gy/3 fx for x ≥ 4 mm; overlap at x = 4, 5.
    const a = nodule('A', 1, (x) => (x < 6 ? 10 : 0));
    const b = nodule('B', 3, (x) => (x >= 4 ? 12 : 0));
    const { physicalGroups, eqd2: sum } = summedLungDose([a, b], null);
    expect(physicalGroups.map((g) => [g.fractions, g.noduleNames])).toEqual([[1, ['A']], [3, ['B']]]);
    // Physical sums stay per fraction count.
    expect(physicalGroups[0].doseGy.data[index(4, 0, 0)]).toBe(10);
    expect(physicalGroups[1].doseGy.data[index(4, 0, 0)]).toBe(12);
    // Closed form: EQD2(10 Gy, 1 fx) + EQD2(12 Gy, 3 fx) = 10·13/5 + 12·7/5 = 26 + 16.8 = 42.8 Gy.
    const overlap = sum.eqd2Gy.data[index(4, 3, 2)];
    expect(overlap).toBeCloseTo(42.8, 4);
    expect(eqd2(10, 1) + eqd2(12, 3)).toBeCloseTo(42.8, 10);
    // EQD2 of the physical sum 22 Gy would be 110 Gy (as 1 fx) or 45.47 Gy (as 3 fx): both wrong.
    expect(Math.abs(overlap - eqd2(22, 1))).toBeGreaterThan(60);
    expect(Math.abs(overlap - eqd2(22, 3))).toBeGreaterThan(2);
    expect(sum.eqd2Gy.data[index(0, 0, 0)]).toBeCloseTo(26, 4);
    expect(sum.eqd2Gy.data[index(9, 0, 0)]).toBeCloseTo(16.8, 4);
    expect(sum.sessionGroups).toEqual([{ fractions: 1, noduleNames: ['A'] }, { fractions: 3, noduleNames: ['B'] }]);
  });

  it('summedLungDose([3 fx, 3 fx]) adds per-fraction doses before LQ by default and converts separately with each-nodule-separately', () => {
    const a = nodule('A', 3, (x) => (x < 6 ? 15 : 0));
    const b = nodule('B', 3, (x) => (x >= 4 ? 9 : 0));
    const together = summedLungDose([a, b], null);
    expect(together.physicalGroups).toHaveLength(1);
    expect(together.physicalGroups[0].doseGy.data[index(5, 1, 1)]).toBe(24);
    // Same sessions: EQD2(24 Gy, 3 fx) = 24·(8 + 3)/5 = 52.8 Gy.
    expect(together.eqd2.eqd2Gy.data[index(5, 1, 1)]).toBeCloseTo(52.8, 4);
    const separate = summedLungDose([a, b], null, { sessionGrouping: 'each-nodule-separately' });
    // Separate courses: EQD2(15, 3) + EQD2(9, 3) = 15·8/5 + 9·6/5 = 24 + 10.8 = 34.8 Gy.
    expect(separate.eqd2.eqd2Gy.data[index(5, 1, 1)]).toBeCloseTo(34.8, 4);
    // Outside the overlap both rules agree: EQD2(15 Gy, 3 fx) = 24 Gy.
    expect(separate.eqd2.eqd2Gy.data[index(0, 1, 1)]).toBeCloseTo(24, 4);
    expect(together.eqd2.eqd2Gy.data[index(0, 1, 1)]).toBeCloseTo(24, 4);
    expect(separate.eqd2.summationRule).toMatch(/separate course/);
  });

  it('summedLungDose with explicit sessions mixing fraction counts throws InputError mixed-session-fractions', () => {
    const a = nodule('A', 1, () => 1);
    const b = nodule('B', 3, () => 1);
    expect(() => summedLungDose([a, b], null, { sessionGrouping: { sessions: [['A', 'B']] } })).toThrow(expect.objectContaining({ code: 'mixed-session-fractions' }));
    expect(() => summedLungDose([a, b], null, { sessionGrouping: { sessions: [['A']] } })).toThrow(expect.objectContaining({ code: 'bad-session-grouping' }));
  });

  it('summedLungDose throws InputError geometry-mismatch for nodule doses on different grids', () => {
    const a = nodule('A', 1, () => 1);
    const shifted: NoduleDose = { noduleName: 'B', fractions: 3, doseGy: { ...a.doseGy, originMm: [0, 0, 1.5], data: new Float32Array(960) } };
    expect(() => summedLungDose([a, shifted], null)).toThrow(InputError);
    expect(() => summedLungDose([a, shifted], null)).toThrow(expect.objectContaining({ code: 'geometry-mismatch' }));
    const otherSpacing: NoduleDose = { noduleName: 'C', fractions: 1, doseGy: { ...a.doseGy, spacingMm: [2, 1, 3], data: new Float32Array(960) } };
    expect(() => summedLungDose([a, otherSpacing], null)).toThrow(expect.objectContaining({ code: 'geometry-mismatch' }));
  });

  it('summedLungDose rejects duplicate names, bad fraction counts and an empty list', () => {
    const a = nodule('A', 1, () => 1);
    expect(() => summedLungDose([a, { ...a }], null)).toThrow(expect.objectContaining({ code: 'duplicate-nodule' }));
    expect(() => summedLungDose([{ ...a, fractions: 1.5 }], null)).toThrow(expect.objectContaining({ code: 'bad-fractions' }));
    expect(() => summedLungDose([], null)).toThrow(expect.objectContaining({ code: 'no-nodules' }));
  });
});
