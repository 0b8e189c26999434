import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, type GridGeometry } from '../../src/geometry/Grid3';
import { deriveChestWallMask } from '../../src/proximity/deriveChestWall';
import { lungPlaneHulls } from '../../src/proximity/lungPlaneHulls';
import { outerContours } from '../../src/proximity/outerContours';
import { prepareStructure } from '../../src/proximity/PreparedStructure';
import { circleContour, rectangleContour } from '../voxelize/contourFixtures';
import { boxStack, latticePlanes } from './contourStacks';

// Box thorax: body x ±100, y ±70; right lung x −80..−20, left lung x 20..80 (y ±50); a heart between them;
// lungs on planes z 0..40 (2 mm), the left lung only up to z = 20 (the right apex is higher).
const prep = (name: string, role: Parameters<typeof prepareStructure>[0]['role'], contours: Parameters<typeof prepareStructure>[0]['contours']) => prepareStructure({ name, role, contours }, undefined)!;
const body = prep('BODY', 'body', boxStack(-100, 100, -70, 70, -20, 60, 0, 2));
const lungR = prep('Lung_R', 'lung-right', boxStack(-80, -20, -50, 50, 0, 40, 0, 2));
const lungL = prep('Lung_L', 'lung-left', boxStack(20, 80, -50, 50, 0, 20, 0, 2));
const heart = prep('Heart', 'heart', boxStack(-15, 15, -40, 10, 0, 20, 0, 2));
const grid: GridGeometry = { dimensions: [201, 141, 31], spacingMm: [1, 1, 2], originMm: [-100, -70, -10], direction: IDENTITY_DIRECTION };

describe('deriveChestWall', () => {
  const hulls = lungPlaneHulls([lungR, lungL], 0);
  const mask = deriveChestWallMask(grid, { body, lungs: [lungR, lungL], exclusions: [heart], hulls, thicknessMm: 20 });
  const at = (x: number, y: number, z: number) => mask[x + 100 + (y + 70) * 201 + ((z + 10) / 2) * 201 * 141];

  it('deriveChestWallMask marks the body shell lateral, anterior and posterior to the lungs, within the thickness', () => {
    expect(at(-90, 0, 10)).toBe(1); // right lateral, 10 mm outside the lung
    expect(at(90, 0, 10)).toBe(1); // left lateral
    expect(at(-50, -60, 10)).toBe(1); // anterior to the right lung
    expect(at(50, 60, 10)).toBe(1); // posterior to the left lung
    expect(at(-50, 0, 10)).toBe(0); // inside the lung
  });

  it('deriveChestWallMask leaves out the mediastinum between the lungs, the lone apex’s medial side, and below the lungs', () => {
    expect(at(0, 0, 10)).toBe(0); // heart / mediastinum between the lungs (inside the hull)
    expect(at(0, -45, 10)).toBe(0); // between the lungs, anterior: still inside the hull of both lungs
    // z = 30: only the right lung; the hull reaches the midline, so x = −10 (medial) is not chest wall, x = −90 is.
    expect(at(-10, 0, 30)).toBe(0);
    expect(at(-90, 0, 30)).toBe(1);
    expect(at(-90, 0, -6)).toBe(0); // below the lungs' slabs (diaphragm, abdomen)
  });

  it('lungPlaneHulls extends a one-sided plane to the midline and keeps only lung vertices as lung points', () => {
    const top = hulls.find((h) => h.zMm === 30)!;
    expect(Math.max(...Array.from(top.hullXy).filter((_, i) => i % 2 === 0))).toBe(0);
    expect(Array.from(top.lungPoints).filter((_, i) => i % 3 === 0).every((x) => x <= -20)).toBe(true);
  });

  it('outerContours fills holes: a lung ring with an ITV hole keeps only its outer contour', () => {
    const contours = latticePlanes(0, 2, 0, 4).flatMap((z) => [rectangleContour(z, -80, -20, -50, 50), circleContour(z, -50, 0, 10)]);
    const outer = outerContours(contours);
    expect(outer).toHaveLength(3);
    expect(outer.every((c) => c.xyMm.length === 8)).toBe(true);
  });
});
