import type { Grid3, GridGeometry } from '../geometry/Grid3';
import type { Beam } from './Beam';
import type { BeamData } from './BeamData';
import { beamDoseKernel } from './beamDoseKernel';
import type { DoseInfluence } from './DoseInfluence';
import type { DoseEngineOptions } from './DoseEngineOptions';
import { createDoseEngineContext, forEachBeamWithLattice } from './doseEngineContext';

/**
 * Sparse dose-influence data of a beam set by ray tracing (CyberKnife-style, physics.md §6.1): for every beam the
 * voxels of its footprint on `doseGeometry` (ascending flat indices) and their dose per MU per fraction, Gy/MU:
 *   D = OF(cone) · cal · TMR(d_eff, cone) · OCR(r_SAD, d_eff, cone) · (SAD / t)²
 * with cal = beamData.calibration.doseGyPerMu (0.01 Gy/MU in the generic data, UNVERIFIED), t = axial distance
 * source → voxel centre, r_SAD = off-axis distance scaled to the data's SAD (800 mm), d_eff = radiological depth
 * from the source through `densityGrid` (relative electron density; outside it ρ = 0), traced exactly along a fan
 * lattice of rays shared by all beams from the same source and interpolated per voxel (docs/dose-engine.md gives
 * the accuracy). Voxels where the OCR is below options.ocrCutoff at every depth (default 1 %) are outside the
 * footprint; voxels masked out by options.voxelMask are skipped. A voxel's value does not depend on the mask; it
 * depends on the other beams from the same source only through the shared lattice axis (within the lattice accuracy).
 * Known limit: no lateral transport in heterogeneities, so target dose in lung is overestimated compared with
 * Monte Carlo; options.lateralDensityScaling is an experimental partial correction.
 * Pure; runs the same in a Web Worker or worker_threads (split `beams` by source and concatenate for parallelism).
 * Throws InputError: 'bad-beam' / 'unknown-cone' for a bad beam, 'bad-density' / grid errors for the grids,
 * 'bad-option' for options.
 * @param beams beams in patient LPS mm (sources, aim points, cone diameters at 800 mm)
 * @param densityGrid relative electron density (densityGridFromCt or densityGridFromStructures), any orientation
 * @param doseGeometry grid on which dose is reported (may differ from the density grid)
 * @param beamData parsed beam data (genericBeamData or a clinic's commissioned file via parseBeamData)
 * @see beamDoseKernel, traceFanLattice
 */
export function computeDoseInfluence(
  beams: readonly Beam[],
  densityGrid: Grid3<Float32Array>,
  doseGeometry: GridGeometry,
  beamData: BeamData,
  options: DoseEngineOptions = {},
): DoseInfluence {
  const context = createDoseEngineContext(beams, densityGrid, doseGeometry, beamData, options);
  const empty = { index: new Uint32Array(0), dose: new Float32Array(0) };
  const voxelIndex: Uint32Array[] = beams.map(() => empty.index);
  const doseGyPerMu: Float32Array[] = beams.map(() => empty.dose);
  forEachBeamWithLattice(beams, context, doseGeometry, () => true, (b, lattice) => {
    const count = beamDoseKernel(beams[b], context.cones[b], lattice, doseGeometry, context.options, context.options.voxelMask, 'all', context.workspace);
    voxelIndex[b] = context.workspace.voxelIndex.slice(0, count);
    doseGyPerMu[b] = context.workspace.doseGyPerMu.slice(0, count);
  });
  return { voxelCount: context.doseVoxelCount, beamCount: beams.length, voxelIndex, doseGyPerMu };
}
