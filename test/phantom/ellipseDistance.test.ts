import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/geometry/points';
import { distanceToEllipseCurveMm, distanceToEllipsoidSurfaceMm } from '../../src/phantom/ellipseDistance';

// Brute-force reference: the closest of 2·10⁵ points on the curve, refined by a local dense search.
function bruteForceEllipse(x: number, y: number, a: number, b: number): number {
  let best = Infinity;
  let bestT = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const d = Math.hypot(x - a * Math.cos(t), y - b * Math.sin(t));
    if (d < best) [best, bestT] = [d, t];
  }
  for (let i = -1000; i <= 1000; i++) {
    const t = bestT + (i * 2 * Math.PI) / n / 1000;
    best = Math.min(best, Math.hypot(x - a * Math.cos(t), y - b * Math.sin(t)));
  }
  return best;
}

describe('distanceToEllipseCurveMm', () => {
  it('distanceToEllipseCurveMm(circle) is |r − |p|| (closed form)', () => {
    expect(distanceToEllipseCurveMm(3, 4, 0, 0, 10, 10)).toBeCloseTo(5, 12);
    expect(distanceToEllipseCurveMm(30, 40, 0, 0, 10, 10)).toBeCloseTo(40, 12);
  });

  it('distanceToEllipseCurveMm(point on the major axis inside the evolute) is b·√(1 − x²/(a² − b²))', () => {
    // Eberly 2013, eq. for y1 = 0 and y0 < (a² − b²)/a.
    const [a, b, x] = [146, 90, 30];
    expect(distanceToEllipseCurveMm(x, 0, 0, 0, a, b)).toBeCloseTo(b * Math.sqrt(1 - (x * x) / (a * a - b * b)), 10);
    // Beyond the evolute the vertex is nearest: a − x.
    expect(distanceToEllipseCurveMm(120, 0, 0, 0, a, b)).toBeCloseTo(26, 12);
    // At the centre (here an off-origin centre) the nearest points are the minor-axis vertices: b.
    expect(distanceToEllipseCurveMm(5, -5, 5, -5, a, b)).toBeCloseTo(b, 12);
  });

  it('distanceToEllipseCurveMm agrees with a brute-force search inside and outside (a = 146, b = 90)', () => {
    const points: [number, number][] = [[-124.5, 0], [82, -30], [60, -55], [0, 89], [150, 60], [-10, -100], [140, 5]];
    for (const [x, y] of points) expect(distanceToEllipseCurveMm(x, y, 0, 0, 146, 90)).toBeCloseTo(bruteForceEllipse(x, y, 146, 90), 5);
  });
});

describe('distanceToEllipsoidSurfaceMm', () => {
  it('distanceToEllipsoidSurfaceMm(sphere) is |p − c| − r (closed form)', () => {
    expect(distanceToEllipsoidSurfaceMm([10, 20, 32], [10, 20, 20], [5, 5, 5])).toBeCloseTo(7, 9);
  });

  it('distanceToEllipsoidSurfaceMm(point on an axis outside) is the gap to the vertex', () => {
    expect(distanceToEllipsoidSurfaceMm([0, 0, 60], [0, 0, 0], [55, 40, 45])).toBeCloseTo(15, 6);
    expect(distanceToEllipsoidSurfaceMm([0, -50, 0], [0, 0, 0], [55, 40, 45])).toBeCloseTo(10, 6);
  });

  it('distanceToEllipsoidSurfaceMm agrees with a dense surface search', () => {
    const center: Vec3 = [20, -30, -55];
    const radii: Vec3 = [55, 40, 45];
    const p: Vec3 = [82, -30, -45];
    let best = Infinity;
    const n = 1500;
    for (let i = 0; i < n; i++) {
      const theta = (Math.PI * (i + 0.5)) / n;
      for (let j = 0; j < 2 * n; j++) {
        const phi = (Math.PI * j) / n;
        const q = [center[0] + radii[0] * Math.sin(theta) * Math.cos(phi), center[1] + radii[1] * Math.sin(theta) * Math.sin(phi), center[2] + radii[2] * Math.cos(theta)];
        best = Math.min(best, Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
      }
    }
    // Sampling step ≤ 55·π/1500 ≈ 0.12 mm along the surface: the sampled minimum is within ~0.002 mm.
    expect(distanceToEllipsoidSurfaceMm(p, center, radii)).toBeCloseTo(best, 2);
    expect(distanceToEllipsoidSurfaceMm(p, center, radii)).toBeLessThanOrEqual(best + 1e-9);
  });
});
