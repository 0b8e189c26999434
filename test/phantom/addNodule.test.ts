import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { createGrid, IDENTITY_DIRECTION } from '../../src/geometry/Grid3';
import type { Case } from '../../src/model/Case';
import type { Structure } from '../../src/model/Structure';
import { addNodule } from '../../src/phantom/addNodule';
import { casePlaneLattice } from '../../src/phantom/casePlaneLattice';
import { DEFAULT_PLANE_LATTICE } from '../../src/phantom/PlaneLattice';

const square = (zMm: number): Structure['contours'][number] => ({ zMm, xyMm: new Float64Array([0, 0, 50, 0, 50, 40, 0, 40]) });
// A small case: one structure on planes 1, 4, 7 (spacing 3 mm, origin 1) and a 10 × 12 × 8 CT at 1 × 2 × 3 mm.
function smallCase(withCt: boolean): Case {
  const huGrid = createGrid({ dimensions: [10, 12, 8], spacingMm: [1, 2, 3], originMm: [0, 0, -2], direction: IDENTITY_DIRECTION }, -800);
  return {
    id: 'small',
    description: '',
    frameOfReferenceUid: '1.2.3',
    ct: withCt ? { huGrid, seriesInstanceUid: '1.2.3.4', frameOfReferenceUid: '1.2.3' } : undefined,
    structures: [{ number: 4, name: 'Lung_L', role: 'lung-left', roleReason: 'test', interpretedType: 'ORGAN', colorRgb: [0, 0, 255], contours: [1, 4, 7].map(square), points: [] }],
    nodules: [],
    sources: ['test'],
    issues: [],
  };
}

describe('casePlaneLattice', () => {
  it('casePlaneLattice(case) takes the spacing and position of the existing contour planes', () => {
    expect(casePlaneLattice(smallCase(false))).toEqual({ spacingMm: 3, originMm: 1 });
  });

  it('casePlaneLattice(case without contours) falls back to the CT slices, then to the default', () => {
    const noContours = { ...smallCase(true), structures: [] };
    expect(casePlaneLattice(noContours)).toEqual({ spacingMm: 3, originMm: -2 });
    expect(casePlaneLattice({ ...noContours, ct: undefined })).toEqual(DEFAULT_PLANE_LATTICE);
  });
});

describe('addNodule', () => {
  it('addNodule(case, sphere) adds a GTV on the case planes and a NoduleTargets entry, without changing the input', () => {
    const input = smallCase(false);
    const out = addNodule(input, { name: 'N1', centerMm: [20, 20, 4], diameterMm: 10 });
    expect(input.structures).toHaveLength(1);
    expect(input.nodules).toHaveLength(0);
    const gtv = out.structures[1];
    expect(gtv).toMatchObject({ number: 5, name: 'GTV_N1', role: 'gtv', interpretedType: 'GTV' });
    // Planes 1, 4, 7 lie inside (−1, 9): sections of radius √(25 − dz²) = 4, 5, 4 mm.
    expect(gtv.contours.map((c) => c.zMm)).toEqual([1, 4, 7]);
    expect(gtv.contours[1].xyMm[0]).toBeCloseTo(25, 12);
    expect(gtv.contours[0].xyMm[0]).toBeCloseTo(24, 12);
    expect(out.nodules).toEqual([{ name: 'N1', gtv: 'GTV_N1' }]);
  });

  it('addNodule(case, ellipsoid, { paintCtHu }) paints voxel centres inside the ellipsoid into a copy of the CT', () => {
    const input = smallCase(true);
    const out = addNodule(input, { name: 'E', gtvName: 'GTV_E', centerMm: [4, 10, 4], radiiMm: [2.5, 3.5, 3.5] }, { paintCtHu: 20 });
    const g = out.ct!.huGrid;
    const at = (i: number, j: number, k: number): number => g.data[i + j * 10 + k * 120];
    // Voxel (4, 5, 2) sits at (4, 10, 4): the centre. (7, 5, 2) is 3 mm off in x > 2.5; (4, 5, 3) is 3 mm off in z < 3.5.
    expect(at(4, 5, 2)).toBe(20);
    expect(at(7, 5, 2)).toBe(-800);
    expect(at(4, 5, 3)).toBe(20);
    expect(at(4, 7, 2)).toBe(-800); // 4 mm off in y > 3.5
    expect(input.ct!.huGrid.data.every((v) => v === -800)).toBe(true);
  });

  it('addNodule rejects duplicate names, two or no sizes, and a nodule that cuts no plane', () => {
    const withN1 = addNodule(smallCase(false), { name: 'N1', centerMm: [20, 20, 4], diameterMm: 10 });
    expect(() => addNodule(withN1, { name: 'N1', gtvName: 'G2', centerMm: [20, 20, 4], diameterMm: 5 })).toThrow(/already has a nodule/);
    expect(() => addNodule(withN1, { name: 'N2', gtvName: 'Lung_L', centerMm: [20, 20, 4], diameterMm: 5 })).toThrow(/structure named 'Lung_L'/);
    expect(() => addNodule(withN1, { name: 'N3', centerMm: [20, 20, 4], diameterMm: 5, radiiMm: [1, 1, 1] })).toThrow(InputError);
    expect(() => addNodule(withN1, { name: 'N4', centerMm: [20, 20, 4] })).toThrow(/exactly one/);
    expect(() => addNodule(withN1, { name: 'N5', centerMm: [20, 20, 2.5], diameterMm: 2 })).toThrow(/cuts no contour plane/);
    expect(() => addNodule(withN1, { name: 'N6', centerMm: [20, Number.NaN, 4], diameterMm: 5 })).toThrow(/centre/);
  });
});
