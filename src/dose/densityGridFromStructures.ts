import { singlePlaneSpacingOption, structureSetPlaneSpacingMm } from '../case/structureSetPlaneSpacingMm';
import { InputError } from '../errors/InputError';
import { hasAxialSlices, pickGeometry, validateGridGeometry, voxelCount, type GridGeometry } from '../geometry/Grid3';
import { importIssue, type ImportIssue } from '../io/ImportIssue';
import type { Case } from '../model/Case';
import type { StructureRole } from '../model/StructureRole';
import { boundsDimensions, type StructureMask } from '../voxelize/StructureMask';
import { voxelizeStructure } from '../voxelize/voxelizeStructure';
import type { DensityGridResult } from './densityGridFromCt';
import type { DensityTable } from './DensityTable';

/**
 * Relative electron density from structure roles, for cases without CT. Start: the table's outsideBody density
 * (air) everywhere; then each role layer of the table in order (body → lung → soft-tissue organs → airways → bone →
 * tumour in the bundled table), each structure voxelised with partial volumes on `geometry` and blended as
 * ρ ← ρ·(1 − f) + ρ_layer·f (f = fraction of the voxel inside the structure), so later layers override earlier ones.
 * Without a 'body' structure the grid starts at the body layer's density instead of air (the grid is taken to be
 * inside the patient) and a warning 'density-no-body' says so. Structures with roles that no layer lists and that
 * are not in rolesNotPainted ('unknown' included) are not painted and are reported ('density-role-not-painted').
 * Structures without contours are skipped silently only when their role is not painted anyway; otherwise reported.
 * Throws InputError for a bad geometry or a non-axial grid (contours are axial).
 */
export function densityGridFromStructures(patientCase: Case, geometry: GridGeometry, table: DensityTable): DensityGridResult {
  validateGridGeometry(geometry, 'density grid');
  if (!hasAxialSlices(geometry, 1e-6)) throw new InputError('non-axial-grid', `density grid slice axis [${geometry.direction.slice(6).join(', ')}] is not ±z`);
  const n = voxelCount(geometry);
  const data = new Float32Array(n);
  const issues: ImportIssue[] = [];
  const layerOf = new Map<StructureRole, number>();
  table.roleLayers.forEach((layer, index) => layer.roles.forEach((role) => layerOf.set(role, index)));
  const bodyLayer = layerOf.get('body');
  const structures = patientCase.structures;
  const hasBody = structures.some((s) => s.role === 'body' && s.contours.length > 0);
  if (hasBody || bodyLayer === undefined) {
    data.fill(table.outsideBodyDensity);
  } else {
    data.fill(table.roleLayers[bodyLayer].relativeElectronDensity);
    issues.push(importIssue('', 'density-no-body', `no body (external) structure: the whole density grid is taken as inside the patient (${table.roleLayers[bodyLayer].label}, ${table.roleLayers[bodyLayer].relativeElectronDensity}) before lungs, bones and other layers are painted`, 'warning'));
  }
  const setSpacingMm = structureSetPlaneSpacingMm(structures);
  const notPainted = new Set<StructureRole>(table.rolesNotPainted);
  for (const structure of structures) {
    if (!layerOf.has(structure.role) && !notPainted.has(structure.role)) {
      issues.push(importIssue('', 'density-role-not-painted', `structure '${structure.name}' (role ${structure.role}) has no density layer in '${table.id}': it keeps the density of what it lies in`, 'warning'));
    }
  }
  table.roleLayers.forEach((layer, layerIndex) => {
    const density = layer.relativeElectronDensity;
    for (const structure of structures) {
      if (layerOf.get(structure.role) !== layerIndex) continue;
      if (structure.contours.length === 0) {
        issues.push(importIssue('', 'density-empty-structure', `structure '${structure.name}' (role ${structure.role}) has no contours and was not painted`, 'warning'));
        continue;
      }
      const mask = voxelizeStructure(structure.contours, geometry, { structureName: structure.name, ...singlePlaneSpacingOption(structure.contours, setSpacingMm) });
      if (mask.clippedByGrid && structure.role === 'body') {
        issues.push(importIssue('', 'density-body-clipped', `body structure '${structure.name}' extends beyond the density grid; rays enter the grid inside the patient there`, 'warning'));
      }
      paintMask(data, geometry, mask, density);
    }
  });
  if (!table.commissioned && table.warning) issues.push(importIssue('', 'density-table-not-commissioned', table.warning, 'warning'));
  return { densityGrid: { ...pickGeometry(geometry), data }, source: 'structures', issues };
}

/**
 * Blends `density` into `data` with a mask's fractions: ρ ← ρ·(1 − f) + density·f. The mask was voxelised on the same
 * grid and stores its fractions over its bounding box (StructureMask).
 */
function paintMask(data: Float32Array, geometry: GridGeometry, mask: StructureMask, density: number): void {
  const b = mask.boundsIjk;
  if (b === null) return;
  const [nx, ny] = geometry.dimensions;
  const [bx, by] = boundsDimensions(b);
  const fractions = mask.fractions;
  for (let k = b.k0; k <= b.k1; k++) {
    for (let j = b.j0; j <= b.j1; j++) {
      const boxRow = (j - b.j0) * bx + (k - b.k0) * bx * by - b.i0;
      const gridRow = j * nx + k * nx * ny;
      for (let i = b.i0; i <= b.i1; i++) {
        const f = fractions[boxRow + i];
        if (f <= 0) continue;
        const v = gridRow + i;
        data[v] = data[v] * (1 - f) + density * f;
      }
    }
  }
}
