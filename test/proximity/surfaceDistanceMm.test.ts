import { describe, expect, it } from 'vitest';
import { minimumDistanceMm } from '../../src/distance/minimumDistanceMm';
import { IDENTITY_DIRECTION, type GridGeometry } from '../../src/geometry/Grid3';
import { buildPointTree, closestDistanceToTreeMm, closestPointPair } from '../../src/proximity/PointTree';
import { surfaceDistanceMm } from '../../src/proximity/surfaceDistanceMm';
import { rasterize, seededRandom, sphere } from '../distance/maskPhantoms';

describe('closestPointPair (k-d tree)', () => {
  it('closestPointPair(a, b) equals the brute-force minimum over all pairs (random clouds, 200 × 3000 points)', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 5; trial++) {
      const a = Float64Array.from({ length: 600 }, () => 40 * random());
      const b = Float64Array.from({ length: 9000 }, (_, n) => 40 * random() + (n % 3 === 0 ? 30 + 20 * trial : 0));
      let best = Infinity;
      for (let p = 0; p < a.length; p += 3) {
        for (let q = 0; q < b.length; q += 3) best = Math.min(best, Math.hypot(a[p] - b[q], a[p + 1] - b[q + 1], a[p + 2] - b[q + 2]));
      }
      const r = closestPointPair(a, b);
      expect(r.distanceMm).toBeCloseTo(best, 12);
      const [i, j] = [3 * r.indexA, 3 * r.indexB];
      expect(Math.hypot(a[i] - b[j], a[i + 1] - b[j + 1], a[i + 2] - b[j + 2])).toBeCloseTo(best, 12);
    }
    expect(closestPointPair(new Float64Array(0), new Float64Array(3)).distanceMm).toBe(Infinity);
  });

  it('closestDistanceToTreeMm(points, tree) equals the brute-force minimum (many points against a small tree)', () => {
    const random = seededRandom(4);
    const small = Float64Array.from({ length: 300 }, () => 10 * random());
    const large = Float64Array.from({ length: 30000 }, () => 100 * random() - 30);
    let best = Infinity;
    for (let p = 0; p < large.length; p += 3) {
      for (let q = 0; q < small.length; q += 3) best = Math.min(best, Math.hypot(large[p] - small[q], large[p + 1] - small[q + 1], large[p + 2] - small[q + 2]));
    }
    expect(closestDistanceToTreeMm(large, buildPointTree(small))).toBeCloseTo(best, 12);
  });
});

describe('surfaceDistanceMm', () => {
  // 30 × 24 × 20 voxels at 1 mm (proximity grids are isotropic lattices), origin off zero.
  const grid: GridGeometry = { dimensions: [30, 24, 20], spacingMm: [1, 1, 1], originMm: [-7, 3, 11], direction: IDENTITY_DIRECTION };
  const dims: [number, number, number] = [30, 24, 20];

  it('surfaceDistanceMm(a, b) equals minimumDistanceMm(a, b) exactly for separated masks (same surfaces, separate crops)', () => {
    const random = seededRandom(8);
    let compared = 0;
    for (let trial = 0; trial < 8; trial++) {
      const a = rasterize(dims, [1, 1, 1], sphere([5 + 5 * random(), 6 + 10 * random(), 5 + 8 * random()], 2 + 3 * random()));
      const b = rasterize(dims, [1, 1, 1], sphere([20 + 6 * random(), 6 + 10 * random(), 5 + 8 * random()], 2 + 3 * random()));
      const reference = minimumDistanceMm(a, b, grid);
      const r = surfaceDistanceMm(a, b, grid);
      expect(r.relation).toBe(reference.relation);
      expect(r.distanceMm).toBeCloseTo(reference.distanceMm, 9);
      compared++;
    }
    expect(compared).toBe(8);
  });

  it('surfaceDistanceMm(overlapping or face-adjacent masks) gives 0 with relation overlap / touch', () => {
    const a = new Uint8Array(30 * 24 * 20);
    const b = new Uint8Array(30 * 24 * 20);
    a[5 + 5 * 30 + 5 * 720] = 1;
    b[6 + 5 * 30 + 5 * 720] = 1;
    expect(surfaceDistanceMm(a, b, grid)).toMatchObject({ distanceMm: 0, relation: 'touch' });
    b[5 + 5 * 30 + 5 * 720] = 1;
    expect(surfaceDistanceMm(a, b, grid)).toMatchObject({ distanceMm: 0, relation: 'overlap' });
  });
});
