import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../../src/geometry/Grid3';
import { structureVolumeCc } from '../../src/voxelize/structureVolumeCc';
import { boundsDimensions, maskFractionAt, maskToFullGrid } from '../../src/voxelize/StructureMask';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { circleContour, planes, rectangleContour } from './contourFixtures';

// 10 × 12 × 8 voxels at 1 × 2 × 3 mm (unequal so axis swaps fail): x ∈ [−0.5, 9.5], y ∈ [−1, 23], z ∈ [−1.5, 22.5].
const grid: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
// Decubitus + feet-first over the same region: i along −y (1 mm), j along +x (2 mm), k along −z (3 mm).
// Voxel (i, j, k) centre = (−1 + 2j, 25 − i, 22.5 − 3k).
const decubitusFeetFirst: GridGeometry = { dimensions: [24, 6, 8], spacingMm: [1, 2, 3], originMm: [-1, 25, 22.5], direction: [0, -1, 0, 1, 0, 0, 0, 0, -1] };
const feetFirst: GridGeometry = { dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, 21], direction: [1, 0, 0, 0, 1, 0, 0, 0, -1] };

// Box x ∈ [2.25, 7.6], y ∈ [3, 17] (y on voxel boundaries of `grid`), planes z = 4.5 … 15 every 1.5 mm → slabs z ∈ [3.75, 15.75].
const box = planes(4.5, 1.5, 8).map((z) => rectangleContour(z, 2.25, 7.6, 3, 17));
const boxVolumeCc = (5.35 * 14 * 12) / 1000;
// Cylinder radius 4 about (4.5, 11), planes z = 3 … 18 every 3 mm → z ∈ [1.5, 19.5].
const cylinder = planes(3, 3, 6).map((z) => circleContour(z, 4.5, 11, 4, 360));

