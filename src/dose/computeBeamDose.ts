import type { Grid3, GridGeometry } from '../geometry/Grid3';
import type { Beam } from './Beam';
import type { BeamData } from './BeamData';
import { computeDoseInfluence } from './computeDoseInfluence';
import type { DoseEngineOptions } from './DoseEngineOptions';

/** Dose per MU of one beam: its footprint voxels (ascending flat indices of the dose grid) and Gy/MU at each. */
export interface BeamDose {
  readonly voxelIndex: Uint32Array;
  readonly doseGyPerMu: Float32Array;
}

/** Dose per MU of a single beam: computeDoseInfluence for one beam (same model, options and errors). */
export function computeBeamDose(beam: Beam, densityGrid: Grid3<Float32Array>, doseGeometry: GridGeometry, beamData: BeamData, options: DoseEngineOptions = {}): BeamDose {
  const influence = computeDoseInfluence([beam], densityGrid, doseGeometry, beamData, options);
  return { voxelIndex: influence.voxelIndex[0], doseGyPerMu: influence.doseGyPerMu[0] };
}
