import { describe, expect, it } from 'vitest';
import { antiAliasedIndicator, surfaceCrossings } from '../../src/distance/maskSurfacePoints';
import { minimumDistanceMm } from '../../src/distance/minimumDistanceMm';
import { randomUnitVector, rasterize, seededRandom, sphere, type Vec3 } from './maskPhantoms';

const stats = (values: readonly number[]) => ({
  mean: values.reduce((s, x) => s + x, 0) / values.length,
  maxAbs: Math.max(...values.map(Math.abs)),
  withinOneMm: values.filter((x) => Math.abs(x) <= 1).length / values.length,
});

describe('minimumDistanceMm', () => {
  const geometry = { dimensions: [12, 10, 8] as Vec3, spacingMm: [1, 1.5, 3] as Vec3 };
  const slab = (test: (i: number, j: number, k: number) => boolean) => {
    const [nx, ny, nz] = geometry.dimensions;
    const mask = new Uint8Array(nx * ny * nz);
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) mask[i + j * nx + k * nx * ny] = test(i, j, k) ? 1 : 0;
    return mask;
  };

  it('minimumDistanceMm(overlapping masks) is 0 with relation "overlap"', () => {
    const r = minimumDistanceMm(slab((i) => i <= 5), slab((i) => i >= 5), geometry);
    expect(r).toMatchObject({ distanceMm: 0, centreDistanceMm: 0, relation: 'overlap' });
  });

  it('minimumDistanceMm(face-adjacent masks) is 0 with relation "touch"', () => {
    const r = minimumDistanceMm(slab((i, j, k) => i === 3 && j === 3 && k === 3), slab((i, j, k) => i === 3 && j === 3 && k === 4), geometry);
    expect(r.relation).toBe('touch');
    expect(r.distanceMm).toBe(0);
    expect(r.centreDistanceMm).toBeCloseTo(3, 6); // one z step of 3 mm
    expect(r.closestPointA).toEqual({ i: 3, j: 3, k: 3 });
    expect(r.closestPointB).toEqual({ i: 3, j: 3, k: 4 });
  });

  it('minimumDistanceMm(corner-adjacent voxels) is not contact: single voxels collapse to their centres', () => {
    const r = minimumDistanceMm(slab((i, j, k) => i === 3 && j === 3 && k === 3), slab((i, j, k) => i === 4 && j === 4 && k === 4), geometry);
    expect(r.relation).toBe('apart');
    // the guard keeps a lone voxel at 0.5 at its centre only, so both surfaces are points: √(1² + 1.5² + 3²)
    expect(r.distanceMm).toBeCloseTo(Math.hypot(1, 1.5, 3), 6);
    expect(r.centreDistanceMm).toBeCloseTo(Math.hypot(1, 1.5, 3), 6);
  });

  it('minimumDistanceMm(two thick slabs along x) puts each surface midway between layers: 5 voxels, not the 6 of centre distance', () => {
    // A: i ≤ 4, B: i ≥ 10, spacing x 1 mm. Smoothed values 5/6 | 1/6 at the last inside | first outside
    // layer, so the 0.5 crossing is at the midpoint: surfaces at x = 4.5 and 9.5 → 5 mm (closed form).
    const r = minimumDistanceMm(slab((i) => i <= 4), slab((i) => i >= 10), geometry);
    expect(r.relation).toBe('apart');
    expect(r.distanceMm).toBeCloseTo(5, 6);
    expect(r.centreDistanceMm).toBeCloseTo(6, 6);
    // same along z (3 mm): k ≤ 2 and k ≥ 5 → surfaces at 2.5 and 4.5 slices → 6 mm; centres 9 mm
    const z = minimumDistanceMm(slab((_i, _j, k) => k <= 2), slab((_i, _j, k) => k >= 5), geometry);
    expect(z.distanceMm).toBeCloseTo(6, 6);
    expect(z.centreDistanceMm).toBeCloseTo(9, 6);
    expect(z.closestPointA.k).toBeCloseTo(2.5, 6);
    expect(z.closestPointB.k).toBeCloseTo(4.5, 6);
  });

  it('minimumDistanceMm equals the brute-force minimum over all surface crossings (pruning and cropping are exact)', () => {
    const random = seededRandom(99);
    let compared = 0;
    for (let trial = 0; trial < 6; trial++) {
      const dims: Vec3 = [22, 18, 12];
      const spacing: Vec3 = trial % 2 === 0 ? [1, 1.5, 3] : [2, 3, 2.5];
      const extent = dims.map((n, a) => n * spacing[a]);
      const centreA: Vec3 = [0.3 * extent[0], 0.4 * extent[1], 0.5 * extent[2]];
      const centreB: Vec3 = [(0.55 + 0.3 * random()) * extent[0], (0.2 + 0.6 * random()) * extent[1], (0.2 + 0.6 * random()) * extent[2]];
      const a = rasterize(dims, spacing, sphere(centreA, 3 + 3 * random()));
      const ballB = sphere(centreB, 4 + 3 * random());
      // a ball plus scattered single voxels on the far side: many candidate surfaces for the pruning
      const b = rasterize(dims, spacing, (x, y, z) => ballB(x, y, z) || (random() < 0.02 && x > 0.6 * extent[0]));
      const geometry3 = { dimensions: dims, spacingMm: spacing };
      const r = minimumDistanceMm(a, b, geometry3);
      if (r.relation !== 'apart') continue;
      const pa = surfaceCrossings(antiAliasedIndicator(a, dims), dims, spacing, new Float32Array(a.length), Infinity);
      const pb = surfaceCrossings(antiAliasedIndicator(b, dims), dims, spacing, new Float32Array(b.length), Infinity);
      let best = Infinity;
      for (let m = 0; m < pa.length; m += 3) {
        for (let n = 0; n < pb.length; n += 3) best = Math.min(best, Math.hypot(pa[m] - pb[n], pa[m + 1] - pb[n + 1], pa[m + 2] - pb[n + 2]));
      }
      expect(r.distanceMm).toBeCloseTo(best, 9);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(4);
  });

  it('minimumDistanceMm throws InputError("empty-mask") naming the empty mask', () => {
    const some = slab((i) => i === 1);
    const none = new Uint8Array(some.length);
    expect(() => minimumDistanceMm(none, some, geometry)).toThrow(/maskA is empty/);
    expect(() => minimumDistanceMm(some, none, geometry)).toThrow(expect.objectContaining({ code: 'empty-mask' }));
    expect(() => minimumDistanceMm(some, new Uint8Array(3), geometry)).toThrow(/maskB has 3 voxels/);
  });

  // Accuracy against closed forms. A binary mask cannot locate a surface better than its sampling: up to
  // about ±½ spacing along the connecting direction per surface (±1.5 mm for a surface parallel to a 3 mm
  // slice plane). So each case is checked against that bound, and the 1 mm target against the bias and
  // the share of cases, over seeded random placements.
  const grids: [string, Vec3][] = [['1x1.5x3 mm', [1, 1.5, 3]], ['2x3x2.5 mm', [2, 3, 2.5]]];
  for (const [name, spacing] of grids) {
    const dims = [84, 84, 84].map((e, a) => Math.ceil(e / spacing[a])) as Vec3;
    const samplingBoundMm = Math.max(...spacing) + 0.5; // ½ max spacing per surface, plus curvature shrinkage

    it(`minimumDistanceMm(sphere, half-space) on ${name}: mean error within ±0.5 mm of |c·n − p| − R, ≥ 80 % of cases within 1 mm`, () => {
      const random = seededRandom(2024);
      const errors: number[] = [];
      const centreErrors: number[] = [];
      for (let trial = 0; trial < 16; trial++) {
        const n = randomUnitVector(random);
        const c: Vec3 = [40 + 4 * random(), 40 + 4 * random(), 40 + 4 * random()];
        const radiusMm = 6 + 6 * random();
        const gapMm = 3 + 15 * random();
        const p = n[0] * c[0] + n[1] * c[1] + n[2] * c[2] + radiusMm + gapMm; // plane n·x = p; B: n·x ≥ p
        const a = rasterize(dims, spacing, sphere(c, radiusMm));
        const b = rasterize(dims, spacing, (x, y, z) => n[0] * x + n[1] * y + n[2] * z >= p);
        const r = minimumDistanceMm(a, b, { dimensions: dims, spacingMm: spacing });
        // closed form: distance from the sphere surface to the plane = |c·n − p| − R = gap
        errors.push(r.distanceMm - gapMm);
        centreErrors.push(r.centreDistanceMm - gapMm);
      }
      const s = stats(errors);
      expect(Math.abs(s.mean)).toBeLessThanOrEqual(0.5);
      expect(s.withinOneMm).toBeGreaterThanOrEqual(0.8);
      expect(s.maxAbs).toBeLessThanOrEqual(samplingBoundMm);
      // the centre-to-centre distance it replaces is biased high
      expect(stats(centreErrors).mean).toBeGreaterThan(0.5);
    });

    it(`minimumDistanceMm(sphere, infinite cylinder) on ${name}: mean error within ±0.5 mm of dist(c, axis) − Rcyl − Rsph, ≥ 80 % within 1 mm`, () => {
      const random = seededRandom(7);
      const errors: number[] = [];
      for (let trial = 0; trial < 16; trial++) {
        const c: Vec3 = [40 + 4 * random(), 40 + 4 * random(), 40 + 4 * random()];
        const sphereRadiusMm = 5 + 5 * random();
        const cylinderRadiusMm = 3 + 6 * random();
        const gapMm = 2 + 15 * random();
        const axis = trial % 2 === 0 ? ([0, 0, 1] as Vec3) : randomUnitVector(random);
        // unit vector perpendicular to the axis
        const w0 = randomUnitVector(random);
        const dot = w0[0] * axis[0] + w0[1] * axis[1] + w0[2] * axis[2];
        const w = w0.map((x, a) => x - dot * axis[a]);
        const wl = Math.hypot(...w);
        const q = c.map((x, a) => x + (w[a] / wl) * (sphereRadiusMm + cylinderRadiusMm + gapMm));
        const a = rasterize(dims, spacing, sphere(c, sphereRadiusMm));
        const b = rasterize(dims, spacing, (x, y, z) => {
          const d = [x - q[0], y - q[1], z - q[2]];
          const t = d[0] * axis[0] + d[1] * axis[1] + d[2] * axis[2];
          return (d[0] - t * axis[0]) ** 2 + (d[1] - t * axis[1]) ** 2 + (d[2] - t * axis[2]) ** 2 <= cylinderRadiusMm ** 2;
        });
        const r = minimumDistanceMm(a, b, { dimensions: dims, spacingMm: spacing });
        // closed form: dist(centre, axis) − R_cyl − R_sph = gap by construction
        errors.push(r.distanceMm - gapMm);
      }
      const s = stats(errors);
      expect(Math.abs(s.mean)).toBeLessThanOrEqual(0.5);
      expect(s.withinOneMm).toBeGreaterThanOrEqual(0.8);
      expect(s.maxAbs).toBeLessThanOrEqual(samplingBoundMm);
    });
  }
});
