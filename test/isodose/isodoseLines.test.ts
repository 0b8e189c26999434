import { describe, expect, it } from 'vitest';
import type { Grid3, GridGeometry } from '../../src/geometry/Grid3';
import { isodoseLines } from '../../src/isodose/isodoseLines';
import { slicePlaneAxes } from '../../src/isodose/slicePlaneAxes';
import { analyticDoseGrid } from '../metrics/analyticPhantoms';

/** A grid of zeros with value 10 in the block i ∈ [i0, i1], j ∈ [j0, j1], k ∈ [k0, k1]. */
function blockDose(geometry: GridGeometry, [i0, i1, j0, j1, k0, k1]: number[]): Grid3 {
  const [nx, ny, nz] = geometry.dimensions;
  const data = new Float32Array(nx * ny * nz);
  for (let k = k0; k <= k1; k++) for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) data[i + j * nx + k * nx * ny] = 10;
  return { ...geometry, data };
}

/** Patient mm of a continuous index by the grid definition: origin + i·sx·u + j·sy·v + k·sz·w. */
function patientMm(g: GridGeometry, i: number, j: number, k: number): [number, number, number] {
  const d = g.direction;
  const [sx, sy, sz] = g.spacingMm;
  return [0, 1, 2].map((r) => g.originMm[r] + i * sx * d[r] + j * sy * d[3 + r] + k * sz * d[6 + r]) as [number, number, number];
}

function points(ring: Float64Array): [number, number, number][] {
  return Array.from({ length: ring.length / 3 }, (_, p) => [ring[3 * p], ring[3 * p + 1], ring[3 * p + 2]]);
}

const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];

