import { describe, expect, it } from 'vitest';
import { convexHull2d } from '../../src/proximity/convexHull2d';
import { maxFeretDiameterMm } from '../../src/proximity/maxFeretDiameterMm';
import { boxStack, sphereStack } from './contourStacks';

describe('maxFeretDiameterMm', () => {
  it('maxFeretDiameterMm(box 10 × 20 mm on planes 0..30 mm) is the space diagonal √(10² + 20² + 30²)', () => {
    expect(maxFeretDiameterMm(boxStack(-3, 7, 2, 22, 0, 30, 0, 2.5))).toBeCloseTo(Math.hypot(10, 20, 30), 12);
  });

  it('maxFeretDiameterMm(sphere R = 9 on 3 mm planes through its centre) is 2R (180-gon vertices at 0 and π)', () => {
    expect(maxFeretDiameterMm(sphereStack([4, -6, 1.5], 9, 1.5, 3))).toBeCloseTo(18, 9);
  });

  it('maxFeretDiameterMm(single point, no contours) is 0', () => {
    expect(maxFeretDiameterMm([{ zMm: 0, xyMm: new Float64Array([1, 2]) }])).toBe(0);
    expect(maxFeretDiameterMm([])).toBe(0);
  });
});

describe('convexHull2d', () => {
  it('convexHull2d(square corners + inner and edge points) returns the 4 corners counter-clockwise', () => {
    const hull = convexHull2d(new Float64Array([0, 0, 2, 1, 4, 0, 4, 2, 4, 4, 1, 3, 0, 4, 0, 2]));
    expect(Array.from(hull)).toEqual([0, 0, 4, 0, 4, 4, 0, 4]);
  });
});
