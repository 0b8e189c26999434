import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import type { Case } from '../../src/model/Case';
import { measureNoduleProximity } from '../../src/proximity/measureNoduleProximity';
import { seededRandom } from '../distance/maskPhantoms';
import { boxStack, cylinderStack, sphereStack, syntheticCase, type StructureSpec, type Vec3 } from './contourStacks';

// Analytic answers below are exact for the contour-stack (slab) model the voxeliser uses (½-slice end caps,
// Nelms et al. Med Phys 42:4435, 2015) whenever the closest approach is in-plane at a contour plane through the
// sphere's centre: there the sphere's section is its great circle, drawn as a 180-gon with a vertex on each axis
// (inscribed: 10·(1 − cos 1°) = 0.002 mm inside the circle at R = 10 mm).

const BODY: StructureSpec = { name: 'BODY', role: 'body', contours: boxStack(-150, 150, -120, 120, -100, 100, 0, 2.5) };
const LUNGS: StructureSpec = { name: 'Lungs', role: 'lung', contours: boxStack(-140, 140, -110, 110, -90, 90, 0, 2.5) };

function oneNoduleCase(gtvContours: StructureSpec['contours'], organs: readonly StructureSpec[], extra: readonly StructureSpec[] = [BODY, LUNGS]): Case {
  return syntheticCase([...extra, ...organs, { name: 'GTV_1', role: 'gtv', contours: gtvContours }], [{ name: '1', gtv: 'GTV_1' }]);
}

