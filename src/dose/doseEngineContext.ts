import { InputError } from '../errors/InputError';
import { validateGridGeometry, voxelCount, type Grid3, type GridGeometry } from '../geometry/Grid3';
import type { Beam } from './Beam';
import type { BeamData } from './BeamData';
import { createDoseKernelWorkspace, type DoseKernelWorkspace } from './beamDoseKernel';
import { compileBeamModel, findCone, type BeamModel, type CompiledCone } from './compileBeamModel';
import { validateBeam } from './validateBeam';
import { resolveDoseEngineOptions, type DoseEngineOptions, type ResolvedDoseEngineOptions } from './DoseEngineOptions';
import { groupBeamsBySource, maximumStretch, traceFanLattice, type FanLattice, type FanLatticeCache } from './fanLattice';
import { prepareDensityVolume, type DensityVolume } from './radiologicalPath';

/** Everything the public engine functions share: checked inputs, compiled model, buffers. */
export interface DoseEngineContext {
  readonly volume: DensityVolume;
  readonly model: BeamModel;
  readonly options: ResolvedDoseEngineOptions;
  readonly doseVoxelCount: number;
  readonly stretch: number;
  readonly cones: readonly CompiledCone[];
  readonly workspace: DoseKernelWorkspace;
}

/** Validates the arguments (throws InputError) and prepares the density volume, beam model and buffers. */
export function createDoseEngineContext(beams: readonly Beam[], densityGrid: Grid3<Float32Array>, doseGeometry: GridGeometry, beamData: BeamData, options: DoseEngineOptions): DoseEngineContext {
  validateGridGeometry(doseGeometry, 'dose grid');
  const doseVoxelCount = voxelCount(doseGeometry);
  const resolved = resolveDoseEngineOptions(options, doseVoxelCount);
  const volume = prepareDensityVolume(densityGrid);
  const model = compileBeamModel(beamData, resolved.ocrCutoff);
  const cones = beams.map((beam, b) => {
    validateBeam(beam, b);
    return findCone(model, beam.coneDiameterMm);
  });
  return { volume, model, options: resolved, doseVoxelCount, stretch: maximumStretch(resolved.lateralDensityScaling), cones, workspace: createDoseKernelWorkspace() };
}

/**
 * Calls `visit(beamIndex, lattice)` for every beam with `include(beamIndex)`, grouped by source so that each group's
 * fan lattice is traced once (workspace.cumulative is reused by the next group: use the lattice inside `visit` only).
 */
export function forEachBeamWithLattice(
  beams: readonly Beam[],
  context: DoseEngineContext,
  doseGeometry: GridGeometry,
  include: (beamIndex: number) => boolean,
  visit: (beamIndex: number, lattice: FanLattice) => void,
): void {
  const cache = context.options.latticeCache;
  if (cache) claimLatticeCache(cache, context, doseGeometry);
  for (const group of groupBeamsBySource(beams)) {
    const members = group.filter(include);
    if (members.length === 0) continue;
    const lattice = traceFanLattice(
      group.map((b) => beams[b]),
      members.map((b) => beams[b]),
      members.map((b) => context.cones[b]),
      context.stretch,
      context.volume,
      doseGeometry,
      context.model.sourceAxisDistanceMm,
      context.options.rayLatticeSpacingMm,
      context.options.depthSampleSpacingMm,
      context.workspace,
      cache,
    );
    if (!lattice) continue;
    for (const b of members) visit(b, lattice);
  }
}

/** Binds a lattice cache to the grids and ray options of its first use; throws InputError 'cache-mismatch' for others. */
function claimLatticeCache(cache: FanLatticeCache, context: DoseEngineContext, doseGeometry: GridGeometry): void {
  const doseKey = JSON.stringify([doseGeometry.dimensions, doseGeometry.spacingMm, doseGeometry.originMm, doseGeometry.direction]);
  const rayKey = `${context.options.rayLatticeSpacingMm}|${context.options.depthSampleSpacingMm}|${context.stretch}|${context.model.sourceAxisDistanceMm}`;
  if (!cache.owner) {
    cache.owner = { density: context.volume.data, doseKey, rayKey };
    return;
  }
  if (cache.owner.density !== context.volume.data || cache.owner.doseKey !== doseKey || cache.owner.rayKey !== rayKey) {
    throw new InputError('cache-mismatch', 'latticeCache belongs to another density grid, dose grid or ray options; create one per case');
  }
}