describe('isodoseLines', () => {
  it('isodoseLines(3×3 block, axial) puts the 50 % line half-way between voxel centres (d3 half-cell offset)', () => {
    // Block i = 1..3, j = 2..4 of value 10 in zeros; the 5 Gy line crosses each inside–outside pair of centres at
    // the midpoint: i = 0.5 and 3.5, j = 1.5 and 4.5 → x = 10 + 1.5·{0.5, 3.5} = {10.75, 15.25}, y = 20 + 2·{1.5, 4.5}
    // = {23, 29}, z = 30 + 2.5·1. Without the −½ conversion everything would be 0.75 mm / 1 mm too far.
    const g: GridGeometry = { dimensions: [5, 7, 3], spacingMm: [1.5, 2, 2.5], originMm: [10, 20, 30], direction: identity };
    const slice = isodoseLines(blockDose(g, [1, 3, 2, 4, 1, 1]), 'axial', 1, [5]);
    expect(slice.sliceAxis).toBe(2);
    expect(slice.lines.length).toBe(1);
    expect(slice.lines[0].polygons.length).toBe(1);
    const ring = points(slice.lines[0].polygons[0].outerMm);
    expect(slice.lines[0].polygons[0].holesMm.length).toBe(0);
    const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
    expect(Math.min(...xs)).toBeCloseTo(10.75, 12);
    expect(Math.max(...xs)).toBeCloseTo(15.25, 12);
    expect(Math.min(...ys)).toBeCloseTo(23, 12);
    expect(Math.max(...ys)).toBeCloseTo(29, 12);
    for (const [x, y, z] of ring) {
      expect(z).toBeCloseTo(32.5, 12);
      const onEdge = [Math.abs(x - 10.75), Math.abs(x - 15.25), Math.abs(y - 23), Math.abs(y - 29)].some((d) => d < 1e-9);
      expect(onEdge).toBe(true);
    }
    // The closing point is not repeated.
    expect(ring[0]).not.toEqual(ring[ring.length - 1]);
  });

  it('isodoseLines maps through the direction cosines (feet-first decubitus grid)', () => {
    // u = −y, v = +x, w = −z: index (i, j, k) → (x, y, z) = (o + j·sy, o − i·sx, o − k·sz).
    const g: GridGeometry = { dimensions: [5, 7, 3], spacingMm: [1.5, 2, 2.5], originMm: [10, 20, 30], direction: [0, -1, 0, 1, 0, 0, 0, 0, -1] };
    const ring = points(isodoseLines(blockDose(g, [1, 3, 2, 4, 1, 1]), 'axial', 1, [5]).lines[0].polygons[0].outerMm);
    const corners = [patientMm(g, 0.5, 1.5, 1), patientMm(g, 3.5, 4.5, 1)];
    const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
    expect(Math.min(...xs)).toBeCloseTo(Math.min(corners[0][0], corners[1][0]), 12); // 20 + 2·1.5 = 23
    expect(Math.max(...xs)).toBeCloseTo(Math.max(corners[0][0], corners[1][0]), 12); // 29
    expect(Math.min(...ys)).toBeCloseTo(Math.min(corners[0][1], corners[1][1]), 12); // 20 − 1.5·3.5 = 14.75
    expect(Math.max(...ys)).toBeCloseTo(Math.max(corners[0][1], corners[1][1]), 12); // 19.25
    for (const p of ring) expect(p[2]).toBeCloseTo(27.5, 12);
  });

  it('isodoseLines on coronal and sagittal slices uses the j and i planes', () => {
    // Block i = 1..3, j = 2..4, k = 2..4; coronal slice j = 3 shows it in (x, z), sagittal slice i = 2 in (y, z).
    const g: GridGeometry = { dimensions: [5, 7, 8], spacingMm: [1.5, 2, 2.5], originMm: [10, 20, 30], direction: identity };
    const dose = blockDose(g, [1, 3, 2, 4, 2, 4]);
    const coronal = isodoseLines(dose, 'coronal', 3, [5]);
    expect(coronal.sliceAxis).toBe(1);
    const c = points(coronal.lines[0].polygons[0].outerMm);
    expect(Math.min(...c.map((p) => p[0]))).toBeCloseTo(10.75, 12);
    expect(Math.max(...c.map((p) => p[0]))).toBeCloseTo(15.25, 12);
    expect(Math.min(...c.map((p) => p[2]))).toBeCloseTo(30 + 2.5 * 1.5, 12);
    expect(Math.max(...c.map((p) => p[2]))).toBeCloseTo(30 + 2.5 * 4.5, 12);
    for (const p of c) expect(p[1]).toBeCloseTo(26, 12);
    const sagittal = isodoseLines(dose, 'sagittal', 2, [5]);
    expect(sagittal.sliceAxis).toBe(0);
    const s = points(sagittal.lines[0].polygons[0].outerMm);
    expect(Math.min(...s.map((p) => p[1]))).toBeCloseTo(23, 12);
    expect(Math.max(...s.map((p) => p[1]))).toBeCloseTo(29, 12);
    expect(Math.min(...s.map((p) => p[2]))).toBeCloseTo(33.75, 12);
    expect(Math.max(...s.map((p) => p[2]))).toBeCloseTo(41.25, 12);
    for (const p of s) expect(p[0]).toBeCloseTo(13, 12);
    // A slice outside the block has no line.
    expect(isodoseLines(dose, 'sagittal', 4, [5]).lines[0].polygons.length).toBe(0);
  });

  it('isodoseLines(radial dose) is a circle of the right radius in mm on an anisotropic grid', () => {
    // D = 100 − r Gy around (3.3, −2.1) mm in the axial plane: the 90 Gy line is the circle r = 10 mm, up to the
    // linear interpolation error of r along grid lines, ≤ h²/(8·r_min) = 1.1²/(8·9) = 0.017 mm.
    const g: GridGeometry = { dimensions: [41, 31, 3], spacingMm: [0.8, 1.1, 3], originMm: [-16, -16.5, -3], direction: identity };
    const dose = analyticDoseGrid(g, (x, y) => 100 - Math.hypot(x - 3.3, y + 2.1));
    const slice = isodoseLines(dose, 'axial', 1, [90, 95]);
    expect(slice.lines.map((l) => l.levelGy)).toEqual([90, 95]);
    const ring = points(slice.lines[0].polygons[0].outerMm);
    expect(ring.length).toBeGreaterThan(40);
    for (const [x, y, z] of ring) {
      expect(Math.abs(Math.hypot(x - 3.3, y + 2.1) - 10)).toBeLessThan(0.02);
      expect(z).toBeCloseTo(0, 12);
    }
    // 95 Gy: r = 5 mm (bound 1.1²/(8·4) = 0.04 mm).
    for (const [x, y] of points(slice.lines[1].polygons[0].outerMm)) expect(Math.abs(Math.hypot(x - 3.3, y + 2.1) - 5)).toBeLessThan(0.04);
  });

  it('isodoseLines(annular dose) returns the inner boundary as a hole', () => {
    // D = 10 − |r − 8|: ≥ 7 Gy for 5 ≤ r ≤ 11 mm.
    const g: GridGeometry = { dimensions: [31, 31, 1], spacingMm: [1, 1, 2], originMm: [-15, -15, 0], direction: identity };
    const dose = analyticDoseGrid(g, (x, y) => 10 - Math.abs(Math.hypot(x, y) - 8));
    const [polygon] = isodoseLines(dose, 'axial', 0, [7]).lines[0].polygons;
    expect(polygon.holesMm.length).toBe(1);
    const outer = points(polygon.outerMm).map(([x, y]) => Math.hypot(x, y));
    const hole = points(polygon.holesMm[0]).map(([x, y]) => Math.hypot(x, y));
    // Chords between crossings sit inside the circle; the vertices themselves are within 0.1 mm (h²/(8r)) of it.
    for (const r of outer) expect(Math.abs(r - 11)).toBeLessThan(0.1);
    for (const r of hole) expect(Math.abs(r - 5)).toBeLessThan(0.1);
  });

  it('isodoseLines rejects a slice outside the grid and a NaN level', () => {
    const g: GridGeometry = { dimensions: [5, 7, 3], spacingMm: [1.5, 2, 2.5], originMm: [10, 20, 30], direction: identity };
    const dose = blockDose(g, [1, 3, 2, 4, 1, 1]);
    expect(() => isodoseLines(dose, 'axial', 3, [5])).toThrow(expect.objectContaining({ code: 'bad-slice' }));
    expect(() => isodoseLines(dose, 'coronal', 1.5, [5])).toThrow(expect.objectContaining({ code: 'bad-slice' }));
    expect(() => isodoseLines(dose, 'axial', 0, [Number.NaN])).toThrow(expect.objectContaining({ code: 'bad-level' }));
  });
});

