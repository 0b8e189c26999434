// Timing of the ray-tracing engine on the demo thorax:  node bin/run-ts.mjs test/dose/benchDoseEngine.ts
// (figures are printed, not asserted; see ARCHITECTURE.md "Performance is measured by benchmark scripts").
// Per demo nodule: PTV = GTV sphere + 5 mm (voxel centres), 2 mm dose grid over the whole thorax, density from the
// demo CT, robotNodeSet() × buildBeamSet aim points. Three workloads:
//   A. influence on every body voxel (default options) — the 20 mm-class PTV only (memory);
//   B. influence on an optimisation sample (PTV + 15 mm: all voxels; to 40 mm: every 8th; body: every 64th), ocrCutoff 0.03;
//   C. final dose on the body with 40 % of the beams weighted (computeDose, coarse tail), sharing B's latticeCache.
// B and C are then repeated on a 2-worker DoseWorkerPool (per-worker lattice caches keyed by nodule). CPU figures are process CPU time (this process only).
import { DoseWorkerPool } from '../../bin/dose/DoseWorkerPool';
import { buildBeamSet, type BeamSet } from '../../src/dose/buildBeamSet';
import { computeDose } from '../../src/dose/computeDose';
import { computeDoseInfluence } from '../../src/dose/computeDoseInfluence';
import { densityGridFromCt } from '../../src/dose/densityGridFromCt';
import { genericBeamData, genericDensityTable } from '../../src/dose/defaultDoseModelData';
import type { DoseInfluence } from '../../src/dose/DoseInfluence';
import { createFanLatticeCache } from '../../src/dose/fanLattice';
import { robotNodeSet } from '../../src/dose/robotNodeSet';
import { gridTransforms, voxelCount } from '../../src/geometry/Grid3';
import { buildDemoThorax, demoCtGeometry } from '../../src/phantom/buildDemoThorax';
import { DEMO_NODULES } from '../../src/phantom/demoNodules';

const t0 = performance.now();
const demo = buildDemoThorax();
const { densityGrid } = densityGridFromCt(demo.case.ct!, genericDensityTable);
const doseGeometry = demoCtGeometry([2, 2, 2]);
const total = voxelCount(doseGeometry);
const [nx, ny, nz] = doseGeometry.dimensions;
const toWorld = gridTransforms(doseGeometry).indexToWorld;
console.log(`demo thorax + density: ${(performance.now() - t0).toFixed(0)} ms; dose grid [${doseGeometry.dimensions.join(' × ')}] = ${(total / 1e6).toFixed(2)} M voxels at 2 mm; CT [${densityGrid.dimensions.join(' × ')}] at ${densityGrid.spacingMm.join(' × ')} mm`);

// Body mask on the dose grid: nearest density voxel > 0.05 (the bench only needs a realistic region).
const body = new Uint8Array(total);
{
  const w = gridTransforms(densityGrid).worldToIndex;
  const [cx, cy, cz] = densityGrid.dimensions;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const ci = Math.round(w[0] * (toWorld[0] * i + toWorld[3]) + w[3]);
    const cj = Math.round(w[5] * (toWorld[5] * j + toWorld[7]) + w[7]);
    const ck = Math.round(w[10] * (toWorld[10] * k + toWorld[11]) + w[11]);
    body[i + j * nx + k * nx * ny] = ci >= 0 && cj >= 0 && ck >= 0 && ci < cx && cj < cy && ck < cz && densityGrid.data[ci + cj * cx + ck * cx * cy] > 0.05 ? 1 : 0;
  }
}
const nodes = robotNodeSet();
const cones = genericBeamData.cones.map((c) => c.diameterMm);

interface Case {
  readonly name: string;
  readonly set: BeamSet;
  readonly sample: Uint8Array;
  readonly sampleCount: number;
  readonly mu: Float64Array;
}
const cases: Case[] = DEMO_NODULES.map((nodule) => {
  const fractions = new Float32Array(total);
  const sample = new Uint8Array(total);
  let sampleCount = 0;
  const r = nodule.diameterMm / 2 + 5;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const v = i + j * nx + k * nx * ny;
    const d = Math.hypot(toWorld[0] * i + toWorld[3] - nodule.centerMm[0], toWorld[5] * j + toWorld[7] - nodule.centerMm[1], toWorld[10] * k + toWorld[11] - nodule.centerMm[2]);
    if (d <= r) fractions[v] = 1;
    if (body[v] && (d <= r + 15 || (d <= r + 40 && v % 8 === 0) || v % 64 === 0)) {
      sample[v] = 1;
      sampleCount++;
    }
  }
  const set = buildBeamSet([{ name: nodule.name, geometry: doseGeometry, fractions }], nodes, { availableConesMm: cones });
  const mu = Float64Array.from(set.beams, (_, b) => (b % 5 < 2 ? 50 : 0));
  return { name: nodule.name, set, sample, sampleCount, mu };
});