describe('voxelizeStructure', () => {
  it('voxelizeStructure(box, grid) gives exact partial volumes at the x and z faces', () => {
    const mask = voxelizeStructure(box, grid);
    // Closed form: box edges along y lie on voxel boundaries; x and z overlaps are computed exactly.
    expect(mask.volumeCc).toBeCloseTo(boxVolumeCc, 6);
    expect(mask.structureVolumeCc).toBeCloseTo(boxVolumeCc, 12);
    // Voxel (2, 3, 1): x [1.5, 2.5] ∩ [2.25, 7.6] = 0.25; z [1.5, 4.5] ∩ [3.75, 15.75] = 0.75 of 3 → 0.25.
    expect(maskFractionAt(mask, 2, 3, 1)).toBeCloseTo(0.0625, 6);
    // Voxel (8, 5, 5): x [7.5, 8.5] → 0.1; z [13.5, 16.5] → 2.25 / 3 = 0.75.
    expect(maskFractionAt(mask, 8, 5, 5)).toBeCloseTo(0.075, 6);
    expect(maskFractionAt(mask, 5, 5, 3)).toBeCloseTo(1, 6);
    expect(maskFractionAt(mask, 5, 1, 3)).toBe(0); // y ∈ [1, 3] is outside
    expect(mask.boundsIjk).toEqual({ i0: 2, i1: 8, j0: 2, j1: 8, k0: 1, k1: 5 });
    expect(mask.clippedByGrid).toBe(false);
  });

  it('voxelizeStructure(box, grid) stores fractions over the tight bounding box only', () => {
    const mask = voxelizeStructure(box, grid);
    // Box i 2..8, j 2..8, k 1..5 (previous test): 7 × 7 × 5 values instead of the grid's 10 × 12 × 8.
    expect(boundsDimensions(mask.boundsIjk!)).toEqual([7, 7, 5]);
    expect(mask.fractions.length).toBe(7 * 7 * 5);
    // Box-local index of voxel (8, 5, 5): (8 − 2) + (5 − 2)·7 + (5 − 1)·49 (the layout documented in StructureMask).
    expect(mask.fractions[6 + 3 * 7 + 4 * 49]).toBeCloseTo(0.075, 6);
    expect(maskFractionAt(mask, 0, 0, 0)).toBe(0); // grid voxel outside the box
    expect(() => maskFractionAt(mask, 10, 0, 0)).toThrow(expect.objectContaining({ code: 'outside-grid' }));
  });

  it('maskToFullGrid(mask) expands the box to the grid layout i + j·nx + k·nx·ny with the same sum', () => {
    const mask = voxelizeStructure(cylinder, decubitusFeetFirst);
    const full = maskToFullGrid(mask);
    const [nx, ny, nz] = decubitusFeetFirst.dimensions;
    expect(full.length).toBe(nx * ny * nz);
    let sum = 0;
    let boxSum = 0;
    for (const f of full) sum += f;
    for (const f of mask.fractions) boxSum += f;
    expect(sum).toBeCloseTo(boxSum, 4);
    // Every grid voxel agrees with maskFractionAt.
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) expect(full[i + j * nx + k * nx * ny]).toBe(maskFractionAt(mask, i, j, k));
    // `out` is cleared and reused; a wrong length is rejected.
    const out = new Float32Array(nx * ny * nz).fill(7);
    expect(maskToFullGrid(mask, out)).toBe(out);
    expect(out).toEqual(full);
    expect(() => maskToFullGrid(mask, new Float32Array(3))).toThrow(expect.objectContaining({ code: 'bad-output' }));
  });

  it('voxelizeStructure(contours outside the grid, grid) returns an empty mask with no fractions', () => {
    const far = planes(100, 3, 3).map((z) => rectangleContour(z, 0, 1, 0, 1));
    const mask = voxelizeStructure(far, grid);
    expect(mask.boundsIjk).toBeNull();
    expect(mask.fractions.length).toBe(0);
    expect(mask.volumeCc).toBe(0);
    expect(mask.clippedByGrid).toBe(true);
    expect(maskToFullGrid(mask).every((f) => f === 0)).toBe(true);
  });

  it('voxelizeStructure(box, grid, { supersampling }) sets the sub-rows per voxel row', () => {
    // y0 = 3.5 is a quarter into row j = 2 (y ∈ [3, 5]): true coverage 0.75.
    const shifted = planes(4.5, 1.5, 8).map((z) => rectangleContour(z, 2.25, 7.6, 3.5, 17));
    // 1 sub-row at the row centre (y = 4) is inside → 1; 4 sub-rows at 3.25, 3.75, 4.25, 4.75 → 3/4.
    expect(maskFractionAt(voxelizeStructure(shifted, grid, { supersampling: 1 }), 5, 2, 3)).toBeCloseTo(1, 6);
    expect(maskFractionAt(voxelizeStructure(shifted, grid, { supersampling: 4 }), 5, 2, 3)).toBeCloseTo(0.75, 6);
  });

  it('voxelizeStructure(cylinder, grid) matches the exact polygon volume', () => {
    const mask = voxelizeStructure(cylinder, grid);
    const exact = structureVolumeCc(cylinder);
    // Only y is sampled (≥ 256 sub-rows across the structure): midpoint-rule error ≪ 0.1 %.
    expect(Math.abs(mask.volumeCc / exact - 1)).toBeLessThan(1e-3);
  });

  it('voxelizeStructure(contours, decubitus feet-first grid) gives the same volume and voxel positions as the identity grid', () => {
    const identity = voxelizeStructure(cylinder, grid);
    const rotated = voxelizeStructure(cylinder, decubitusFeetFirst);
    const ff = voxelizeStructure(cylinder, feetFirst);
    expect(Math.abs(rotated.volumeCc / identity.volumeCc - 1)).toBeLessThan(1e-3);
    expect(Math.abs(ff.volumeCc / identity.volumeCc - 1)).toBeLessThan(1e-6); // same lattice, k reversed
    const boxRotated = voxelizeStructure(box, decubitusFeetFirst);
    // Here the x faces cut the sampled sub-rows (96 per 2 mm row, auto): each face is placed within ½ sub-row,
    // so ≤ 2 × 0.0104 mm / 5.35 mm = 0.39 %.
    expect(Math.abs(boxRotated.volumeCc / boxVolumeCc - 1)).toBeLessThan(3.9e-3);
    // Centre (x 5, y 10, z 10.5) is inside the box: i = 25 − 10 = 15, j = (5 + 1)/2 = 3, k = (22.5 − 10.5)/3 = 4.
    expect(maskFractionAt(boxRotated, 15, 3, 4)).toBeCloseTo(1, 6);
    // (x 5, y 20, z 10.5) is outside (y > 17): i = 5.
    expect(maskFractionAt(boxRotated, 5, 3, 4)).toBe(0);
    // Feet-first: voxel k = 2 is centred at z = 21 − 6 = 15, spans [13.5, 16.5]; the box ends at 15.75 → 2.25 / 3.
    expect(maskFractionAt(voxelizeStructure(box, feetFirst), 5, 5, 2)).toBeCloseTo(0.75, 6);
    // and voxel k = 6 (z = 3, [1.5, 4.5]) from 3.75 → 0.25.
    expect(maskFractionAt(voxelizeStructure(box, feetFirst), 5, 5, 6)).toBeCloseTo(0.25, 6);
  });

  it('voxelizeStructure(annulus, grid) leaves the hole empty', () => {
    const zs = planes(3, 3, 6);
    const annulus = zs.flatMap((z) => [circleContour(z, 4.5, 11, 4.5, 360), circleContour(z, 4.5, 11, 2.5, 360)]);
    const mask = voxelizeStructure(annulus, grid);
    expect(Math.abs(mask.volumeCc / structureVolumeCc(annulus) - 1)).toBeLessThan(2e-3);
    // Voxel (4, 5, 3) spans x [3.5, 4.5], y [9, 11]: its farthest corner is √5 = 2.24 mm from the axis < 2.5 → empty.
    expect(maskFractionAt(mask, 4, 5, 3)).toBe(0);
  });

  it('voxelizeStructure(contours with a 9 mm gap, grid) leaves the gap empty', () => {
    const zs = [3, 4.5, 6, 15, 16.5, 18];
    const gapped = zs.map((z) => rectangleContour(z, 2.25, 7.6, 3, 17));
    const mask = voxelizeStructure(gapped, grid);
    // Slabs [2.25, 6.75] and [14.25, 18.75]: 2 × 4.5 mm × 5.35 × 14 mm² (closed form).
    expect(mask.volumeCc).toBeCloseTo((2 * 4.5 * 5.35 * 14) / 1000, 6);
    expect(mask.contourGapCount).toBe(1);
    // Slice k = 3 (z ∈ [7.5, 10.5]) lies in the gap.
    expect(maskFractionAt(mask, 5, 5, 3)).toBe(0);
    // Slice k = 2 (z ∈ [4.5, 7.5]) is covered on [4.5, 6.75] = 0.75.
    expect(maskFractionAt(mask, 5, 5, 2)).toBeCloseTo(0.75, 6);
  });

  it("voxelizeStructure(contours, grid, { endCaps: 'none' }) differs from half-slice by area × spacing", () => {
    const capped = voxelizeStructure(box, grid);
    const uncapped = voxelizeStructure(box, grid, { endCaps: 'none' });
    expect(capped.volumeCc - uncapped.volumeCc).toBeCloseTo((5.35 * 14 * 1.5) / 1000, 6);
  });

  it('voxelizeStructure(small sphere, 3 mm grid) keeps a 0.5 cc nodule within 1 % by partial volumes', () => {
    const coarse: GridGeometry = { dimensions: [9, 8, 7], spacingMm: [3, 3, 3], originMm: [-12, -10.5, -9], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const sphere = planes(-4.5, 0.5, 19).map((z) => circleContour(z, 0.7, -0.4, Math.sqrt(Math.max(0, 25 - (z - 0) ** 2)), 180));
    const mask = voxelizeStructure(sphere, coarse);
    const exact = structureVolumeCc(sphere);
    expect(exact).toBeGreaterThan(0.4);
    expect(exact).toBeLessThan(0.6);
    expect(Math.abs(mask.volumeCc / exact - 1)).toBeLessThan(0.01);
  });

  it('voxelizeStructure(contours partly outside, grid) flags clippedByGrid and keeps only the inside part', () => {
    const outside = planes(3, 3, 6).map((z) => rectangleContour(z, 5.5, 20, 3, 17)); // x beyond 9.5
    const mask = voxelizeStructure(outside, grid);
    expect(mask.clippedByGrid).toBe(true);
    // Inside part x ∈ [5.5, 9.5]: 4 × 14 × 18 mm³.
    expect(mask.volumeCc).toBeCloseTo((4 * 14 * 18) / 1000, 6);
  });

  it('voxelizeStructure rejects empty structures, NaN points and non-axial grids by code', () => {
    expect(() => voxelizeStructure([], grid, { structureName: 'PTV' })).toThrow(expect.objectContaining({ code: 'empty-structure', message: expect.stringContaining('PTV') }));
    const bad = [rectangleContour(0, 0, 1, 0, 1), { zMm: 3, xyMm: new Float64Array([0, 0, Number.NaN, 1, 1, 1]) }];
    expect(() => voxelizeStructure(bad, grid)).toThrow(expect.objectContaining({ code: 'not-finite' }));
    const sagittal: GridGeometry = { ...grid, direction: [0, 1, 0, 0, 0, -1, -1, 0, 0] };
    expect(() => voxelizeStructure(box, sagittal)).toThrow(expect.objectContaining({ code: 'non-axial-grid' }));
  });
});
