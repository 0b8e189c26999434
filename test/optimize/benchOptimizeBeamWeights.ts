// Benchmark (not a test): time of optimizeBeamWeights for ~300 beams × ~5·10⁴ footprint voxels on a 2 mm grid.
// Run: node bin/run-ts.mjs test/optimize/benchOptimizeBeamWeights.ts [runs]
import { falloffShells } from '../../src/optimize/falloffShells';
import { optimizeBeamWeights } from '../../src/optimize/optimizeBeamWeights';
import { ballVoxels, fractionsOf, toyBeams, toyInfluenceFast } from './syntheticInfluence';

const runs = Number(process.argv[2] ?? 3);
const grid = { dimensions: [200, 160, 120] as const, spacingMm: [2, 2, 2] as const };
const centre = [201, 161, 121] as const;
const radiusMm = 15;
// 150 directions × 2 cones (radius 16 and 10 mm, aimed at the centre) = 300 beams, 1.5 mm logistic penumbra:
// the mix of a flat large cone and a peaked small one lets the optimiser reach any IDL of 70–85 %.
const beams = [...toyBeams(150, centre, 16, [[0, 0, 0]]), ...toyBeams(150, centre, 10, [[0, 0, 0]])];
let t0 = performance.now();
const influence = toyInfluenceFast(grid, beams, { penumbraMm: 1.5 });
const nnz = influence.voxelIndex.reduce((s, a) => s + a.length, 0);
console.log(`influence: ${beams.length} beams, ${(nnz / beams.length).toFixed(0)} voxels per beam, ${(nnz / 1e6).toFixed(1)}·10⁶ entries (built in ${(performance.now() - t0).toFixed(0)} ms)`);
const target = ballVoxels(grid, centre, radiusMm);
t0 = performance.now();
const shells = falloffShells(fractionsOf(grid, target), grid, 10);
console.log(`falloffShells: ${(performance.now() - t0).toFixed(0)} ms, ${shells.map((s) => s.voxels.length).join(' / ')} voxels`);
for (let run = 0; run < runs; run++) {
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = optimizeBeamWeights({ influence, voxelVolumeCc: 0.008, target, prescriptionGyPerFraction: 10, prescriptionIsodosePercent: 80, shells }, { ...(process.env.THETA ? { screeningFraction: Number(process.env.THETA) } : {}), ...(process.env.RTOL ? { relativeTolerance: Number(process.env.RTOL) } : {}) });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const a = result.achieved;
  console.log(
    `run ${run}: ${ms.toFixed(0)} ms wall (${cpuMs.toFixed(0)} ms CPU), ${result.iterations} iterations, ${result.rounds.length} rounds [${result.rounds.map((r) => `${r.iterations}:${r.prescriptionIsodosePercent.toFixed(1)}:${r.actions.join("+") || "done"}`).join(", ")}], ` +
      `IDL ${a.prescriptionIsodosePercent.toFixed(1)} %, V100 ${a.v100Percent.toFixed(2)} %, R100 ${a.r100.toFixed(2)}, R50 ${a.r50.toFixed(2)}, ` +
      `active beams ${result.summary.activeBeamCount}, MU ${result.summary.totalMuPerFraction.toFixed(0)}, working set ${result.rounds[result.rounds.length - 1].workingSetVoxels} voxels, warnings [${result.warnings.map((w) => w.code).join(', ')}]`,
  );
}
