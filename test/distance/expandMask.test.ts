import { describe, expect, it } from 'vitest';
import { expandMask } from '../../src/distance/expandMask';
import { countVoxels, rasterize, sphere, type Vec3 } from './maskPhantoms';

/**
 * Bounds that hold for any reconstruction between "voxel centres" and "voxel boxes": voxel Δ (index
 * offset from a single seed voxel) must be in the result when Σ(Δₐ·sₐ/mₐ)² ≤ 1 (its centre is within the
 * margin of the seed centre) and must not be when Σ(max(0, |Δₐ| − ½)·sₐ/mₐ)² > 1 (no point of the seed
 * voxel box is within the margin).
 */
function expectWithinSeedBounds(out: Uint8Array, dims: Vec3, spacing: Vec3, seed: Vec3, margins: Vec3): void {
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++) {
        const delta = [i - seed[0], j - seed[1], k - seed[2]];
        const q = (shrink: number) => delta.reduce((sum, d, a) => {
          const step = Math.max(0, Math.abs(d) - shrink) * spacing[a];
          return sum + (margins[a] === 0 ? (step === 0 ? 0 : Infinity) : (step / margins[a]) ** 2);
        }, 0);
        const value = out[i + j * dims[0] + k * dims[0] * dims[1]];
        if (q(0) <= 1 + 1e-9) expect(value, `${i},${j},${k} must be in`).toBe(1);
        if (q(0.5) > 1 + 1e-9) expect(value, `${i},${j},${k} must be out`).toBe(0);
      }
    }
  }
}

