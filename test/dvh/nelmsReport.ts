// Prints the Nelms benchmark pass-rate tables and timings:
//   node bin/run-ts.mjs test/dvh/nelmsReport.ts [--nelms] [--worst] [--mask] [--target=<samples>]
// --nelms adds the table against the true solid + caps; --mask uses the voxel-mask DVH instead.
import { loadNelmsDoses, loadNelmsStructures, passRateTable, runNelmsMatrix } from './nelmsMatrix';

const structures = loadNelmsStructures();
const doses = loadNelmsDoses();
const t0 = performance.now();
const targetArg = process.argv.find((a) => a.startsWith('--target='));
const dvhOptions = targetArg ? { targetSampleCount: Number(targetArg.slice(9)) } : {};
const method = process.argv.includes('--mask') ? 'mask' : 'contours';
const cases = runNelmsMatrix(structures, doses, { withNelmsModel: process.argv.includes('--nelms'), dvh: dvhOptions, method });
console.log(`method: ${method === 'mask' ? 'computeDvhFromMask(dose, voxelizeStructure(contours, dose grid))' : 'computeDvh(dose, contours)'}`);
const totalMs = performance.now() - t0;
const dvhMs = cases.reduce((sum, c) => sum + c.milliseconds, 0);
const excluded = cases.filter((c) => c.volumeOutsideDoseGridCc > 0);
const included = cases.filter((c) => c.volumeOutsideDoseGridCc === 0);
console.log(`${cases.length} combinations (${structures.length} structures × ${doses.length} dose grids), ${excluded.length} excluded (structure not inside the dose grid)`);
console.log(`computeDvh total ${dvhMs.toFixed(0)} ms (mean ${(dvhMs / cases.length).toFixed(1)} ms, max ${Math.max(...cases.map((c) => c.milliseconds)).toFixed(0)} ms); with analytic references ${totalMs.toFixed(0)} ms`);
console.log(passRateTable(included, 'slabs'));
if (process.argv.includes('--nelms')) console.log(passRateTable(included, 'nelms'));
if (process.argv.includes('--worst')) {
  const rows = included
    .flatMap((c) => (['volumeCc', 'meanGy', 'd95Gy', 'd5Gy', 'minGy', 'maxGy', 'd99Gy', 'd1Gy', 'd003ccGy'] as const).map((m) => ({ c, m, e: (c.computed[m] - c.expected[m]) / c.expected[m] })))
    .sort((a, b) => Math.abs(b.e) - Math.abs(a.e))
    .slice(0, 25);
  for (const r of rows) console.log(r.c.structureFile.padEnd(24), r.c.doseFile.padEnd(32), r.m.padEnd(9), (100 * r.e).toFixed(3), r.c.computed[r.m].toFixed(4), r.c.expected[r.m].toFixed(4));
}
