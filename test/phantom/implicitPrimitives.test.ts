import { describe, expect, it } from 'vitest';
import {
  capsuleSignedDistanceMm,
  FAR_OUTSIDE_MM,
  primitiveSignedDistanceMm,
  rasterizeSubtract,
  rasterizeUnionMin,
  type ImplicitPrimitive,
  type PlaneRaster,
} from '../../src/phantom/implicitPrimitives';

describe('implicit primitives', () => {
  it('capsuleSignedDistanceMm(a, b, r, p) is the segment distance minus r (closed form)', () => {
    // Segment along z from (0,0,0) to (0,0,10), radius 2: beside it 5 − 2, beyond the end cap 13 − 10 − 2.
    expect(capsuleSignedDistanceMm([0, 0, 0], [0, 0, 10], 2, 3, 4, 5)).toBeCloseTo(3, 12);
    expect(capsuleSignedDistanceMm([0, 0, 0], [0, 0, 10], 2, 0, 0, 13)).toBeCloseTo(1, 12);
    expect(capsuleSignedDistanceMm([0, 0, 0], [0, 0, 10], 2, 0, 0, 5)).toBeCloseTo(-2, 12);
  });

  it('primitiveSignedDistanceMm(ellipsoid) is negative inside, zero on and positive outside the surface', () => {
    const e: ImplicitPrimitive = { kind: 'ellipsoid', centerMm: [1, 2, 3], radiiMm: [10, 5, 2] };
    expect(primitiveSignedDistanceMm(e, 1, 2, 3)).toBeLessThan(0);
    expect(primitiveSignedDistanceMm(e, 11, 2, 3)).toBeCloseTo(0, 12);
    expect(primitiveSignedDistanceMm(e, 1, 2, 5.5)).toBeGreaterThan(0);
    // On an axis the first-order estimate is exact: 0.5 mm beyond the z vertex.
    expect(primitiveSignedDistanceMm(e, 1, 2, 5.5)).toBeCloseTo(0.5, 1);
  });

  it('primitiveSignedDistanceMm(box, vertical-cylinder) are exact', () => {
    const box: ImplicitPrimitive = { kind: 'box', minMm: [0, 0, 0], maxMm: [4, 2, 6] };
    expect(primitiveSignedDistanceMm(box, 7, 6, 3)).toBeCloseTo(5, 12); // (3, 4) outside the corner edge
    expect(primitiveSignedDistanceMm(box, 2, 1, 3)).toBeCloseTo(-1, 12); // 1 mm from the nearest face
    const cylinder: ImplicitPrimitive = { kind: 'vertical-cylinder', centerXMm: 0, centerYMm: 80, radiusMm: 5, zMinMm: -10, zMaxMm: 10 };
    expect(primitiveSignedDistanceMm(cylinder, 0, 88, 0)).toBeCloseTo(3, 12);
    expect(primitiveSignedDistanceMm(cylinder, 0, 88, 14)).toBeCloseTo(5, 12); // hypot(3, 4)
  });

  it('rasterizeUnionMin(primitive, z, raster) matches the pointwise distance on an unequal-step raster', () => {
    const raster: PlaneRaster = { x0Mm: -10, y0Mm: -6, stepXMm: 0.5, stepYMm: 0.75, nx: 41, ny: 17 };
    const capsule: ImplicitPrimitive = { kind: 'capsule', aMm: [-3, -1, -4], bMm: [4, 2, 5], radiusMm: 2 };
    const others: ImplicitPrimitive[] = [
      { kind: 'box', minMm: [-2, -1, -5], maxMm: [3, 4, 5] },
      { kind: 'ellipsoid', centerMm: [1, -1, 0.5], radiiMm: [4, 2, 3] },
      { kind: 'vertical-cylinder', centerXMm: -4, centerYMm: 1, radiusMm: 1.5, zMinMm: -3, zMaxMm: 3 },
    ];
    // Each specialised loop (capsule, box, cylinder) and the generic one (ellipsoid) must equal the pointwise value.
    for (const primitive of [capsule, ...others]) {
      const field = new Float64Array(raster.nx * raster.ny).fill(FAR_OUTSIDE_MM);
      rasterizeUnionMin(primitive, 1, raster, field, 0.5, 100);
      for (let j = 0; j < raster.ny; j++) {
        for (let i = 0; i < raster.nx; i++) {
          const expected = primitiveSignedDistanceMm(primitive, raster.x0Mm + i * raster.stepXMm, raster.y0Mm + j * raster.stepYMm, 1) - 0.5;
          expect(field[i + j * raster.nx]).toBeCloseTo(expected, 12);
        }
      }
    }
    const field = new Float64Array(raster.nx * raster.ny).fill(FAR_OUTSIDE_MM);
    rasterizeUnionMin(capsule, 1, raster, field, 0.5, 100);
    rasterizeSubtract({ kind: 'vertical-cylinder', centerXMm: 0, centerYMm: 0, radiusMm: 1, zMinMm: -9, zMaxMm: 9 }, 1, raster, field, 100);
    // The point (0, 0) was inside the capsule; after subtracting the cylinder it is 1 mm outside.
    expect(field[20 + 8 * raster.nx]).toBeCloseTo(1, 12);
  });
});
