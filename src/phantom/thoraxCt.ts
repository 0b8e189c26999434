import { createGrid, type Grid3, type GridGeometry } from '../geometry/Grid3';
import { InputError } from '../errors/InputError';
import type { EllipsoidShape } from './ellipsoidContours';
import { FAR_OUTSIDE_MM, rasterizeSubtract, rasterizeUnionMin, type PlaneRaster } from './implicitPrimitives';
import {
  AIRWAY_LUMEN_PRIMITIVES,
  BODY,
  evaluateLungField,
  evaluateMediastinalEnvelope,
  HOUNSFIELD,
  LUNG_Z_RANGE_MM,
  RIB_PRIMITIVES,
  SPINAL_CANAL_PRIMITIVE,
  SPINE_BONE_PRIMITIVES,
} from './thoraxAnatomy';

/**
 * Synthetic CT (HU) of the demo thorax on an axial, identity-direction grid: air −1000 outside BODY, soft tissue
 * 40, lung −800, airway lumen −1000, bone 700 (vertebra, neural arch, spinous process, ribs), nodules 20.
 * Each voxel is classified at its centre from the same signed-distance functions as the contours, so CT and
 * contours agree (up to the marching-squares interpolation of the lung contours, < 0.1 mm). Deterministic.
 * Throws InputError for a non-identity direction.
 */
export function buildThoraxCt(geometry: GridGeometry, nodules: readonly EllipsoidShape[]): Grid3 {
  const d = geometry.direction;
  for (let i = 0; i < 9; i++) {
    if (Math.abs(d[i] - (i % 4 === 0 ? 1 : 0)) > 1e-9) throw new InputError('bad-direction', `demo CT needs the identity direction, got [${d.join(', ')}]`);
  }
  const grid = createGrid(geometry, HOUNSFIELD.air);
  const [nx, ny, nz] = geometry.dimensions;
  const [sx, sy, sz] = geometry.spacingMm;
  const [ox, oy, oz] = geometry.originMm;
  const raster: PlaneRaster = { x0Mm: ox, y0Mm: oy, stepXMm: sx, stepYMm: sy, nx, ny };
  const n = nx * ny;
  const envelope = new Float64Array(n);
  const lungLeft = new Float64Array(n);
  const lungRight = new Float64Array(n);
  const bone = new Float64Array(n);
  const lumen = new Float64Array(n);
  const data = grid.data;
  const invA2 = 1 / (BODY.semiAxisXMm * BODY.semiAxisXMm);
  const invB2 = 1 / (BODY.semiAxisYMm * BODY.semiAxisYMm);
  const margin = 3 + 2 * Math.max(sx, sy);
  const { softTissue, lung, air, bone: boneHu } = HOUNSFIELD;
  const lungZMin = LUNG_Z_RANGE_MM.minMm;
  const lungZMax = LUNG_Z_RANGE_MM.maxMm;
  const bodyZMin = BODY.zMinMm;
  const bodyZMax = BODY.zMaxMm;
  for (let k = 0; k < nz; k++) {
    const z = oz + k * sz;
    if (z < bodyZMin || z > bodyZMax) continue;
    const hasLungs = z >= lungZMin && z <= lungZMax;
    if (hasLungs) {
      evaluateMediastinalEnvelope(z, raster, envelope);
      evaluateLungField('left', z, raster, envelope, lungLeft);
      evaluateLungField('right', z, raster, envelope, lungRight);
    }
    bone.fill(FAR_OUTSIDE_MM);
    for (const p of SPINE_BONE_PRIMITIVES) rasterizeUnionMin(p, z, raster, bone, 0, margin);
    for (const rib of RIB_PRIMITIVES) for (const p of rib) rasterizeUnionMin(p, z, raster, bone, 0, margin);
    rasterizeSubtract(SPINAL_CANAL_PRIMITIVE, z, raster, bone, margin);
    lumen.fill(FAR_OUTSIDE_MM);
    for (const p of AIRWAY_LUMEN_PRIMITIVES) rasterizeUnionMin(p, z, raster, lumen, 0, margin);
    const sliceOffset = k * n;
    for (let j = 0; j < ny; j++) {
      const y = oy + j * sy;
      const yTerm = y * y * invB2;
      const row = j * nx;
      for (let i = 0; i < nx; i++) {
        const x = ox + i * sx;
        if (x * x * invA2 + yTerm > 1) continue;
        const c = row + i;
        let hu: number = softTissue;
        if (hasLungs && (lungLeft[c] <= 0 || lungRight[c] <= 0)) hu = lung;
        if (lumen[c] <= 0) hu = air;
        if (bone[c] <= 0) hu = boneHu;
        data[sliceOffset + c] = hu;
      }
    }
  }
  for (const nodule of nodules) paintEllipsoidHu(grid, nodule, HOUNSFIELD.nodule);
  return grid;
}

/**
 * Sets every voxel whose centre lies inside the ellipsoid to `hu`, in place (identity-direction grids only).
 * Used for nodules, which sit inside lung tissue.
 */
export function paintEllipsoidHu(grid: Grid3, shape: EllipsoidShape, hu: number): void {
  const [nx, ny, nz] = grid.dimensions;
  const [sx, sy, sz] = grid.spacingMm;
  const [ox, oy, oz] = grid.originMm;
  const [cx, cy, cz] = shape.centerMm;
  const [rx, ry, rz] = shape.radiiMm;
  const iLow = Math.max(0, Math.ceil((cx - rx - ox) / sx));
  const iHigh = Math.min(nx - 1, Math.floor((cx + rx - ox) / sx));
  const jLow = Math.max(0, Math.ceil((cy - ry - oy) / sy));
  const jHigh = Math.min(ny - 1, Math.floor((cy + ry - oy) / sy));
  const kLow = Math.max(0, Math.ceil((cz - rz - oz) / sz));
  const kHigh = Math.min(nz - 1, Math.floor((cz + rz - oz) / sz));
  for (let k = kLow; k <= kHigh; k++) {
    const uz = (oz + k * sz - cz) / rz;
    for (let j = jLow; j <= jHigh; j++) {
      const uy = (oy + j * sy - cy) / ry;
      const base = k * nx * ny + j * nx;
      for (let i = iLow; i <= iHigh; i++) {
        const ux = (ox + i * sx - cx) / rx;
        if (ux * ux + uy * uy + uz * uz <= 1) grid.data[base + i] = hu;
      }
    }
  }
}
