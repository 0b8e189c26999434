import type { ConstraintResult } from '../constraints/evaluateConstraints';
import type { Grid3 } from '../geometry/Grid3';
import type { SessionGrouping } from '../lung/SessionGrouping';
import type { NtcpModelRegistry } from '../ntcp/ntcpModelRegistry';
import type { ProtocolZone } from '../protocols/ProtocolRules';
import type { StructureMask } from '../voxelize/StructureMask';

/** A physical schedule the user may choose instead of the protocol's. */
export interface ScheduleAlternative {
  /** Total physical prescription dose, Gy (> 0). */
  readonly totalDoseGy: number;
  readonly fractions: number;
  readonly label: string;
}

/** One planned nodule as the suggestion logic needs it. */
export interface SuggestionNodule {
  readonly name: string;
  /** The schedule the dose grid was computed for (the grid is normalised to this prescription). */
  readonly protocol: { readonly id: string; readonly totalDoseGy: number; readonly fractions: number; readonly zone: ProtocolZone };
  /** Total physical dose of the nodule's plan over its fractions, Gy, on the common dose grid. */
  readonly doseGy: Grid3;
  /** Isodose line (% of the maximum) the prescription covers the PTV with, e.g. 80. */
  readonly prescriptionIsodosePercent: number;
  /** Largest diameter of the tumour, mm. */
  readonly maxDiameterMm: number;
  /**
   * Schedules allowed instead of the protocol's (e.g. from the protocol's alternativeIds). When given, they replace
   * the default candidates (24 Gy/1 fx for peripheral single-fraction nodules; the iso-BED10 3-fraction schedule
   * and 45 Gy/3 fx for single-fraction nodules).
   */
  readonly alternatives?: readonly ScheduleAlternative[];
}

/** When to suggest changes. */
export interface SuggestionThresholds {
  /** Reference-model NTCP at or above which changes are suggested, probability; default 0.20. */
  readonly ntcp?: number;
  /** Physical lung V20 above which changes are suggested, %; default 10 (RTOG 0813/0915). */
  readonly v20Percent?: number;
}

export interface SuggestScheduleChangesRequest {
  readonly nodules: readonly SuggestionNodule[];
  /** Total lung mask on the dose grid (normally lungStructureMask(...).total). */
  readonly lungMask: StructureMask;
  readonly thresholds?: SuggestionThresholds;
  /** Organ-limit results of the current plan (evaluateConstraints rows); failing rows trigger suggestions. */
  readonly constraintResults?: readonly ConstraintResult[];
  /** NTCP model whose value is compared with the threshold; default the registry's reference model (logistic-quantec-2010). */
  readonly ntcpModelId?: string;
  /** Risk factors for models that take them (Appelt 2014). */
  readonly riskFactors?: readonly string[];
  /** Lung α/β, Gy; default 3. */
  readonly alphaBetaGy?: number;
  /** Tumour α/β for BED10, Gy; default 10. */
  readonly tumourAlphaBetaGy?: number;
  /** Default 'same-fraction-count-together'; a nodule moved to another fraction count leaves an explicit session group. */
  readonly sessionGrouping?: SessionGrouping;
  /** Nodules larger than this get the prescription-isodose advice, mm; default 20. */
  readonly largeNoduleDiameterMm?: number;
  /** Isodose line the advice proposes (the study's lower bound), %; default 70. */
  readonly lowestPrescriptionIsodosePercent?: number;
  readonly registry?: NtcpModelRegistry;
}

/** A nodule's schedule in a scenario. */
export interface NoduleScheduleState {
  readonly noduleName: string;
  readonly totalDoseGy: number;
  readonly fractions: number;
  readonly dosePerFractionGy: number;
  /** LQ BED (α/β = tumour α/β, default 10 Gy) of the nominal prescription, Gy. */
  readonly bed10Gy: number;
  /** True when this differs from the protocol schedule. */
  readonly changed: boolean;
}

/** Pneumonitis risk and lung dose of a scenario (the current plan or a suggestion). */
export interface ScenarioRisk {
  readonly mldEqd2Gy: number;
  readonly ntcp: {
    readonly referenceModelId: string;
    /** Reference-model NTCP, probability. */
    readonly reference: number;
    /** Every model shown by default plus the reference, probabilities. */
    readonly models: readonly { readonly id: string; readonly label: string; readonly ntcp: number }[];
    readonly min: number;
    readonly max: number;
    readonly minModelId: string;
    readonly maxModelId: string;
  };
  /** Physical MLD and V20 of all nodules: only when they share one fraction count, else null. */
  readonly mldGy: number | null;
  readonly v20Percent: number | null;
  readonly physicalByFractions: readonly { readonly fractions: number; readonly noduleNames: readonly string[]; readonly mldGy: number; readonly v20Percent: number }[];
  /** V20 compared with the threshold: of all nodules, or for mixed fraction counts the largest per-count V20, %. */
  readonly v20ForThresholdPercent: number;
  readonly v20Basis: 'all-nodules-physical' | 'largest-fraction-count-physical';
  /** Volume with summed EQD2 ≥ 20 Gy (α/β 3), % — not the protocol's physical V20. */
  readonly v20Eqd2Percent: number;
  readonly nodules: readonly NoduleScheduleState[];
}

