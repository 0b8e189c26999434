// voxelizeStructure on the Nelms 2015 benchmark structures (/work/shared/validation/nelms-dvh-analytical).
import { describe, expect, it } from 'vitest';
import { structureVolumeCc } from '../../src/voxelize/structureVolumeCc';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { analyticMetrics, slabModel } from '../dvh/nelmsAnalytic';
import { loadNelmsDoses, loadNelmsStructures } from '../dvh/nelmsMatrix';

describe('voxelizeStructure on the Nelms benchmark', () => {
  it('voxelizeStructure(contours, 1/2/3 mm dose grids) keeps every solid within 0.5 % of its analytic capped volume', () => {
    const structures = loadNelmsStructures();
    const grids = loadNelmsDoses().filter((d) => d.gradient === 'AntPost'); // the SupInf grids share these lattices
    let worst = 0;
    for (const s of structures) {
      // Analytic slab-model volume: exact cross-section at each plane × contour spacing (nelmsAnalytic.ts).
      const expected = analyticMetrics(slabModel(s.solid, s.contourSpacingMm), 'SupInf').volumeCc;
      expect(Math.abs(structureVolumeCc(s.structure.contours) / expected - 1), s.file).toBeLessThan(2e-4); // 376-gon vs circle
      for (const g of grids) {
        const mask = voxelizeStructure(s.structure.contours, g.dose);
        expect(mask.clippedByGrid).toBe(false);
        worst = Math.max(worst, Math.abs(mask.volumeCc / expected - 1));
      }
    }
    expect(worst).toBeLessThan(0.005);
  });
});
