import { weightedSquaredEdt } from '../distance/weightedSquaredEdt';
import { voxelVolumeCc, type GridGeometry } from '../geometry/Grid3';
import type { Vec3 } from '../geometry/points';
import { importIssue, type ImportIssue } from '../io/ImportIssue';
import type { NoduleTargets } from '../model/Case';
import { countBoth, countVoxels, intersectMasks } from './binaryMasks';
import { averageToHalfLattice } from './averageToHalfLattice';
import { boxExpand, boxUnion, type BoxMm } from './BoxMm';
import { buildPtvMask, describePtvMargin } from './buildPtv';
import { latticeGrid } from './latticeGrid';
import { maxFeretDiameterMm } from './maxFeretDiameterMm';
import type { CaseAnatomy } from './prepareCaseAnatomy';
import type { PreparedStructure } from './PreparedStructure';
import { rasterizeStructure, rasterizeStructureBoth } from './rasterizeStructure';
import { resampleMaskNearest } from './resampleMaskNearest';
import type { ProximitySettings } from './resolveProximityOptions';

/** Spacing of the grid on which a PTV is grown, mm: expandMask works at ≤ 0.5 mm, so no supersampling is needed. */
const PTV_GROWTH_SPACING_MM = 0.5;
/** Share of the target outside the body above which it is an error (below it, a warning above 1 %). */
const OUTSIDE_BODY_ERROR_FRACTION = 0.5;
const OUTSIDE_BODY_WARNING_FRACTION = 0.01;
/** Share of the target inside the lungs below which the nodule is flagged as maybe not a lung nodule. */
const IN_LUNG_WARNING_FRACTION = 0.5;
/** Thickness of the shell around a target whose lung share is checked when the target itself is not in the lungs, mm. */
const SHELL_MM = 3;

/** The masks of one nodule's targets on its target grid, with what was learnt building them. */
export interface NoduleTargetMasks {
  /** Axis-aligned lattice grid holding the GTV/ITV and the PTV. */
  readonly grid: GridGeometry;
  readonly fineSpacingMm: number;
  /** mask: binary (fraction ≥ ½); field: partial-volume fractions (sub-voxel surface), both on `grid`. */
  readonly target: { readonly structure: PreparedStructure; readonly role: 'gtv' | 'itv'; readonly mask: Uint8Array; readonly field: Float32Array; readonly maxDiameterMm: number } | null;
  readonly ptv: {
    readonly name: string;
    readonly source: 'structure' | 'margin';
    readonly mask: Uint8Array;
    readonly field: Float32Array;
    readonly volumeCc: number;
    readonly maxDiameterMm: number | null;
    /** Points for distance upper bounds: the PTV's vertices, or the GTV/ITV's for a grown PTV. */
    readonly surfacePoints: Float64Array;
  } | null;
  readonly bodyFraction: number | null;
  readonly lungFraction: number | null;
  readonly notes: readonly string[];
}

/**
 * Builds the target masks of one nodule: the GTV (the ITV when present) and the PTV (the PTV structure, or
 * the GTV/ITV grown by the margin and clipped to the body), on a lattice grid around them, and checks the
 * target against body and lungs. Issues: 'missing-target-structure' (a named target has no usable contours),
 * 'nodule-without-target' (error; nothing to measure: masks null), 'target-outside-body' (error, > 50 %
 * outside), 'target-partly-outside-body' (warning, > 1 %), 'target-outside-lung' (warning: < 50 % of the
 * target inside the lungs with their holes filled, and < 50 % of a 3 mm shell around it; a target in the lung
 * that the lung contour excludes at the lung edge has lung around it), 'ptv-empty' (error: nothing left of
 * the PTV inside the body).
 */