const entries = (influence: DoseInfluence): number => influence.voxelIndex.reduce((s, a) => s + a.length, 0);
const cpu = (): number => process.cpuUsage().user / 1000;

// A. Full body influence for the 20 mm-class PTV (LLL_Periph: 12 mm nodule + 5 mm).
{
  const c = cases[1];
  const t = c.set.targets[0];
  const start = performance.now();
  const influence = computeDoseInfluence(c.set.beams, densityGrid, doseGeometry, genericBeamData, { voxelMask: body });
  const ms = performance.now() - start;
  const n = entries(influence);
  console.log(
    `A. ${c.name}: PTV ${t.volumeCc.toFixed(1)} cc (dEq ${t.equivalentDiameterMm.toFixed(1)} mm), cone ${t.coneDiameterMm} mm, ${t.aimPointsMm.length} aim points × ${nodes.nodes.length} nodes = ${c.set.beams.length} beams; ` +
      `influence on all body voxels: ${ms.toFixed(0)} ms, ${(n / 1e6).toFixed(1)} M voxel-beam entries (${((n * 8) / 2 ** 20).toFixed(0)} MiB), ${(n / ms / 1e3).toFixed(1)} M entries/s`,
  );
}

// B + C single-threaded.
let sumB = 0;
let sumC = 0;
let sumEntries = 0;
for (const c of cases) {
  const t = c.set.targets[0];
  const latticeCache = createFanLatticeCache();
  let wall = performance.now();
  let c0 = cpu();
  const influence = computeDoseInfluence(c.set.beams, densityGrid, doseGeometry, genericBeamData, { voxelMask: c.sample, ocrCutoff: 0.03, latticeCache });
  const msB = performance.now() - wall;
  const cpuB = cpu() - c0;
  const n = entries(influence);
  wall = performance.now();
  c0 = cpu();
  computeDose(c.set.beams, c.mu, densityGrid, doseGeometry, genericBeamData, { voxelMask: body, latticeCache });
  const msC = performance.now() - wall;
  const cpuC = cpu() - c0;
  sumB += msB;
  sumC += msC;
  sumEntries += n;
  console.log(
    `${c.name.padEnd(14)} PTV ${t.volumeCc.toFixed(1).padStart(5)} cc, cone ${String(t.coneDiameterMm).padStart(4)} mm, ${c.set.beams.length} beams | ` +
      `B: sample ${c.sampleCount} voxels, ${msB.toFixed(0)} ms (cpu ${cpuB.toFixed(0)}), ${(n / 1e6).toFixed(2)} M entries | C: ${msC.toFixed(0)} ms (cpu ${cpuC.toFixed(0)})`,
  );
}
console.log(`single thread, 6 nodules: B ${sumB.toFixed(0)} ms (${(sumEntries / sumB / 1e3).toFixed(1)} M entries/s), C ${sumC.toFixed(0)} ms, B + C ${(sumB + sumC).toFixed(0)} ms`);

// B + C on a 2-worker pool.
const pool = new DoseWorkerPool(2);
try {
  let wall = performance.now();
  await pool.computeDose(cases[2].set.beams.slice(0, 4), [1, 1, 1, 1], densityGrid, doseGeometry, genericBeamData); // warm-up
  console.log(`pool of ${pool.size} workers ready in ${(performance.now() - wall).toFixed(0)} ms`);
  wall = performance.now();
  for (const c of cases) {
    await pool.computeDoseInfluence(c.set.beams, densityGrid, doseGeometry, genericBeamData, { voxelMask: c.sample, ocrCutoff: 0.03 }, c.name);
    await pool.computeDose(c.set.beams, c.mu, densityGrid, doseGeometry, genericBeamData, { voxelMask: body }, c.name);
    await pool.dropCache(c.name);
  }
  console.log(`pool, 6 nodules: B + C ${(performance.now() - wall).toFixed(0)} ms`);
} finally {
  await pool.close();
}
