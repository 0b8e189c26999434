import { describe, expect, it } from 'vitest';
import { averageToHalfLattice } from '../../src/proximity/averageToHalfLattice';
import { fieldSurfacePointsMm } from '../../src/proximity/fieldSurfacePointsMm';
import { latticeGrid } from '../../src/proximity/latticeGrid';

// A 1 mm lattice grid of 20 × 12 × 10 voxels with centres x = 0..19, y = 0..11, z = 0..9 (mm).
const grid = latticeGrid({ min: [0, 0, 0], max: [19, 11, 9] }, 1);
const [nx, ny, nz] = grid.dimensions;

/** Fractions of the box x ≤ xFace, z ≤ zFace (exact partial volumes of 1 mm voxels). */
function boxField(xFace: number, zFace: number): Float32Array {
  const f = new Float32Array(nx * ny * nz);
  const cover = (c: number, face: number) => Math.min(1, Math.max(0, face - (c - 0.5)));
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) f[i + j * nx + k * nx * ny] = cover(i, xFace) * cover(k, zFace);
  return f;
}

describe('fieldSurfacePointsMm', () => {
  it('fieldSurfacePointsMm(partial-volume field of a face at x = 9.3 mm) puts its points within 0.1 voxel of the face', () => {
    // Voxel 9 is 80 % inside: the ½ crossing towards voxel 10 is at 9 + 0.3/0.8 = 9.375 (linear interpolation).
    const points = fieldSurfacePointsMm(boxField(9.3, 100), grid);
    let checked = 0;
    for (let p = 0; p < points.length; p += 3) {
      if (points[p + 2] > 1 && points[p + 2] < 8 && points[p + 1] > 1 && points[p + 1] < 10) {
        expect(Math.abs(points[p] - 9.3)).toBeLessThan(0.1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('fieldSurfacePointsMm(box with a rim at x = 9.5, z = 4.5) has a point on the rim itself (vertical diagonals)', () => {
    const points = fieldSurfacePointsMm(boxField(9.5, 4.5), grid);
    let onRim = 0;
    for (let p = 0; p < points.length; p += 3) if (Math.abs(points[p] - 9.5) < 1e-9 && Math.abs(points[p + 2] - 4.5) < 1e-9) onRim++;
    // One rim point per row j (the box spans all y); no points on the grid border y = 0 / 11 beyond the field.
    expect(onRim).toBe(ny);
    for (let p = 0; p < points.length; p += 3) expect(points[p] <= 9.5 + 1e-9 && points[p + 2] <= 4.5 + 1e-9).toBe(true);
  });
});

describe('averageToHalfLattice', () => {
  it('averageToHalfLattice(0.5 mm half-space x ≤ 4.75) gives the exact 1 mm partial volumes', () => {
    const fine = latticeGrid({ min: [0, 0, 0], max: [10, 3, 3] }, 0.5);
    const field = new Float32Array(fine.dimensions[0] * fine.dimensions[1] * fine.dimensions[2]);
    for (let v = 0; v < field.length; v++) field[v] = (v % fine.dimensions[0]) * 0.5 <= 4.5 ? 1 : 0; // 0.5 mm voxels up to x = 4.75
    const coarse = latticeGrid({ min: [1, 1, 1], max: [9, 2, 2] }, 1);
    const out = averageToHalfLattice(field, fine, coarse);
    // 1 mm voxel centred at 4 covers [3.5, 4.5]: inside; at 5 covers [4.5, 5.5]: ¼ inside (closed form).
    const row = Array.from(out.subarray(0, coarse.dimensions[0]));
    expect(row).toEqual([1, 1, 1, 1, 0.25, 0, 0, 0, 0]);
    expect(() => averageToHalfLattice(field, fine, fine)).toThrow(expect.objectContaining({ code: 'bad-lattice' }));
  });
});
