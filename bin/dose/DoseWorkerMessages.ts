import type { Beam } from '../../src/dose/Beam';
import type { BeamData } from '../../src/dose/BeamData';
import type { ComputeDoseOptions } from '../../src/dose/computeDose';
import type { DoseEngineOptions } from '../../src/dose/DoseEngineOptions';
import type { Grid3, GridGeometry } from '../../src/geometry/Grid3';

/** Requests the pool sends to a dose worker (structured-cloned; typed arrays copied). */
export type DoseWorkerRequest =
  | { readonly kind: 'influence'; readonly id: number; readonly beams: readonly Beam[]; readonly densityGrid: Grid3<Float32Array>; readonly doseGeometry: GridGeometry; readonly beamData: BeamData; readonly options: DoseEngineOptions; readonly cacheKey?: string }
  | { readonly kind: 'dose'; readonly id: number; readonly beams: readonly Beam[]; readonly muPerBeam: Float64Array; readonly densityGrid: Grid3<Float32Array>; readonly doseGeometry: GridGeometry; readonly beamData: BeamData; readonly options: ComputeDoseOptions; readonly cacheKey?: string }
  | { readonly kind: 'drop-cache'; readonly id: number; readonly cacheKey: string };

export type DoseWorkerResponse =
  | { readonly kind: 'influence'; readonly id: number; readonly voxelIndex: Uint32Array[]; readonly doseGyPerMu: Float32Array[] }
  | { readonly kind: 'dose'; readonly id: number; readonly doseGy: Float32Array }
  | { readonly kind: 'dropped'; readonly id: number }
  | { readonly kind: 'error'; readonly id: number; readonly code: string; readonly message: string };
