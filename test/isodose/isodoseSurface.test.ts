import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../../src/geometry/Grid3';
import { isodoseSurface, type IsodoseSurface } from '../../src/isodose/isodoseSurface';
import { analyticDoseGrid, centredGrid } from '../metrics/analyticPhantoms';

/** Volume enclosed by a triangle mesh by the divergence theorem, mm³ (> 0 when normals point outward). */
function enclosedVolumeMm3(mesh: IsodoseSurface): number {
  const p = mesh.positionsMm;
  const t = mesh.indices;
  let sum = 0;
  for (let n = 0; n < t.length; n += 3) {
    const a = 3 * t[n], b = 3 * t[n + 1], c = 3 * t[n + 2];
    sum += p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return sum / 6;
}

/** True when every directed edge appears exactly once and its reverse exactly once (closed, consistently oriented). */
function isClosedAndOriented(mesh: IsodoseSurface): boolean {
  const directed = new Map<string, number>();
  const t = mesh.indices;
  for (let n = 0; n < t.length; n += 3) {
    for (let e = 0; e < 3; e++) {
      const key = `${t[n + e]}>${t[n + ((e + 1) % 3)]}`;
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
  }
  for (const [key, count] of directed) {
    const [a, b] = key.split('>');
    if (count !== 1 || directed.get(`${b}>${a}`) !== 1) return false;
  }
  return directed.size > 0;
}

describe('isodoseSurface', () => {
  // Rotated 30° about z, unequal spacing 1.1 × 1.4 × 1.7 mm, ±17 mm around the origin (31 × 25 × 21 voxels).
  const c30 = Math.cos(Math.PI / 6), s30 = Math.sin(Math.PI / 6);
  const grid: GridGeometry = centredGrid([1.1, 1.4, 1.7], 16.5, [c30, s30, 0, -s30, c30, 0, 0, 0, 1]);
  const centre = [1.3, -1.1, 0.8];
  const dose = analyticDoseGrid(grid, (x, y, z) => 50 - Math.hypot(x - centre[0], y - centre[1], z - centre[2]));

  it('isodoseSurface(distance-field dose) is a closed sphere of the right radius and volume in patient mm', () => {
    // D = 50 − |p − c| Gy: the 38 Gy isodose is the sphere |p − c| = 12 mm.
    const mesh = isodoseSurface(dose, 38);
    expect(mesh.indices.length % 3).toBe(0);
    expect(mesh.indices.length).toBeGreaterThan(3000);
    expect(isClosedAndOriented(mesh)).toBe(true);
    const p = mesh.positionsMm;
    let maxError = 0;
    for (let v = 0; v < p.length; v += 3) maxError = Math.max(maxError, Math.abs(Math.hypot(p[v] - centre[0], p[v + 1] - centre[1], p[v + 2] - centre[2]) - 12));
    // Vertices come from linear interpolation of |p − c| along lattice edges: within half the smallest spacing
    // (in fact within h²/(8r) ≲ 0.1 mm for the longest tetrahedron edges).
    expect(maxError).toBeLessThan(0.55);
    expect(maxError).toBeLessThan(0.1);
    // Enclosed volume ≈ (4/3)π·12³ = 7238 mm³; flat facets between vertices on the sphere cut it slightly (≲ 1 %).
    const volume = enclosedVolumeMm3(mesh);
    expect(volume).toBeGreaterThan(0);
    expect(Math.abs(volume / ((4 / 3) * Math.PI * 12 ** 3) - 1)).toBeLessThan(0.01);
  });

  it('isodoseSurface caps a region that reaches the grid edge on the outer voxel faces', () => {
    // A uniform dose above the level fills the grid: the surface is the box of the outer voxel faces
    // (nx·ny·nz voxels), except that the fixed diagonal split chamfers half of the box's 12 edges by a right
    // triangle of legs ½h_a, ½h_b: volume V_box − Σ ½·(½h_a)(½h_b)·L_c over those 6 edges, up to the 8 corner
    // octants where chamfers meet (< 8 × ⅛ voxel).
    const uniform = analyticDoseGrid(grid, () => 5);
    const mesh = isodoseSurface(uniform, 4);
    expect(isClosedAndOriented(mesh)).toBe(true);
    const [nx, ny, nz] = grid.dimensions;
    const [hx, hy, hz] = grid.spacingMm;
    const [lx, ly, lz] = [nx * hx, ny * hy, nz * hz];
    const chamfers = 2 * ((hx * hy) / 8) * lz + 2 * ((hx * hz) / 8) * ly + 2 * ((hy * hz) / 8) * lx;
    expect(enclosedVolumeMm3(mesh)).toBeLessThan(lx * ly * lz);
    expect(Math.abs(enclosedVolumeMm3(mesh) - (lx * ly * lz - chamfers))).toBeLessThan(hx * hy * hz);
  });

  it('isodoseSurface above the maximum dose is empty; NaN dose or level throws', () => {
    const mesh = isodoseSurface(dose, 60);
    expect(mesh.positionsMm.length).toBe(0);
    expect(mesh.indices.length).toBe(0);
    expect(() => isodoseSurface(dose, Number.NaN)).toThrow(expect.objectContaining({ code: 'bad-level' }));
    const bad = { ...dose, data: dose.data.map((d, n) => (n === 7 ? Number.NaN : d)) };
    expect(() => isodoseSurface(bad, 38)).toThrow(expect.objectContaining({ code: 'dose-not-finite' }));
  });
});
