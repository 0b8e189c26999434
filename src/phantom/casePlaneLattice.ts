import type { Case } from '../model/Case';
import { DEFAULT_PLANE_LATTICE, type PlaneLattice } from './PlaneLattice';

const Z_TOLERANCE_MM = 1e-3;

/**
 * The plane lattice new contours of a case should use: the spacing and position of the existing contour planes
 * (smallest gap between distinct plane positions over all structures), else the CT slices when the CT is axial,
 * else DEFAULT_PLANE_LATTICE (2.5 mm from z = 0).
 */
export function casePlaneLattice(caseData: Case): PlaneLattice {
  const zs: number[] = [];
  for (const s of caseData.structures) for (const c of s.contours) zs.push(c.zMm);
  zs.sort((a, b) => a - b);
  let spacing = Infinity;
  for (let i = 1; i < zs.length; i++) {
    const gap = zs[i] - zs[i - 1];
    if (gap > Z_TOLERANCE_MM && gap < spacing) spacing = gap;
  }
  if (Number.isFinite(spacing)) return { spacingMm: roundMicro(spacing), originMm: zs[0] };
  const grid = caseData.ct?.huGrid;
  if (grid && Math.abs(Math.abs(grid.direction[8]) - 1) < 1e-6) {
    const slice = grid.spacingMm[2];
    return { spacingMm: slice, originMm: grid.originMm[2] };
  }
  return DEFAULT_PLANE_LATTICE;
}

// Plane gaps computed from stored positions carry float noise (e.g. 2.4999999); snap to 1 µm.
function roundMicro(valueMm: number): number {
  return Math.round(valueMm * 1000) / 1000;
}
