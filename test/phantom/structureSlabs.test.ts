import { describe, expect, it } from 'vitest';
import type { PlanarContour } from '../../src/model/Structure';
import { distanceToSlabsMm, isInsideSlabs, structureSlabs } from '../../src/phantom/structureSlabs';

const square = (zMm: number, half: number, cx = 0): PlanarContour => ({ zMm, xyMm: new Float64Array([cx - half, -half, cx + half, -half, cx + half, half, cx - half, half]) });
// A 20 mm square with a 10 mm square hole on planes z = 0, 2, 4 (spacing 2 mm).
const stack: PlanarContour[] = [0, 2, 4].flatMap((z) => [square(z, 10), square(z, 5)]);

describe('structureSlabs', () => {
  it('isInsideSlabs(slabs, p) uses the even-odd rule within ±½ plane spacing', () => {
    const slabs = structureSlabs(stack, 2);
    expect(isInsideSlabs(slabs, [7, 0, 2])).toBe(true);
    expect(isInsideSlabs(slabs, [0, 0, 2])).toBe(false); // in the hole
    expect(isInsideSlabs(slabs, [7, 0, 4.9])).toBe(true); // top slab reaches 5
    expect(isInsideSlabs(slabs, [7, 0, 5.1])).toBe(false);
  });

  it('distanceToSlabsMm(slabs, p) is the distance to the solid with ½-slice end caps (closed forms)', () => {
    const slabs = structureSlabs(stack, 2);
    // Beside the outer wall: 15 − 10 in x.
    expect(distanceToSlabsMm(slabs, [15, 0, 2]).distanceMm).toBeCloseTo(5, 12);
    // In the hole: 5 − 2 to the inner wall.
    expect(distanceToSlabsMm(slabs, [2, 0, 2]).distanceMm).toBeCloseTo(3, 12);
    // Above the top: z 8 − (4 + 1).
    expect(distanceToSlabsMm(slabs, [7, 0, 8]).distanceMm).toBeCloseTo(3, 12);
    // Above and beside: hypot(3, 4).
    const corner = distanceToSlabsMm(slabs, [14, 0, 8]);
    expect(corner.distanceMm).toBeCloseTo(5, 12);
    expect(corner.nearestMm[0]).toBeCloseTo(10, 12);
    expect(corner.nearestMm[2]).toBeCloseTo(5, 12);
    expect(distanceToSlabsMm(slabs, [7, 0, 1]).distanceMm).toBe(0);
  });

  it('distanceToSlabsMm(empty stack) is Infinity', () => {
    expect(distanceToSlabsMm(structureSlabs([], 2.5), [0, 0, 0]).distanceMm).toBe(Infinity);
  });
});