describe('expandMask', () => {
  for (const [name, spacing, dims] of [
    ['1x1.5x3 mm', [1, 1.5, 3], [50, 34, 18]],
    ['2x3x2.5 mm', [2, 3, 2.5], [25, 17, 21]],
  ] as [string, Vec3, Vec3][]) {
    const centre: Vec3 = [24.6, 24.9, 25.7];
    const voxelVolumeMm3 = spacing[0] * spacing[1] * spacing[2];

    it(`expandMask(sphere R = 10 mm, 5 mm) on ${name} has the volume of a sphere of R + 5 within 6 % (4/3·π·15³ = 14 137 mm³)`, () => {
      const gtv = rasterize(dims, spacing, sphere(centre, 10));
      const ptv = expandMask(gtv, { dimensions: dims, spacingMm: spacing }, 5);
      const expectedMm3 = (4 / 3) * Math.PI * 15 ** 3;
      expect(Math.abs(countVoxels(ptv) * voxelVolumeMm3 - expectedMm3) / expectedMm3).toBeLessThanOrEqual(0.06);
    });

    it(`expandMask(sphere R, m) on ${name} lies between the rasterised spheres R + m − ½·diagonal and R + m + ½·diagonal`, () => {
      const gtv = rasterize(dims, spacing, sphere(centre, 10));
      const ptv = expandMask(gtv, { dimensions: dims, spacingMm: spacing }, 5);
      const halfDiagonal = 0.5 * Math.hypot(...spacing);
      // GTV voxel boxes lie within R + ½·diagonal of c, so the result lies within R + m + ½·diagonal
      const outer = rasterize(dims, spacing, sphere(centre, 15 + halfDiagonal));
      // every GTV centre is kept, and every point of the R-sphere has a GTV centre within ½·diagonal
      const inner = rasterize(dims, spacing, sphere(centre, 15 - halfDiagonal));
      for (let v = 0; v < ptv.length; v++) {
        if (ptv[v]) expect(outer[v]).toBe(1);
        if (inner[v]) expect(ptv[v]).toBe(1);
        if (gtv[v]) expect(ptv[v]).toBe(1);
      }
    });
  }

  it('expandMask(single voxel, [5, 7, 10] mm) is an ellipsoid between the centre and voxel-box bounds', () => {
    const dims: Vec3 = [17, 15, 13];
    const spacing: Vec3 = [1, 1.5, 2.5];
    const seed: Vec3 = [8, 7, 6];
    const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
    mask[seed[0] + seed[1] * dims[0] + seed[2] * dims[0] * dims[1]] = 1;
    const margins: Vec3 = [5, 7, 10];
    const out = expandMask(mask, { dimensions: dims, spacingMm: spacing }, margins);
    expectWithinSeedBounds(out, dims, spacing, seed, margins);
    // centres exactly on the ellipsoid are included: Δi = 5 at 1 mm with a 5 mm margin
    expect(out[seed[0] + 5 + seed[1] * dims[0] + seed[2] * dims[0] * dims[1]]).toBe(1);
  });

  it('expandMask measures from the surface, not the centre: 5.9 mm along x reaches the voxel 6 mm away', () => {
    const dims: Vec3 = [17, 5, 5];
    const mask = new Uint8Array(17 * 25);
    mask[8 + 2 * 17 + 2 * 85] = 1;
    const out = expandMask(mask, { dimensions: dims, spacingMm: [1, 1, 1] }, [5.9, 0, 0]);
    // the seed's surface lies ½ voxel out, so the voxel at Δi = 6 (centre 6 mm away) is within 5.9 mm of it
    expect(out[14 + 2 * 17 + 2 * 85]).toBe(1);
    expect(out[15 + 2 * 17 + 2 * 85]).toBe(0);
  });

  it('expandMask(mask, [4, 0, 6]) does not grow along y at all (zero semi-axis)', () => {
    const dims: Vec3 = [11, 7, 7];
    const mask = new Uint8Array(11 * 7 * 7);
    const seed: Vec3 = [5, 3, 3];
    mask[5 + 3 * 11 + 3 * 77] = 1;
    const out = expandMask(mask, { dimensions: dims, spacingMm: [1, 1, 3] }, [4, 0, 6]);
    for (let v = 0; v < out.length; v++) if (out[v]) expect(Math.floor(v / 11) % 7).toBe(3);
    expectWithinSeedBounds(out, dims, [1, 1, 3], seed, [4, 0, 6]);
  });

  it('expandMask maps patient-axis margins through a permuted direction matrix', () => {
    // grid i runs along patient y, j along patient x
    const dims: Vec3 = [13, 9, 3];
    const geometry = { dimensions: dims, spacingMm: [1, 1, 1] as Vec3, originMm: [0, 0, 0] as Vec3, direction: [0, 1, 0, 1, 0, 0, 0, 0, 1] };
    const mask = new Uint8Array(13 * 9 * 3);
    mask[6 + 4 * 13 + 1 * 117] = 1;
    const out = expandMask(mask, geometry, [2, 5, 0]); // 2 mm along patient x (= j), 5 mm along patient y (= i)
    expectWithinSeedBounds(out, dims, [1, 1, 1], [6, 4, 1], [5, 2, 0]);
    expect(out[11 + 4 * 13 + 117]).toBe(1); // Δi = 5: within the 5 mm patient-y margin
    expect(out[6 + 7 * 13 + 117]).toBe(0); // Δj = 3: beyond the 2 mm patient-x margin
  });

  it('expandMask rejects negative margins, and unequal margins on an oblique grid; isotropic margins work on any grid', () => {
    const d: Vec3 = [5, 5, 5];
    const mask = new Uint8Array(125);
    mask[62] = 1;
    expect(() => expandMask(mask, { dimensions: d, spacingMm: [1, 1, 1] }, -1)).toThrow(expect.objectContaining({ code: 'bad-margin' }));
    expect(() => expandMask(mask, { dimensions: d, spacingMm: [1, 1, 1] }, [1, Number.NaN, 1])).toThrow(/margins/);
    const c = Math.SQRT1_2;
    const oblique = { dimensions: d, spacingMm: [1, 1, 1] as Vec3, direction: [c, c, 0, -c, c, 0, 0, 0, 1] };
    expect(() => expandMask(mask, oblique, [1, 2, 3])).toThrow(expect.objectContaining({ code: 'oblique-grid' }));
    expectWithinSeedBounds(expandMask(mask, oblique, 1), d, [1, 1, 1], [2, 2, 2], [1, 1, 1]);
    expect(Array.from(expandMask(mask, { dimensions: d, spacingMm: [1, 1, 1] }, 0))).toEqual(Array.from(mask));
    expect(countVoxels(expandMask(new Uint8Array(125), { dimensions: d, spacingMm: [1, 1, 1] }, 5))).toBe(0);
    expect(() => expandMask(mask, { dimensions: d, spacingMm: [1, 1, 1] }, 1, mask)).toThrow(/separate/);
  });
});
