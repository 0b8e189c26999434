import { beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/model/Case';
import type { PlanarContour } from '../../src/model/Structure';
import { buildDemoThorax } from '../../src/phantom/buildDemoThorax';
import { placeNoduleNearSurface } from '../../src/phantom/placeNoduleNearSurface';
import { analyticZoneDistancesMm } from '../../src/phantom/thoraxAnatomy';

const box = (zMm: number, x0: number, x1: number, y0: number, y1: number): PlanarContour => ({ zMm, xyMm: new Float64Array([x0, y0, x1, y0, x1, y1, x0, y1]) });
const planes = [-10, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10];
// A wall slab (role chest-wall) at x ∈ [100, 120] and a lung box x ∈ [−50, 99], planes every 2 mm.
const wallCase: Case = {
  id: 'wall',
  description: '',
  frameOfReferenceUid: '',
  structures: [
    { number: 1, name: 'Wall', role: 'chest-wall', roleReason: 'test', interpretedType: '', colorRgb: [0, 0, 0], contours: planes.map((z) => box(z, 100, 120, -50, 50)), points: [] },
    { number: 2, name: 'Lung', role: 'lung', roleReason: 'test', interpretedType: '', colorRgb: [0, 0, 0], contours: planes.map((z) => box(z, -50, 99, -50, 50)), points: [] },
  ],
  nodules: [],
  sources: [],
  issues: [],
};

describe('placeNoduleNearSurface', () => {
  it('placeNoduleNearSurface(wall case) puts a 10 mm nodule 8 mm from a flat wall at x = 100 − 8 − 5 = 87', () => {
    const placed = placeNoduleNearSurface(wallCase, { organ: 'chest-wall', distanceMm: 8, diameterMm: 10, fromMm: [0, 3, 1] });
    // Default direction: towards the nearest wall point, i.e. +x. Closed form: centre x = 100 − 8 − 5.
    expect(placed.centerMm[0]).toBeCloseTo(87, 5);
    expect(placed.centerMm[1]).toBeCloseTo(3, 9);
    expect(placed.centerMm[2]).toBeCloseTo(1, 9);
    expect(placed.edgeDistanceMm).toBeCloseTo(8, 5);
    expect(placed.organStructures).toEqual(['Wall']);
    expect(placed.insideLung).toBe(true);
  });

  it('placeNoduleNearSurface moves back along the ray when the start is too close, and along an oblique ray', () => {
    const back = placeNoduleNearSurface(wallCase, { organ: 'chest-wall', distanceMm: 8, diameterMm: 10, fromMm: [95, 0, 0] });
    expect(back.centerMm[0]).toBeCloseTo(87, 5);
    // Direction (1, 0.3, 0) from the origin: the centre must reach x = 87, so y = 0.3 · 87 = 26.1.
    const oblique = placeNoduleNearSurface(wallCase, { organ: 'chest-wall', distanceMm: 8, diameterMm: 10, fromMm: [0, 0, 0], directionMm: [1, 0.3, 0] });
    expect(oblique.centerMm[0]).toBeCloseTo(87, 5);
    expect(oblique.centerMm[1]).toBeCloseTo(26.1, 5);
    expect(oblique.insideLung).toBe(true);
    // A 110 mm sphere (x = 100 − 8 − 55 = 37) reaches y = ±55, beyond the lung box (|y| ≤ 50).
    const huge = placeNoduleNearSurface(wallCase, { organ: 'chest-wall', distanceMm: 8, diameterMm: 110, fromMm: [0, 0, 0] });
    expect(huge.centerMm[0]).toBeCloseTo(37, 5);
    expect(huge.insideLung).toBe(false);
  });

  it('placeNoduleNearSurface rejects a missing organ, a start inside the organ, and a ray that never gets close', () => {
    expect(() => placeNoduleNearSurface(wallCase, { organ: 'mediastinum', distanceMm: 8, diameterMm: 10, fromMm: [0, 0, 0] })).toThrow(/no contoured structure/);
    expect(() => placeNoduleNearSurface(wallCase, { organ: 'chest-wall', distanceMm: 8, diameterMm: 10, fromMm: [110, 0, 0] })).toThrow(/inside/);
    expect(() => placeNoduleNearSurface(wallCase, { organ: 'chest-wall', distanceMm: 8, diameterMm: 10, fromMm: [0, 0, 0], directionMm: [-1, 0, 0] })).toThrow(/never/);
    expect(() => placeNoduleNearSurface(wallCase, { organ: 'chest-wall', distanceMm: -1, diameterMm: 10, fromMm: [0, 0, 0] })).toThrow(/distanceMm/);
    expect(() => placeNoduleNearSurface(wallCase, { organ: 'chest-wall', distanceMm: 8, diameterMm: 10, fromMm: [0, 0, 0], directionMm: [0, 0, 0] })).toThrow(/direction/);
  });

  describe('on the demo thorax', () => {
    let demoCase: Case;
    beforeAll(() => {
      demoCase = buildDemoThorax({ includeCt: false }).case;
    });

    it('placeNoduleNearSurface(demo, 15 mm, 8 mm from the chest wall) gives an 8 mm gap on the analytic chest wall too', () => {
      const placed = placeNoduleNearSurface(demoCase, { organ: 'chest-wall', distanceMm: 8, diameterMm: 15, fromMm: [90, 10, 20], directionMm: [1, 0, 0] });
      expect(placed.edgeDistanceMm).toBeCloseTo(8, 5);
      // The contours are 1 mm-edge polygons inscribed in the cavity ellipse: the analytic gap differs by < 0.01 mm.
      expect(analyticZoneDistancesMm(placed.centerMm).chestWallMm - 7.5).toBeCloseTo(8, 1);
      expect(placed.insideLung).toBe(true);
    });

    it('placeNoduleNearSurface(demo, mediastinum / bronchial tree) uses the organ groups', () => {
      const heart = placeNoduleNearSurface(demoCase, { organ: 'mediastinum', distanceMm: 5, diameterMm: 10, fromMm: [90, -30, -45] });
      expect(heart.organStructures).toEqual(['Heart', 'GreatVes', 'Esophagus']);
      expect(heart.edgeDistanceMm).toBeCloseTo(5, 5);
      const hilar = placeNoduleNearSurface(demoCase, { organ: 'proximal-bronchial-tree', distanceMm: 10, diameterMm: 12, fromMm: [-90, -10, -10] });
      expect(hilar.organStructures).toEqual(['Trachea', 'Bronchus']);
      // Contour stacks with ½-slice caps vs. the analytic capsules: within half a plane spacing (1.25 mm).
      expect(Math.abs(analyticZoneDistancesMm(hilar.centerMm).proximalBronchialTreeMm - 6 - 10)).toBeLessThan(1.25);
    });
  });
});
