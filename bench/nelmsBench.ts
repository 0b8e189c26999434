// Nelms et al. 2015 analytical DVH benchmark (Med Phys 42:4435; /work/shared/validation README §1):
// 50 structure sets × 6 linear dose grids, against the closed forms of test/dvh/nelmsAnalytic.ts.
import { loadNelmsDoses, loadNelmsStructures, metricsFor, passRateTable, relativeError, runNelmsMatrix, type NelmsCase, type NelmsMethod } from '../test/dvh/nelmsMatrix';
import type { BenchContext, BenchGroup } from './BenchGroup';
import { formatMs } from './benchTiming';

const TOLERANCE = 0.03;
const METHODS: { method: NelmsMethod; label: string }[] = [
  { method: 'contours', label: 'computeDvh(dose, contours), default options (sub-voxel)' },
  { method: 'mask', label: 'computeDvhFromMask(dose, voxelizeStructure(contours, dose grid)) (partial-volume voxels, centre dose)' },
  { method: 'voxel-centre', label: 'voxel-centre inclusion on the dose grid (as plastimatch)' },
];

export const nelmsBench: BenchGroup = {
  id: 'nelms',
  title: 'Nelms 2015 analytical benchmark: 50 structures × 6 dose grids = 300 DVHs',
  async run(context: BenchContext): Promise<void> {
    const { print } = context;
    const t0 = performance.now();
    const structures = loadNelmsStructures();
    const doses = loadNelmsDoses();
    print(`read 50 RTSTRUCT + 6 RTDOSE: ${formatMs(performance.now() - t0)}`);
    let contoursCases: NelmsCase[] = [];
    for (const { method, label } of METHODS) {
      // The true-solid reference only for the default method (it is slow to integrate).
      const cases = runNelmsMatrix(structures, doses, { method, withNelmsModel: method === 'contours' });
      if (method === 'contours') contoursCases = cases;
      const ms = cases.map((c) => c.milliseconds);
      const total = ms.reduce((a, b) => a + b, 0);
      const worst = Math.max(...cases.flatMap((c) => metricsFor(c).map((m) => Math.abs(relativeError(c.computed[m], c.expected[m])))));
      print();
      print(`${label}`);
      print(`  ${cases.length} DVHs in ${formatMs(total)} (mean ${formatMs(total / cases.length)}, max ${formatMs(Math.max(...ms))}); worst |Δ| over all metrics ${(100 * worst).toFixed(2)} %`);
      print(indent(passRateTable(cases, 'slabs', TOLERANCE)));
    }
    print();
    print('computeDvh against the true solids with ½-slice caps (the benchmark\'s own definition; differs from the');
    print('contour slabs where 3 mm planes cannot follow a solid whose section changes along z):');
    print(indent(passRateTable(contoursCases, 'nelms', TOLERANCE)));
  },
};

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
