import { InputError } from '../errors/InputError';
import type { PointIjk, PointLps, Vec3 } from './points';

/**
 * Geometry of a regular 3D grid in DICOM patient coordinates (LPS, mm).
 * Voxel (i, j, k) has its centre at originMm + i·sx·u + j·sy·v + k·sz·w, where u, v, w are the
 * three unit vectors of `direction` = [ux, uy, uz, vx, vy, vz, wx, wy, wz] (u = DICOM row direction,
 * i.e. increasing column index; v = column direction; w = slice direction).
 */
export interface GridGeometry {
  readonly dimensions: readonly [number, number, number];
  readonly spacingMm: Vec3;
  /** Centre of voxel (0, 0, 0) in patient mm. */
  readonly originMm: Vec3;
  readonly direction: readonly number[];
}

/** A scalar field on a grid; data index = i + j·nx + k·nx·ny (x fastest). Units are in the owner's name (e.g. doseGy). */
export interface Grid3<T extends Float32Array | Uint8Array | Int16Array = Float32Array> extends GridGeometry {
  readonly data: T;
}

export const IDENTITY_DIRECTION: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Row-major 3×4 affine matrices for index → patient mm and back. */
export interface GridTransforms {
  readonly indexToWorld: Float64Array;
  readonly worldToIndex: Float64Array;
}

/** Number of voxels of a grid geometry. */
export function voxelCount(geometry: GridGeometry): number {
  const [nx, ny, nz] = geometry.dimensions;
  return nx * ny * nz;
}

/** Volume of one voxel in cm³ (cc). */
export function voxelVolumeCc(geometry: GridGeometry): number {
  const [sx, sy, sz] = geometry.spacingMm;
  return (sx * sy * sz) / 1000;
}

/**
 * Checks a geometry: positive integer dimensions, positive finite spacing, finite origin, and an
 * orthonormal direction matrix (tolerance 1e-4). Throws InputError naming the bad value.
 */
export function validateGridGeometry(geometry: GridGeometry, what = 'grid'): void {
  const { dimensions, spacingMm, originMm, direction } = geometry;
  if (dimensions.length !== 3 || dimensions.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new InputError('bad-dimensions', `${what}: dimensions must be three positive integers, got [${dimensions.join(', ')}]`);
  }
  if (spacingMm.length !== 3 || spacingMm.some((s) => !Number.isFinite(s) || s <= 0)) {
    throw new InputError('bad-spacing', `${what}: spacing must be three positive mm values, got [${spacingMm.join(', ')}]`);
  }
  if (originMm.length !== 3 || originMm.some((o) => !Number.isFinite(o))) {
    throw new InputError('bad-origin', `${what}: origin must be three finite mm values, got [${originMm.join(', ')}]`);
  }
  if (direction.length !== 9 || direction.some((d) => !Number.isFinite(d))) {
    throw new InputError('bad-direction', `${what}: direction must be 9 finite numbers, got [${direction.join(', ')}]`);
  }
  for (let a = 0; a < 3; a++) {
    for (let b = a; b < 3; b++) {
      const dot = direction[3 * a] * direction[3 * b] + direction[3 * a + 1] * direction[3 * b + 1] + direction[3 * a + 2] * direction[3 * b + 2];
      if (Math.abs(dot - (a === b ? 1 : 0)) > 1e-4) {
        throw new InputError('bad-direction', `${what}: direction cosines are not orthonormal: [${direction.join(', ')}]`);
      }
    }
  }
}

/** Builds the index ↔ world affine matrices once; use them in loops instead of calling helpers per voxel. */
export function gridTransforms(geometry: GridGeometry): GridTransforms {
  const [sx, sy, sz] = geometry.spacingMm;
  const d = geometry.direction;
  const [ox, oy, oz] = geometry.originMm;
  // Column a of the linear part is spacing[a] · axis a.
  const indexToWorld = new Float64Array([
    d[0] * sx, d[3] * sy, d[6] * sz, ox,
    d[1] * sx, d[4] * sy, d[7] * sz, oy,
    d[2] * sx, d[5] * sy, d[8] * sz, oz,
  ]);
  // Orthonormal direction: inverse of (D·S) is S⁻¹·Dᵀ.
  const worldToIndex = new Float64Array(12);
  const spacing = [sx, sy, sz];
  for (let a = 0; a < 3; a++) {
    const ax = d[3 * a] / spacing[a];
    const ay = d[3 * a + 1] / spacing[a];
    const az = d[3 * a + 2] / spacing[a];
    worldToIndex[4 * a] = ax;
    worldToIndex[4 * a + 1] = ay;
    worldToIndex[4 * a + 2] = az;
    worldToIndex[4 * a + 3] = -(ax * ox + ay * oy + az * oz);
  }
  return { indexToWorld, worldToIndex };
}

/** Patient-mm position of a (possibly fractional) voxel index. */
export function indexToWorld(geometry: GridGeometry, ijk: PointIjk): PointLps {
  const m = gridTransforms(geometry).indexToWorld;
  return applyAffine(m, ijk.i, ijk.j, ijk.k, (x, y, z) => ({ xMm: x, yMm: y, zMm: z }));
}

/** Continuous voxel index of a patient-mm point (may lie outside the grid). */
export function worldToIndex(geometry: GridGeometry, p: PointLps): PointIjk {
  const m = gridTransforms(geometry).worldToIndex;
  return applyAffine(m, p.xMm, p.yMm, p.zMm, (i, j, k) => ({ i, j, k }));
}

function applyAffine<T>(m: Float64Array, a: number, b: number, c: number, make: (x: number, y: number, z: number) => T): T {
  return make(
    m[0] * a + m[1] * b + m[2] * c + m[3],
    m[4] * a + m[5] * b + m[6] * c + m[7],
    m[8] * a + m[9] * b + m[10] * c + m[11],
  );
}

/** A new Float32 grid with the given geometry, filled with `fill` (default 0). */
export function createGrid(geometry: GridGeometry, fill = 0): Grid3 {
  validateGridGeometry(geometry);
  const data = new Float32Array(voxelCount(geometry));
  if (fill !== 0) data.fill(fill);
  return { ...pickGeometry(geometry), data };
}

/** Copies only the geometry fields (drops data), e.g. to build another grid on the same lattice. */
export function pickGeometry(geometry: GridGeometry): GridGeometry {
  return {
    dimensions: [...geometry.dimensions] as [number, number, number],
    spacingMm: [...geometry.spacingMm] as unknown as Vec3,
    originMm: [...geometry.originMm] as unknown as Vec3,
    direction: [...geometry.direction],
  };
}

/** True when the slice (w) axis is the patient z axis (±), i.e. axial planes; contours are then planar in z. */
export function hasAxialSlices(geometry: GridGeometry, toleranceCos = 1e-3): boolean {
  return Math.abs(Math.abs(geometry.direction[8]) - 1) < toleranceCos;
}
