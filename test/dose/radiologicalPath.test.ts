import { describe, expect, it } from 'vitest';
import { prepareDensityVolume, radiologicalPathMm, walkCumulativeDepth } from '../../src/dose/radiologicalPath';
import type { Grid3 } from '../../src/geometry/Grid3';

// 10 × 12 × 8 voxels at 1 × 2 × 3 mm, origin (0, 0, 0): the grid spans x −0.5…9.5, y −1…23, z −1.5…22.5.
function grid(fill: (i: number, j: number, k: number) => number, direction: number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1], originMm: [number, number, number] = [0, 0, 0]): Grid3<Float32Array> {
  const data = new Float32Array(10 * 12 * 8);
  for (let k = 0; k < 8; k++) for (let j = 0; j < 12; j++) for (let i = 0; i < 10; i++) data[i + j * 10 + k * 120] = fill(i, j, k);
  return { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm, direction, data };
}

describe('radiologicalPathMm (exact voxel walk)', () => {
  it('radiologicalPathMm through uniform density is density × geometric length inside the grid', () => {
    const volume = prepareDensityVolume(grid(() => 0.7));
    // Along y at x = 3, z = 6: the grid spans y −1 … 23 (24 mm); the segment from y −50 to 50 crosses all of it.
    expect(radiologicalPathMm(volume, { xMm: 3, yMm: -50, zMm: 6 }, { xMm: 3, yMm: 50, zMm: 6 })).toBeCloseTo(0.7 * 24, 5);
    // Ending inside: y −50 → 10 crosses y −1 … 10 = 11 mm.
    expect(radiologicalPathMm(volume, { xMm: 3, yMm: -50, zMm: 6 }, { xMm: 3, yMm: 10, zMm: 6 })).toBeCloseTo(0.7 * 11, 5);
    // Oblique in x–z: from (−0.5, 5, −1.5) to (9.5, 5, 22.5), length √(10² + 24²) = 26 mm.
    expect(radiologicalPathMm(volume, { xMm: -0.5, yMm: 5, zMm: -1.5 }, { xMm: 9.5, yMm: 5, zMm: 22.5 })).toBeCloseTo(0.7 * 26, 4);
  });

  it('radiologicalPathMm sums ρ·Δl over slabs (closed form for a ray crossing three y slabs obliquely)', () => {
    // Rows j 0–3 (y −1 … 7): 1.0; j 4–7 (y 7 … 15): 0.25; j 8–11 (y 15 … 23): 1.8.
    const volume = prepareDensityVolume(grid((_i, j) => (j < 4 ? 1 : j < 8 ? 0.25 : 1.8)));
    // Ray in the x–y plane with slope dx/dy = 0.25 from (2, −1) to (8, 23): length per mm of y = √(1 + 0.0625).
    const per = Math.sqrt(1 + 0.0625);
    const expected = per * (8 * 1 + 8 * 0.25 + 8 * 1.8);
    expect(radiologicalPathMm(volume, { xMm: 2, yMm: -1, zMm: 4 }, { xMm: 8, yMm: 23, zMm: 4 })).toBeCloseTo(expected, 4);
  });

  it('radiologicalPathMm is the same on a grid with reversed axes (direction cosines respected)', () => {
    const fill = (_i: number, j: number, k: number) => (j < 5 ? 1 : 0.3) + 0.05 * k;
    const a = prepareDensityVolume(grid(fill));
    // Same voxels seen through a grid whose i and j axes point the other way: voxel (i, j) sits at (9 − i, 22 − 2j)…
    // i.e. origin (9, 22, 0), direction u = −x, v = −y; its data must be filled with the mirrored indices.
    const mirrored = grid((i, j, k) => fill(9 - i, 11 - j, k), [-1, 0, 0, 0, -1, 0, 0, 0, 1], [9, 22, 0]);
    const b = prepareDensityVolume(mirrored);
    const from = { xMm: -3, yMm: -7, zMm: -4 };
    const to = { xMm: 11, yMm: 30, zMm: 25 };
    expect(radiologicalPathMm(b, from, to)).toBeCloseTo(radiologicalPathMm(a, from, to), 4);
    expect(radiologicalPathMm(a, from, to)).toBeGreaterThan(10);
  });

  it('radiologicalPathMm is 0 for a segment that misses the grid or has no length', () => {
    const volume = prepareDensityVolume(grid(() => 1));
    expect(radiologicalPathMm(volume, { xMm: 20, yMm: 0, zMm: 0 }, { xMm: 20, yMm: 30, zMm: 0 })).toBe(0);
    expect(radiologicalPathMm(volume, { xMm: 3, yMm: 3, zMm: 3 }, { xMm: 3, yMm: 3, zMm: 3 })).toBe(0);
  });

  it('walkCumulativeDepth writes the running integral at each sample (0 before the grid, constant after)', () => {
    const volume = prepareDensityVolume(grid(() => 0.5));
    const out = new Float32Array(8);
    // Line along +y from y = −11 (x 4, z 3), step (0, 10, 0) per unit s, samples s = 0, 0.5, …, 3.5 → y = −11 … 24.
    walkCumulativeDepth(volume, 4, -11, 3, 0, 10, 0, 10, 0, 0.5, 8, out, 0);
    // Grid from y −1 to 23: cumulative = 0.5·clamp(y + 1, 0, 24).
    const expected = [-11, -6, -1, 4, 9, 14, 19, 24].map((y) => 0.5 * Math.min(24, Math.max(0, y + 1)));
    expected.forEach((e, m) => expect(out[m]).toBeCloseTo(e, 5));
  });

  it('prepareDensityVolume rejects negative or NaN densities and a wrong data length', () => {
    expect(() => prepareDensityVolume(grid((i) => (i === 3 ? -0.1 : 1)))).toThrow(/voxel 3 is -0\.1/);
    expect(() => prepareDensityVolume({ ...grid(() => 1), data: new Float32Array(5) })).toThrow(/5 values/);
  });
});
