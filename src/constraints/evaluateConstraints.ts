import { doseAtVolumeCc } from '../dvh/doseAtVolume';
import type { Dvh } from '../dvh/Dvh';
import { volumeAtDoseGy } from '../dvh/volumeAtDoseGy';
import { InputError } from '../errors/InputError';
import { isStructureRole, type StructureRole } from '../model/StructureRole';
import { alphaBetaForRole } from '../radiobiology/alphaBetaTable';
import type { ParameterStatus } from '../radiobiology/BedModel';
import { requireAlphaBetaGy, requireFractionCount } from '../radiobiology/Fractionation';
import {
  constraintLimit,
  constraintMetricLabel,
  constraintUnit,
  type ConstraintComparator,
  type ConstraintMetric,
  type ConstraintRow,
  type ConstraintTable,
} from './ConstraintTable';
import { constraintRowToEqd2, type Eqd2ConstraintRow } from './constraintToEqd2';
import { defaultConstraintTable } from './defaultConstraintTable';

/** An organ to check: its DVH (physical, or EQD2 when doseBasis is 'eqd2') and its whole volume. */
export interface ConstraintOrgan {
  /** Structure name, as shown to the user. */
  readonly name: string;
  readonly role: StructureRole;
  readonly dvh: Dvh;
  /**
   * Whole-organ volume, cc (> 0). Volume not in the DVH (outside the dose grid) is counted in the worst
   * direction: as receiving the dose for VxGy metrics, as not spared for critical-volume metrics.
   */
  readonly volumeCc: number;
}

export interface EvaluateConstraintsRequest {
  readonly organs: readonly ConstraintOrgan[];
  /** Fraction count of the protocol group; only rows for exactly this count are evaluated. */
  readonly fractions: number;
  /** Default: the bundled thoracic SBRT table (defaultConstraintTable). */
  readonly table?: ConstraintTable;
  /**
   * 'physical' (default): DVHs in physical Gy of one fractionation, limits as in the table.
   * 'eqd2': DVHs hold voxelwise EQD2 (e.g. a sum of plans with different fractionations); each limit of the
   * `fractions` column is converted to EQD2 with the organ's α/β (constraintRowToEqd2).
   */
  readonly doseBasis?: 'physical' | 'eqd2';
  /** α/β per role for the EQD2 basis, Gy; default: dose-models/radiobiology/alpha-beta.json. */
  readonly alphaBetaGyByRole?: Readonly<Partial<Record<StructureRole, number>>>;
}

/** One evaluated row for one organ. Margins are positive when the limit is met (headroom) and negative when not. */
export interface ConstraintResult {
  readonly rowId: string;
  readonly setId: string;
  /** Structure name of the organ evaluated. */
  readonly organ: string;
  /** Organ as named by the table's source. */
  readonly tableOrgan: string;
  readonly role: StructureRole;
  readonly fractions: number;
  readonly metric: ConstraintMetric;
  /** e.g. 'Dmax', 'D0.35cc', 'V30Gy[cc]', 'critical volume < 7Gy' (EQD2 thresholds when basis is eqd2). */
  readonly metricLabel: string;
  readonly comparator: ConstraintComparator;
  readonly limitGy?: number;
  readonly limitCc?: number;
  readonly limitPercent?: number;
  /** Measured value in `unit`; null when the metric does not exist for this organ (then see notes). */
  readonly value: number | null;
  readonly unit: 'Gy' | 'cc' | '%';
  readonly margin: number | null;
  readonly pass: boolean;
  readonly basis: 'physical' | 'eqd2';
  /** EQD2 basis only: α/β used and the table's physical numbers. */
  readonly alphaBetaGy?: number;
  readonly physicalLimitGy?: number;
  readonly physicalThresholdGy?: number;
  readonly endpoint?: string;
  readonly source: string;
  readonly status: ParameterStatus;
  /** The row's own note, Dmax convention, incomplete-DVH warnings. */
  readonly notes: readonly string[];
}

