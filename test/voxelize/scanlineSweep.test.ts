import { describe, expect, it } from 'vitest';
import { buildScanlineEdges, scanlineCrossings } from '../../src/voxelize/scanlineEdges';
import { createScanlineSweep, sweepCrossings } from '../../src/voxelize/scanlineSweep';
import { circleContour } from './contourFixtures';

// A star (12 spikes) with a square hole and a separate triangle: edges start and end at many different y.
const star = { zMm: 0, xyMm: new Float64Array(Array.from({ length: 24 }, (_, p) => [Math.cos((p * Math.PI) / 12) * (p % 2 ? 4 : 9), Math.sin((p * Math.PI) / 12) * (p % 2 ? 4 : 9)]).flat()) };
const hole = { zMm: 0, xyMm: new Float64Array([-1, -1, 1, -1, 1, 1, -1, 1]) };
const triangle = { zMm: 0, xyMm: new Float64Array([12, -3, 15, 0, 12, 6]) };

describe('sweepCrossings', () => {
  it('sweepCrossings(sweep, y) equals scanlineCrossings(edges, y) for increasing y, including vertex rows', () => {
    const edges = buildScanlineEdges([star, hole, triangle, circleContour(0, -12, 3, 2.5, 37)]);
    const sweep = createScanlineSweep(edges);
    const a = new Float64Array(edges.count);
    const b = new Float64Array(edges.count);
    // Every 0.05 mm plus exact vertex heights (−1, 0, 1, 6), where the half-open rule matters.
    const ys = [...Array.from({ length: 421 }, (_, n) => -10.5 + 0.05 * n), -1, 0, 1, 6].sort((p, q) => p - q);
    let compared = 0;
    for (const y of ys) {
      const n = scanlineCrossings(edges, y, a);
      expect(sweepCrossings(sweep, y, b)).toBe(n);
      expect(Array.from(b.subarray(0, n))).toEqual(Array.from(a.subarray(0, n)));
      compared += n;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('sweepCrossings(sweep, y) restarts when y decreases and stays correct', () => {
    const edges = buildScanlineEdges([star]);
    const sweep = createScanlineSweep(edges);
    const a = new Float64Array(edges.count);
    const b = new Float64Array(edges.count);
    for (const y of [5, 2, 7.5, -3, -3, 8]) {
      const n = scanlineCrossings(edges, y, a);
      expect(sweepCrossings(sweep, y, b)).toBe(n);
      expect(Array.from(b.subarray(0, n))).toEqual(Array.from(a.subarray(0, n)));
    }
  });
});
