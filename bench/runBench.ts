// Benchmark figures:  npm run bench [-- --runs=5] [-- --only=lung,nelms,voxelize,plan]
// Prints figures (times, sample counts, agreement with references); nothing here passes or fails.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchGroup } from './BenchGroup';
import { lungCaseBench } from './lungCaseBench';
import { nelmsBench } from './nelmsBench';
import { planBench } from './planBench';
import { voxelizeBench } from './voxelizeBench';

/** Figure groups in print order; a new group (e.g. a dose engine) is one more file and one more entry. */
const GROUPS: readonly BenchGroup[] = [lungCaseBench, nelmsBench, voxelizeBench, planBench];

const argument = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(argument('runs') ?? 5);
const only = argument('only')?.split(',');
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs must be a positive integer, got ${argument('runs')}`);
const unknown = only?.filter((id) => !GROUPS.some((g) => g.id === id)) ?? [];
if (unknown.length > 0) throw new Error(`unknown group(s) ${unknown.join(', ')}; groups: ${GROUPS.map((g) => g.id).join(', ')}`);

const context: BenchContext = {
  runs,
  repoRoot: fileURLToPath(new URL('..', import.meta.url)),
  validationDir: fileURLToPath(new URL('../../shared/validation/', import.meta.url)),
  print: (line = '') => console.log(line),
};

console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ${runs} runs per median`);
for (const group of GROUPS) {
  if (only && !only.includes(group.id)) continue;
  console.log(`\n== ${group.title}`);
  const t0 = performance.now();
  await group.run(context);
  console.log(`(${group.id}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
