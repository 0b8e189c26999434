import { singlePlaneSpacingOption, structureSetPlaneSpacingMm } from '../case/structureSetPlaneSpacingMm';
import { InputError } from '../errors/InputError';
import { hasAxialSlices, validateGridGeometry, type GridGeometry } from '../geometry/Grid3';
import type { Case } from '../model/Case';
import type { Structure } from '../model/Structure';
import type { StructureRole } from '../model/StructureRole';
import type { StructureMask } from '../voxelize/StructureMask';
import { voxelizeStructure, type VoxelizeOptions } from '../voxelize/voxelizeStructure';
import { noduleLungSide, type NoduleSide } from './noduleLungSide';
import { subtractMask, unionMasks } from './structureMaskAlgebra';

/**
 * Which lung volume the metrics describe:
 * - 'lungs-minus-gtv' (default): both lungs as one organ minus every nodule's ITV (its GTV when it has no ITV),
 *   plus any GTV/ITV not assigned to a nodule (physics.md §2.6; the basis of the NTCP models);
 * - 'lungs-minus-ptv': both lungs minus every nodule's PTV (its ITV/GTV when it has none, with a note).
 */
export type LungDefinition = 'lungs-minus-gtv' | 'lungs-minus-ptv';

export const LUNG_DEFINITION_TEXT: { readonly [D in LungDefinition]: string } = {
  'lungs-minus-gtv': 'both lungs as one organ minus all GTVs (ITV where present)',
  'lungs-minus-ptv': 'both lungs as one organ minus all PTVs',
};

export interface LungMaskOptions {
  /** Default 'lungs-minus-gtv'. */
  readonly definition?: LungDefinition;
  /** Voxelisation options for every structure (end caps, supersampling); single-plane targets take the set's plane spacing. */
  readonly voxelize?: Omit<VoxelizeOptions, 'structureName' | 'contourSpacingMm'>;
}

/** The lung masks on the dose grid, with what they were built from. */
export interface LungMasks {
  readonly definition: LungDefinition;
  readonly definitionText: string;
  /** Union of every lung structure (roles lung, lung-left, lung-right) minus the targets; fractional. */
  readonly total: StructureMask;
  /** Left / right lung minus the targets in it; null when the case has no lung-left / lung-right structure. */
  readonly left: StructureMask | null;
  readonly right: StructureMask | null;
  /** Why per-lung masks are missing (null when both exist). Per-lung values are never split from a combined lung. */
  readonly perLungUnavailableReason: string | null;
  readonly lungStructureNames: readonly string[];
  readonly subtractedTargetNames: readonly string[];
  /** Side of every nodule of the case (for ipsilateral/contralateral values). */
  readonly noduleSides: readonly NoduleSide[];
  /**
   * Lung volume of the contours that lies outside the dose grid, cc (from the 'lung' structures when the case has
   * one, else left + right). Its dose is unknown: metrics describe the part inside the grid only.
   */
  readonly volumeOutsideDoseGridCc: number;
  /** Everything a user should know about how the masks were built (missing targets, fallbacks, clipping). */
  readonly notes: readonly string[];
}

const LUNG_ROLES: readonly StructureRole[] = ['lung', 'lung-left', 'lung-right'];

/**
 * Builds the lung masks of a case on the dose grid with partial volumes (voxelizeStructure): union of the lung
 * structures (fraction = max), minus the union of the targets (fraction = max(0, lung − targets), exact for targets
 * inside the lung). Per-lung masks only from lung-left / lung-right structures.
 * Throws InputError: grid errors, 'non-axial-grid', 'no-lung' (no lung structure with contours), 'empty-lung'
 * (the lungs miss the grid), 'bad-option', voxelisation errors of a structure.
 * @see docs/pneumonitis.md §Lung definition
 */
