/**
 * Sparse dose-influence data of a beam set on one dose grid: for beam b, the voxels in its footprint and the
 * dose each receives per monitor unit. Dose(voxel) = Σ_b MU_b · doseGyPerMu[b][n] for voxelIndex[b][n] = voxel.
 * Voxel indices are flat grid indices (i + j·nx + k·nx·ny) of the dose grid the influence was computed on.
 */
export interface DoseInfluence {
  readonly voxelCount: number;
  readonly beamCount: number;
  /** Per beam: flat voxel indices, ascending. */
  readonly voxelIndex: readonly Uint32Array[];
  /** Per beam: physical dose per fraction per MU at those voxels, Gy/MU. */
  readonly doseGyPerMu: readonly Float32Array[];
}
