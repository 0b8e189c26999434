import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseFromJson, loadCaseJson } from '../../../src/io/json/caseFromJson';
import { readCaseJson } from '../../../src/io/json/readCaseJson';
import { DEMO_FRAME_OF_REFERENCE_UID } from '../../../src/phantom/buildDemoThorax';
import { DEMO_NODULES } from '../../../src/phantom/demoNodules';
import { analyticZoneDistancesMm, HOUNSFIELD } from '../../../src/phantom/thoraxAnatomy';

const teachingText = readFileSync(new URL('../../../examples/teaching-case.json', import.meta.url), 'utf8');

describe('caseFromJson', () => {
  it('loadCaseJson(examples/teaching-case.json) is the demo thorax plus a 15 mm nodule 8 mm from the chest wall', () => {
    const { value, issues } = loadCaseJson(teachingText, 'teaching-case.json');
    expect(issues).toEqual([]);
    const c = value!;
    expect(c.nodules).toHaveLength(DEMO_NODULES.length + 1);
    expect(c.nodules.at(-1)).toEqual({ name: 'Teach_ChestWall', gtv: 'GTV_Teach_ChestWall' });
    expect(c.sources).toEqual(['teaching-case.json', 'demo-thorax']);
    expect(c.frameOfReferenceUid).toBe(DEMO_FRAME_OF_REFERENCE_UID);
    const gtv = c.structures.find((s) => s.name === 'GTV_Teach_ChestWall')!;
    expect(gtv.role).toBe('gtv');
    // The ray runs along +x at z = 20 (a plane): the central section is a 15 mm circle; its vertex mean is the centre.
    const central = gtv.contours.find((c) => c.zMm === 20)!;
    const n = central.xyMm.length / 2;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) [sx, sy] = [sx + central.xyMm[2 * i], sy + central.xyMm[2 * i + 1]];
    const center: [number, number, number] = [sx / n, sy / n, 20];
    expect(center[1]).toBeCloseTo(10, 9);
    expect(central.xyMm[0] - center[0]).toBeCloseTo(7.5, 9);
    // The designed gap is 8 mm also on the analytic cavity ellipse (contours are inscribed 1 mm-edge polygons).
    expect(analyticZoneDistancesMm(center).chestWallMm - 7.5).toBeCloseTo(8, 1);
    // Painted into the base CT at the nodule HU.
    const g = c.ct!.huGrid;
    const [i, j, k] = [0, 1, 2].map((a) => Math.round((center[a] - g.originMm[a]) / g.spacingMm[a]));
    expect(g.data[i + j * g.dimensions[0] + k * g.dimensions[0] * g.dimensions[1]]).toBe(HOUNSFIELD.nodule);
  });

  it('caseFromJson replaces a base structure by name (keeping its number and role) and appends new ones', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      id: 'override',
      base: 'demo-thorax',
      includeBaseNodules: false,
      frameOfReferenceUid: '1.2.826.0.1.3680043.2.1125.1',
      structures: [
        { name: 'Heart', sphere: { centerMm: [20, -30, -55], diameterMm: 80 } },
        { name: 'PTV_X', role: 'ptv', sphere: { centerMm: [-100, 0, 0], diameterMm: 20 } },
        { name: 'Mystery', sphere: { centerMm: [100, 0, 0], diameterMm: 10 } },
      ],
      nodules: [{ name: 'X', ptv: 'PTV_X' }],
    });
    const { value, issues } = loadCaseJson(text, 'o.json', { includeBaseCt: false, assignRole: (s) => ({ role: 'support', roleReason: `mapped ${s.name}` }) });
    expect(issues).toEqual([]);
    const heart = value!.structures.find((s) => s.name === 'Heart')!;
    expect(heart).toMatchObject({ number: 4, role: 'heart', roleReason: 'role of the demo-thorax structure of the same name' });
    expect(heart.contours[0].zMm).toBe(-92.5); // first 2.5 mm plane inside (−95, −15)
    expect(value!.structures.slice(-2).map((s) => [s.number, s.name, s.role, s.roleReason])).toEqual([
      [12, 'PTV_X', 'ptv', 'role given in o.json'],
      [13, 'Mystery', 'support', 'mapped Mystery'],
    ]);
    expect(value!.nodules).toEqual([{ name: 'X', ptv: 'PTV_X' }]);
    expect(value!.frameOfReferenceUid).toBe('1.2.826.0.1.3680043.2.1125.1');
    expect(value!.ct).toBeUndefined();
  });

  it('caseFromJson skips nodules with missing references or impossible placements and keeps the rest', () => {
    const read = readCaseJson(
      JSON.stringify({
        schemaVersion: 1,
        id: 'bad-nodules',
        structures: [{ name: 'GTV_1', role: 'gtv', sphere: { centerMm: [0, 0, 0], diameterMm: 10 } }, { name: 'Odd', contours: [{ zMm: 1.3, pointsMm: [[0, 0], [1, 0], [0, 1]] }] }],
        nodules: [
          { name: 'N1', gtv: 'GTV_1', itv: 'ITV_1' },
          { name: 'N2', gtv: 'GTV_1' },
          { name: 'N3', diameterMm: 10, near: { organ: 'chest-wall', distanceMm: 5, fromMm: [0, 0, 0] } },
          { name: 'N4', gtv: 'GTV_1', centerMm: [50, 0, 0], diameterMm: 4 },
          { name: 'N5', centerMm: [50, 0, 1.25], diameterMm: 1 },
        ],
      }),
      'b.json',
    );
    expect(read.issues).toEqual([]);
    const { value, issues } = caseFromJson(read.value!, 'b.json');
    expect(value!.nodules).toEqual([{ name: 'N2', gtv: 'GTV_1' }]);
    expect(issues.map((i) => [i.severity, i.code])).toEqual([
      ['warning', 'off-lattice'],
      ['error', 'missing-structure'],
      ['error', 'organ-not-found'],
      ['error', 'duplicate-structure'],
      ['error', 'nodule-between-planes'],
    ]);
    expect(issues[1].message).toBe("b.json: nodules[0] ('N1'): itv 'ITV_1' is not a structure of the case; nodule skipped");
    expect(value!.structures.find((s) => s.name === 'Odd')!.role).toBe('unknown');
  });
});
