import { InputError } from '../errors/InputError';
import { pickGeometry, voxelCount, type Grid3 } from '../geometry/Grid3';
import { eqd2Grid } from '../radiobiology/bedGrid';
import { requireAlphaBetaGy } from '../radiobiology/Fractionation';
import type { StructureMask } from '../voxelize/StructureMask';
import { requireCommonDoseGrid, type NoduleDose } from './NoduleDose';
import { describeSessionGrouping, resolveSessionGroups, type SessionGroup, type SessionGrouping } from './SessionGrouping';

/**
 * Physical dose of the nodules sharing one fraction count, summed per voxel. A physical sum exists only inside one
 * fraction count: there is deliberately no function that adds two groups (convert to Eqd2Dose first).
 */
export interface PhysicalDoseGroup {
  readonly kind: 'physical-dose-group';
  readonly fractions: number;
  readonly noduleNames: readonly string[];
  /** Σ total physical dose of the group's nodules, Gy (valid for `fractions` fractions only). */
  readonly doseGy: Grid3;
}

/** Voxelwise LQ EQD2 summed over all nodules. */
export interface Eqd2Dose {
  readonly kind: 'eqd2';
  readonly alphaBetaGy: number;
  /** EQD2, Gy: Σ over session groups of S·(S/n + α/β)/(2 + α/β), S the group's physical dose per voxel. */
  readonly eqd2Gy: Grid3;
  /** How the nodules were grouped into treatment sessions. */
  readonly sessionGroups: readonly { readonly fractions: number; readonly noduleNames: readonly string[] }[];
  /** One line stating the summation rule used. */
  readonly summationRule: string;
}

export interface SummedLungDose {
  /** One physical sum per fraction count, sorted by fractions. */
  readonly physicalGroups: readonly PhysicalDoseGroup[];
  readonly eqd2: Eqd2Dose;
}

export interface SummedLungDoseOptions {
  /** Lung α/β, Gy; default 3 (physics.md §1.2). */
  readonly alphaBetaGy?: number;
  /** Default 'same-fraction-count-together'. */
  readonly sessionGrouping?: SessionGrouping;
}

/**
 * Sums the nodules' lung dose the only ways that are meaningful:
 * - physically, within each fraction count (Float32 grid per count), for physical protocol metrics;
 * - in EQD2 over all nodules: per session group (default: nodules with the same fraction count were treated in the
 *   same sessions) the physical doses add per voxel, the sum is converted with d = S/n per voxel (eqd2Grid), and the
 *   groups' EQD2 grids add. With 'each-nodule-separately' every nodule is converted alone.
 * Computed over the whole grid (for display); `lungMask` is checked to lie on the same grid.
 * NaN voxels stay NaN in the grids (eqd2Grid); negative or infinite doses throw.
 * Throws InputError: requireCommonDoseGrid errors ('geometry-mismatch', ...), 'bad-alpha-beta', 'bad-dose',
 * session-grouping errors ('mixed-session-fractions', 'bad-session-grouping').
 * @see docs/pneumonitis.md §Summation
 */
export function summedLungDose(noduleDoses: readonly NoduleDose[], lungMask: StructureMask | null, options: SummedLungDoseOptions = {}): SummedLungDose {
  const geometry = requireCommonDoseGrid(noduleDoses, [lungMask]);
  const alphaBetaGy = requireAlphaBetaGy(options.alphaBetaGy ?? 3);
  const named = noduleDoses.map((n) => ({ name: n.noduleName, fractions: n.fractions }));
  const byFractions = resolveSessionGroups(named, 'same-fraction-count-together');
  const sessions = resolveSessionGroups(named, options.sessionGrouping, 'throw');
  const size = voxelCount(geometry);

  const physicalGroups: PhysicalDoseGroup[] = byFractions.map((group) => ({
    kind: 'physical-dose-group',
    fractions: group.fractions,
    noduleNames: group.noduleNames,
    doseGy: { ...pickGeometry(geometry), data: physicalSum(noduleDoses, group, size) },
  }));

  const eqd2 = new Float32Array(size);
  const scratch = new Float32Array(size);
  for (const session of sessions) {
    const same = physicalGroups.find((g) => sameMembers(g.noduleNames, session.noduleNames));
    const physical = same !== undefined ? same.doseGy.data : session.members.length === 1 ? noduleDoses[session.members[0]].doseGy.data : physicalSum(noduleDoses, session, size);
    eqd2Grid(physical, session.fractions, alphaBetaGy, scratch);
    for (let i = 0; i < size; i++) eqd2[i] += scratch[i];
  }
  return {
    physicalGroups,
    eqd2: {
      kind: 'eqd2',
      alphaBetaGy,
      eqd2Gy: { ...pickGeometry(geometry), data: eqd2 },
      sessionGroups: sessions.map((s) => ({ fractions: s.fractions, noduleNames: s.noduleNames })),
      summationRule: describeSessionGrouping(options.sessionGrouping),
    },
  };
}

/** Σ of the members' physical doses; members must share one fraction count (checked). */
function physicalSum(noduleDoses: readonly NoduleDose[], group: SessionGroup, size: number): Float32Array {
  const out = new Float32Array(size);
  for (const m of group.members) {
    if (noduleDoses[m].fractions !== group.fractions) {
      throw new InputError('mixed-fractions', `physical dose of '${noduleDoses[m].noduleName}' (${noduleDoses[m].fractions} fx) cannot be added to a ${group.fractions}-fraction group`);
    }
    const d = noduleDoses[m].doseGy.data;
    for (let i = 0; i < size; i++) out[i] += d[i];
  }
  return out;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name));
}
