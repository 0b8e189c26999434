import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { ellipsoidContours, isInsideEllipsoid, sphereShape } from '../../src/phantom/ellipsoidContours';
import { latticePlanesInRange } from '../../src/phantom/PlaneLattice';
import { ringAreaMm2, stackVolumeCc } from './contourMeasures';

describe('ellipsoidContours', () => {
  it('ellipsoidContours(sphere, lattice) cuts the planes strictly inside (c − r, c + r) with circles of radius √(r² − dz²)', () => {
    const shape = sphereShape([10, -20, 31.2], 20);
    const lattice = { spacingMm: 2.5, originMm: 0 };
    const contours = ellipsoidContours(shape, lattice);
    expect(contours.map((c) => c.zMm)).toEqual(latticePlanesInRange(lattice, 21.2, 41.2, true));
    for (const c of contours) {
      const expectedRadius = Math.sqrt(100 - (c.zMm - 31.2) ** 2);
      for (let i = 0; i < c.xyMm.length; i += 2) expect(Math.hypot(c.xyMm[i] - 10, c.xyMm[i + 1] + 20)).toBeCloseTo(expectedRadius, 10);
    }
  });

  it('ellipsoidContours(ellipsoid) uses each axis: x, y extents per plane are rx·s, ry·s with s = √(1 − (dz/rz)²)', () => {
    // Unequal radii and an off-zero lattice so axis swaps and origin mistakes fail.
    const shape = { centerMm: [1, 2, 3] as const, radiiMm: [10, 6, 4] as const };
    const contours = ellipsoidContours(shape, { spacingMm: 1.5, originMm: 0.3 });
    expect(contours.map((c) => c.zMm)).toEqual([0.3, 1.8, 3.3, 4.8, 6.3].map((z) => expect.closeTo(z, 12))); // 0.3 + 1.5·k inside (−1, 7)
    for (const c of contours) {
      const s = Math.sqrt(1 - ((c.zMm - 3) / 4) ** 2);
      const xs = Array.from(c.xyMm.filter((_, i) => i % 2 === 0));
      const ys = Array.from(c.xyMm.filter((_, i) => i % 2 === 1));
      expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(20 * s, 2);
      expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(12 * s, 2);
    }
  });

  it('ellipsoidContours(35 mm sphere) has a slab volume within 1 % of 4/3·π·r³ at 2.5 mm planes', () => {
    const contours = ellipsoidContours(sphereShape([0, 0, 0.7], 35), { spacingMm: 2.5, originMm: 0 });
    // Closed form: 4/3·π·17.5³ = 22 449 mm³; midpoint-rule error ≈ π·r·s²/6 ≈ 57 mm³ (0.3 %).
    expect(stackVolumeCc(contours, 2.5)).toBeCloseTo(((4 / 3) * Math.PI * 17.5 ** 3) / 1000, 1);
    expect(Math.abs(stackVolumeCc(contours, 2.5) / (((4 / 3) * Math.PI * 17.5 ** 3) / 1000) - 1)).toBeLessThan(0.01);
    for (const c of contours) expect(ringAreaMm2(c.xyMm)).toBeGreaterThan(0);
  });

  it('ellipsoidContours(tiny sphere between planes) returns no contour', () => {
    expect(ellipsoidContours(sphereShape([0, 0, 1.25], 2), { spacingMm: 2.5, originMm: 0 })).toEqual([]);
  });

  it('ellipsoidContours(zero radius) throws InputError', () => {
    expect(() => ellipsoidContours({ centerMm: [0, 0, 0], radiiMm: [1, 0, 1] }, { spacingMm: 1, originMm: 0 })).toThrow(InputError);
  });

  it('isInsideEllipsoid(shape, point) follows x²/a² + y²/b² + z²/c² ≤ 1', () => {
    const shape = { centerMm: [0, 0, 0] as const, radiiMm: [10, 5, 2] as const };
    expect(isInsideEllipsoid(shape, 9.9, 0, 0)).toBe(true);
    expect(isInsideEllipsoid(shape, 0, 5.1, 0)).toBe(false);
    expect(isInsideEllipsoid(shape, 0, 0, -2.1)).toBe(false);
  });
});
