import type { PlanarContour } from '../model/Structure';
import { polygonSignedAreaMm2 } from './ellipsePolygon';
import type { PlaneRaster } from './implicitPrimitives';

/** Reusable work arrays for contourRaster (for rasters of up to `sampleCount` samples). */
export interface ContourScratch {
  readonly inside: Uint8Array;
  readonly next: Int32Array;
}

/** Work arrays for rasters of up to sampleCount samples; pass them to many contourRaster calls to avoid garbage. */
export function createContourScratch(sampleCount: number): ContourScratch {
  return { inside: new Uint8Array(sampleCount), next: new Int32Array(2 * sampleCount) };
}

/** Rings smaller than this fraction of one raster cell are dropped as degenerate. */
const MIN_RING_AREA_FRACTION = 1e-3;

/**
 * Iso-contours (level 0) of a signed-distance field sampled on a plane raster, as PlanarContours in patient mm.
 * Sample (i, j) sits at (x0 + i·stepX, y0 + j·stepY); values ≤ 0 are inside. Marching squares with linear
 * interpolation along cell edges; saddle cells are resolved by the cell-centre average. Rings keep the inside
 * on their left (counter-clockwise outer rings in x, y; clockwise holes); several rings on one plane combine by
 * the even-odd rule. Rings under 0.001 cell in area are dropped. Raster border samples are treated as outside so that every ring closes.
 * Typed arrays only (one Int32Array link per cell edge), no per-cell allocation; only cells around the
 * inside samples' bounding box are visited.
 */
export function contourRaster(signedDistanceMm: Float64Array, raster: PlaneRaster, zMm: number, scratch?: ContourScratch): PlanarContour[] {
  const { nx, ny } = raster;
  if (nx < 3 || ny < 3) return [];
  const work = scratch && scratch.inside.length >= nx * ny ? scratch : createContourScratch(nx * ny);
  const inside = work.inside.subarray(0, nx * ny);
  inside.fill(0);
  let iMin = nx;
  let iMax = -1;
  let jMin = ny;
  let jMax = -1;
  for (let j = 1; j < ny - 1; j++) {
    for (let i = 1, c = j * nx + 1; i < nx - 1; i++, c++) {
      if (signedDistanceMm[c] <= 0) {
        inside[c] = 1;
        if (i < iMin) iMin = i;
        if (i > iMax) iMax = i;
        if (j < jMin) jMin = j;
        if (j > jMax) jMax = j;
      }
    }
  }
  if (iMax < 0) return [];
  const horizontalCount = (nx - 1) * ny;
  const edgeCount = horizontalCount + nx * (ny - 1);
  const next = work.next.subarray(0, edgeCount);
  next.fill(-1);
  // Exit edges in scan order: ring tracing starts from these (deterministic order, no full edge scan).
  let starts = new Int32Array(1024);
  let startCount = 0;
  const addStart = (edge: number): void => {
    if (startCount === starts.length) {
      const grown = new Int32Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[startCount++] = edge;
  };
  // Only cells touching the inside bounding box can have crossings.
  for (let j = jMin - 1; j <= jMax; j++) {
    const row = j * nx;
    for (let i = iMin - 1; i <= iMax; i++) {
      const c = row + i;
      // Corner bits: v0 = (i, j), v1 = (i+1, j), v2 = (i+1, j+1), v3 = (i, j+1).
      const bits = inside[c] | (inside[c + 1] << 1) | (inside[c + nx + 1] << 2) | (inside[c + nx] << 3);
      if (bits === 0 || bits === 15) continue;
      // Edges in counter-clockwise order: bottom (v0→v1), right (v1→v2), top (v2→v3), left (v3→v0).
      const e0 = j * (nx - 1) + i;
      const e1 = horizontalCount + row + i + 1;
      const e2 = e0 + (nx - 1);
      const e3 = horizontalCount + row + i;
      if (bits === 5 || bits === 10) {
        // Saddle: centre inside → each exit joins the next edge ccw; else the previous one.
        const centre = signedDistanceMm[c] + signedDistanceMm[c + 1] + signedDistanceMm[c + nx + 1] + signedDistanceMm[c + nx];
        const centreInside = centre <= 0;
        if (bits === 5) {
          // v0, v2 inside: exits on e0 (v0→v1) and e2 (v2→v3).
          next[e0] = centreInside ? e1 : e3;
          next[e2] = centreInside ? e3 : e1;
          addStart(e0);
          addStart(e2);
        } else {
          // v1, v3 inside: exits on e1 (v1→v2) and e3 (v3→v0).
          next[e1] = centreInside ? e2 : e0;
          next[e3] = centreInside ? e0 : e2;
          addStart(e1);
          addStart(e3);
        }
        continue;
      }
      // One exit (inside→outside along the ccw walk) and one entry (outside→inside).
      const b0 = bits & 1;
      const b1 = (bits >> 1) & 1;
      const b2 = (bits >> 2) & 1;
      const b3 = (bits >> 3) & 1;
      const from = b0 && !b1 ? e0 : b1 && !b2 ? e1 : b2 && !b3 ? e2 : e3;
      const to = !b0 && b1 ? e0 : !b1 && b2 ? e1 : !b2 && b3 ? e2 : e3;
      next[from] = to;
      addStart(from);
    }
  }
  const result: PlanarContour[] = [];
  const xy: number[] = [];
  for (let s = 0; s < startCount; s++) {
    let e = starts[s];
    if (next[e] < 0) continue;
    xy.length = 0;
    // Visited edges get next = −2, which ends the walk when the ring closes.
    while (e >= 0) {
      pushEdgePoint(e, xy, signedDistanceMm, inside, raster, horizontalCount);
      const following = next[e];
      next[e] = -2;
      e = following;
    }
    // Rings of (near) zero area come from samples exactly on the level; they enclose nothing.
    if (xy.length >= 6 && Math.abs(polygonSignedAreaMm2(xy)) > MIN_RING_AREA_FRACTION * raster.stepXMm * raster.stepYMm) {
      result.push({ zMm, xyMm: Float64Array.from(xy) });
    }
  }
  return result;
}

function pushEdgePoint(edge: number, xy: number[], field: Float64Array, inside: Uint8Array, raster: PlaneRaster, horizontalCount: number): void {
  const { nx } = raster;
  let i0: number;
  let j0: number;
  let di = 0;
  let dj = 0;
  if (edge < horizontalCount) {
    j0 = Math.floor(edge / (nx - 1));
    i0 = edge - j0 * (nx - 1);
    di = 1;
  } else {
    const e = edge - horizontalCount;
    j0 = Math.floor(e / nx);
    i0 = e - j0 * nx;
    dj = 1;
  }
  const c0 = i0 + j0 * nx;
  const c1 = c0 + di + dj * nx;
  // Border samples count as outside; if the field says otherwise the crossing sits on the border sample.
  const a = inside[c0] ? field[c0] : Math.max(field[c0], 1e-9);
  const b = inside[c1] ? field[c1] : Math.max(field[c1], 1e-9);
  const t = a === b ? 0.5 : a / (a - b);
  xy.push(raster.x0Mm + (i0 + t * di) * raster.stepXMm, raster.y0Mm + (j0 + t * dj) * raster.stepYMm);
}
