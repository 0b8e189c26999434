import { InputError } from '../errors/InputError';
import { ORGAN_GROUPS, type OrganGroup } from './ProtocolRules';

/**
 * Minimum surface-to-surface distances (mm) from one edge to each organ group: 0 when they touch or
 * overlap, null when the organ group is unknown (not contoured / not derivable).
 */
export interface OrganDistancesMm {
  readonly chestWall: number | null;
  readonly mediastinum: number | null;
  readonly bronchialTree: number | null;
}

/**
 * What protocol selection needs to know about one nodule. Deliberately independent of the proximity
 * module's output type; the caller adapts between them.
 */
export interface ProtocolInput {
  /** Nodule name (NoduleTargets.name). */
  readonly noduleName: string;
  /** Structure the 'target' distances are measured from (GTV, or ITV when present); absent when the nodule has only a PTV. */
  readonly targetName?: string;
  /** PTV structure name; absent when there is no PTV. */
  readonly ptvName?: string;
  /** Target volume, cc (null when unknown). Reported only. */
  readonly volumeCc: number | null;
  /** Maximum diameter of the tumour (GTV/ITV), mm; null when unknown. */
  readonly maxDiameterMm: number | null;
  /** Distances from the GTV/ITV edge and from the PTV edge; an absent edge = not available. */
  readonly distancesMm: {
    readonly fromTarget?: OrganDistancesMm;
    readonly fromPtv?: OrganDistancesMm;
  };
  /** Nearest structure of each organ group (e.g. 'CHEST WALL', 'Bronchus_L'), for the reasons. */
  readonly nearestStructureNames?: Partial<Record<OrganGroup, string>>;
  /** Why a distance is null, per organ group (e.g. 'no bronchial-tree structure'), quoted in reasons. */
  readonly unknownReasons?: Partial<Record<OrganGroup, string>>;
  /** false: contoured but not covered by any plan (warning); undefined: not known, no warning. */
  readonly planned?: boolean;
}

/**
 * Checks a ProtocolInput: non-empty nodule name, distances finite ≥ 0 or null, diameter and volume
 * finite ≥ 0 or null. Throws InputError('bad-protocol-input') naming the nodule and field. Negative
 * (signed) distances are rejected rather than clamped: overlap must be reported as 0.
 */
export function validateProtocolInput(input: ProtocolInput): void {
  const who = `nodule '${String(input?.noduleName)}'`;
  if (typeof input?.noduleName !== 'string' || input.noduleName.trim() === '') {
    throw new InputError('bad-protocol-input', `ProtocolInput.noduleName must be a non-empty string, got ${JSON.stringify(input?.noduleName)}`);
  }
  const nonNegativeOrNull = (value: unknown, field: string): void => {
    if (value === null) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InputError('bad-protocol-input', `${who}: ${field} must be a finite number ≥ 0 or null, got ${String(value)}`);
    }
  };
  nonNegativeOrNull(input.maxDiameterMm, 'maxDiameterMm');
  nonNegativeOrNull(input.volumeCc, 'volumeCc');
  if (typeof input.distancesMm !== 'object' || input.distancesMm === null) {
    throw new InputError('bad-protocol-input', `${who}: distancesMm must be an object with fromTarget and/or fromPtv`);
  }
  for (const origin of ['fromTarget', 'fromPtv'] as const) {
    const distances = input.distancesMm[origin];
    if (distances === undefined) continue;
    for (const organ of ORGAN_GROUPS) {
      nonNegativeOrNull(distances[organ], `distancesMm.${origin}.${organ} (mm; 0 when touching or overlapping)`);
    }
  }
}
