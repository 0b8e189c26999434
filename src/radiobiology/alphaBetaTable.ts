import alphaBetaJson from '../../dose-models/radiobiology/alpha-beta.json';
import { InputError } from '../errors/InputError';
import { isStructureRole, type StructureRole } from '../model/StructureRole';
import { PARAMETER_STATUSES, type ParameterStatus } from './BedModel';

/** An α/β value listed for information next to a tissue default; never used as a default. */
export interface AlphaBetaAlternative {
  readonly alphaBetaGy: number;
  readonly note: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** Default α/β of one tissue (dose-models/radiobiology/alpha-beta.json). */
export interface AlphaBetaEntry {
  readonly id: string;
  readonly label: string;
  /** Structure roles this default applies to. */
  readonly roles: readonly StructureRole[];
  readonly endpoint: string;
  readonly alphaBetaGy: number;
  readonly source: string;
  /** Never 'unverified' for a default (enforced by the schema and at load). */
  readonly status: ParameterStatus;
  /** True when the value is an institution's setting (RayStation tolerance scripts) rather than a published consensus. */
  readonly institutional: boolean;
  readonly alternatives: readonly AlphaBetaAlternative[];
}

/** Shape of alpha-beta.json (schema: dose-models/schemas/radiobiology-alpha-beta.schema.json). */
export interface AlphaBetaData {
  readonly tissues: readonly AlphaBetaEntry[];
}

/**
 * Checks and freezes α/β data: known roles, each role in one entry only, α/β > 0, known statuses and
 * no unverified default. Throws InputError('bad-alpha-beta-data') naming the entry.
 */
export function createAlphaBetaTable(data: AlphaBetaData): readonly AlphaBetaEntry[] {
  const seenRoles = new Set<string>();
  for (const t of data.tissues) {
    if (!(Number.isFinite(t.alphaBetaGy) && t.alphaBetaGy > 0)) throw new InputError('bad-alpha-beta-data', `${t.id}: α/β ${String(t.alphaBetaGy)} is not > 0`);
    if (!PARAMETER_STATUSES.includes(t.status) || t.status === 'unverified') {
      throw new InputError('bad-alpha-beta-data', `${t.id}: default status '${String(t.status)}' is not allowed`);
    }
    for (const role of t.roles) {
      if (!isStructureRole(role)) throw new InputError('bad-alpha-beta-data', `${t.id}: unknown structure role '${String(role)}'`);
      if (seenRoles.has(role)) throw new InputError('bad-alpha-beta-data', `${t.id}: role '${role}' already has a default`);
      seenRoles.add(role);
    }
    for (const a of t.alternatives) {
      if (!PARAMETER_STATUSES.includes(a.status)) throw new InputError('bad-alpha-beta-data', `${t.id}: alternative status '${String(a.status)}' unknown`);
    }
  }
  return Object.freeze([...data.tissues]);
}

/** The bundled table. */
export const alphaBetaTable: readonly AlphaBetaEntry[] = createAlphaBetaTable(alphaBetaJson as unknown as AlphaBetaData);

/** The default α/β entry for a structure role, or undefined when the table has none (never guessed). */
export function alphaBetaForRole(role: StructureRole, table: readonly AlphaBetaEntry[] = alphaBetaTable): AlphaBetaEntry | undefined {
  return table.find((t) => t.roles.includes(role));
}