describe('slicePlaneAxes', () => {
  it('slicePlaneAxes picks the grid axis closest to each plane normal, also on a sagittally acquired grid', () => {
    const axial: GridGeometry = { dimensions: [2, 2, 2], spacingMm: [1, 1, 1], originMm: [0, 0, 0], direction: identity };
    expect(slicePlaneAxes(axial, 'axial')).toEqual({ sliceAxis: 2, uAxis: 0, vAxis: 1 });
    expect(slicePlaneAxes(axial, 'coronal')).toEqual({ sliceAxis: 1, uAxis: 0, vAxis: 2 });
    expect(slicePlaneAxes(axial, 'sagittal')).toEqual({ sliceAxis: 0, uAxis: 1, vAxis: 2 });
    // Sagittal acquisition: rows along y (P), columns along −z, slices along x (L).
    const sagittal: GridGeometry = { ...axial, direction: [0, 1, 0, 0, 0, -1, 1, 0, 0] };
    expect(slicePlaneAxes(sagittal, 'sagittal').sliceAxis).toBe(2);
    expect(slicePlaneAxes(sagittal, 'axial').sliceAxis).toBe(1);
    expect(slicePlaneAxes(sagittal, 'coronal').sliceAxis).toBe(0);
    expect(() => slicePlaneAxes(axial, 'oblique' as never)).toThrow(expect.objectContaining({ code: 'bad-plane' }));
  });
});