export function lungStructureMask(patientCase: Case, geometry: GridGeometry, options: LungMaskOptions = {}): LungMasks {
  const definition = options.definition ?? 'lungs-minus-gtv';
  if (definition !== 'lungs-minus-gtv' && definition !== 'lungs-minus-ptv') {
    throw new InputError('bad-option', `definition must be 'lungs-minus-gtv' or 'lungs-minus-ptv', got ${String(definition)}`);
  }
  validateGridGeometry(geometry, 'dose grid');
  if (!hasAxialSlices(geometry, 1e-6)) throw new InputError('non-axial-grid', 'the dose grid is not axial; lung contours are');
  const notes: string[] = [];
  const setSpacingMm = structureSetPlaneSpacingMm(patientCase.structures);
  const cache = new Map<string, StructureMask>();
  const voxelize = (s: Structure): StructureMask => {
    let mask = cache.get(s.name);
    if (mask === undefined) {
      mask = voxelizeStructure(s.contours, geometry, { ...options.voxelize, structureName: s.name, ...singlePlaneSpacingOption(s.contours, setSpacingMm) });
      cache.set(s.name, mask);
    }
    return mask;
  };

  const lungsByRole = new Map<StructureRole, Structure[]>();
  for (const s of patientCase.structures) {
    if (!LUNG_ROLES.includes(s.role)) continue;
    if (s.contours.length === 0) {
      notes.push(`lung structure '${s.name}' has no contours and was not used`);
      continue;
    }
    lungsByRole.set(s.role, [...(lungsByRole.get(s.role) ?? []), s]);
  }
  const lungs = LUNG_ROLES.flatMap((role) => lungsByRole.get(role) ?? []);
  if (lungs.length === 0) throw new InputError('no-lung', `case '${patientCase.id}' has no lung structure (roles lung, lung-left, lung-right) with contours`);
  const lungMasks = lungs.map(voxelize);
  for (const [s, m] of lungs.map((s, n) => [s, lungMasks[n]] as const)) {
    if (m.clippedByGrid) notes.push(`lung structure '${s.name}' extends beyond the dose grid by about ${(m.structureVolumeCc - m.volumeCc).toFixed(1)} cc`);
  }
  const outsideOf = (role: StructureRole): number =>
    (lungsByRole.get(role) ?? []).reduce((sum, s) => {
      const m = voxelize(s);
      // Only a clipped structure misses volume; otherwise the difference is voxelisation round-off.
      return m.clippedByGrid ? sum + Math.max(0, m.structureVolumeCc - m.volumeCc) : sum;
    }, 0);
  const volumeOutsideDoseGridCc = lungsByRole.has('lung') ? outsideOf('lung') : outsideOf('lung-left') + outsideOf('lung-right');
  if (volumeOutsideDoseGridCc > 0.05) {
    notes.push(`${volumeOutsideDoseGridCc.toFixed(1)} cc of lung lies outside the dose grid: its dose is unknown, and the metrics describe the lung inside the grid only`);
  }

  // Targets to subtract, per nodule, then any target structure of the same kind not assigned to a nodule.
  const byName = new Map(patientCase.structures.map((s) => [s.name, s]));
  const targets: Structure[] = [];
  const tumourOf = new Map<string, Structure | null>();
  const usable = (name: string | undefined, nodule: string, kind: string): Structure | null => {
    if (name === undefined) return null;
    const s = byName.get(name);
    if (s === undefined) {
      notes.push(`nodule '${nodule}': its ${kind} '${name}' is not among the structures`);
      return null;
    }
    if (s.contours.length === 0) {
      notes.push(`nodule '${nodule}': its ${kind} '${name}' has no contours`);
      return null;
    }
    return s;
  };
  for (const nodule of patientCase.nodules) {
    const gtv = usable(nodule.gtv, nodule.name, 'GTV');
    const itv = usable(nodule.itv, nodule.name, 'ITV');
    const ptv = usable(nodule.ptv, nodule.name, 'PTV');
    tumourOf.set(nodule.name, itv ?? gtv ?? ptv);
    let cut: Structure | null;
    if (definition === 'lungs-minus-gtv') {
      cut = itv ?? gtv;
      if (cut === null) {
        notes.push(`nodule '${nodule.name}' has no GTV/ITV: nothing subtracted for it${ptv !== null ? ' (its PTV is not used for the lungs-minus-GTV definition)' : ''}`);
      }
    } else {
      cut = ptv ?? itv ?? gtv;
      if (cut === null) notes.push(`nodule '${nodule.name}' has no target structure: nothing subtracted for it`);
      else if (ptv === null) notes.push(`nodule '${nodule.name}' has no PTV: its ${cut === itv ? 'ITV' : 'GTV'} '${cut.name}' was subtracted instead`);
    }
    if (cut !== null) targets.push(cut);
  }
  const referenced = new Set(patientCase.nodules.flatMap((n) => [n.gtv, n.itv, n.ptv]).filter((n): n is string => n !== undefined));
  const looseRoles: readonly StructureRole[] = definition === 'lungs-minus-gtv' ? ['gtv', 'itv'] : ['ptv'];
  for (const s of patientCase.structures) {
    if (!looseRoles.includes(s.role) || referenced.has(s.name) || s.contours.length === 0) continue;
    targets.push(s);
    notes.push(`${s.role.toUpperCase()} '${s.name}' belongs to no nodule; it was subtracted from the lung as well`);
  }
  const targetMasks = targets.map(voxelize);
  const cut = targetMasks.length > 0 ? unionMasks(targetMasks) : null;
  const minusTargets = (m: StructureMask): StructureMask => (cut === null ? m : subtractMask(m, cut));

  const lungUnion = unionMasks(lungMasks);
  // Contour volume of the union: the part on the grid plus the estimate of the part outside it.
  const total = minusTargets({ ...lungUnion, structureVolumeCc: lungUnion.volumeCc + volumeOutsideDoseGridCc });
  if (total.boundsIjk === null) throw new InputError('empty-lung', `the lung structures (${lungs.map((s) => s.name).join(', ')}) cover no voxel of the dose grid`);
  const sideMask = (role: StructureRole): StructureMask | null => {
    const list = lungsByRole.get(role);
    return list === undefined ? null : unionMasks(list.map(voxelize));
  };
  const leftRaw = sideMask('lung-left');
  const rightRaw = sideMask('lung-right');
  let perLungUnavailableReason: string | null = null;
  if (leftRaw === null || rightRaw === null) {
    const missing = [leftRaw === null ? 'lung-left' : '', rightRaw === null ? 'lung-right' : ''].filter((x) => x !== '').join(' and ');
    perLungUnavailableReason = `the case has no ${missing} structure; per-lung and contralateral values are not derived from a combined lung`;
  }
  const noduleSides = patientCase.nodules.map((n) => {
    const tumour = tumourOf.get(n.name) ?? null;
    return noduleLungSide(n.name, tumour === null ? null : { name: tumour.name, mask: voxelize(tumour) }, leftRaw, rightRaw);
  });
  return {
    definition,
    definitionText: LUNG_DEFINITION_TEXT[definition],
    total,
    left: leftRaw === null ? null : minusTargets(leftRaw),
    right: rightRaw === null ? null : minusTargets(rightRaw),
    perLungUnavailableReason,
    lungStructureNames: lungs.map((s) => s.name),
    subtractedTargetNames: targets.map((s) => s.name),
    noduleSides,
    volumeOutsideDoseGridCc,
    notes,
  };
}
