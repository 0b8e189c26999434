import { InputError } from '../errors/InputError';
import type { GridGeometry } from '../geometry/Grid3';

/** Anatomical slice planes; on a grid they are the lattice planes closest to them (see slicePlaneAxes). */
export type SlicePlane = 'axial' | 'coronal' | 'sagittal';

/** Grid axes (0 = i, 1 = j, 2 = k) of a slice plane. */
export interface SlicePlaneAxes {
  /** The axis held fixed (the slice index counts along it). */
  readonly sliceAxis: 0 | 1 | 2;
  /** In-plane axes, lower first: the plane's columns (u) and rows (v). */
  readonly uAxis: 0 | 1 | 2;
  readonly vAxis: 0 | 1 | 2;
}

/** Patient axis normal to each plane: axial ⟂ z (S), coronal ⟂ y (P), sagittal ⟂ x (L). */
const NORMAL_PATIENT_AXIS: Record<SlicePlane, number> = { axial: 2, coronal: 1, sagittal: 0 };

/**
 * The grid axes of an anatomical plane: the slice axis is the grid axis whose direction is most nearly along
 * the plane's normal (patient z for axial, y for coronal, x for sagittal), so a standard axial CT grid gives
 * k for axial, j for coronal, i for sagittal, and a sagittally acquired grid maps correctly too. On oblique
 * grids the slices are the lattice planes closest to the anatomical plane (not resampled).
 * Throws InputError 'bad-plane'.
 */
export function slicePlaneAxes(geometry: GridGeometry, plane: SlicePlane): SlicePlaneAxes {
  const normal = NORMAL_PATIENT_AXIS[plane];
  if (normal === undefined) throw new InputError('bad-plane', `plane must be 'axial', 'coronal' or 'sagittal', got '${String(plane)}'`);
  const d = geometry.direction;
  let sliceAxis: 0 | 1 | 2 = 0;
  for (const a of [1, 2] as const) if (Math.abs(d[3 * a + normal]) > Math.abs(d[3 * sliceAxis + normal])) sliceAxis = a;
  const uAxis = sliceAxis === 0 ? 1 : 0;
  const vAxis = sliceAxis === 2 ? 1 : 2;
  return { sliceAxis, uAxis, vAxis };
}
