import { describe, expect, it } from 'vitest';
import { contourSlabs } from '../../src/voxelize/contourSlabs';
import { rectangleContour } from './contourFixtures';

const square = (z: number) => rectangleContour(z, 0, 4, 0, 2);

describe('contourSlabs', () => {
  it('contourSlabs(contours) puts slab boundaries half-way between planes and ½-spacing caps at the ends', () => {
    const { slabs, contourSpacingMm } = contourSlabs([square(3), square(0), square(1.5)]);
    expect(contourSpacingMm).toBeCloseTo(1.5, 12);
    // Planes 0, 1.5, 3 (sorted); midpoints 0.75, 2.25; caps ±0.75 (half-slice, Nelms 2015 convention).
    expect(slabs.map((s) => [s.zLoMm, s.zMm, s.zHiMm])).toEqual([
      [-0.75, 0, 0.75],
      [0.75, 1.5, 2.25],
      [2.25, 3, 3.75],
    ]);
  });

  it("contourSlabs(contours, { endCaps: 'none' }) stops exactly at the first and last plane", () => {
    const { slabs } = contourSlabs([square(0), square(1.5), square(3)], { endCaps: 'none' });
    expect(slabs[0].zLoMm).toBe(0);
    expect(slabs[2].zHiMm).toBe(3);
  });

  it('contourSlabs(contours) merges contours within the plane tolerance (0.01 mm) onto one plane', () => {
    const { slabs } = contourSlabs([square(0), square(1.5), square(3), rectangleContour(3.004, 10, 12, 0, 1)]);
    expect(slabs).toHaveLength(3);
    expect(slabs[2].contours).toHaveLength(2);
    expect(slabs[2].zMm).toBeCloseTo(3.002, 12);
  });

  it('contourSlabs(contours) does not fill a 9 mm gap between planes spaced 1.5 mm (gap > 1.5 × spacing)', () => {
    const zs = [0, 1.5, 3, 12, 13.5, 15];
    const { slabs, gapCount, contourSpacingMm } = contourSlabs(zs.map(square));
    expect(contourSpacingMm).toBeCloseTo(1.5, 12); // median of 1.5, 1.5, 9, 1.5, 1.5
    expect(gapCount).toBe(1);
    // Both sides of the gap get ½-slice caps: 3 + 0.75 and 12 − 0.75.
    expect(slabs[2].zHiMm).toBeCloseTo(3.75, 12);
    expect(slabs[3].zLoMm).toBeCloseTo(11.25, 12);
  });

  it('contourSlabs(contours) rejects empty, NaN and single-plane structures by code', () => {
    expect(() => contourSlabs([], { structureName: 'GTV' })).toThrow(expect.objectContaining({ code: 'empty-structure', message: expect.stringContaining('GTV') }));
    expect(() => contourSlabs([{ zMm: 0, xyMm: new Float64Array([0, 0, 1, Number.NaN, 1, 1]) }, square(1)])).toThrow(expect.objectContaining({ code: 'not-finite' }));
    expect(() => contourSlabs([{ zMm: 0, xyMm: new Float64Array([0, 0, 1]) }])).toThrow(expect.objectContaining({ code: 'bad-contour' }));
    expect(() => contourSlabs([square(2)])).toThrow(expect.objectContaining({ code: 'unknown-contour-spacing' }));
    // With the spacing given, a single plane is a slab of that thickness.
    expect(contourSlabs([square(2)], { contourSpacingMm: 3 }).slabs[0]).toMatchObject({ zLoMm: 0.5, zHiMm: 3.5 });
  });
});
