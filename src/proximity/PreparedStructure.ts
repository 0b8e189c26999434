import type { PlanarContour, Structure } from '../model/Structure';
import type { StructureRole } from '../model/StructureRole';
import { contourSlabs, type ContourSlab } from '../voxelize/contourSlabs';
import { evenOddAreaMm2 } from '../voxelize/polygonArea';
import type { BoxMm } from './BoxMm';
import { simplifyPolygon } from './simplifyPolygon';

/**
 * A structure with what proximity work needs computed once per case: its slab model (contourSlabs,
 * ½-slice end caps, the set's plane spacing for single-plane structures), bounds, vertices and volume.
 */
export interface PreparedStructure {
  readonly name: string;
  readonly role: StructureRole;
  readonly contours: readonly PlanarContour[];
  /** Slabs sorted by z (contourSlabs). */
  readonly slabs: readonly ContourSlab[];
  /** Plane spacing used for end caps and gaps, mm; passed again whenever a subset of planes is voxelised. */
  readonly contourSpacingMm: number;
  /** x, y from the vertices; z from the slab limits (end caps included). */
  readonly boundsMm: BoxMm;
  /** Every contour vertex as x, y, z triples (points of the structure's surface). */
  readonly vertices: Float64Array;
  /** Σ even-odd area × slab thickness, cc (same model as structureVolumeCc). */
  readonly volumeCc: number;
  /**
   * The polygons of slab `index` simplified within RASTER_TOLERANCE_MM (simplifyPolygon), with their boxes
   * [xMin, yMin, xMax, yMax], for voxelisation (contoursInBox). Computed on first use per slab, then kept.
   */
  rasterPolygons(index: number): readonly RasterPolygon[];
  /**
   * The vertices of every rasterPolygons outline (x, y, z triples): a subset of `vertices` (simplification
   * keeps original vertices), so still points of the structure, far fewer for finely drawn smooth outlines.
   * Computed on first use, then kept.
   */
  outlineVertices(): Float64Array;
}

/** A polygon prepared for voxelisation. */
export interface RasterPolygon {
  readonly zMm: number;
  readonly xyMm: Float64Array;
  readonly box: readonly [number, number, number, number];
}

/**
 * Outline tolerance of the polygons used for voxelisation, mm: far below the ½-voxel sampling of a 1 mm mask,
 * and it removes most vertices of finely sampled smooth outlines (a 150 mm radius curve drawn every 1 mm keeps
 * a vertex every ~8 mm).
 */
export const RASTER_TOLERANCE_MM = 0.05;

/**
 * Prepares a structure. `setSpacingMm` (structureSetPlaneSpacingMm) is the slab thickness of a structure
 * drawn on one plane. Returns null when the structure has no contours. Throws InputError as contourSlabs
 * does (NaN coordinates, odd coordinate lists, single plane without a set spacing).
 */
export function prepareStructure(structure: Pick<Structure, 'name' | 'role' | 'contours'>, setSpacingMm: number | undefined): PreparedStructure | null {
  const contours = structure.contours;
  if (contours.length === 0) return null;
  const z0 = contours[0].zMm;
  const singlePlane = contours.every((c) => Math.abs(c.zMm - z0) <= 0.01);
  const { slabs, contourSpacingMm } = contourSlabs(contours, {
    structureName: structure.name,
    ...(singlePlane && setSpacingMm !== undefined ? { contourSpacingMm: setSpacingMm } : {}),
  });
  let vertexCount = 0;
  for (const c of contours) vertexCount += c.xyMm.length >> 1;
  const vertices = new Float64Array(3 * vertexCount);
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  let p = 0;
  for (const c of contours) {
    const xy = c.xyMm;
    for (let q = 0; q < xy.length; q += 2) {
      const x = xy[q];
      const y = xy[q + 1];
      vertices[p++] = x;
      vertices[p++] = y;
      vertices[p++] = c.zMm;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  let volumeMm3 = 0;
  for (const slab of slabs) volumeMm3 += evenOddAreaMm2(slab.contours) * (slab.zHiMm - slab.zLoMm);
  const rasterCache: (readonly RasterPolygon[] | undefined)[] = new Array(slabs.length);
  const rasterPolygons = (index: number): readonly RasterPolygon[] => (rasterCache[index] ??= slabs[index].contours.map(rasterPolygon));
  let outline: Float64Array | null = null;
  const outlineVertices = (): Float64Array => {
    if (outline !== null) return outline;
    const list: number[] = [];
    for (let index = 0; index < slabs.length; index++) {
      for (const polygon of rasterPolygons(index)) for (let q = 0; q < polygon.xyMm.length; q += 2) list.push(polygon.xyMm[q], polygon.xyMm[q + 1], polygon.zMm);
    }
    return (outline = Float64Array.from(list));
  };
  return {
    name: structure.name,
    role: structure.role,
    contours,
    slabs,
    contourSpacingMm,
    boundsMm: { min: [xMin, yMin, slabs[0].zLoMm], max: [xMax, yMax, slabs[slabs.length - 1].zHiMm] },
    vertices,
    volumeCc: volumeMm3 / 1000,
    rasterPolygons,
    outlineVertices,
  };
}

function rasterPolygon(contour: PlanarContour): RasterPolygon {
  const xyMm = simplifyPolygon(contour.xyMm, RASTER_TOLERANCE_MM);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let q = 0; q < xyMm.length; q += 2) {
    if (xyMm[q] < x0) x0 = xyMm[q];
    if (xyMm[q] > x1) x1 = xyMm[q];
    if (xyMm[q + 1] < y0) y0 = xyMm[q + 1];
    if (xyMm[q + 1] > y1) y1 = xyMm[q + 1];
  }
  return { zMm: contour.zMm, xyMm, box: [x0, y0, x1, y1] };
}
