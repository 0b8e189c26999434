import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoThorax, type DemoThorax } from '../../src/phantom/buildDemoThorax';
import { measureNoduleProximity } from '../../src/proximity/measureNoduleProximity';
import type { NoduleProximityResult } from '../../src/proximity/NoduleProximity';
import { slabPlanes, slabStackDistanceMm, type SlabPlane } from './slabStackDistanceMm';

// Expected values: the exact distance between the GTV's and the organs' contour stacks (slab model, computed
// independently of any grid in test/proximity/slabStackDistanceMm.ts), and the designed nodule-edge distances
// of src/phantom/demoNodules.ts (analytic shapes: Eberly ellipse/ellipsoid distances, capsule closed forms),
// from which the contour stacks themselves depart by up to ~2 mm (2.5 mm planes, ½-slice caps).

let demo: DemoThorax;
let result: NoduleProximityResult;
let withoutChestWall: NoduleProximityResult;
const planes = new Map<string, SlabPlane[]>();

const GROUP_STACKS = { chestWall: ['Chestwall', 'Ribs'], mediastinum: ['Heart', 'GreatVes', 'Esophagus'], bronchialTree: ['Trachea', 'Bronchus'] } as const;

const stackDistances = new Map<string, number>();

/** Independent slab-model distance from a GTV stack to the union of a group's stacks, mm (computed once). */
function stackDistance(gtvName: string, group: keyof typeof GROUP_STACKS): number {
  const key = `${gtvName}|${group}`;
  if (!stackDistances.has(key)) stackDistances.set(key, Math.min(...GROUP_STACKS[group].map((o) => slabStackDistanceMm(planes.get(gtvName)!, planes.get(o)!))));
  return stackDistances.get(key)!;
}

beforeAll(() => {
  demo = buildDemoThorax({ includeCt: false });
  result = measureNoduleProximity(demo.case);
  withoutChestWall = measureNoduleProximity({ ...demo.case, structures: demo.case.structures.filter((s) => s.name !== 'Chestwall' && s.name !== 'Ribs') });
  // The 4 mm nodule is drawn on one plane: its slab is one lattice spacing thick.
  for (const s of demo.case.structures) planes.set(s.name, slabPlanes(s.contours, demo.lattice.spacingMm));
});

