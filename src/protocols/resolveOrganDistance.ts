import type { ProtocolInput } from './ProtocolInput';
import type { DistanceOrigin, OrganGroup } from './ProtocolRules';
import { formatDistanceMm, formatNumber } from './formatProtocolText';

/** 'unknown' = no usable distance; callers treat it as within the threshold (protective). */
export type DistanceOutcome = 'within' | 'beyond' | 'unknown';

/** The distance a rule is decided on, and how it was obtained. */
export interface ResolvedOrganDistance {
  /** Distance as given, mm; null when unknown. */
  readonly distanceMm: number | null;
  /** distanceMm rounded half-up to 0.1 mm: the value compared with the threshold and printed. */
  readonly comparedDistanceMm: number | null;
  readonly outcome: DistanceOutcome;
  /** Edge the distance was measured from; null when unknown. */
  readonly basisUsed: DistanceOrigin | null;
  /** True when basisUsed is not the configured edge (or the configured edge is missing). */
  readonly fallback: boolean;
  /** Name of the structure the distance was measured from (or would have been). */
  readonly fromStructureName: string;
  /** Why a fallback was used or the distance is unknown; '' otherwise. */
  readonly note: string;
}

/** Rounds half-up to 0.1 mm, the precision reasons are printed with, so printed and compared values agree. */
export function roundToTenthMm(distanceMm: number): number {
  return Math.round(distanceMm * 10) / 10;
}

/** Structure name for an edge: targetName / ptvName, falling back to the nodule name. */
export function edgeName(input: ProtocolInput, origin: DistanceOrigin): string {
  if (origin === 'target') return input.targetName ?? input.noduleName;
  return input.ptvName ?? `PTV of ${input.noduleName}`;
}

/**
 * Decides whether `organ` is within `thresholdMm` (inclusive, after rounding to 0.1 mm) of the edge
 * `measuredFrom`. Fallbacks, each only in the protective direction (the PTV contains the GTV/ITV, so the
 * PTV distance is never larger than the tumour distance):
 * - measured from the tumour but no tumour distance: the PTV distance stands in (nearer or equal);
 * - measured from the PTV but no PTV distance: a tumour distance within the threshold settles it
 *   (the PTV is at least as near); a tumour distance beyond it cannot exclude the PTV → unknown;
 * - no distance at all → unknown.
 * Inputs are trusted (validateProtocolInput).
 */
export function resolveOrganDistance(input: ProtocolInput, organ: OrganGroup, organLabel: string, thresholdMm: number, measuredFrom: DistanceOrigin): ResolvedOrganDistance {
  const distances = { target: input.distancesMm.fromTarget, ptv: input.distancesMm.fromPtv };
  const edgeWord = (origin: DistanceOrigin): string => (origin === 'target' ? 'GTV/ITV' : 'PTV');
  const primary = distances[measuredFrom]?.[organ];
  if (typeof primary === 'number') return decided(primary, measuredFrom, false, '');

  const other: DistanceOrigin = measuredFrom === 'target' ? 'ptv' : 'target';
  const otherDistance = distances[other]?.[organ];
  const missing = distances[measuredFrom] === undefined ? `no ${edgeWord(measuredFrom)} distances` : `no ${edgeWord(measuredFrom)} distance to the ${organLabel}`;
  if (typeof otherDistance === 'number') {
    if (other === 'ptv') {
      return decided(otherDistance, 'ptv', true, `measured from the PTV: ${missing}; the PTV contains the tumour, so this is protective`);
    }
    const rounded = roundToTenthMm(otherDistance);
    if (rounded <= thresholdMm) {
      return decided(otherDistance, 'target', true, `measured from the GTV/ITV: ${missing}; the PTV around it is at least as near`);
    }
    return {
      distanceMm: null,
      comparedDistanceMm: null,
      outcome: 'unknown',
      basisUsed: null,
      fallback: true,
      fromStructureName: edgeName(input, measuredFrom),
      note: `${missing}; ${edgeName(input, 'target')} is ${formatDistanceMm(rounded)} mm from the ${organLabel}, which does not exclude the PTV being within ${formatNumber(thresholdMm)} mm`,
    };
  }
  const reason = input.unknownReasons?.[organ] ?? (distances.target === undefined && distances.ptv === undefined ? 'no distances given' : `no distance to the ${organLabel}`);
  return { distanceMm: null, comparedDistanceMm: null, outcome: 'unknown', basisUsed: null, fallback: false, fromStructureName: edgeName(input, measuredFrom), note: reason };

  function decided(distanceMm: number, basis: DistanceOrigin, fallback: boolean, note: string): ResolvedOrganDistance {
    const comparedDistanceMm = roundToTenthMm(distanceMm);
    return {
      distanceMm,
      comparedDistanceMm,
      outcome: comparedDistanceMm <= thresholdMm ? 'within' : 'beyond',
      basisUsed: basis,
      fallback,
      fromStructureName: edgeName(input, basis),
      note,
    };
  }
}
