import { describe, expect, it } from 'vitest';
import { buildBeamSet, type BeamTarget } from '../../src/dose/buildBeamSet';
import { robotNodeSet } from '../../src/dose/robotNodeSet';
import { InputError } from '../../src/errors/InputError';
import { IDENTITY_DIRECTION, type GridGeometry } from '../../src/geometry/Grid3';

const CONES = [5, 7.5, 10, 12.5, 15, 20, 25, 30, 35, 40, 50, 60];
// 40 × 36 × 30 voxels at 1 × 1.5 × 2 mm around (10, −20, 30).
const geometry: GridGeometry = { dimensions: [40, 36, 30], spacingMm: [1, 1.5, 2], originMm: [-9.5, -46.25, 1], direction: IDENTITY_DIRECTION };
const centre = [10, -20, 30];

function sphereTarget(name: string, radiusMm: number): BeamTarget {
  const [nx, ny, nz] = geometry.dimensions;
  const fractions = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const x = geometry.originMm[0] + i - centre[0];
    const y = geometry.originMm[1] + 1.5 * j - centre[1];
    const z = geometry.originMm[2] + 2 * k - centre[2];
    if (x * x + y * y + z * z <= radiusMm * radiusMm) fractions[i + j * nx + k * nx * ny] = 1;
  }
  return { name, geometry, fractions };
}

describe('buildBeamSet', () => {
  const nodes = robotNodeSet();
  const target = sphereTarget('PTV_A', 10);
  const set = buildBeamSet([target], nodes, { availableConesMm: CONES });
  const summary = set.targets[0];

  it('buildBeamSet picks the cone nearest to 0.6 × the equivalent-sphere diameter', () => {
    // dEq = (6V/π)^⅓ from the voxelised volume; the voxel sphere of radius 10 mm is ≈ 4.19 cc → dEq ≈ 20 mm → 12 mm → 12.5 mm cone.
    expect(summary.equivalentDiameterMm).toBeCloseTo(Math.cbrt((6 * summary.volumeCc * 1000) / Math.PI), 10);
    expect(summary.volumeCc).toBeGreaterThan(3.9);
    expect(summary.volumeCc).toBeLessThan(4.5);
    expect(summary.coneDiameterMm).toBe(12.5);
    expect(summary.coneRule).toMatch(/0\.6 × equivalent diameter/);
  });

  it('buildBeamSet aims round(dEq / 7) = 3 points inside the PTV, at least ¼ cone inside its surface, spread apart', () => {
    expect(summary.aimPointsMm).toHaveLength(3);
    for (const p of summary.aimPointsMm) {
      const r = Math.hypot(p.xMm - centre[0], p.yMm - centre[1], p.zMm - centre[2]);
      expect(r).toBeLessThanOrEqual(10 - 12.5 / 4 + 1e-9);
    }
    // The first point is the inside voxel nearest the centroid (10, −20, 30): eight voxel centres tie at (±0.5, ±0.75, ±1);
    // ties go to the lowest voxel index, i.e. (9.5, −20.75, 29).
    expect(summary.centroidMm.xMm).toBeCloseTo(10, 9);
    expect(summary.centroidMm.yMm).toBeCloseTo(-20, 9);
    expect(summary.centroidMm.zMm).toBeCloseTo(30, 9);
    expect(summary.aimPointsMm[0]).toEqual({ xMm: 9.5, yMm: -20.75, zMm: 29 });
    const [a, b, c] = summary.aimPointsMm;
    const d = (p: typeof a, q: typeof a) => Math.hypot(p.xMm - q.xMm, p.yMm - q.yMm, p.zMm - q.zMm);
    expect(Math.min(d(a, b), d(a, c), d(b, c))).toBeGreaterThan(4);
  });

  it('buildBeamSet makes nodes × aim points beams from sources 800 mm from the centroid', () => {
    expect(set.beams).toHaveLength(nodes.nodes.length * 3);
    expect(summary.firstBeam).toBe(0);
    expect(summary.beamCount).toBe(set.beams.length);
    for (const beam of set.beams) {
      const fromCentroid = Math.hypot(beam.sourceMm.xMm - summary.centroidMm.xMm, beam.sourceMm.yMm - summary.centroidMm.yMm, beam.sourceMm.zMm - summary.centroidMm.zMm);
      expect(fromCentroid).toBeCloseTo(800, 6);
      expect(beam.sourceAxisDistanceMm).toBeGreaterThan(790);
      expect(beam.sourceAxisDistanceMm).toBeLessThan(810);
      expect(Math.hypot(...beam.directionLps)).toBeCloseTo(1, 12);
      // Sources are never on the couch side of the target (robotNodeSet excludes +y).
      expect(beam.sourceMm.yMm).toBeLessThanOrEqual(summary.centroidMm.yMm + 1e-9);
    }
    expect(new Set(set.beams.map((b) => b.id)).size).toBe(set.beams.length);
    expect(set.beams[4].id).toBe('PTV_A:n001-a2-c12.5');
  });

  it('buildBeamSet is deterministic and honours a forced cone and aim-point count', () => {
    expect(buildBeamSet([target], nodes, { availableConesMm: CONES })).toEqual(set);
    const forced = buildBeamSet([target, sphereTarget('PTV_B', 4)], nodes, { availableConesMm: CONES, coneDiameterMm: 7.5, aimPointsPerTarget: 1 });
    expect(forced.targets.map((t) => [t.coneDiameterMm, t.aimPointsMm.length, t.firstBeam])).toEqual([[7.5, 1, 0], [7.5, 1, nodes.nodes.length]]);
  });

  it('buildBeamSet with aimPointsMm aims every node at the given points', () => {
    const given = { xMm: 11, yMm: -19, zMm: 29 };
    const fixed = buildBeamSet([target], nodes, { availableConesMm: CONES, aimPointsMm: [given] });
    expect(fixed.beams).toHaveLength(nodes.nodes.length);
    for (const b of fixed.beams) expect(b.aimPointMm).toEqual(given);
  });

  it('buildBeamSet rejects an empty target and an unavailable cone', () => {
    const empty: BeamTarget = { name: 'none', geometry, fractions: new Float32Array(40 * 36 * 30) };
    expect(() => buildBeamSet([empty], nodes, { availableConesMm: CONES })).toThrow(/no voxel/);
    expect(() => buildBeamSet([target], nodes, { availableConesMm: CONES, coneDiameterMm: 11 })).toThrow(InputError);
  });
});
