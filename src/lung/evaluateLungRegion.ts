import { InputError } from '../errors/InputError';
import { requireAlphaBetaGy, requireFractionCount } from '../radiobiology/Fractionation';
import type { LungVoxelSet } from './lungVoxelSet';
import { resolveSessionGroups, type SessionGroup, type SessionGrouping } from './SessionGrouping';

/** Physical dose thresholds of the V-metrics, Gy (V5, V10, V20). */
export const LUNG_V_THRESHOLDS_GY = [5, 10, 20] as const;

/**
 * The region's voxel doses of every nodule, gathered once (voxel-major: nodule t of listed voxel v at v·T + t) so
 * that each evaluation reads memory sequentially. Doses were checked finite and ≥ 0 when gathered.
 */
export interface GatheredLungDose {
  readonly voxels: LungVoxelSet;
  readonly noduleNames: readonly string[];
  /** Total physical dose of each nodule at each listed voxel, Gy. */
  readonly dosesGy: Float32Array;
}

/**
 * How a nodule's gathered dose is delivered in an evaluation: plan dose × `doseScale` in `fractions` fractions.
 * doseScale ≠ 1 or another fraction count describe a rescaled schedule with the same plan shape (exact under LQ
 * for that dose distribution; no new dose calculation).
 */
export interface NoduleDoseSchedule {
  readonly fractions: number;
  /** Multiplier of the physical dose (> 0 and finite); 1 for the plan as computed. */
  readonly doseScale: number;
}

/**
 * Gathers the nodules' doses at the region's voxels. Throws InputError: 'no-nodules', 'bad-length' (a dose array
 * not of the region's grid size), 'bad-dose' (NaN, negative or infinite dose in a region voxel, naming the nodule
 * and the grid index).
 */
export function gatherLungDose(voxels: LungVoxelSet, doses: readonly { readonly noduleName: string; readonly doseGy: Float32Array }[]): GatheredLungDose {
  if (doses.length === 0) throw new InputError('no-nodules', 'no nodule dose given');
  const gridSize = voxels.geometry.dimensions[0] * voxels.geometry.dimensions[1] * voxels.geometry.dimensions[2];
  const count = doses.length;
  const { indices } = voxels;
  const dosesGy = new Float32Array(indices.length * count);
  for (let t = 0; t < count; t++) {
    const data = doses[t].doseGy;
    if (data.length !== gridSize) throw new InputError('bad-length', `${doses[t].noduleName}: dose has ${data.length} values, the lung grid ${gridSize}`);
    for (let v = 0; v < indices.length; v++) {
      const d = data[indices[v]];
      if (!(d >= 0) || d === Infinity) {
        throw new InputError('bad-dose', `${doses[t].noduleName}: dose at grid index ${indices[v]} is ${String(d)} Gy; lung voxel doses must be finite and ≥ 0`);
      }
      dosesGy[v * count + t] = d;
    }
  }
  return { voxels, noduleNames: doses.map((d) => d.noduleName), dosesGy };
}

/** Physical metrics of one fraction count: only nodules with that count, physically summed. */
export interface PhysicalLungMetrics {
  readonly fractions: number;
  readonly noduleNames: readonly string[];
  /** Mean physical dose, Gy. */
  readonly mldGy: number;
  /** Volume with physical dose ≥ 5 / 10 / 20 Gy, % of the region. */
  readonly v5Percent: number;
  readonly v10Percent: number;
  readonly v20Percent: number;
}

/** Volumes on the summed EQD2 grid (NOT the protocols' physical V5/V10/V20). */
export interface Eqd2VolumeMetrics {
  readonly alphaBetaGy: number;
  /** Volume with EQD2 ≥ 5 / 10 / 20 Gy, % of the region. */
  readonly v5Eqd2Percent: number;
  readonly v10Eqd2Percent: number;
  readonly v20Eqd2Percent: number;
}

