import { describe, expect, it } from 'vitest';
import { bedGrid, eqd2Grid, eqdxGrid } from '../../src/radiobiology/bedGrid';
import { lqBedGy } from '../../src/radiobiology/lqBed';

describe('bedGrid / eqd2Grid', () => {
  it('eqd2Grid(dose, n, 3) reproduces the voxelwise EQD2₃ table of physics.md §1.5 for 1, 3 and 5 fractions', () => {
    const physicalGy = new Float32Array([1, 2, 5, 10, 20, 30]);
    // [D] rows; values printed with 2 decimals below 10 Gy and 1 decimal above → tolerance per column
    const table: Record<number, readonly number[]> = {
      1: [0.8, 2.0, 8.0, 26.0, 92.0, 198.0],
      3: [0.67, 1.47, 4.67, 12.67, 38.67, 78.0],
      5: [0.64, 1.36, 4.0, 10.0, 28.0, 54.0],
    };
    for (const n of [1, 3, 5]) {
      const eqd2 = eqd2Grid(physicalGy, n, 3);
      table[n].forEach((expected, i) => {
        const tolerance = expected < 10 ? 0.0051 : 0.051;
        expect(Math.abs(eqd2[i] - expected), `n=${n}, D=${physicalGy[i]}`).toBeLessThanOrEqual(tolerance);
      });
    }
  });

  it('bedGrid(D, n, α/β) per voxel equals lqBedGy for a voxel of the same dose (d = D/n per voxel)', () => {
    const physicalGy = new Float32Array([0, 0.25, 7, 12.5, 36]);
    const bed = bedGrid(physicalGy, 3, 10);
    physicalGy.forEach((D, i) => expect(bed[i]).toBeCloseTo(lqBedGy({ totalDoseGy: D, fractions: 3 }, 10), 4));
    const eqd5 = eqdxGrid(physicalGy, 3, 10, 5);
    physicalGy.forEach((_, i) => expect(eqd5[i]).toBeCloseTo(bed[i] / 1.5, 4));
  });

  it('prescription-isodose table (physics.md §1.5): BED10 of Dmax = Rx/IDL in 1 or 3 fractions', () => {
    // [Rx Gy, fractions, IDL, Dmax (0.1 Gy), BED10 (0.1 Gy)]
    const rows = [
      [30, 1, 0.7, 42.9, 226.5], [30, 1, 0.75, 40.0, 200.0], [30, 1, 0.8, 37.5, 178.1], [30, 1, 0.85, 35.3, 159.9],
      [45, 3, 0.7, 64.3, 202.0], [45, 3, 0.75, 60.0, 180.0], [45, 3, 0.8, 56.3, 161.7], [45, 3, 0.85, 52.9, 146.4],
      [36, 3, 0.7, 51.4, 139.6], [36, 3, 0.75, 48.0, 124.8], [36, 3, 0.8, 45.0, 112.5], [36, 3, 0.85, 42.4, 102.1],
    ] as const;
    for (const [rx, n, idl, dmax, bed10] of rows) {
      const dmaxGy = rx / idl;
      expect(Math.abs(dmaxGy - dmax), `${rx}/${n} @${idl}`).toBeLessThanOrEqual(0.051);
      expect(Math.abs(lqBedGy({ totalDoseGy: dmaxGy, fractions: n }, 10) - bed10), `${rx}/${n} @${idl}`).toBeLessThanOrEqual(0.051);
      // the voxel path gives the same hottest-point BED (float32)
      expect(bedGrid(new Float32Array([dmaxGy]), n, 10)[0]).toBeCloseTo(lqBedGy({ totalDoseGy: dmaxGy, fractions: n }, 10), 3);
    }
  });

  it('bedGrid writes into `out` (also in place) and passes NaN through', () => {
    const dose = new Float32Array([30, Number.NaN, 0]);
    const out = new Float32Array(3);
    expect(bedGrid(dose, 1, 10, out)).toBe(out);
    expect(out[0]).toBeCloseTo(120, 4); // physics.md §1.5 30/1 BED10
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBe(0);
    expect(eqd2Grid(dose, 1, 10, dose)).toBe(dose);
    expect(dose[0]).toBeCloseTo(100, 4);
  });

  it('bedGrid throws InputError on a negative or infinite voxel dose, naming the index, and writes nothing', () => {
    const dose = new Float32Array([5, 6, -0.5, 7]);
    expect(() => bedGrid(dose, 3, 3, dose)).toThrow(/doseGy\[2\] = -0\.5/);
    expect(Array.from(dose)).toEqual([5, 6, -0.5, 7]);
    expect(() => eqd2Grid(new Float32Array([Infinity]), 1, 3)).toThrow(expect.objectContaining({ code: 'bad-dose' }));
    expect(() => bedGrid(dose, 0, 3)).toThrow(/fractions/);
    expect(() => bedGrid(new Float32Array(2), 1, -2)).toThrow(/alphaBetaGy/);
    expect(() => bedGrid(new Float32Array(2), 1, 3, new Float32Array(3))).toThrow(/out has 3/);
  });
});
