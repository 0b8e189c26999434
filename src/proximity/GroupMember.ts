import type { GridGeometry } from '../geometry/Grid3';
import type { BoxMm } from './BoxMm';
import type { PreparedStructure } from './PreparedStructure';
import { rasterizeStructure, rasterizeStructureFractions } from './rasterizeStructure';

/** One part of an organ group, as the distance measurement sees it. */
export interface GroupMember {
  /** Reported as the nearest structure. */
  readonly name: string;
  /** Holds every point of the member, mm. */
  readonly boundsMm: BoxMm;
  /** Points of the member's surface, x, y, z triples, mm, for an upper bound of its distance (built on first use). */
  surfacePoints(): Float64Array;
  /**
   * True when every surface point is certainly a point of the member (contour vertices), so distances to
   * them are true upper bounds; false for derived members, whose bound is only an estimate (the measurement
   * then checks its search box and widens it when needed).
   */
  readonly exactSurfacePoints: boolean;
  /** Binary mask (0/1) of the member on an axis-aligned analysis grid. */
  rasterize(grid: GridGeometry): Uint8Array;
  /** Fraction (0..1) of each voxel of an axis-aligned analysis grid inside the member, for sub-voxel surfaces. */
  fractions(grid: GridGeometry): Float32Array;
}

/** A contoured structure as a group member. */
export function structureMember(structure: PreparedStructure): GroupMember {
  return {
    name: structure.name,
    boundsMm: structure.boundsMm,
    // Outline vertices (simplified within 0.05 mm) are structure points too, and far fewer.
    surfacePoints: () => structure.outlineVertices(),
    exactSurfacePoints: true,
    rasterize: (grid) => rasterizeStructure(structure, grid),
    fractions: (grid) => rasterizeStructureFractions(structure, grid),
  };
}