/** Dose metrics of one lung region (total lung, one lung). */
export interface LungRegionMetrics {
  /** Fraction-weighted volume of the region on the dose grid, cc. */
  readonly volumeCc: number;
  /** Physical MLD / V5 / V10 / V20 of all nodules together: only when all share one fraction count, else null. */
  readonly mldGy: number | null;
  readonly v5Percent: number | null;
  readonly v10Percent: number | null;
  readonly v20Percent: number | null;
  /** Physical metrics per fraction count (sorted by fractions); the only physical values for mixed fractionations. */
  readonly physicalByFractions: readonly PhysicalLungMetrics[];
  /** Mean of the voxelwise EQD2 summed over all nodules, Gy (the NTCP input). */
  readonly mldEqd2Gy: number;
  readonly eqd2Volumes: Eqd2VolumeMetrics;
}

export interface EvaluateLungRegionOptions {
  /** Default 3 Gy (lung). */
  readonly alphaBetaGy?: number;
  readonly sessionGrouping?: SessionGrouping;
  /** See resolveSessionGroups; default 'throw'. */
  readonly onMixedSessionFractions?: 'throw' | 'split';
}

/**
 * Lung dose metrics of a region in one pass over its voxels, with partial volumes (each voxel weighs fraction ×
 * voxel volume) and the dose value of the voxel itself (the dose grid is the calculation grid; no interpolation).
 * Per voxel: physical dose per fraction count = Σ doseScale·D over that count's nodules; EQD2 = Σ over session
 * groups of S·(S/n + α/β)/(2 + α/β), S = the group's physical sum. Physical doses of different fraction counts are
 * never added. V-metrics count voxels with dose ≥ the threshold. `schedules` follow gathered.noduleNames.
 * Throws InputError: 'bad-length' (schedules ≠ nodules), 'bad-fractions', 'bad-scale', 'bad-alpha-beta',
 * session-grouping errors.
 * @see docs/pneumonitis.md §Metrics
 */
export function evaluateLungRegion(gathered: GatheredLungDose, schedules: readonly NoduleDoseSchedule[], options: EvaluateLungRegionOptions = {}): LungRegionMetrics {
  const alphaBetaGy = requireAlphaBetaGy(options.alphaBetaGy ?? 3);
  const names = gathered.noduleNames;
  if (schedules.length !== names.length) throw new InputError('bad-length', `${schedules.length} schedules for ${names.length} nodules`);
  schedules.forEach((t, n) => {
    requireFractionCount(t.fractions, `${names[n]}: fractions`);
    if (!(Number.isFinite(t.doseScale) && t.doseScale > 0)) throw new InputError('bad-scale', `${names[n]}: doseScale must be finite and > 0, got ${String(t.doseScale)}`);
  });
  const named = schedules.map((t, n) => ({ name: names[n], fractions: t.fractions }));
  const physicalGroups = resolveSessionGroups(named, 'same-fraction-count-together');
  const sessions = resolveSessionGroups(named, options.sessionGrouping, options.onMixedSessionFractions ?? 'throw');
  const sums = accumulate(gathered, schedules, physicalGroups, sessions, alphaBetaGy);
  const voxels = gathered.voxels;

  const percent = (cc: number): number => (100 * cc) / voxels.volumeCc;
  const physicalByFractions: PhysicalLungMetrics[] = physicalGroups.map((g, n) => ({
    fractions: g.fractions,
    noduleNames: g.noduleNames,
    mldGy: sums.physicalDoseCcGy[n] / voxels.volumeCc,
    v5Percent: percent(sums.physicalOverCc[3 * n]),
    v10Percent: percent(sums.physicalOverCc[3 * n + 1]),
    v20Percent: percent(sums.physicalOverCc[3 * n + 2]),
  }));
  const single = physicalByFractions.length === 1 ? physicalByFractions[0] : null;
  return {
    volumeCc: voxels.volumeCc,
    mldGy: single?.mldGy ?? null,
    v5Percent: single?.v5Percent ?? null,
    v10Percent: single?.v10Percent ?? null,
    v20Percent: single?.v20Percent ?? null,
    physicalByFractions,
    mldEqd2Gy: sums.eqd2DoseCcGy / voxels.volumeCc,
    eqd2Volumes: {
      alphaBetaGy,
      v5Eqd2Percent: percent(sums.eqd2OverCc[0]),
      v10Eqd2Percent: percent(sums.eqd2OverCc[1]),
      v20Eqd2Percent: percent(sums.eqd2OverCc[2]),
    },
  };
}