export interface ConstraintEvaluation {
  readonly tableId: string;
  readonly fractions: number;
  readonly basis: 'physical' | 'eqd2';
  /** What the basis means for these results (say this next to them). */
  readonly basisNote: string;
  /** False when the table has no row for this fraction count (then rows is empty). */
  readonly applicable: boolean;
  readonly notApplicableReason?: string;
  /** Sets of the table without rows for this fraction count (e.g. TG-101 has no 4-fraction column). */
  readonly setsWithoutRows: readonly { readonly setId: string; readonly label: string }[];
  readonly rows: readonly ConstraintResult[];
  /** Roles with rows for this fraction count but no organ given. */
  readonly missingOrgans: readonly { readonly role: StructureRole; readonly tableOrgans: readonly string[]; readonly rowIds: readonly string[] }[];
  /** Rows that could not be evaluated for a present organ (e.g. no α/β for the EQD2 basis). */
  readonly notEvaluated: readonly { readonly rowId: string; readonly organ: string; readonly reason: string }[];
  /** Organs given whose role has no row for this fraction count. */
  readonly organsWithoutConstraints: readonly string[];
  readonly failCount: number;
}

const RELATIVE_VOLUME_TOLERANCE = 1e-3;

/**
 * Evaluates organ limits for one protocol group (one fraction count), or for an EQD2 plan sum.
 * Every applicable row is evaluated for every organ of its role; absent organs, rows that cannot be evaluated
 * and table sets without a column for this fraction count are reported, never dropped silently.
 * Throws InputError: 'bad-fractions', 'bad-organ' (name, role, DVH or volumeCc invalid), 'bad-alpha-beta'.
 * @see docs/constraints.md
 */
export function evaluateConstraints(request: EvaluateConstraintsRequest): ConstraintEvaluation {
  const { organs, fractions } = request;
  requireFractionCount(fractions);
  const table = request.table ?? defaultConstraintTable;
  const basis = request.doseBasis ?? 'physical';
  if (basis !== 'physical' && basis !== 'eqd2') throw new InputError('bad-option', `doseBasis must be 'physical' or 'eqd2', got ${String(basis)}`);
  organs.forEach(validateOrgan);
  for (const [role, ab] of Object.entries(request.alphaBetaGyByRole ?? {})) requireAlphaBetaGy(ab as number, `alphaBetaGyByRole.${role}`);

  const basisNote =
    basis === 'physical'
      ? `Physical dose of one ${fractions}-fraction schedule against the table's ${fractions}-fraction limits. Do not use for a sum of plans with different fraction counts: evaluate each group alone and the EQD2 sum with doseBasis 'eqd2'.`
      : `EQD2 (voxelwise) DVHs against the table's ${fractions}-fraction limits converted to EQD2 with each organ's α/β: EQD2 = D·(D/${fractions} + α/β)/(2 + α/β). Volume limits are unchanged; Dmean rows compare the mean EQD2 with the EQD2 of the mean-dose limit.`;
  const applicableRows = table.rows.filter((r) => r.fractions === fractions);
  const setsWithoutRows = table.sets
    .filter((s) => table.rows.some((r) => r.setId === s.id) && !applicableRows.some((r) => r.setId === s.id))
    .map((s) => ({ setId: s.id, label: s.label }));
  const empty = { tableId: table.id, fractions, basis, basisNote, setsWithoutRows, rows: [], missingOrgans: [], notEvaluated: [], failCount: 0 };
  if (applicableRows.length === 0) {
    const counts = [...new Set(table.rows.map((r) => r.fractions))].sort((a, b) => a - b);
    return {
      ...empty,
      applicable: false,
      notApplicableReason: `table '${table.id}' has no limits for ${fractions} fraction(s) (it has ${counts.join(', ')}); not applicable`,
      organsWithoutConstraints: organs.map((o) => o.name),
    };
  }

  const results: ConstraintResult[] = [];
  const notEvaluated: { rowId: string; organ: string; reason: string }[] = [];
  const missing = new Map<StructureRole, { tableOrgans: Set<string>; rowIds: string[] }>();
  for (const row of applicableRows) {
    const matching = organs.filter((o) => o.role === row.role);
    if (matching.length === 0) {
      const entry = missing.get(row.role) ?? { tableOrgans: new Set<string>(), rowIds: [] };
      entry.tableOrgans.add(row.organ);
      entry.rowIds.push(row.id);
      missing.set(row.role, entry);
      continue;
    }
    let evaluatedRow: ConstraintRow | Eqd2ConstraintRow = row;
    if (basis === 'eqd2') {
      const alphaBetaGy = request.alphaBetaGyByRole?.[row.role] ?? alphaBetaForRole(row.role)?.alphaBetaGy;
      if (alphaBetaGy === undefined) {
        for (const organ of matching) notEvaluated.push({ rowId: row.id, organ: organ.name, reason: `no α/β for role '${row.role}' in alpha-beta.json; give alphaBetaGyByRole.${row.role} to convert this limit to EQD2` });
        continue;
      }
      evaluatedRow = constraintRowToEqd2(row, alphaBetaGy);
    }
    for (const organ of matching) results.push(evaluateRow(evaluatedRow, organ, table, basis));
  }
  const usedRoles = new Set(applicableRows.map((r) => r.role));
  return {
    ...empty,
    applicable: true,
    rows: results,
    missingOrgans: [...missing].map(([role, m]) => ({ role, tableOrgans: [...m.tableOrgans], rowIds: m.rowIds })),
    notEvaluated,
    organsWithoutConstraints: organs.filter((o) => !usedRoles.has(o.role)).map((o) => o.name),
    failCount: results.filter((r) => !r.pass).length,
  };
}

