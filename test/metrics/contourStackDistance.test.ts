import { describe, expect, it } from 'vitest';
import { contourStackDistance } from '../../src/metrics/contourStackDistance';
import { contourSlabs } from '../../src/voxelize/contourSlabs';
import { circleContour, planes, rectangleContour } from '../voxelize/contourFixtures';
import { sphereContours } from './analyticPhantoms';

describe('contourStackDistance', () => {
  // Box x ∈ [2, 7], y ∈ [3, 17], z ∈ [3.75, 15.75]: 8 planes 1.5 mm apart with ½-slice end caps.
  const box = contourStackDistance(contourSlabs(planes(4.5, 1.5, 8).map((z) => rectangleContour(z, 2, 7, 3, 17))).slabs);

  it('contourStackDistance(box).distanceMm is the point-to-box distance (faces, edges, corners, inside)', () => {
    // Closed form: √(Σ per-axis gaps²) to the box [2, 7] × [3, 17] × [3.75, 15.75].
    const cases: [number, number, number, number][] = [
      [4, 10, 10, 0], // inside
      [10, 10, 10, 3], // +x face
      [4, 0, 10, 3], // −y face
      [4, 10, 20, 4.25], // top cap
      [10, 20, 10, Math.hypot(3, 3)], // x–y edge
      [0, 1, 1, Math.hypot(2, 2, 2.75)], // corner
      [7, 17, 15.75, 0], // on the corner
    ];
    for (const [x, y, z, d] of cases) expect(box.distanceMm(x, y, z)).toBeCloseTo(d, 12);
    expect(box.boxMm).toEqual({ xMin: 2, xMax: 7, yMin: 3, yMax: 17, zMin: 3.75, zMax: 15.75 });
  });

  it('contourStackDistance(ring) measures from the hole to the inner contour (even-odd)', () => {
    // Ring between squares of half-width 10 and 4 (inner clockwise), one plane with 2 mm slab.
    const outer = rectangleContour(0, -10, 10, -10, 10);
    const inner = { zMm: 0, xyMm: new Float64Array([-4, -4, -4, 4, 4, 4, 4, -4]) };
    const ring = contourStackDistance(contourSlabs([outer, inner], { contourSpacingMm: 2 }).slabs);
    expect(ring.distanceMm(0, 0, 0)).toBeCloseTo(4, 12); // centre of the hole
    expect(ring.distanceMm(1, 0, 3)).toBeCloseTo(Math.hypot(3, 2), 12); // above the hole: x gap 3, z gap 3 − 1
    expect(ring.distanceMm(7, 0, 0)).toBe(0); // in the ring
  });

  it('contourStackDistance(sphere stack) is |p| − r to within the stack’s facet error', () => {
    // Sphere r = 9 mm as 1 mm slabs of 256-gons; beside the equatorial slab (z within ±0.5 mm) the stack deviates
    // from the sphere by < 0.02 mm (inscribed polygon r·(1 − cos(π/256)), mid-plane radius r − √(r² − 0.25)).
    const sphere = contourStackDistance(contourSlabs(sphereContours(0, 0, 0, 9, 1)).slabs);
    for (const [x, y, z] of [[29, 0, 0], [0, -25, 0.3], [12, 12, -0.4], [-17, 4, 0]]) {
      const r = Math.hypot(x, y, z);
      expect(Math.abs(sphere.distanceMm(x, y, z) - (r - 9))).toBeLessThan(0.02);
    }
    // Towards a pole the flat end cap (radius √(81 − 8.5²) = 2.96 mm at z = −9) is the nearest part: exactly 20 mm.
    expect(sphere.distanceMm(0, 0, -29)).toBeCloseTo(20, 12);
    expect(sphere.distanceMm(0, 0, 0)).toBe(0);
  });

  it('contourStackDistance ignores contours without area and returns Infinity for an empty solid', () => {
    const line = { zMm: 0, xyMm: new Float64Array([0, 0, 5, 5]) };
    const empty = contourStackDistance(contourSlabs([line], { contourSpacingMm: 2 }).slabs);
    expect(empty.boxMm).toBeNull();
    expect(empty.distanceMm(0, 0, 0)).toBe(Infinity);
    const disc = contourStackDistance(contourSlabs([circleContour(0, 0, 0, 5, 64), line], { contourSpacingMm: 2 }).slabs);
    expect(disc.distanceMm(20, 20, 0)).toBeCloseTo(Math.hypot(20, 20) - 5, 1);
  });
});
