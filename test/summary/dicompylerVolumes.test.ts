import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleCase } from '../../src/case/assembleCase';
import { readRtStruct } from '../../src/io/dicom/readRtStruct';
import type { PlanarContour } from '../../src/model/Structure';
import { summarizeStructures } from '../../src/summary/summarizeStructures';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';

const RTSS = fileURLToPath(new URL('../../../shared/validation/dicompyler-core/rtss.dcm', import.meta.url));

/**
 * Independent reference: per plane, each polygon's |shoelace area| counted with the sign of its nesting
 * depth (even-odd: inside an odd number of other contours = hole), times the 3 mm plane spacing
 * (README §2: contour planes at 3 mm). Written here from scratch, sharing no code with src/.
 */
function evenOddVolumeCc(contours: readonly PlanarContour[], sliceMm: number): number {
  const area = (xy: Float64Array) => {
    let twice = 0;
    for (let p = 0, n = xy.length / 2; p < n; p++) {
      const q = (p + 1) % n;
      twice += xy[2 * p] * xy[2 * q + 1] - xy[2 * q] * xy[2 * p + 1];
    }
    return Math.abs(twice) / 2;
  };
  const inside = (x: number, y: number, xy: Float64Array) => {
    let odd = false;
    for (let p = 0, n = xy.length / 2, q = n - 1; p < n; q = p++) {
      const [xi, yi, xj, yj] = [xy[2 * p], xy[2 * p + 1], xy[2 * q], xy[2 * q + 1]];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
    return odd;
  };
  let totalMm3 = 0;
  for (const c of contours) {
    const samePlane = contours.filter((o) => o !== c && Math.abs(o.zMm - c.zMm) < 0.01);
    const depth = samePlane.filter((o) => inside(c.xyMm[0], c.xyMm[1], o.xyMm)).length;
    totalMm3 += (depth % 2 === 0 ? 1 : -1) * area(c.xyMm) * sliceMm;
  }
  return totalMm3 / 1000;
}

describe('dicompyler-core thorax structure volumes', () => {
  const set = readRtStruct(new Uint8Array(readFileSync(RTSS)), 'rtss.dcm').value!;
  const patientCase = assembleCase({ id: 'dicompyler', description: '', frameOfReferenceUid: set.frameOfReferenceUid, structures: set.structures, structureSource: 'rtss.dcm', sources: ['rtss.dcm'] });
  const summaries = summarizeStructures(patientCase.structures);

  for (const name of ['Heart', 'Lt Lung']) {
    it(`summarizeStructures gives ${name} within 1 % of an independent even-odd area × slice sum`, () => {
      const structure = set.structures.find((s) => s.name === name)!;
      const reference = evenOddVolumeCc(structure.contours, 3);
      const ours = summaries.find((s) => s.name === name)!.volumeCc!;
      expect(Math.abs(ours / reference - 1)).toBeLessThan(0.01);
    });

    it(`voxelizeStructure on a 2 x 2.5 x 3 mm grid gives ${name} within 1 % of the same reference`, () => {
      const structure = set.structures.find((s) => s.name === name)!;
      let [x0, x1, y0, y1, z0, z1] = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
      for (const c of structure.contours) {
        for (let p = 0; p < c.xyMm.length; p += 2) {
          x0 = Math.min(x0, c.xyMm[p]); x1 = Math.max(x1, c.xyMm[p]);
          y0 = Math.min(y0, c.xyMm[p + 1]); y1 = Math.max(y1, c.xyMm[p + 1]);
        }
        z0 = Math.min(z0, c.zMm); z1 = Math.max(z1, c.zMm);
      }
      const spacingMm = [2, 2.5, 3] as const;
      const originMm = [x0 - 4, y0 - 4, z0 - 6] as const;
      const dimensions: [number, number, number] = [
        Math.ceil((x1 - x0 + 8) / spacingMm[0]) + 1, Math.ceil((y1 - y0 + 8) / spacingMm[1]) + 1, Math.ceil((z1 - z0 + 12) / spacingMm[2]) + 1];
      const mask = voxelizeStructure(structure.contours, { dimensions, spacingMm, originMm, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
      expect(Math.abs(mask.volumeCc / evenOddVolumeCc(structure.contours, 3) - 1)).toBeLessThan(0.01);
    });
  }

  it('Lt Lung really has holes (nested contours), so the even-odd rule is exercised', () => {
    const lung = set.structures.find((s) => s.name === 'Lt Lung')!;
    // README §2: 165 contours on 80 planes.
    expect(lung.contours.length).toBe(165);
    const withHoles = evenOddVolumeCc(lung.contours, 3);
    const allFilled = lung.contours.reduce((sum, c) => sum + evenOddVolumeCc([c], 3), 0);
    expect(allFilled).toBeGreaterThan(withHoles * 1.001);
  });
});
