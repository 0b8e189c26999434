import type { ParameterStatus } from '../radiobiology/BedModel';

/**
 * Protocol rules as data (dose-models/protocols/*.json, schema dose-models/schemas/protocol-rules.schema.json).
 * Read by parseProtocolRules; see docs/protocols.md for the meaning of every field.
 */

/** Evidence status of a rule or number; same tags as the radiobiology data (docs/radiobiology.md). */
export type EvidenceStatus = ParameterStatus;

/** The three organ groups distances are measured to. */
export const ORGAN_GROUPS = ['chestWall', 'mediastinum', 'bronchialTree'] as const;
export type OrganGroup = (typeof ORGAN_GROUPS)[number];

/** Nodule location zones; 'peripheral' is the zone when no zone rule applies. */
export const PROTOCOL_ZONES = ['peripheral', 'chest-wall', 'mediastinal', 'central'] as const;
export type ProtocolZone = (typeof PROTOCOL_ZONES)[number];

/**
 * Which edge a distance is measured from: 'target' = the GTV, or the ITV when present (the tumour);
 * 'ptv' = the planning target volume.
 */
export type DistanceOrigin = 'target' | 'ptv';
export const DISTANCE_ORIGINS: readonly DistanceOrigin[] = ['target', 'ptv'];

/** Where an item comes from and how well that is established. */
export interface Sourced {
  readonly source: string;
  readonly status: EvidenceStatus;
  readonly note?: string;
}

/** A physical fractionation schedule. */
export interface ProtocolSchedule extends Sourced {
  /** Stable id, e.g. 'peripheral-30gy-1fx' (reported as ProtocolChoice.protocolId). */
  readonly id: string;
  readonly name: string;
  /** Total physical prescription dose, Gy (> 0). */
  readonly totalDoseGy: number;
  /** Number of fractions (positive integer). */
  readonly fractions: number;
  /** Ids of schedules allowed instead of this one (e.g. 24 Gy/1 fx for 30 Gy/1 fx). */
  readonly alternativeIds: readonly string[];
}

/** "Within `thresholdMm` of `organ` → `zone`, schedule `scheduleId`." */
export interface ZoneRule extends Sourced {
  readonly id: string;
  readonly zone: Exclude<ProtocolZone, 'peripheral'>;
  readonly organ: OrganGroup;
  /** Organ group as written in reasons, e.g. 'bronchial tree'. */
  readonly organLabel: string;
  /** Applies when the distance (rounded to 0.1 mm) is ≤ thresholdMm (inclusive), mm. */
  readonly thresholdMm: number;
  /** The edge the distance is measured from (with the fallbacks of docs/protocols.md). */
  readonly measuredFrom: DistanceOrigin;
  /** Lower numbers are tried first (1 = most protective); rules with equal priority compete by distance. */
  readonly priority: number;
  readonly scheduleId: string;
}

/** Schedule when no zone rule applies. */
export interface PeripheralRule extends Sourced {
  readonly zone: 'peripheral';
  readonly scheduleId: string;
}

export interface RuleOrder extends Sourced {
  readonly description: string;
}

interface WarningRuleBase extends Sourced {
  readonly id: string;
  readonly severity: 'warning' | 'info';
  /** Explanation appended after the measured values. */
  readonly message: string;
}

/** Case-level: more than `thresholdCount` nodules (strictly greater). */
export interface NoduleCountWarningRule extends WarningRuleBase {
  readonly kind: 'nodule-count-above';
  readonly thresholdCount: number;
}

/** Per nodule: maximum diameter strictly above / below `thresholdMm`. */
export interface DiameterWarningRule extends WarningRuleBase {
  readonly kind: 'diameter-above' | 'diameter-below';
  readonly thresholdMm: number;
}

/** Per nodule: maximum diameter strictly above `thresholdMm` and within `withinMm` (≤) of `organ`. */
export interface DiameterNearOrganWarningRule extends WarningRuleBase {
  readonly kind: 'diameter-above-near-organ';
  readonly thresholdMm: number;
  readonly organ: OrganGroup;
  readonly organLabel: string;
  readonly withinMm: number;
  readonly measuredFrom: DistanceOrigin;
}

/** Per nodule: ProtocolInput.planned === false. */
export interface NotPlannedWarningRule extends WarningRuleBase {
  readonly kind: 'not-planned';
}

export type WarningRule = NoduleCountWarningRule | DiameterWarningRule | DiameterNearOrganWarningRule | NotPlannedWarningRule;
export const WARNING_RULE_KINDS: readonly WarningRule['kind'][] = ['nodule-count-above', 'diameter-above', 'diameter-below', 'diameter-above-near-organ', 'not-planned'];

/** A complete, checked rule set. */
export interface ProtocolRules {
  readonly formatVersion: 1;
  readonly id: string;
  readonly title: string;
  /** The rule set's own version string (reported with every choice). */
  readonly version: string;
  readonly description: string;
  readonly schedules: readonly ProtocolSchedule[];
  /** In file order; the order breaks exact ties between rules of equal priority. */
  readonly zoneRules: readonly ZoneRule[];
  readonly peripheral: PeripheralRule;
  readonly ruleOrder: RuleOrder;
  readonly warningRules: readonly WarningRule[];
}
