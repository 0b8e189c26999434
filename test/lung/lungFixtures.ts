import { voxelCount, type Grid3, type GridGeometry } from '../../src/geometry/Grid3';
import type { Case, NoduleTargets } from '../../src/model/Case';
import type { PlanarContour, Structure } from '../../src/model/Structure';
import type { StructureRole } from '../../src/model/StructureRole';

/**
 * Dose grid for the synthetic thorax: 50×36×24 voxels at 2×2.5×3 mm (unequal so axis swaps fail). Voxel boundaries
 * lie at x = −50 + 2i, y = −45 + 2.5j, z = −36 + 3k mm (origin = centre of voxel 0).
 */
export const THORAX_GRID: GridGeometry = {
  dimensions: [50, 36, 24],
  spacingMm: [2, 2.5, 3],
  originMm: [-49, -43.75, -34.5],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

/** An axis-aligned box [x0, x1] × [y0, y1] × [z0, z1] mm as contours on the grid's slice centres with ½-slice end caps (z0, z1 on voxel boundaries). */
export function boxContours(x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, sliceMm = 3): PlanarContour[] {
  const contours: PlanarContour[] = [];
  for (let z = z0 + sliceMm / 2; z < z1; z += sliceMm) contours.push({ zMm: z, xyMm: new Float64Array([x0, y0, x1, y0, x1, y1, x0, y1]) });
  return contours;
}

/** Two disjoint boxes on every plane (a combined 'lung' structure). */
export function twoBoxContours(a: readonly number[], b: readonly number[], z0: number, z1: number, sliceMm = 3): PlanarContour[] {
  const contours: PlanarContour[] = [];
  for (let z = z0 + sliceMm / 2; z < z1; z += sliceMm) {
    for (const [x0, x1, y0, y1] of [a, b]) contours.push({ zMm: z, xyMm: new Float64Array([x0, y0, x1, y0, x1, y1, x0, y1]) });
  }
  return contours;
}

let nextNumber = 1;
export function structure(name: string, role: StructureRole, contours: PlanarContour[]): Structure {
  return { number: nextNumber++, name, role, roleReason: 'test fixture', interpretedType: '', colorRgb: [255, 0, 0], contours, points: [] };
}

/** Right lung (patient right = −x in LPS) x ∈ [−40, −6], left lung x ∈ [6, 40]; both y ∈ [−30, 30], z ∈ [−30, 30] mm: 34 × 60 × 60 mm³ = 122.4 cc each. */
export const RIGHT_LUNG_BOX = [-40, -6, -30, 30, -30, 30] as const;
export const LEFT_LUNG_BOX = [6, 40, -30, 30, -30, 30] as const;
export const LUNG_CC = 122.4;

/** GTV in the left lung, x ∈ [21, 29] (not on voxel boundaries: partial voxels along x), y ∈ [−5, 5], z ∈ [−6, 6]: 8 × 10 × 12 mm³ = 0.96 cc. */
export const LEFT_GTV_BOX = [21, 29, -5, 5, -6, 6] as const;
export const LEFT_GTV_CC = 0.96;
/** Its PTV: x ∈ [18, 32], y ∈ [−7.5, 7.5], z ∈ [−9, 9]: 14 × 15 × 18 mm³ = 3.78 cc. */
export const LEFT_PTV_BOX = [18, 32, -7.5, 7.5, -9, 9] as const;
export const LEFT_PTV_CC = 3.78;
/** GTV in the right lung, x ∈ [−30, −20], y ∈ [10, 20], z ∈ [12, 18]: 10 × 10 × 6 mm³ = 0.6 cc. */
export const RIGHT_GTV_BOX = [-30, -20, 10, 20, 12, 18] as const;
export const RIGHT_GTV_CC = 0.6;

const box = (b: readonly number[]): PlanarContour[] => boxContours(b[0], b[1], b[2], b[3], b[4], b[5]);

export interface ThoraxOptions {
  readonly combinedLungOnly?: boolean;
  readonly rightNodule?: boolean;
}

/** A case with two lungs, nodule 'N1' (GTV + PTV) in the left lung and optionally 'N2' (GTV only) in the right. */
export function syntheticThorax(options: ThoraxOptions = {}): Case {
  const structures: Structure[] = [];
  if (options.combinedLungOnly) {
    structures.push(structure('Lungs', 'lung', twoBoxContours(RIGHT_LUNG_BOX.slice(0, 4), LEFT_LUNG_BOX.slice(0, 4), -30, 30)));
  } else {
    structures.push(structure('Lung_R', 'lung-right', box(RIGHT_LUNG_BOX)), structure('Lung_L', 'lung-left', box(LEFT_LUNG_BOX)));
  }
  structures.push(structure('GTV1', 'gtv', box(LEFT_GTV_BOX)), structure('PTV1', 'ptv', box(LEFT_PTV_BOX)));
  const nodules: NoduleTargets[] = [{ name: 'N1', gtv: 'GTV1', ptv: 'PTV1' }];
  if (options.rightNodule) {
    structures.push(structure('GTV2', 'gtv', box(RIGHT_GTV_BOX)));
    nodules.push({ name: 'N2', gtv: 'GTV2' });
  }
  return { id: 'synthetic', description: 'box thorax', frameOfReferenceUid: '1.2.3', structures, nodules, sources: ['test'], issues: [] };
}

/** A dose grid on `geometry` whose value at voxel (i, j, k) is f(xMm, yMm, zMm) of the voxel centre (identity direction). */
export function doseGrid(geometry: GridGeometry, f: (xMm: number, yMm: number, zMm: number) => number): Grid3 {
  const [nx, ny, nz] = geometry.dimensions;
  const data = new Float32Array(voxelCount(geometry));
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        data[i + j * nx + k * nx * ny] = f(geometry.originMm[0] + i * geometry.spacingMm[0], geometry.originMm[1] + j * geometry.spacingMm[1], geometry.originMm[2] + k * geometry.spacingMm[2]);
      }
    }
  }
  return { ...geometry, data };
}

/** LQ EQD2 of a total physical dose D in n fractions, closed form D·(D/n + α/β)/(2 + α/β). */
export function eqd2(doseGy: number, fractions: number, alphaBetaGy = 3): number {
  return (doseGy * (doseGy / fractions + alphaBetaGy)) / (2 + alphaBetaGy);
}
