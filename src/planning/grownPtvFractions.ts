import { singlePlaneSpacingOption } from '../case/structureSetPlaneSpacingMm';
import { buildPtvMask, validatePtvMarginMm } from '../proximity/buildPtv';
import type { GridGeometry } from '../geometry/Grid3';
import type { PlanarContour } from '../model/Structure';
import { averageToHalfLattice } from '../proximity/averageToHalfLattice';
import { boxExpand } from '../proximity/BoxMm';
import { latticeGrid } from '../proximity/latticeGrid';
import { maskToFullGrid } from '../voxelize/StructureMask';
import { voxelizeStructure } from '../voxelize/voxelizeStructure';
import { contoursBoxMm } from './planningDoseGeometry';
import { InputError } from '../errors/InputError';

/** Body contour planes kept beyond the fine box along z, mm: the slab end caps then fall outside the box. */
const BODY_Z_PAD_MM = 10;

/**
 * Partial-volume PTV fractions on a lattice dose grid (latticeGrid, identity direction) for a PTV grown from a
 * GTV/ITV: the target is voxelised on a local lattice of half the dose spacing (fraction ≥ ½ = inside), expanded
 * by the margin (buildPtvMask: exact EDT, sub-voxel surface), clipped to the body there, and averaged to the dose
 * lattice (averageToHalfLattice, [¼, ½, ¼] weights), so the surface is resolved to ½ dose voxel instead of a whole one.
 * Returns a dose-grid-sized Float32Array (0..1). Throws InputError 'empty-structure' for no contours, 'bad-margin'.
 * @param bodyContours body contours, or null (no clipping)
 * @param marginMm isotropic GTV/ITV → PTV margin, mm
 * @param setSpacingMm plane spacing of the structure set (structureSetPlaneSpacingMm): slab thickness of a target
 *   drawn on a single plane (a nodule smaller than the slice spacing)
 */
export function grownPtvFractions(
  targetContours: readonly PlanarContour[],
  bodyContours: readonly PlanarContour[] | null,
  doseGeometry: GridGeometry,
  marginMm: number,
  setSpacingMm?: number,
): Float32Array {
  validatePtvMarginMm(marginMm);
  const targetBox = contoursBoxMm(targetContours);
  if (!targetBox) throw new InputError('empty-structure', 'PTV growth: the target has no contours');
  const s = doseGeometry.spacingMm[0];
  const box = boxExpand(targetBox, marginMm + 3 * s);
  const fine = latticeGrid(box, s / 2);
  const local = latticeGrid(box, s);
  const target = maskToFullGrid(voxelizeStructure(targetContours, fine, singlePlaneSpacingOption(targetContours, setSpacingMm)));
  const targetBinary = new Uint8Array(target.length);
  for (let v = 0; v < target.length; v++) targetBinary[v] = target[v] >= 0.5 ? 1 : 0;
  let body: Uint8Array | null = null;
  if (bodyContours) {
    const z0 = box.min[2] - BODY_Z_PAD_MM;
    const z1 = box.max[2] + BODY_Z_PAD_MM;
    const near = bodyContours.filter((c) => c.zMm >= z0 && c.zMm <= z1);
    body = new Uint8Array(target.length);
    if (near.length > 0) {
      const f = maskToFullGrid(voxelizeStructure(near, fine));
      for (let v = 0; v < f.length; v++) body[v] = f[v] >= 0.5 ? 1 : 0;
    }
  }
  const ptvFine = buildPtvMask(targetBinary, fine, marginMm, body);
  const ptvFineFractions = new Float32Array(ptvFine.length);
  for (let v = 0; v < ptvFine.length; v++) ptvFineFractions[v] = ptvFine[v];
  const ptvLocal = averageToHalfLattice(ptvFineFractions, fine, local);
  return pasteLatticeWindow(ptvLocal, local, doseGeometry);
}

/** Copies a field on a lattice grid into a dose-sized array of another lattice grid with the same spacing (parts outside dropped). */
export function pasteLatticeWindow(field: Float32Array, from: GridGeometry, to: GridGeometry): Float32Array {
  const out = new Float32Array(to.dimensions[0] * to.dimensions[1] * to.dimensions[2]);
  const offset = [0, 1, 2].map((a) => Math.round((from.originMm[a] - to.originMm[a]) / to.spacingMm[a]));
  const [fx, fy, fz] = from.dimensions;
  const [tx, ty, tz] = to.dimensions;
  for (let k = 0; k < fz; k++) {
    const tk = k + offset[2];
    if (tk < 0 || tk >= tz) continue;
    for (let j = 0; j < fy; j++) {
      const tj = j + offset[1];
      if (tj < 0 || tj >= ty) continue;
      for (let i = 0; i < fx; i++) {
        const ti = i + offset[0];
        if (ti < 0 || ti >= tx) continue;
        const f = field[i + j * fx + k * fx * fy];
        if (f > 0) out[ti + tj * tx + tk * tx * ty] = Math.min(1, f);
      }
    }
  }
  return out;
}
