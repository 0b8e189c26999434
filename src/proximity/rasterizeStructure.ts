import type { GridGeometry } from '../geometry/Grid3';
import type { StructureMask } from '../voxelize/StructureMask';
import { voxelizeStructure } from '../voxelize/voxelizeStructure';
import { binaryFromStructureMask } from './binaryFromStructureMask';
import { boxExpand, boxIntersection } from './BoxMm';
import { contoursInBox } from './contoursInBox';
import { fullGridFractions } from './fullGridFractions';
import { gridBoxMm } from './latticeGrid';
import type { PreparedStructure } from './PreparedStructure';

/**
 * Outline simplification tolerance as a fraction of the grid spacing: the surface moves by ≤ 0.05 voxel
 * (0.05 mm on a 1 mm grid), small beside the voxelisation's own sampling.
 */
const SIMPLIFY_TOLERANCE_VOXELS = 0.05;
/**
 * Sub-rows per voxel row in the voxeliser: 8 sub-rows put a boundary voxel's fraction within about ±1/16
 * (the default adapts up to 64 for tiny sections, far more than distances need).
 */
const SUB_ROWS = 8;

/**
 * Partial-volume voxelisation (voxelizeStructure, the structure's own slab model) of only the contours that
 * reach an axis-aligned analysis grid (contoursInBox: clip border two voxels outside the grid, outlines
 * simplified within 0.05 voxel); null when the structure misses the grid.
 */
function voxelizeOnGrid(structure: PreparedStructure, grid: GridGeometry): StructureMask | null {
  const gridBox = gridBoxMm(grid);
  if (boxIntersection(gridBox, structure.boundsMm) === null) return null;
  const spacing = grid.spacingMm;
  const contours = contoursInBox(structure, boxExpand(gridBox, [2 * spacing[0], 2 * spacing[1], 2 * spacing[2]]), SIMPLIFY_TOLERANCE_VOXELS * Math.min(spacing[0], spacing[1]));
  if (contours.length === 0) return null;
  return voxelizeStructure(contours, grid, { contourSpacingMm: structure.contourSpacingMm, structureName: structure.name, supersampling: SUB_ROWS });
}

/** Binary mask (fraction ≥ ½, binaryFromStructureMask) of a structure on an analysis grid; all zero when it misses the grid. */
export function rasterizeStructure(structure: PreparedStructure, grid: GridGeometry): Uint8Array {
  const mask = voxelizeOnGrid(structure, grid);
  const [nx, ny, nz] = grid.dimensions;
  return mask === null ? new Uint8Array(nx * ny * nz) : binaryFromStructureMask(mask);
}

/** Partial-volume fractions (0..1, whole grid) of a structure on an analysis grid; all zero when it misses the grid. */
export function rasterizeStructureFractions(structure: PreparedStructure, grid: GridGeometry): Float32Array {
  const mask = voxelizeOnGrid(structure, grid);
  const [nx, ny, nz] = grid.dimensions;
  return mask === null ? new Float32Array(nx * ny * nz) : fullGridFractions(mask);
}

/** Both at once (one voxelisation): the binary mask and the partial-volume fractions. */
export function rasterizeStructureBoth(structure: PreparedStructure, grid: GridGeometry): { mask: Uint8Array; fractions: Float32Array } {
  const mask = voxelizeOnGrid(structure, grid);
  const [nx, ny, nz] = grid.dimensions;
  if (mask === null) return { mask: new Uint8Array(nx * ny * nz), fractions: new Float32Array(nx * ny * nz) };
  return { mask: binaryFromStructureMask(mask), fractions: fullGridFractions(mask) };
}