describe('measureNoduleProximity on the demo thorax', () => {
  it('measureNoduleProximity(demo) measures all six nodules from their GTV and a grown 5 mm PTV, without issues', () => {
    expect(result.nodules.map((n) => n.noduleName)).toEqual(demo.noduleDesigns.map((d) => d.name));
    expect(result.issues).toEqual([]);
    for (const n of result.nodules) {
      expect(n.targetName).toBe(`GTV_${n.noduleName}`);
      expect(n.ptvName).toBe(`PTV_${n.noduleName} (GTV_${n.noduleName} + 5 mm)`);
      expect(n.lungFraction).toBe(1);
      expect(n.bodyFraction).toBe(1);
    }
    expect(Object.values(result.organGroups).map((g) => g.status)).toEqual(['contoured', 'contoured', 'contoured']);
  });

  it('measureNoduleProximity(demo) GTV distances match the independent contour-stack distance (1 mm fine, 2 mm coarse)', () => {
    for (const design of demo.noduleDesigns) {
      const n = result.nodules.find((x) => x.noduleName === design.name)!;
      for (const group of ['chestWall', 'mediastinum', 'bronchialTree'] as const) {
        const d = n.distances.fromTarget![group];
        const expected = stackDistance(design.gtvName, group);
        const tolerance = d.resolution === 'fine' ? 1 : 2;
        expect(Math.abs(d.distanceMm! - expected), `${design.name} ${group}`).toBeLessThanOrEqual(tolerance);
        // Every distance within the 30 mm near range is measured on the fine (1 mm) grid.
        if (expected <= 28) expect(d.resolution).toBe('fine');
      }
    }
  });

  it('measureNoduleProximity(demo) GTV distances ≤ 30 mm match the designed ones within 1 mm plus the contours’ own departure from the design', () => {
    // The contour stacks (2.5 mm planes, ½-slice caps) are not the analytic shapes: RML_Hilar's GTV stack lies
    // 1.8 mm closer to the Bronchus stack than the designed 9.30 mm (independent slab-model distance 7.50 mm).
    for (const design of demo.noduleDesigns) {
      const n = result.nodules.find((x) => x.noduleName === design.name)!;
      const e = design.designedEdgeDistanceMm;
      const designed = { chestWall: e.chestWall, mediastinum: e.mediastinum, bronchialTree: Math.min(e.proximalBronchialTree, e.trachea) };
      for (const group of ['chestWall', 'mediastinum', 'bronchialTree'] as const) {
        if (designed[group] > 30) continue;
        const contourDeparture = Math.abs(stackDistance(design.gtvName, group) - designed[group]);
        expect(Math.abs(n.distances.fromTarget![group].distanceMm! - designed[group]), `${design.name} ${group}`).toBeLessThanOrEqual(1 + contourDeparture);
      }
    }
  });

  it('measureNoduleProximity(demo) PTV distances match the GTV stack distance − 5 mm (Minkowski sum with a 5 mm ball)', () => {
    for (const design of demo.noduleDesigns) {
      const n = result.nodules.find((x) => x.noduleName === design.name)!;
      for (const group of ['chestWall', 'mediastinum', 'bronchialTree'] as const) {
        const d = n.distances.fromPtv![group];
        const expected = Math.max(0, stackDistance(design.gtvName, group) - 5);
        const tolerance = d.resolution === 'fine' ? 1 : 2;
        expect(Math.abs(d.distanceMm! - expected), `${design.name} PTV ${group}`).toBeLessThanOrEqual(tolerance);
      }
    }
  });

  it('measureNoduleProximity(demo) names the organ each zone nodule is close to, with its relation', () => {
    const of = (name: string) => result.nodules.find((n) => n.noduleName === name)!.distances;
    expect(of('RLL_ChestWall').fromTarget!.chestWall.nearestStructure).toBe('Chestwall');
    expect(of('LLL_Mediast').fromTarget!.mediastinum.nearestStructure).toBe('Heart');
    expect(of('RML_Hilar').fromTarget!.bronchialTree.nearestStructure).toBe('Bronchus');
    // Designed 4.0 and 4.12 mm from their organ: the 5 mm PTV reaches into it.
    expect(['overlap', 'touch']).toContain(of('RLL_ChestWall').fromPtv!.chestWall.relation);
    expect(of('RLL_ChestWall').fromPtv!.chestWall.distanceMm).toBe(0);
    expect(of('LLL_Mediast').fromPtv!.mediastinum.distanceMm).toBe(0);
    expect(of('RML_Hilar').fromTarget!.bronchialTree.relation).toBe('apart');
  });

  it('measureNoduleProximity(demo) volumes and diameters: GTV contour volume, PTV ≈ 4/3·π·(r + 5)³, Feret = diameter', () => {
    for (const design of demo.noduleDesigns) {
      const n = result.nodules.find((x) => x.noduleName === design.name)!;
      const r = design.diameterMm / 2;
      // Contour volume of the slab model: midpoint rule on 2.5 mm planes, within 3 % of the sphere for d ≥ 12 mm
      // (test/phantom/buildDemoThorax.test.ts); the 4 mm nodule is a single 2.5 mm slab.
      if (design.diameterMm >= 12) expect(Math.abs(n.volumeCc.target! / (((4 / 3) * Math.PI * r ** 3) / 1000) - 1)).toBeLessThan(0.03);
      // The PTV grows the slab-model GTV, a stack of 2.5 mm discs whose rims stick out of the sphere (the ½-slice
      // caps reach 0.25 mm past the poles): its 5 mm growth exceeds the sphere of radius r + 5 (closed form) by a
      // few %, most for the smallest; 8 % bounds d ≥ 12 mm (margin accuracy itself: synthetic test, 1 mm planes).
      if (design.diameterMm >= 12) {
        const ratio = n.volumeCc.ptv! / (((4 / 3) * Math.PI * (r + 5) ** 3) / 1000);
        expect(ratio).toBeGreaterThan(0.98);
        expect(ratio).toBeLessThan(1.08);
      }
      // Feret over polygon vertices on the sphere: ≤ 2r, and 2r exactly when a plane passes through the centre.
      expect(n.maxDiameterMm.target!).toBeLessThanOrEqual(design.diameterMm + 1e-9);
      expect(n.maxDiameterMm.target!).toBeGreaterThan(design.diameterMm - 0.1);
    }
  });

  it('measureNoduleProximity(demo without Chestwall and Ribs) derives the chest wall from body and lungs within 1 mm of the design', () => {
    expect(withoutChestWall.organGroups.chestWall.status).toBe('derived');
    expect(withoutChestWall.issues.map((i) => i.code)).toEqual(['chest-wall-derived']);
    for (const design of demo.noduleDesigns) {
      const n = withoutChestWall.nodules.find((x) => x.noduleName === design.name)!;
      const d = n.distances.fromTarget!.chestWall;
      expect(d.status).toBe('derived');
      expect(d.nearestStructure).toBe('chest wall (derived from BODY and Lung_L + Lung_R)');
      // The demo's lungs fill the thoracic cavity laterally, so the derived wall's inner surface is the Chestwall's.
      const tolerance = design.designedEdgeDistanceMm.chestWall <= 30 ? 1 : 2.5;
      expect(Math.abs(d.distanceMm! - design.designedEdgeDistanceMm.chestWall), design.name).toBeLessThanOrEqual(tolerance);
      expect(n.notes.some((x) => /derived from the body and the lungs/.test(x))).toBe(true);
    }
  });
});
