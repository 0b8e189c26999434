import { InputError } from '../errors/InputError';
import type { GridGeometry } from '../geometry/Grid3';
import { weightedSquaredEdt } from '../distance/weightedSquaredEdt';
import { boxExpand, boxIntersection, boxUnion, type BoxMm } from './BoxMm';
import type { GroupMember } from './GroupMember';
import { convexRowInterval, type LungPlaneHull } from './lungPlaneHulls';
import type { PreparedStructure } from './PreparedStructure';
import { rasterizeStructureFractions } from './rasterizeStructure';

/** Default thickness of the derived chest-wall shell, mm (ribs + intercostal muscle ≈ 10–30 mm in adults). */
export const DEFAULT_CHEST_WALL_THICKNESS_MM = 20;

/** What a chest wall is derived from. */
export interface ChestWallSources {
  readonly body: PreparedStructure;
  /** Lungs with holes filled (outerContours), so a target cut out of the lung is not chest wall. */
  readonly lungs: readonly PreparedStructure[];
  /** Structures that are never chest wall: mediastinal organs and airways. */
  readonly exclusions: readonly PreparedStructure[];
  /** lungPlaneHulls of `lungs`. */
  readonly hulls: readonly LungPlaneHull[];
  /** Shell thickness: in-plane distance from the lungs, mm. */
  readonly thicknessMm: number;
}

/**
 * Derived chest wall on an axis-aligned grid, as partial-volume fractions: min(body, 1 − lungs, 1 − excluded)
 * (fractions of the body, the lungs and the excluded structures, so its inner surface, the lung surface, keeps
 * the lungs' sub-voxel position) on the voxels that are
 * - on a slice within a lung contour plane's slab, outside that plane's lung convex hull (lungPlaneHulls: the
 *   hull spans the mediastinum and the medial concavities, so what remains is the costal side: lateral,
 *   anterior and posterior);
 * - within `thicknessMm` of a lung voxel in the same axial slice (in-plane exact EDT, so tissue below the
 *   lung bases, i.e. diaphragm and liver, does not count);
 * 0 elsewhere. Mediastinal organs and airways are excluded. Its inner surface is the costal lung surface
 * (parietal pleura), which is what distances from a nodule in the lung see; the thickness only bounds how far
 * it reaches outwards. Lung voxels beyond the grid are not seen, so the shell may be thinner near the grid's
 * edge; a nodule's nearest chest wall lies next to lung voxels between it and the wall, inside any grid
 * around both. Throws InputError('oblique-grid') for a grid that is not axis-aligned (identity direction).
 */
export function deriveChestWallFractions(grid: GridGeometry, sources: ChestWallSources): Float32Array {
  const d = grid.direction;
  if (Math.abs(d[0] - 1) > 1e-6 || Math.abs(d[4] - 1) > 1e-6 || Math.abs(d[8] - 1) > 1e-6) {
    throw new InputError('oblique-grid', `the chest wall is derived on axis-aligned grids only, got direction [${d.join(', ')}]`);
  }
  const [nx, ny, nz] = grid.dimensions;
  const [sx, sy] = grid.spacingMm;
  const [ox, oy, oz] = grid.originMm;
  const count = nx * ny * nz;
  const body = rasterizeStructureFractions(sources.body, grid);
  const lung = maxOf(sources.lungs.map((s) => rasterizeStructureFractions(s, grid)), count);
  const excluded = maxOf(sources.exclusions.map((s) => rasterizeStructureFractions(s, grid)), count);
  const lungMask = new Uint8Array(count);
  for (let v = 0; v < count; v++) lungMask[v] = lung[v] >= 0.5 ? 1 : 0;
  const lungDistanceSq = weightedSquaredEdt(lungMask, grid.dimensions, [sx * sx, sy * sy, Infinity]);
  const limitSq = sources.thicknessMm * sources.thicknessMm;
  const out = new Float32Array(count);
  const interval = new Float64Array(2);
  const intervals = new Float64Array(2 * Math.max(1, sources.hulls.length));
  for (let k = 0; k < nz; k++) {
    const z = oz + k * grid.spacingMm[2];
    const planeHulls = sources.hulls.filter((h) => h.zLoMm <= z && z <= h.zHiMm);
    if (planeHulls.length === 0) continue;
    for (let j = 0; j < ny; j++) {
      const y = oy + j * sy;
      let n = 0;
      for (const hull of planeHulls) {
        if (convexRowInterval(hull.hullXy, y, interval)) {
          intervals[n++] = interval[0];
          intervals[n++] = interval[1];
        }
      }
      const row = j * nx + k * nx * ny;
      for (let i = 0; i < nx; i++) {
        const v = row + i;
        if (body[v] === 0 || lungDistanceSq[v] > limitSq) continue;
        const x = ox + i * sx;
        let inHull = false;
        for (let q = 0; q < n && !inHull; q += 2) inHull = x >= intervals[q] && x <= intervals[q + 1];
        if (!inHull) out[v] = Math.min(body[v], 1 - lung[v], 1 - excluded[v]);
      }
    }
  }
  return out;
}

/** The derived chest wall as a binary mask: deriveChestWallFractions ≥ ½. */
export function deriveChestWallMask(grid: GridGeometry, sources: ChestWallSources): Uint8Array {
  const fractions = deriveChestWallFractions(grid, sources);
  const out = new Uint8Array(fractions.length);
  for (let v = 0; v < out.length; v++) out[v] = fractions[v] >= 0.5 ? 1 : 0;
  return out;
}

/** Name under which the derived chest wall is reported. */
export function derivedChestWallName(sources: ChestWallSources): string {
  return `chest wall (derived from ${sources.body.name} and ${sources.lungs.map((l) => l.name).join(' + ')})`;
}

/**
 * The derived chest wall as an organ-group member. Its surface points are the lungs' hull vertices (costal
 * lung surface, next to the chest wall), an estimate rather than a bound (exactSurfacePoints false); its
 * bounds are the lungs' bounds grown in-plane by the thickness, within the body's.
 */
export function derivedChestWallMember(sources: ChestWallSources): GroupMember {
  let lungBox: BoxMm = sources.lungs[0].boundsMm;
  for (const l of sources.lungs) lungBox = boxUnion(lungBox, l.boundsMm);
  const grown = boxExpand(lungBox, [sources.thicknessMm, sources.thicknessMm, 0]);
  const boundsMm = boxIntersection(grown, sources.body.boundsMm) ?? grown;
  const total = sources.hulls.reduce((n, h) => n + h.lungPoints.length, 0);
  const surfacePoints = new Float64Array(total);
  let offset = 0;
  for (const h of sources.hulls) {
    surfacePoints.set(h.lungPoints, offset);
    offset += h.lungPoints.length;
  }
  return {
    name: derivedChestWallName(sources),
    boundsMm,
    surfacePoints: () => surfacePoints,
    exactSurfacePoints: false,
    rasterize: (grid) => deriveChestWallMask(grid, sources),
    fractions: (grid) => deriveChestWallFractions(grid, sources),
  };
}

function maxOf(fields: readonly Float32Array[], count: number): Float32Array {
  const out = new Float32Array(count);
  for (const f of fields) for (let v = 0; v < count; v++) if (f[v] > out[v]) out[v] = f[v];
  return out;
}