function evaluateRow(row: ConstraintRow | Eqd2ConstraintRow, organ: ConstraintOrgan, table: ConstraintTable, basis: 'physical' | 'eqd2'): ConstraintResult {
  const dvh = organ.dvh;
  const notes: string[] = row.note !== undefined ? [row.note] : [];
  const knownCc = dvh.volumeCc;
  const totalCc = Math.max(organ.volumeCc, knownCc);
  const unknownCc = totalCc - knownCc > RELATIVE_VOLUME_TOLERANCE * totalCc ? totalCc - knownCc : 0;
  if (Math.abs(organ.volumeCc - knownCc) > RELATIVE_VOLUME_TOLERANCE * totalCc) {
    notes.push(
      unknownCc > 0
        ? `${fmt(unknownCc)} cc of the ${fmt(organ.volumeCc)} cc organ has no dose in the DVH (outside the dose grid: ${fmt(dvh.volumeOutsideDoseGridCc)} cc); counted as receiving the dose (Vx), as not spared (critical volume); dose values cover the known part only`
        : `the DVH holds ${fmt(knownCc)} cc, more than the given organ volume ${fmt(organ.volumeCc)} cc; the DVH volume is used`,
    );
  }
  const metric = row.metric;
  let value: number | null;
  switch (metric.kind) {
    case 'Dmax': {
      const pointCc = table.pointDoseVolumeCc;
      if (pointCc > 0 && knownCc >= pointCc) {
        value = doseAtVolumeCc(dvh, pointCc);
        notes.push(`Dmax read as D${pointCc}cc (${table.pointDoseVolumeSource}); sample maximum ${fmt(dvh.maxGy)} Gy`);
      } else {
        value = dvh.maxGy;
        notes.push(pointCc > 0 ? `organ (${fmt(knownCc)} cc) smaller than the ${pointCc} cc point volume: sample maximum used` : 'Dmax = sample maximum (table point volume 0 cc)');
      }
      break;
    }
    case 'Dmean':
      value = dvh.meanGy;
      break;
    case 'DxCc':
      if (metric.volumeCc >= totalCc) {
        value = null;
        notes.push(`organ (${fmt(totalCc)} cc) is not larger than ${metric.volumeCc} cc: no ${metric.volumeCc} cc can exceed the threshold, limit met trivially`);
      } else if (metric.volumeCc > knownCc) {
        value = null;
        notes.push(`only ${fmt(knownCc)} cc of the organ has dose: D${metric.volumeCc}cc cannot be read`);
      } else {
        value = doseAtVolumeCc(dvh, metric.volumeCc);
      }
      break;
    case 'VxGyCc':
      value = volumeAtDoseGy(dvh, metric.doseGy).volumeCc + unknownCc;
      break;
    case 'VxGyPercent':
      value = (100 * (volumeAtDoseGy(dvh, metric.doseGy).volumeCc + unknownCc)) / totalCc;
      break;
    case 'criticalVolume':
      value = knownCc - volumeAtDoseGy(dvh, metric.doseGy).volumeCc;
      if (totalCc < constraintLimit(row)) notes.push(`the organ (${fmt(totalCc)} cc) is smaller than the critical volume ${constraintLimit(row)} cc`);
      break;
  }
  const limit = constraintLimit(row);
  const upper = row.comparator === '<' || row.comparator === '<=';
  let pass: boolean;
  let margin: number | null;
  if (value === null) {
    pass = metric.kind === 'DxCc' && metric.volumeCc >= totalCc;
    margin = null;
  } else {
    pass = compareToLimit(value, row.comparator, limit);
    margin = upper ? limit - value : value - limit;
  }
  const eqd2 = 'alphaBetaGy' in row ? (row as Eqd2ConstraintRow) : undefined;
  const limitField = constraintUnit(metric) === 'Gy' ? 'limitGy' : constraintUnit(metric) === 'cc' ? 'limitCc' : 'limitPercent';
  return {
    rowId: row.id,
    setId: row.setId,
    organ: organ.name,
    tableOrgan: row.organ,
    role: row.role,
    fractions: row.fractions,
    metric,
    metricLabel: constraintMetricLabel(metric),
    comparator: row.comparator,
    [limitField]: limit,
    value,
    unit: constraintUnit(metric),
    margin,
    pass,
    basis,
    ...(eqd2 !== undefined ? { alphaBetaGy: eqd2.alphaBetaGy } : {}),
    ...(eqd2?.physicalLimitGy !== undefined ? { physicalLimitGy: eqd2.physicalLimitGy } : {}),
    ...(eqd2?.physicalThresholdGy !== undefined ? { physicalThresholdGy: eqd2.physicalThresholdGy } : {}),
    ...(row.endpoint !== undefined ? { endpoint: row.endpoint } : {}),
    source: row.source,
    status: row.status,
    notes,
  };
}

/** True when `value comparator limit` holds (exactly, no tolerance: the row's comparator decides). */
export function compareToLimit(value: number, comparator: ConstraintComparator, limit: number): boolean {
  switch (comparator) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
  }
}

function validateOrgan(organ: ConstraintOrgan, index: number): void {
  const where = `organs[${index}]`;
  if (typeof organ.name !== 'string' || organ.name === '') throw new InputError('bad-organ', `${where}.name must be a non-empty string`);
  if (typeof organ.role !== 'string' || !isStructureRole(organ.role)) throw new InputError('bad-organ', `${where} (${organ.name}): unknown role ${String(organ.role)}`);
  const dvh = organ.dvh;
  if (!dvh || !(dvh.volumeCc > 0) || !(dvh.binWidthGy > 0) || !(dvh.differentialCc instanceof Float64Array)) {
    throw new InputError('bad-organ', `${where} (${organ.name}): the DVH is missing or holds no volume`);
  }
  if (!Number.isFinite(organ.volumeCc) || organ.volumeCc <= 0) throw new InputError('bad-organ', `${where} (${organ.name}): volumeCc must be > 0 cc, got ${String(organ.volumeCc)}`);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}
