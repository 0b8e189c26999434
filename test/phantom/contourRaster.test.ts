import { describe, expect, it } from 'vitest';
import { contourRaster } from '../../src/phantom/contourRaster';
import { polygonSignedAreaMm2 } from '../../src/phantom/ellipsePolygon';
import type { PlaneRaster } from '../../src/phantom/implicitPrimitives';

function sample(raster: PlaneRaster, f: (x: number, y: number) => number): Float64Array {
  const field = new Float64Array(raster.nx * raster.ny);
  for (let j = 0; j < raster.ny; j++) for (let i = 0; i < raster.nx; i++) field[i + j * raster.nx] = f(raster.x0Mm + i * raster.stepXMm, raster.y0Mm + j * raster.stepYMm);
  return field;
}

// Unequal steps and an off-centre raster so that x/y mix-ups and half-cell offsets fail.
const raster: PlaneRaster = { x0Mm: -20.3, y0Mm: -11.1, stepXMm: 0.5, stepYMm: 0.8, nx: 90, ny: 40 };

describe('contourRaster', () => {
  it('contourRaster(circle field) puts vertices on the circle (linear interpolation of an exact distance)', () => {
    const [cx, cy, r] = [3.2, 2.1, 7.3];
    const rings = contourRaster(sample(raster, (x, y) => Math.hypot(x - cx, y - cy) - r), raster, 12.5);
    expect(rings).toHaveLength(1);
    expect(rings[0].zMm).toBe(12.5);
    const xy = rings[0].xyMm;
    // Interpolating a distance field along a grid edge errs by ≤ h²/(8r) ≈ 0.011 mm for h = 0.8 mm, r = 7.3 mm.
    for (let i = 0; i < xy.length; i += 2) expect(Math.abs(Math.hypot(xy[i] - cx, xy[i + 1] - cy) - r)).toBeLessThan(0.02);
    // Inside on the left: a counter-clockwise outer ring has positive area close to πr².
    expect(polygonSignedAreaMm2(xy) / (Math.PI * r * r)).toBeGreaterThan(0.995);
  });

  it('contourRaster(annulus field) gives an outer ring and a hole of opposite orientation', () => {
    const rings = contourRaster(sample(raster, (x, y) => Math.abs(Math.hypot(x, y) - 6) - 2), raster, 0);
    expect(rings).toHaveLength(2);
    const areas = rings.map((c) => polygonSignedAreaMm2(c.xyMm)).sort((a, b) => a - b);
    // Outer radius 8 counter-clockwise, inner radius 4 clockwise.
    expect(areas[0]).toBeCloseTo(-Math.PI * 16, 0);
    expect(areas[1]).toBeCloseTo(Math.PI * 64, 0);
  });

  it('contourRaster(all outside) returns [] and a field touching the raster border is closed along the border', () => {
    expect(contourRaster(sample(raster, () => 1), raster, 0)).toEqual([]);
    const touching = contourRaster(sample(raster, () => -1), raster, 0);
    expect(touching).toHaveLength(1);
    // Border samples count as outside: the ring runs through the border samples (value clamped to +1e-9).
    const xs = Array.from(touching[0].xyMm.filter((_, i) => i % 2 === 0));
    expect(Math.min(...xs)).toBeCloseTo(raster.x0Mm, 6);
  });

  it('contourRaster(saddle) joins diagonal corners only when the cell centre is inside', () => {
    const small: PlaneRaster = { x0Mm: 0, y0Mm: 0, stepXMm: 1, stepYMm: 1, nx: 4, ny: 4 };
    // Inner 2×2 block: (1,1) and (2,2) inside (−a), (2,1) and (1,2) outside (+b); the saddle cell's
    // centre average (−2a + 2b)/4 decides whether the two inside corners connect.
    const saddle = (inside: number, outside: number): Float64Array => {
      const f = new Float64Array(16).fill(5);
      f[1 + 4] = -inside;
      f[2 + 8] = -inside;
      f[2 + 4] = outside;
      f[1 + 8] = outside;
      return f;
    };
    expect(contourRaster(saddle(1, 2), small, 0)).toHaveLength(2); // centre +0.5: separate blobs
    expect(contourRaster(saddle(3, 1), small, 0)).toHaveLength(1); // centre −1: one region
  });
});
