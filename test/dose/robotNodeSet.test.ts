import { describe, expect, it } from 'vitest';
import { robotNodeSet } from '../../src/dose/robotNodeSet';
import { InputError } from '../../src/errors/InputError';

describe('robotNodeSet', () => {
  const set = robotNodeSet();

  it('robotNodeSet() has at least 100 unit directions at 800 mm', () => {
    expect(set.nodes.length).toBeGreaterThanOrEqual(100);
    expect(set.sourceDistanceMm).toBe(800);
    for (const n of set.nodes) expect(Math.hypot(...n.towardSourceLps)).toBeCloseTo(1, 12);
    expect(set.nodes.map((n) => n.index)).toEqual(set.nodes.map((_, i) => i));
  });

  it('robotNodeSet() has no source on the couch side (+y, posterior for HFS) and none within 20° of the long axis', () => {
    for (const n of set.nodes) {
      expect(n.towardSourceLps[1]).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(n.towardSourceLps[2])).toBeLessThanOrEqual(Math.cos((20 * Math.PI) / 180) + 1e-12);
    }
    expect(set.exclusion).toMatch(/couch side/);
  });

  it('robotNodeSet() covers anterior and both lateral sides, non-coplanar, all directions distinct', () => {
    const xs = set.nodes.map((n) => n.towardSourceLps[0]);
    const ys = set.nodes.map((n) => n.towardSourceLps[1]);
    const zs = set.nodes.map((n) => n.towardSourceLps[2]);
    expect(Math.min(...xs)).toBeLessThan(-0.9); // right lateral
    expect(Math.max(...xs)).toBeGreaterThan(0.9); // left lateral
    expect(Math.min(...ys)).toBeLessThan(-0.95); // anterior
    expect(Math.min(...zs)).toBeLessThan(-0.8); // inferior-oblique
    expect(Math.max(...zs)).toBeGreaterThan(0.8); // superior-oblique
    let closest = 1;
    for (let a = 0; a < set.nodes.length; a++) {
      for (let b = a + 1; b < set.nodes.length; b++) {
        const u = set.nodes[a].towardSourceLps;
        const v = set.nodes[b].towardSourceLps;
        closest = Math.min(closest, Math.hypot(u[0] - v[0], u[1] - v[1], u[2] - v[2]));
      }
    }
    // Fibonacci lattice of 240 points: neighbours ≈ √(4π/240) ≈ 0.23 apart; no two nodes coincide.
    expect(closest).toBeGreaterThan(0.1);
  });

  it('robotNodeSet() is deterministic and options change it as documented', () => {
    expect(robotNodeSet()).toEqual(set);
    const steeper = robotNodeSet({ minElevationDeg: 30 });
    for (const n of steeper.nodes) expect(n.towardSourceLps[1]).toBeLessThanOrEqual(-Math.sin(Math.PI / 6) + 1e-12);
    expect(steeper.nodes.length).toBeLessThan(set.nodes.length);
    expect(() => robotNodeSet({ spherePoints: 3 })).toThrow(InputError);
  });
});