describe('measureNoduleProximity on contour stacks (sphere, plane, cylinder)', () => {
  it('measureNoduleProximity(sphere beside a chest-wall slab along x) is within 1 mm of x0 − cx − R (3–28 mm, random sub-voxel centres)', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 5; trial++) {
      const radius = 2 + 8 * random();
      const centre: Vec3 = [-20 + 10 * random(), -10 + 10 * random(), -5 + 10 * random()];
      const expected = 3 + 25 * random();
      const x0 = centre[0] + radius + expected;
      // Planes every 2.5 mm through the centre (unequal to the 1 mm analysis grid); the wall spans y and z widely.
      const wall: StructureSpec = { name: 'CW', role: 'chest-wall', contours: boxStack(x0, x0 + 25, -100, 100, -80, 80, centre[2], 2.5) };
      const r = measureNoduleProximity(oneNoduleCase(sphereStack(centre, radius, centre[2], 2.5), [wall]));
      const d = r.nodules[0].distances.fromTarget!.chestWall;
      expect(d.nearestStructure).toBe('CW');
      expect(d.resolution).toBe('fine');
      expect(Math.abs(d.distanceMm! - expected)).toBeLessThanOrEqual(1);
      // PTV = GTV + 5 mm isotropic: 5 mm closer, or 0 when the margin reaches the wall.
      expect(Math.abs(r.nodules[0].distancesMm.fromPtv!.chestWall! - Math.max(0, expected - 5))).toBeLessThanOrEqual(1);
    }
  });

  it('measureNoduleProximity(sphere in front of a slab along y, 2 mm planes) is within 1 mm of y0 − cy − R; a slab above it of the slab-model gap', () => {
    const centre: Vec3 = [7.3, 4.6, 10];
    const radius = 7.5;
    const planeMm = 2;
    // Anterior (−y) wall: closest approach along y.
    const y1 = centre[1] - radius - 12.4;
    const front: StructureSpec = { name: 'Front', role: 'chest-wall', contours: boxStack(-100, 100, y1 - 20, y1, -60, 80, centre[2], planeMm) };
    // A heart-role slab above: its lowest plane z = centre + 22 (slab from z − 1 mm); the sphere's top plane is
    // z = centre + 6 (radius √(7.5² − 6²) = 4.5 mm), slab to z + 1 mm: gap 22 − 1 − (6 + 1) = 14 mm.
    const above: StructureSpec = { name: 'Above', role: 'heart', contours: boxStack(-100, 100, -100, 100, centre[2] + 22, centre[2] + 60, centre[2], planeMm) };
    const r = measureNoduleProximity(oneNoduleCase(sphereStack(centre, radius, centre[2], planeMm), [front, above]));
    const d = r.nodules[0].distancesMm.fromTarget!;
    expect(Math.abs(d.chestWall! - 12.4)).toBeLessThanOrEqual(1);
    expect(Math.abs(d.mediastinum! - 14)).toBeLessThanOrEqual(1);
  });

  it('measureNoduleProximity(sphere beside a vertical cylinder, random directions) is within 1 mm of |c − axis| − Rc − R', () => {
    const random = seededRandom(5);
    const axis = [12.2, -8.9];
    const cylinderRadius = 11;
    const cylinder: StructureSpec = { name: 'Aorta', role: 'great-vessels', contours: cylinderStack(axis[0], axis[1], cylinderRadius, -80, 80, 0.4, 3) };
    for (let trial = 0; trial < 4; trial++) {
      const radius = 3 + 7 * random();
      const gap = 2 + 26 * random();
      const angle = 2 * Math.PI * random();
      const reach = cylinderRadius + radius + gap;
      const centre: Vec3 = [axis[0] + reach * Math.cos(angle), axis[1] + reach * Math.sin(angle), 0.4 + 3 * Math.round(10 * random() - 5)];
      const r = measureNoduleProximity(oneNoduleCase(sphereStack(centre, radius, 0.4, 3), [cylinder]));
      const d = r.nodules[0].distances.fromTarget!.mediastinum;
      expect(d.nearestStructure).toBe('Aorta');
      expect(d.relation).toBe('apart');
      expect(Math.abs(d.distanceMm! - gap)).toBeLessThanOrEqual(1);
    }
  });

  it('measureNoduleProximity(sphere 45 mm from a wall) still reports a number beyond the near range, within 2 mm, labelled coarse', () => {
    const centre: Vec3 = [0, 0, 0];
    const wall: StructureSpec = { name: 'CW', role: 'chest-wall', contours: boxStack(55, 80, -100, 100, -80, 80, 0, 2.5) };
    const d = measureNoduleProximity(oneNoduleCase(sphereStack(centre, 10, 0, 2.5), [wall])).nodules[0].distances.fromTarget!.chestWall;
    // 55 − 10 = 45 mm (closed form); beyond nearRangeMm (30) it is measured at 2 × the fine spacing.
    expect(d.resolution).toBe('coarse');
    expect(d.gridSpacingMm).toBe(2);
    expect(Math.abs(d.distanceMm! - 45)).toBeLessThanOrEqual(2);
  });

  it('measureNoduleProximity(an overlapping organ) reports 0 with relation overlap; one 0.3 mm away reads ≤ 1 mm', () => {
    const centre: Vec3 = [0, 0, 0];
    const inside: StructureSpec = { name: 'Eso', role: 'esophagus', contours: boxStack(5, 30, -5, 5, -50, 50, 0, 2.5) };
    const r = measureNoduleProximity(oneNoduleCase(sphereStack(centre, 10, 0, 2.5), [inside]));
    expect(r.nodules[0].distances.fromTarget!.mediastinum).toMatchObject({ distanceMm: 0, relation: 'overlap', nearestStructure: 'Eso' });
    // A wall starting 0.3 mm beyond the sphere (closed form): below the ½-voxel sampling of the 1 mm grid.
    const wall: StructureSpec = { name: 'CW', role: 'chest-wall', contours: boxStack(10.3, 40, -100, 100, -80, 80, 0, 2.5) };
    const d = measureNoduleProximity(oneNoduleCase(sphereStack(centre, 10, 0, 2.5), [wall])).nodules[0].distances.fromTarget!.chestWall;
    expect(Math.abs(d.distanceMm! - 0.3)).toBeLessThanOrEqual(1);
  });
});