export function buildNoduleTargets(nodule: NoduleTargets, anatomy: CaseAnatomy, settings: ProximitySettings): { masks: NoduleTargetMasks | null; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const notes: string[] = [];
  const lookUp = (name: string | undefined): PreparedStructure | null => {
    if (name === undefined) return null;
    const s = anatomy.structures.get(name);
    if (s === undefined) issues.push(importIssue('', 'missing-target-structure', `nodule ${nodule.name}: target structure '${name}' has no usable contours`));
    return s ?? null;
  };
  const itv = lookUp(nodule.itv);
  const gtv = lookUp(nodule.gtv);
  const ptvStructure = lookUp(nodule.ptv);
  const target = itv ?? gtv;
  const targetRole: 'gtv' | 'itv' = itv !== null ? 'itv' : 'gtv';
  if (itv !== null && gtv !== null) notes.push(`distances from the ITV ${itv.name} (the GTV ${gtv.name} lies within it)`);
  if (target === null && ptvStructure === null) {
    issues.push(importIssue('', 'nodule-without-target', `nodule ${nodule.name}: no GTV, ITV or PTV with contours; proximity not measured`));
    return { masks: null, issues };
  }
  if (target === null) notes.push(`no GTV/ITV: distances from the target are unavailable; PTV ${ptvStructure!.name} distances are used`);

  const targetDiameterMm = target !== null ? maxFeretDiameterMm(target.contours) : null;
  const ptvDiameterFromContoursMm = ptvStructure !== null ? maxFeretDiameterMm(ptvStructure.contours) : null;
  const fineSpacingMm = settings.fineSpacingMm;
  const grow = ptvStructure === null;
  const margin: Vec3 = settings.ptvMarginMm;
  let box: BoxMm = (target ?? ptvStructure)!.boundsMm;
  if (ptvStructure !== null) box = boxUnion(box, ptvStructure.boundsMm);
  if (grow) box = boxExpand(box, margin);
  const grid = latticeGrid(boxExpand(box, 3 * fineSpacingMm), fineSpacingMm);

  const targetBoth = target !== null ? rasterizeStructureBoth(target, grid) : null;
  const targetMask = targetBoth?.mask ?? null;
  const body = anatomy.body !== null ? rasterizeStructure(anatomy.body, grid) : null;
  let ptv: NoduleTargetMasks['ptv'] = null;
  if (ptvStructure !== null) {
    const both = rasterizeStructureBoth(ptvStructure, grid);
    ptv = { name: ptvStructure.name, source: 'structure', mask: both.mask, field: both.fractions, volumeCc: ptvStructure.volumeCc, maxDiameterMm: ptvDiameterFromContoursMm, surfacePoints: ptvStructure.vertices };
  } else if (target !== null && targetMask !== null) {
    // Grown on a ≤ 0.5 mm lattice grid (expandMask then needs no supersampling), clipped to the body there,
    // and sampled back onto the fine grid (its centres are lattice points of the finer grid: exact).
    const growthSpacingMm = Math.min(PTV_GROWTH_SPACING_MM, fineSpacingMm);
    const growthGrid = growthSpacingMm === fineSpacingMm ? grid : latticeGrid(boxExpand(box, 3 * growthSpacingMm), growthSpacingMm);
    const growthTarget = growthGrid === grid ? targetMask : rasterizeStructure(target, growthGrid);
    const unclipped = buildPtvMask(growthTarget, growthGrid, margin, null);
    const growthBody = body === null ? null : growthGrid === grid ? body : resampleMaskNearest(body, grid, growthGrid);
    const clipped = growthBody !== null ? intersectMasks(unclipped, growthBody) : unclipped;
    const voxelCc = voxelVolumeCc(growthGrid);
    const removedCc = (countVoxels(unclipped) - countVoxels(clipped)) * voxelCc;
    const name = `PTV_${nodule.name} (${describePtvMargin(target.name, margin)})`;
    const isotropic = margin[0] === margin[1] && margin[1] === margin[2];
    notes.push(`no PTV structure: ${name} grown here${body !== null ? `, clipped to ${anatomy.body!.name}` : ' (no body to clip it to)'}`);
    if (removedCc > 0) notes.push(`${removedCc.toFixed(2)} cc of the grown PTV lay outside ${anatomy.body!.name} and was removed`);
    const field = growthFieldOnGrid(clipped, growthGrid, grid);
    const mask = new Uint8Array(field.length);
    for (let v = 0; v < mask.length; v++) mask[v] = field[v] >= 0.5 ? 1 : 0;
    if (countVoxels(clipped) === 0) {
      issues.push(importIssue('', 'ptv-empty', `nodule ${nodule.name}: nothing of ${name} lies inside ${anatomy.body!.name}; PTV distances unavailable`));
    } else {
      ptv = { name, source: 'margin', mask, field, volumeCc: countVoxels(clipped) * voxelCc, maxDiameterMm: isotropic && targetDiameterMm !== null ? targetDiameterMm + 2 * margin[0] : null, surfacePoints: target.vertices };
    }
  }

  const main = targetMask ?? ptv?.mask ?? null;
  const mainName = target?.name ?? ptvStructure!.name;
  const mainCount = main !== null ? countVoxels(main) : 0;
  let bodyFraction: number | null = null;
  if (body !== null && mainCount > 0) {
    bodyFraction = countBoth(main!, body) / mainCount;
    const outside = `${mainName}: ${(100 * (1 - bodyFraction)).toFixed(1)} % lies outside ${anatomy.body!.name}`;
    if (1 - bodyFraction > OUTSIDE_BODY_ERROR_FRACTION) issues.push(importIssue('', 'target-outside-body', `nodule ${nodule.name}: ${outside}; check the structure set (wrong frame of reference or a misplaced contour)`));
    else if (1 - bodyFraction > OUTSIDE_BODY_WARNING_FRACTION) issues.push(importIssue('', 'target-partly-outside-body', `nodule ${nodule.name}: ${outside}`, 'warning'));
  }
  let lungFraction: number | null = null;
  if (anatomy.lungs.length > 0 && mainCount > 0) {
    const lung = new Uint8Array(main!.length);
    for (const l of anatomy.lungs) {
      const m = rasterizeStructure(l, grid);
      for (let v = 0; v < lung.length; v++) lung[v] |= m[v];
    }
    lungFraction = countBoth(main!, lung) / mainCount;
    if (lungFraction < IN_LUNG_WARNING_FRACTION) {
      // Lung contours often exclude the target ("Lungs-GTV"): look at what surrounds it before warning.
      const shell = shellFraction(main!, lung, grid);
      const where = `only ${(100 * lungFraction).toFixed(1)} % of ${mainName} and ${(100 * shell).toFixed(1)} % of a ${SHELL_MM} mm shell around it lie in the lungs (${anatomy.lungs.map((l) => l.name).join(', ')}, holes filled)`;
      if (shell < IN_LUNG_WARNING_FRACTION) {
        issues.push(importIssue('', 'target-outside-lung', `nodule ${nodule.name}: ${where}; the location rules are for lung nodules: check the target (nodal, mediastinal, chest-wall invasion?) and the lung contours (a lung contour that excludes the target at the lung edge gives this too)`, 'warning'));
      } else {
        notes.push(`${where}: the lung contour seems to exclude the target; it is taken as a lung nodule`);
      }
    }
  }
  return {
    masks: {
      grid,
      fineSpacingMm,
      target: target !== null && targetBoth !== null ? { structure: target, role: targetRole, mask: targetBoth.mask, field: targetBoth.fractions, maxDiameterMm: targetDiameterMm! } : null,
      ptv,
      bodyFraction,
      lungFraction,
      notes,
    },
    issues,
  };
}

