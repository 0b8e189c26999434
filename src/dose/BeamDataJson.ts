import type { ParameterStatus } from '../radiobiology/BedModel';
import type { BeamDataAssumption, OutputFactorStatus } from './BeamData';

/**
 * The beam-data file format, version 1 (JSON Schema: dose-models/schemas/beam-data.schema.json; described in
 * docs/dose-engine.md). parseBeamData turns it into BeamData.
 */
export interface BeamDataJson {
  readonly $schema?: string;
  readonly formatVersion: 1;
  readonly id: string;
  readonly label: string;
  /** Shown wherever the data are used; must say "generic, not commissioned" when commissioned is false. */
  readonly warning?: string;
  readonly description: string;
  readonly commissioned: boolean;
  readonly sourceAxisDistanceMm: number;
  readonly calibration: {
    readonly doseGyPerMu: number;
    readonly referenceConeDiameterMm: number;
    readonly referenceDepthMm: number;
    readonly referenceSourceAxisDistanceMm: number;
    readonly source: string;
    readonly status: ParameterStatus;
  };
  readonly cones: readonly ConeBeamDataJson[];
  readonly assumptions: readonly BeamDataAssumption[];
  readonly references: readonly string[];
  /** How the file was made (script and model), for generated data. */
  readonly generator?: { readonly script: string; readonly model: string };
}

export interface ConeBeamDataJson {
  readonly diameterMm: number;
  readonly outputFactor: { readonly value: number; readonly status: OutputFactorStatus; readonly source: string };
  readonly tmr: { readonly depthsMm: readonly number[]; readonly values: readonly number[] };
  readonly ocr: { readonly depthsMm: readonly number[]; readonly radiiMm: readonly number[]; readonly values: readonly (readonly number[])[] };
}