interface Sums {
  /** Per physical group: Σ volume × dose, cc·Gy. */
  readonly physicalDoseCcGy: Float64Array;
  /** Per physical group g: volume ≥ 5, 10, 20 Gy at 3g, 3g+1, 3g+2, cc. */
  readonly physicalOverCc: Float64Array;
  readonly eqd2DoseCcGy: number;
  readonly eqd2OverCc: Float64Array;
}

/** Members of groups as one flat list: group g owns members[start[g] .. start[g + 1]). */
function flatten(groups: readonly SessionGroup[]): { members: Int32Array; start: Int32Array } {
  const start = new Int32Array(groups.length + 1);
  groups.forEach((g, n) => (start[n + 1] = start[n] + g.members.length));
  const members = new Int32Array(start[groups.length]);
  groups.forEach((g, n) => members.set(g.members, start[n]));
  return { members, start };
}

/** The hot loop: one sequential pass over the gathered doses, no allocation inside. */
function accumulate(gathered: GatheredLungDose, schedules: readonly NoduleDoseSchedule[], groups: readonly SessionGroup[], sessions: readonly SessionGroup[], alphaBetaGy: number): Sums {
  const termCount = schedules.length;
  const scales = Float64Array.from(schedules, (t) => t.doseScale);
  const group = flatten(groups);
  const session = flatten(sessions);
  const groupCount = groups.length;
  const sessionCount = sessions.length;
  // With the default grouping the session groups are the fraction-count groups: one sum serves both.
  const sessionsAreGroups = sessionCount === groupCount && sessions.every((s, n) => s.members.length === groups[n].members.length && s.members.every((m, q) => m === groups[n].members[q]));
  const groupQuadratic = Float64Array.from(groups, (g) => 1 / (g.fractions * alphaBetaGy));
  const sessionQuadratic = Float64Array.from(sessions, (s) => 1 / (s.fractions * alphaBetaGy));
  const toEqd2 = 1 / (1 + 2 / alphaBetaGy);
  const [t5, t10, t20] = LUNG_V_THRESHOLDS_GY;

  const physicalDoseCcGy = new Float64Array(groupCount);
  const physicalOverCc = new Float64Array(3 * groupCount);
  const eqd2OverCc = new Float64Array(3);
  let eqd2DoseCcGy = 0;
  const { volumesCc } = gathered.voxels;
  const doses = gathered.dosesGy;
  const voxelCount = volumesCc.length;
  for (let v = 0; v < voxelCount; v++) {
    const w = volumesCc[v];
    const base = v * termCount;
    let eqd2 = 0;
    for (let g = 0; g < groupCount; g++) {
      let x = 0;
      for (let q = group.start[g]; q < group.start[g + 1]; q++) {
        const t = group.members[q];
        x += doses[base + t] * scales[t];
      }
      physicalDoseCcGy[g] += w * x;
      if (x >= t5) {
        physicalOverCc[3 * g] += w;
        if (x >= t10) {
          physicalOverCc[3 * g + 1] += w;
          if (x >= t20) physicalOverCc[3 * g + 2] += w;
        }
      }
      if (sessionsAreGroups) eqd2 += x + x * x * groupQuadratic[g];
    }
    if (!sessionsAreGroups) {
      for (let s = 0; s < sessionCount; s++) {
        let x = 0;
        for (let q = session.start[s]; q < session.start[s + 1]; q++) {
          const t = session.members[q];
          x += doses[base + t] * scales[t];
        }
        eqd2 += x + x * x * sessionQuadratic[s];
      }
    }
    eqd2 *= toEqd2;
    eqd2DoseCcGy += w * eqd2;
    if (eqd2 >= t5) {
      eqd2OverCc[0] += w;
      if (eqd2 >= t10) {
        eqd2OverCc[1] += w;
        if (eqd2 >= t20) eqd2OverCc[2] += w;
      }
    }
  }
  return { physicalDoseCcGy, physicalOverCc, eqd2DoseCcGy, eqd2OverCc };
}