describe('measureNoduleProximity PTV margins', () => {
  it('measureNoduleProximity(GTV sphere R = 10 mm, default margin) grows a PTV of 4/3·π·15³ mm³ within 3 % and names it', () => {
    // Planes every 1 mm through the centre: the slab model of the sphere is within 0.1 % of the sphere.
    const r = measureNoduleProximity(oneNoduleCase(sphereStack([3.2, -4.7, 0.5], 10, 0.5, 1), []));
    const n = r.nodules[0];
    const expectedCc = ((4 / 3) * Math.PI * 15 ** 3) / 1000; // 14.137 cc, closed form
    expect(Math.abs(n.volumeCc.ptv! / expectedCc - 1)).toBeLessThan(0.03);
    expect(Math.abs(n.volumeCc.target! / (((4 / 3) * Math.PI * 1000) / 1000) - 1)).toBeLessThan(0.01);
    expect(n.ptvName).toBe('PTV_1 (GTV_1 + 5 mm)');
    expect(n.ptvSource).toBe('margin');
    expect(n.ptvMarginMm).toEqual([5, 5, 5]);
    // Max Feret: 2R on the centre plane (vertices at 0 and π), + 2 × 5 mm for the isotropic PTV.
    expect(n.maxDiameterMm.target).toBeCloseTo(20, 6);
    expect(n.maxDiameterMm.ptv).toBeCloseTo(30, 6);
  });

  it('measureNoduleProximity(ptvMarginMm [3, 3, 8]) grows along z by 8 mm and in-plane by 3 mm (axis order x, y, z)', () => {
    const centre: Vec3 = [0, 0, 0];
    const side: StructureSpec = { name: 'CW', role: 'chest-wall', contours: boxStack(30, 60, -100, 100, -80, 80, 0, 2) };
    // Above: lowest plane z = 30 → slab from 29; sphere top plane z = 10 (R = 10 exactly: radius 0, dropped), so
    // the top section is z = 8 (radius 6), slab to 9: gap 20 mm for the GTV.
    const above: StructureSpec = { name: 'Above', role: 'heart', contours: boxStack(-100, 100, -100, 100, 30, 70, 0, 2) };
    const r = measureNoduleProximity(oneNoduleCase(sphereStack(centre, 10, 0, 2), [side, above]), { ptvMarginMm: [3, 3, 8] });
    const n = r.nodules[0];
    const gtv = n.distancesMm.fromTarget!;
    const ptv = n.distancesMm.fromPtv!;
    expect(Math.abs(gtv.chestWall! - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(gtv.mediastinum! - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(gtv.chestWall! - ptv.chestWall! - 3)).toBeLessThanOrEqual(1);
    expect(Math.abs(gtv.mediastinum! - ptv.mediastinum! - 8)).toBeLessThanOrEqual(1);
    expect(n.ptvName).toBe('PTV_1 (GTV_1 + 3/3/8 mm (x/y/z))');
    expect(n.maxDiameterMm.ptv).toBeNull();
  });

  it('measureNoduleProximity(GTV at the body surface) clips the grown PTV to the body and says so', () => {
    // Body ends at x = 150; sphere R = 10 centred at x = 142: the 5 mm margin reaches x = 157.
    const n = measureNoduleProximity(oneNoduleCase(sphereStack([142, 0, 0], 10, 0, 1), [])).nodules[0];
    const unclippedCc = ((4 / 3) * Math.PI * 15 ** 3) / 1000;
    // Cap of the R = 15 sphere beyond x = 150 (h = 7 mm): π h² (3R − h) / 3 (closed form).
    const capCc = (Math.PI * 7 ** 2 * (45 - 7)) / 3 / 1000;
    expect(Math.abs(n.volumeCc.ptv! - (unclippedCc - capCc)) / (unclippedCc - capCc)).toBeLessThan(0.04);
    expect(n.notes.some((x) => /outside BODY and was removed/.test(x))).toBe(true);
  });

  it('measureNoduleProximity rejects negative, non-finite and absurd margins with InputError("bad-margin")', () => {
    const c = oneNoduleCase(sphereStack([0, 0, 0], 5, 0, 2.5), []);
    for (const ptvMarginMm of [-1, 31, Number.NaN, Infinity, [5, 5, -1] as const, [5, 5, 40] as const]) {
      expect(() => measureNoduleProximity(c, { ptvMarginMm: ptvMarginMm as never })).toThrow(InputError);
      expect(() => measureNoduleProximity(c, { ptvMarginMm: ptvMarginMm as never })).toThrow(expect.objectContaining({ code: 'bad-margin' }));
    }
    expect(() => measureNoduleProximity(c, { ptvMarginMm: 31 })).toThrow(/more than 30 mm/);
    expect(() => measureNoduleProximity(c, { ptvMarginMm: -1 })).toThrow(/must not be negative/);
    expect(() => measureNoduleProximity(c, { fineSpacingMm: 0 })).toThrow(expect.objectContaining({ code: 'bad-option' }));
    // 0 mm is a valid margin: the PTV is the GTV.
    const zero = measureNoduleProximity(c, { ptvMarginMm: 0 }).nodules[0];
    expect(Math.abs(zero.volumeCc.ptv! / zero.volumeCc.target! - 1)).toBeLessThan(0.05);
  });
});

describe('measureNoduleProximity targets', () => {
  it('measureNoduleProximity(GTV + ITV + PTV structures) measures from the ITV and uses the PTV structure as drawn', () => {
    const wall: StructureSpec = { name: 'CW', role: 'chest-wall', contours: boxStack(40, 70, -100, 100, -80, 80, 0, 2.5) };
    const c = syntheticCase(
      [
        BODY,
        LUNGS,
        wall,
        { name: 'GTV_A', role: 'gtv', contours: sphereStack([0, 0, 0], 6, 0, 2.5) },
        { name: 'ITV_A', role: 'itv', contours: sphereStack([0, 0, 0], 10, 0, 2.5) },
        { name: 'PTV_A', role: 'ptv', contours: sphereStack([0, 0, 0], 18, 0, 2.5) },
      ],
      [{ name: 'A', gtv: 'GTV_A', itv: 'ITV_A', ptv: 'PTV_A' }],
    );
    const n = measureNoduleProximity(c).nodules[0];
    expect(n).toMatchObject({ targetName: 'ITV_A', targetRole: 'itv', ptvName: 'PTV_A', ptvSource: 'structure', ptvMarginMm: null });
    // Closed forms: 40 − 10 = 30 mm from the ITV, 40 − 18 = 22 mm from the PTV structure (not ITV + 5 mm).
    expect(Math.abs(n.distancesMm.fromTarget!.chestWall! - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs(n.distancesMm.fromPtv!.chestWall! - 22)).toBeLessThanOrEqual(1);
    expect(n.notes.some((x) => /distances from the ITV ITV_A/.test(x))).toBe(true);
    expect(n.maxDiameterMm).toEqual({ target: expect.closeTo(20, 6), ptv: expect.closeTo(36, 6) });
  });
});

describe('measureNoduleProximity bad input', () => {
  it('measureNoduleProximity(case without lungs) warns it cannot confirm the nodule is in lung, and the chest wall is unknown', () => {
    const r = measureNoduleProximity(oneNoduleCase(sphereStack([0, 0, 0], 5, 0, 2.5), [], [BODY]));
    expect(r.issues.some((i) => i.code === 'no-lungs' && i.severity === 'warning')).toBe(true);
    const n = r.nodules[0];
    expect(n.lungFraction).toBeNull();
    // No chest-wall structure and nothing to derive one from: unknown (null), flagged.
    expect(n.distances.fromTarget!.chestWall).toMatchObject({ distanceMm: null, status: 'unknown' });
    expect(r.organGroups.chestWall.status).toBe('unknown');
    expect(r.issues.some((i) => i.code === 'organ-group-unknown' && /chest wall/.test(i.message))).toBe(true);
  });

  it('measureNoduleProximity(structures with unknown names) ignores them without crashing', () => {
    const odd: StructureSpec = { name: 'HDn', role: 'unknown', contours: boxStack(5, 40, -5, 5, -20, 20, 0, 2.5) };
    const empty: StructureSpec = { name: 'Empty', role: 'heart', contours: [] };
    const r = measureNoduleProximity(oneNoduleCase(sphereStack([0, 0, 0], 5, 0, 2.5), [odd, empty]));
    expect(r.nodules).toHaveLength(1);
    // HDn overlaps the GTV but has no role: it is no organ. 'Empty' has no contours: the mediastinum is unknown.
    const d = r.nodules[0].distancesMm.fromTarget!;
    expect(d.mediastinum).toBeNull();
    expect(d.bronchialTree).toBeNull();
    expect(r.organGroups.mediastinum.status).toBe('unknown');
    // No chest-wall structure, but body and lungs: derived, its inner surface is the lungs' face at y = ±110 mm,
    // 110 − 5 = 105 mm from the GTV (closed form; beyond the near range, so within 2 mm).
    expect(r.organGroups.chestWall.status).toBe('derived');
    expect(Math.abs(d.chestWall! - 105)).toBeLessThanOrEqual(2);
  });

  it('measureNoduleProximity(target outside the body) reports an error issue and still measures', () => {
    const wall: StructureSpec = { name: 'CW', role: 'chest-wall', contours: boxStack(140, 150, -100, 100, -80, 80, 0, 2.5) };
    const r = measureNoduleProximity(oneNoduleCase(sphereStack([200, 0, 0], 8, 0, 2.5), [wall]));
    const issue = r.issues.find((i) => i.code === 'target-outside-body');
    expect(issue?.severity).toBe('error');
    expect(issue?.message).toMatch(/GTV_1: 100\.0 % lies outside BODY/);
    expect(r.nodules[0].bodyFraction).toBe(0);
    // The grown PTV lies wholly outside the body too: nothing left after clipping.
    expect(r.issues.some((i) => i.code === 'ptv-empty')).toBe(true);
    expect(r.nodules[0].ptvName).toBeNull();
    // 200 − 8 − 150 = 42 mm to the wall (closed form), measured beyond the near range.
    expect(Math.abs(r.nodules[0].distancesMm.fromTarget!.chestWall! - 42)).toBeLessThanOrEqual(2);
  });

  it('measureNoduleProximity(nodule naming missing structures) reports them and skips the nodule', () => {
    const c = syntheticCase([BODY, LUNGS], [{ name: 'X', gtv: 'GTV_X', ptv: 'PTV_X' }]);
    const r = measureNoduleProximity(c);
    expect(r.nodules).toHaveLength(0);
    expect(r.issues.filter((i) => i.code === 'missing-target-structure')).toHaveLength(2);
    expect(r.issues.some((i) => i.code === 'nodule-without-target' && i.severity === 'error')).toBe(true);
  });

  it('measureNoduleProximity(a nodule outside the lungs) warns that the location rules are for lung nodules', () => {
    const smallLung: StructureSpec = { name: 'Lung_R', role: 'lung-right', contours: boxStack(-100, -40, -50, 50, -50, 50, 0, 2.5) };
    const r = measureNoduleProximity(oneNoduleCase(sphereStack([20, 0, 0], 6, 0, 2.5), [], [BODY, smallLung]));
    expect(r.nodules[0].lungFraction).toBe(0);
    expect(r.issues.some((i) => i.code === 'target-outside-lung' && i.severity === 'warning')).toBe(true);
  });

  it('measureNoduleProximity(case without structure list) throws InputError("bad-case")', () => {
    expect(() => measureNoduleProximity({ nodules: [] } as unknown as Case)).toThrow(expect.objectContaining({ code: 'bad-case' }));
  });
});