/** One nodule's schedule change inside a suggestion. */
export interface NoduleScheduleChange {
  readonly noduleName: string;
  /** 'lower-dose': same fractions, lower total; 'more-fractions': more fractions; 'other-schedule': anything else. */
  readonly kind: 'lower-dose' | 'more-fractions' | 'other-schedule';
  readonly label: string;
  readonly from: { readonly totalDoseGy: number; readonly fractions: number };
  readonly to: { readonly totalDoseGy: number; readonly fractions: number };
  /** Multiplier applied to the nodule's physical dose grid (to.totalDoseGy / from.totalDoseGy). */
  readonly doseScale: number;
  readonly bed10BeforeGy: number;
  readonly bed10AfterGy: number;
}

/** An organ limit that failed, after a suggested change. */
export interface OrganLimitAfterChange {
  readonly rowId: string;
  readonly organ: string;
  readonly metricLabel: string;
  readonly fractions: number;
  readonly basis: 'physical' | 'eqd2';
  readonly unit: 'Gy' | 'cc' | '%';
  readonly limit: number;
  readonly valueBefore: number | null;
  /** New value when it follows exactly from the rescaling; null otherwise. */
  readonly valueAfter: number | null;
  /** Bounds of the new value when only some nodules of the group are rescaled (dose metrics), else null. */
  readonly valueAfterRange: { readonly low: number; readonly high: number } | null;
  /** true/false when known (exact value, or the whole range on one side of the limit); null when unknown. */
  readonly passAfter: boolean | null;
  readonly exact: boolean;
  readonly reason: string;
}

/** A computed alternative: one or more nodules' schedules changed by rescaling their dose grids. */
export interface ScheduleSuggestion {
  readonly id: string;
  readonly title: string;
  readonly scope: 'single' | 'combined';
  readonly changes: readonly NoduleScheduleChange[];
  /** Rescaled dose grids of the same plans: exact under LQ for these dose distributions (no re-planning). */
  readonly exactness: 'exact-rescale';
  readonly exactnessNote: string;
  readonly risk: ScenarioRisk;
  /** Reference NTCP after − before (negative = lower risk). */
  readonly deltaNtcpReference: number;
  readonly deltaMldEqd2Gy: number;
  /** Whether the scenario is below the NTCP threshold and at or below the V20 threshold. */
  readonly meetsThresholds: { readonly ntcp: boolean; readonly v20: boolean };
  readonly organLimits: readonly OrganLimitAfterChange[];
}

/** Advice that changes the plan shape: no lung numbers, because they need a new dose calculation. */
export interface PrescriptionIsodoseAdvice {
  readonly id: string;
  readonly noduleName: string;
  readonly maxDiameterMm: number;
  readonly fromIsodosePercent: number;
  readonly toIsodosePercent: number;
  readonly exactness: 'needs-replanning';
  /** BED10 of the nominal prescription (unchanged by the isodose choice), Gy. */
  readonly nominalBed10Gy: number;
  /** Hottest point Rx/IDL before and after, Gy, and its BED10: follows from the definition of the prescription isodose. */
  readonly hottestPointGy: { readonly before: number; readonly after: number };
  readonly hottestPointBed10Gy: { readonly before: number; readonly after: number };
  readonly explanation: string;
}

export interface ScheduleSuggestions {
  /** True when any trigger fired; suggestions are only computed then. */
  readonly triggered: boolean;
  readonly triggers: {
    readonly ntcp: { readonly modelId: string; readonly value: number; readonly threshold: number; readonly exceeded: boolean };
    readonly v20: { readonly valuePercent: number; readonly thresholdPercent: number; readonly basis: ScenarioRisk['v20Basis']; readonly exceeded: boolean };
    readonly organLimits: readonly { readonly rowId: string; readonly organ: string; readonly metricLabel: string; readonly fractions: number; readonly value: number | null; readonly limit: number; readonly unit: string }[];
  };
  readonly current: ScenarioRisk;
  /** Computed alternatives that lower the risk (or fix an organ limit), singles first, then at most three combined. */
  readonly suggestions: readonly ScheduleSuggestion[];
  readonly advice: readonly PrescriptionIsodoseAdvice[];
  /** Candidates evaluated but not suggested, with the reason. */
  readonly rejected: readonly { readonly id: string; readonly title: string; readonly reason: string }[];
  readonly notes: readonly string[];
}
