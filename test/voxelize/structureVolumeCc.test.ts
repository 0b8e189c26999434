import { describe, expect, it } from 'vitest';
import { structureVolumeCc } from '../../src/voxelize/structureVolumeCc';
import { evenOddAreaMm2, polygonSignedAreaMm2 } from '../../src/voxelize/polygonArea';
import { circleContour, planes, rectangleContour, regularPolygonAreaMm2 } from './contourFixtures';

describe('structureVolumeCc', () => {
  it('polygonSignedAreaMm2(xy) is the shoelace area, negative when clockwise', () => {
    expect(polygonSignedAreaMm2(rectangleContour(0, 1, 4, 2, 7).xyMm)).toBeCloseTo(15, 12); // 3 × 5
    expect(polygonSignedAreaMm2(circleContour(0, 0, 0, 2, 100, true).xyMm)).toBeCloseTo(-regularPolygonAreaMm2(2, 100), 10);
  });

  it('structureVolumeCc(box stack) = width × depth × (planes × spacing) with half-slice caps', () => {
    // 9 planes 1.5 mm apart → 13.5 mm of slabs; 5.35 × 14 mm rectangle (closed form).
    const box = planes(4.5, 1.5, 9).map((z) => rectangleContour(z, 2.25, 7.6, 3, 17));
    expect(structureVolumeCc(box)).toBeCloseTo((5.35 * 14 * 13.5) / 1000, 12);
    // 'none': the stack stops at the outer planes, 8 × 1.5 = 12 mm.
    expect(structureVolumeCc(box, 'none')).toBeCloseTo((5.35 * 14 * 12) / 1000, 12);
  });

  it('structureVolumeCc(annulus) = π(R² − r²) × thickness by the even-odd rule, whatever the winding', () => {
    const R = 8;
    const r = 3;
    const zs = planes(-6, 2, 7);
    const annulus = zs.flatMap((z, p) => [circleContour(z, 1, -2, R, 720), circleContour(z, 1, -2, r, 720, p % 2 === 0)]);
    const exactPolygonMm2 = regularPolygonAreaMm2(R, 720) - regularPolygonAreaMm2(r, 720);
    expect(structureVolumeCc(annulus)).toBeCloseTo((exactPolygonMm2 * 14) / 1000, 10);
    // The 720-gon is within 1.3e-5 of the circle: π(R² − r²) × 7 planes × 2 mm.
    expect(structureVolumeCc(annulus) / ((Math.PI * (R * R - r * r) * 14) / 1000)).toBeCloseTo(1, 4);
  });

  it('evenOddAreaMm2(contours) counts an island inside a hole', () => {
    const nested = [circleContour(0, 0, 0, 5, 400), circleContour(0, 0, 0, 3, 400), circleContour(0, 0, 0, 1, 400)];
    const expected = regularPolygonAreaMm2(5, 400) - regularPolygonAreaMm2(3, 400) + regularPolygonAreaMm2(1, 400);
    expect(evenOddAreaMm2(nested)).toBeCloseTo(expected, 10);
  });

  it("structureVolumeCc: 'half-slice' minus 'none' = area × spacing for a uniform stack", () => {
    const cylinder = planes(0, 2.5, 5).map((z) => circleContour(z, 0, 0, 6, 360));
    const area = regularPolygonAreaMm2(6, 360);
    // Two ½-spacing caps of the end planes' area (closed form).
    expect(structureVolumeCc(cylinder, 'half-slice') - structureVolumeCc(cylinder, 'none')).toBeCloseTo((area * 2.5) / 1000, 12);
  });
});
