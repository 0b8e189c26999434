import { describe, expect, it } from 'vitest';
import { falloffShells } from '../../src/optimize/falloffShells';

// 30 × 7 × 5 voxels at 1 × 2 × 3 mm (unequal so that an axis swap changes every distance); PTV = voxel (4, 3, 2).
const geometry = { dimensions: [30, 7, 5] as [number, number, number], spacingMm: [1, 2, 3] as [number, number, number] };
const [nx, ny, nz] = geometry.dimensions;
const index = (i: number, j: number, k: number): number => i + j * nx + k * nx * ny;
const ptv = new Uint8Array(nx * ny * nz);
ptv[index(4, 3, 2)] = 1;

/** Exact centre-to-centre distance to the PTV voxel (closed form for a one-voxel PTV). */
function distanceMm(v: number): number {
  const i = v % nx;
  const j = Math.floor(v / nx) % ny;
  const k = Math.floor(v / (nx * ny));
  return Math.hypot((i - 4) * 1, (j - 3) * 2, (k - 2) * 3);
}

describe('falloffShells', () => {
  it('falloffShells(ptv, geometry, Rx) puts each voxel in the default band of its exact distance (0–5, 5–20, > 20 mm)', () => {
    const shells = falloffShells(ptv, geometry, 8);
    expect(shells.map((s) => s.name)).toEqual(['ring 0–5 mm', 'ring 5–20 mm', 'ring 20–∞ mm']);
    // Caps: Rx, 50 % Rx, 50 % Rx (DEFAULT_FALLOFF_BANDS).
    expect(shells.map((s) => s.maxDoseGyPerFraction)).toEqual([8, 4, 4]);
    const bands: [number, number][] = [[0, 5], [5, 20], [20, Infinity]];
    shells.forEach((shell, s) => {
      const [from, to] = bands[s];
      const expected: number[] = [];
      for (let v = 0; v < nx * ny * nz; v++) if (v !== index(4, 3, 2) && distanceMm(v) > from && distanceMm(v) <= to) expected.push(v);
      expect(Array.from(shell.voxels)).toEqual(expected);
      expect(shell.weights.every((w) => w === 1)).toBe(true);
    });
    // Spot checks: 3 mm along k (band 0), 6 mm along k (band 1), 25 mm along i (band 2).
    expect(shells[0].voxels).toContain(index(4, 3, 3));
    expect(shells[1].voxels).toContain(index(4, 3, 4));
    expect(shells[2].voxels).toContain(index(29, 3, 2));
  });

  it('falloffShells(fractions, geometry, Rx, { bands, bodyMask }) excludes partial PTV voxels and takes weights from the body', () => {
    const fractions = new Float32Array(nx * ny * nz);
    fractions[index(4, 3, 2)] = 1;
    fractions[index(5, 3, 2)] = 0.3;
    const body = new Float32Array(nx * ny * nz).fill(1);
    body[index(7, 3, 2)] = 0.5;
    body[index(4, 3, 3)] = 0;
    const [shell] = falloffShells(fractions, geometry, 10, { bands: [{ fromMm: 0, toMm: 3.5, capFractionOfRx: 0.9, importance: 2 }], bodyMask: body });
    expect(shell.maxDoseGyPerFraction).toBe(9);
    expect(shell.importance).toBe(2);
    expect(shell.voxels).not.toContain(index(5, 3, 2)); // part of the PTV
    expect(shell.voxels).not.toContain(index(4, 3, 3)); // outside the body
    // (7, 3, 2) is 2 mm from the partial voxel (5, 3, 2): inside the band, weight = body fraction.
    const n = Array.from(shell.voxels).indexOf(index(7, 3, 2));
    expect(shell.weights[n]).toBe(0.5);
  });

  it('falloffShells(...) rejects an empty PTV, bad bands and a wrong-sized mask', () => {
    expect(() => falloffShells(new Uint8Array(nx * ny * nz), geometry, 8)).toThrowError(expect.objectContaining({ code: 'empty-target' }));
    expect(() => falloffShells(ptv, geometry, 8, { bands: [{ fromMm: 5, toMm: 5, capFractionOfRx: 1 }] })).toThrowError(expect.objectContaining({ code: 'bad-option' }));
    expect(() => falloffShells(new Uint8Array(10), geometry, 8)).toThrowError(expect.objectContaining({ code: 'bad-length' }));
    expect(() => falloffShells(ptv, geometry, 0)).toThrowError(expect.objectContaining({ code: 'bad-prescription' }));
  });
});
