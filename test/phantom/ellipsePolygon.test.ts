import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { ellipsePolygonXy, MIN_POLYGON_VERTICES, polygonSignedAreaMm2 } from '../../src/phantom/ellipsePolygon';

describe('ellipsePolygonXy', () => {
  it('ellipsePolygonXy(cx, cy, a, b) puts every vertex on the ellipse and keeps edges ≤ 1 mm', () => {
    const [cx, cy, a, b] = [12, -7, 170, 115];
    const xy = ellipsePolygonXy(cx, cy, a, b);
    const n = xy.length / 2;
    for (let i = 0; i < n; i++) {
      // (x − cx)²/a² + (y − cy)²/b² = 1 on the curve.
      expect(((xy[2 * i] - cx) / a) ** 2 + ((xy[2 * i + 1] - cy) / b) ** 2).toBeCloseTo(1, 12);
      const j = (i + 1) % n;
      expect(Math.hypot(xy[2 * j] - xy[2 * i], xy[2 * j + 1] - xy[2 * i + 1])).toBeLessThanOrEqual(1);
    }
  });

  it('ellipsePolygonXy(...) of a small circle still has MIN_POLYGON_VERTICES vertices', () => {
    expect(ellipsePolygonXy(0, 0, 2, 2).length / 2).toBe(MIN_POLYGON_VERTICES);
  });

  it('polygonSignedAreaMm2(ellipse polygon) equals the inscribed-polygon closed form (n/2)·a·b·sin(2π/n)', () => {
    const xy = ellipsePolygonXy(3, 4, 30, 20);
    const n = xy.length / 2;
    // Parametric vertices at angles 2πk/n: the polygon is the affine image of a regular n-gon.
    expect(polygonSignedAreaMm2(xy)).toBeCloseTo((n / 2) * 30 * 20 * Math.sin((2 * Math.PI) / n), 8);
  });

  it('polygonSignedAreaMm2(rectangle) is +12 counter-clockwise and −12 clockwise', () => {
    expect(polygonSignedAreaMm2([0, 0, 3, 0, 3, 4, 0, 4])).toBe(12);
    expect(polygonSignedAreaMm2([0, 0, 0, 4, 3, 4, 3, 0])).toBe(-12);
  });

  it('ellipsePolygonXy(...) rejects a zero or NaN semi-axis with InputError', () => {
    expect(() => ellipsePolygonXy(0, 0, 0, 5)).toThrow(InputError);
    expect(() => ellipsePolygonXy(0, 0, Number.NaN, 5)).toThrow(/semi-axes/);
  });
});