/**
 * The grown PTV (0/1 on the growth grid) as fractions on the fine grid: the exact [¼, ½, ¼] average when the
 * fine spacing is twice the growth spacing (the default 1 mm vs 0.5 mm), the mask itself on the same grid,
 * else nearest-neighbour samples.
 */
function growthFieldOnGrid(mask: Uint8Array, growthGrid: GridGeometry, grid: GridGeometry): Float32Array {
  if (growthGrid === grid) return Float32Array.from(mask);
  if (Math.abs(grid.spacingMm[0] - 2 * growthGrid.spacingMm[0]) < 1e-9) return averageToHalfLattice(Float32Array.from(mask), growthGrid, grid);
  return Float32Array.from(resampleMaskNearest(mask, growthGrid, grid));
}

/** Share of the voxels within SHELL_MM outside `mask` (exact EDT) that lie in `other`. */
function shellFraction(mask: Uint8Array, other: Uint8Array, grid: GridGeometry): number {
  const [sx, sy, sz] = grid.spacingMm;
  const distanceSq = weightedSquaredEdt(mask, grid.dimensions, [sx * sx, sy * sy, sz * sz]);
  const limitSq = SHELL_MM * SHELL_MM;
  let shell = 0;
  let inside = 0;
  for (let v = 0; v < mask.length; v++) {
    if (mask[v] !== 0 || distanceSq[v] > limitSq) continue;
    shell++;
    inside += other[v];
  }
  return shell > 0 ? inside / shell : 0;
}
