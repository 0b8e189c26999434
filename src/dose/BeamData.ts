import type { ParameterStatus } from '../radiobiology/BedModel';

/**
 * Where an output factor comes from: 'reference' = the calibration cone (1 by definition), 'published' = measured
 * values from the literature, 'generic' = a smooth rule, 'commissioned' = measured by the clinic on its machine.
 */
export type OutputFactorStatus = 'reference' | 'published' | 'generic' | 'commissioned';
export const OUTPUT_FACTOR_STATUSES: readonly OutputFactorStatus[] = ['reference', 'published', 'generic', 'commissioned'];

/** Dosimetric data of one circular cone (tables as read; the engine compiles them with compileBeamModel). */
export interface ConeBeamData {
  /** Cone diameter defined at the source–axis distance of the data (800 mm), mm. */
  readonly diameterMm: number;
  /** Output factor relative to the calibration cone, at the calibration depth and SAD (dimensionless). */
  readonly outputFactor: number;
  readonly outputFactorStatus: OutputFactorStatus;
  readonly outputFactorSource: string;
  /** TMR depths (mm water-equivalent), strictly ascending, ≥ 0. */
  readonly tmrDepthsMm: Float64Array;
  /** TMR at those depths (dimensionless, 1 at the normalisation depth). */
  readonly tmr: Float64Array;
  /** OCR depths (mm water-equivalent), strictly ascending. */
  readonly ocrDepthsMm: Float64Array;
  /** OCR radii, mm off axis scaled to the data's SAD, strictly ascending from 0. */
  readonly ocrRadiiMm: Float64Array;
  /** OCR values, row-major [depth][radius]: ocr[d·nRadii + r] (dimensionless, 1 on axis). */
  readonly ocr: Float64Array;
}

/** The calibration of absolute dose: doseGyPerMu under the reference conditions (reference cone, depth, SAD). */
export interface BeamCalibration {
  /** Absolute dose per MU under reference conditions, Gy/MU. */
  readonly doseGyPerMu: number;
  readonly referenceConeDiameterMm: number;
  readonly referenceDepthMm: number;
  readonly referenceSourceAxisDistanceMm: number;
  readonly source: string;
  readonly status: ParameterStatus;
}

/** One stated assumption of a beam model (kept with the data so every number has its reason). */
export interface BeamDataAssumption {
  readonly id: string;
  readonly text: string;
  readonly value: number | null;
  readonly unit: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/**
 * A circular-cone beam model (dose-models/beam-data/*.json, format in docs/dose-engine.md): per cone output factor,
 * TMR(depth) and OCR(radius, depth), plus the absolute calibration. `commissioned: false` marks generic data that
 * must not be used for treatment.
 */
export interface BeamData {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly commissioned: boolean;
  /** Text to show wherever the data are used; always present (and says "generic, not commissioned") when !commissioned. */
  readonly warning: string | undefined;
  /** Nominal source–axis distance the cone sizes, OCR radii and output factors refer to, mm (800 for CyberKnife). */
  readonly sourceAxisDistanceMm: number;
  readonly calibration: BeamCalibration;
  /** Sorted by diameter, ascending; diameters unique. */
  readonly cones: readonly ConeBeamData[];
  readonly assumptions: readonly BeamDataAssumption[];
  readonly references: readonly string[];
}
