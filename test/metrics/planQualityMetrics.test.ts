import { describe, expect, it } from 'vitest';
import { planQualityMetrics } from '../../src/metrics/planQualityMetrics';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';
import { planes, rectangleContour } from '../voxelize/contourFixtures';
import {
  analyticDoseGrid,
  centredGrid,
  radialProfile,
  radiusInterpolationBoundMm,
  sphereContours,
  sphereLensVolumeMm3,
  sphereStackRadiusForShare,
  sphereStackShareWithin,
  sphereStackVolumeMm3,
} from './analyticPhantoms';

const RX_GY = 48;
const R_PTV = 9;
const R100 = 10; // radialProfile = 1 (closed form of its first segment: 1.25 − 0.025·r)
const R50 = 21; // radialProfile = 0.5 (second segment: 0.95 − 0.05·(r − 12))
const sphereCc = (r: number): number => ((4 / 3) * Math.PI * r ** 3) / 1000;
const ptv = sphereContours(0, 0, 0, R_PTV, 1);
const TV_CC = sphereStackVolumeMm3(R_PTV, 1) / 1000; // the contour model's volume (3.058 cc; sphere 3.054 cc)

describe('planQualityMetrics', () => {
  // 0.75 × 1 × 1.25 mm (unequal) over ±36 mm: the interpolant of the linear-in-r profile lies below the profile by
  // at most slope × Σh²/(8r) (analyticPhantoms.radialProfile), i.e. isodose radii shrink by at most δ(r).
  const grid = centredGrid([0.75, 1, 1.25], 36);
  const halfDiagonal = 0.5 * Math.hypot(...grid.spacingMm);
  const delta = (r: number): number => radiusInterpolationBoundMm(grid.spacingMm, r - halfDiagonal);
  const concentric = planQualityMetrics({
    doseGy: analyticDoseGrid(grid, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z))),
    ptv,
    prescriptionGy: RX_GY,
    ptvName: 'PTV_1',
  });

  it('planQualityMetrics(concentric spherical dose) gives the closed-form PIV, PIV50, CI (RTOG, Paddick), GI and R50', () => {
    const m = concentric;
    expect(m.ptvVolumeCc).toBeCloseTo(TV_CC, 2);
    // PIV = (4/3)π r100³ with r100 ∈ [10 − δ, 10]; PIV50 likewise at 21 mm (whole grid, outside the PTV's slices).
    expect(m.pivCc).toBeLessThanOrEqual(sphereCc(R100));
    expect(m.pivCc).toBeGreaterThanOrEqual(sphereCc(R100 - delta(R100)));
    expect(m.piv50Cc).toBeLessThanOrEqual(sphereCc(R50));
    expect(m.piv50Cc).toBeGreaterThanOrEqual(sphereCc(R50 - delta(R50)));
    // The PTV (r ≤ 9.47 mm incl. the stack's corners) is inside the 100 % isodose: V100 = 100 %, TV_PIV = TV.
    expect(m.v100Percent).toBe(100);
    expect(m.ptvCoveredCc).toBeCloseTo(m.ptvVolumeCc, 9);
    // CI_RTOG = PIV/TV = (r100/rPTV)³ = 1.372, CI_Paddick = TV/PIV = 0.729, GI = (r50/r100)³ = 9.261, R50 = (r50/rPTV)³ = 12.70
    // (physics.md §3.2), each within the interpolation bound of its radii (≤ 1.3 % in volume) and the stack-vs-sphere 0.13 %.
    expect(m.ciRtog / (sphereCc(R100) / TV_CC) - 1).toBeLessThan(1e-9);
    expect(m.ciRtog / (sphereCc(R100) / TV_CC)).toBeGreaterThan(((R100 - delta(R100)) / R100) ** 3 - 1e-3);
    expect(m.ciPaddick).toBeCloseTo(m.ptvVolumeCc / m.pivCc, 12);
    expect(Math.abs(m.ciPaddick / (TV_CC / sphereCc(R100)) - 1)).toBeLessThan(0.015);
    expect(Math.abs(m.gi! / (R50 / R100) ** 3 - 1)).toBeLessThan(0.015);
    expect(Math.abs(m.r50 / (sphereCc(R50) / TV_CC) - 1)).toBeLessThan(0.01);
    expect(m.gi).toBeCloseTo(m.piv50Cc / m.pivCc, 12);
  });

  it('planQualityMetrics(concentric) gives the closed-form D-values, Dmax, prescription isodose, HI and D2cm', () => {
    const m = concentric;
    // Dx: the hottest x % of the stack lie within ρ where the stack's share within ρ is x/100 (for a sphere
    // ρ = R·(x/100)^⅓), so Dx = profile(ρ); the interpolant is below it by ≤ 0.025·Rx × δ(ρ).
    const dx = (percent: number): number => RX_GY * radialProfile(sphereStackRadiusForShare(R_PTV, 1, percent / 100));
    for (const [value, percent] of [[m.d98Gy, 98], [m.d95Gy, 95], [m.d50Gy, 50], [m.d2Gy, 2]] as const) {
      const rho = sphereStackRadiusForShare(R_PTV, 1, percent / 100);
      expect(value).toBeLessThan(dx(percent) + 2e-4 * RX_GY);
      expect(value).toBeGreaterThan(dx(percent) - 0.025 * RX_GY * delta(rho) - 2e-4 * RX_GY);
    }
    // For comparison, the ideal sphere's D98 is profile(9·0.98^⅓ = 8.94 mm) = 49.27 Gy; the stack's corners (out
    // to 9.47 mm) are the coldest 2 %, so the stack's D98 is lower.
    expect(dx(98)).toBeLessThan(RX_GY * radialProfile(R_PTV * Math.cbrt(0.98)));
    // Dmax = 1.25·Rx at the centre voxel (r = 0 is a voxel centre): prescription isodose 80 %, HI_RTOG 1.25.
    expect(m.maxGy).toBeCloseTo(1.25 * RX_GY, 4);
    expect(m.globalMaxGy).toBeCloseTo(1.25 * RX_GY, 4);
    expect(m.prescriptionIsodosePercent).toBeCloseTo(80, 3);
    expect(m.hiRtog).toBeCloseTo(1.25, 4);
    expect(m.hiIcru83).toBeCloseTo((m.d2Gy - m.d98Gy) / m.d50Gy, 12);
    expect(Math.abs(m.hiIcru83 - (dx(2) - dx(98)) / dx(50))).toBeLessThan(0.005);
    // Mean: ∫ profile dV / V; for the sphere 1.25 − 0.025·¾R = 1.0813 (mean radius of a ball ¾R); for the stack
    // the same integral over its shells (Σ profile(ρ)·Δshare, 0.02 mm shells), the interpolant below by ≤ 0.025·δ(¾R).
    let stackMean = 0;
    for (let rho = 0; rho < 9.5; rho += 0.02) {
      stackMean += radialProfile(rho + 0.01) * (sphereStackShareWithin(R_PTV, 1, rho + 0.02) - sphereStackShareWithin(R_PTV, 1, rho));
    }
    expect(m.meanGy / RX_GY).toBeLessThan(stackMean + 1e-4);
    expect(m.meanGy / RX_GY).toBeGreaterThan(stackMean - 0.025 * delta(0.75 * R_PTV) - 1e-4);
    expect(stackMean).toBeCloseTo(1.25 - 0.025 * 0.75 * R_PTV, 2);
    // PTV 3.06 cc ≥ 2 cc: ICRU 91 near-max is D2 %.
    expect(m.nearMax).toEqual({ doseGy: m.d2Gy, definition: 'D2%' });
    // D2cm = 100·profile(9 + 20) = 30 % (third segment 0.35 − 0.01·5); the stack's equator is 0.014 mm inside the sphere.
    expect(m.d2cm!.percent).toBeGreaterThan(30 - 100 * 0.01 * delta(29));
    expect(m.d2cm!.percent).toBeLessThan(100 * radialProfile(28.985));
    expect(m.warnings).toEqual([]);
    expect(m.ptvMethod).toBe('contours');
  });

  it('planQualityMetrics(concentric) grades RTOG 0813/0915: R100 1.37 minor, R50 12.7 major, D2cm 30 % none', () => {
    const { rtog } = concentric;
    if (!rtog.applicable) throw new Error('3.06 cc is inside the table');
    // 3.06 cc between the 1.8 and 3.8 cc rows: R50 minor limit 7.5 − 0.63·1.0 = 6.87 < 12.7 → major.
    expect(rtog.grades.map((g) => [g.metric, g.level])).toEqual([
      ['r100', 'minor'],
      ['r50', 'major'],
      ['d2cmPercent', 'none'],
    ]);
    expect(rtog.overall).toBe('major');
    expect(rtog.ptvVolumeCc).toBe(concentric.ptvVolumeCc);
  });

  it('planQualityMetrics(dose sphere shifted from the PTV) gives Paddick CI from the lens volume of two spheres', () => {
    // 100 % isodose sphere (r100 = 10) centred 4 mm away along (0.6, 0, 0.8): TV_PIV = lens(9, 10, 4) = 2.430 cc.
    const [dx, dz] = [2.4, 3.2];
    const m = planQualityMetrics({
      doseGy: analyticDoseGrid(grid, (x, y, z) => RX_GY * radialProfile(Math.hypot(x - dx, y, z - dz))),
      ptv,
      prescriptionGy: RX_GY,
    });
    const lensCc = sphereLensVolumeMm3(R_PTV, R100, 4) / 1000;
    const pivCc = sphereCc(R100);
    // TV_PIV to the stack-vs-sphere and interpolation tolerance (≤ 1.5 %); CI_Paddick = TV_PIV²/(TV·PIV) (physics.md §3.2).
    expect(Math.abs(m.ptvCoveredCc / lensCc - 1)).toBeLessThan(0.015);
    expect(m.v100Percent).toBeCloseTo((100 * m.ptvCoveredCc) / m.ptvVolumeCc, 9);
    expect(m.ciPaddick).toBeCloseTo((m.ptvCoveredCc * m.ptvCoveredCc) / (m.ptvVolumeCc * m.pivCc), 12);
    expect(Math.abs(m.ciPaddick / ((lensCc * lensCc) / (TV_CC * pivCc)) - 1)).toBeLessThan(0.04);
    // The isodose volumes do not depend on where the PTV is: same PIV as the concentric plan (same interpolation).
    expect(Math.abs(m.pivCc / concentric.pivCc - 1)).toBeLessThan(0.01);
    // The dose maximum (1.25·Rx at the shifted centre, a grid point: 2.4/0.75 and 3.2/1.25 are not integers, so the
    // grid maximum is slightly lower) is inside the PTV: 4 mm < 9 mm.
    expect(m.globalMaxGy).toBeLessThanOrEqual(1.25 * RX_GY);
    expect(m.maxGy).toBeCloseTo(m.globalMaxGy, 6);
  });

  it('planQualityMetrics(small PTV < 2 cc) reports near-max as D0.035cc (ICRU 91)', () => {
    const small = sphereContours(0, 0, 0, 6, 1); // 0.90 cc
    const m = planQualityMetrics({ doseGy: analyticDoseGrid(grid, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z))), ptv: small, prescriptionGy: RX_GY });
    expect(m.ptvVolumeCc).toBeLessThan(2);
    expect(m.nearMax.definition).toBe('D0.035cc');
    // D0.035cc: the hottest 0.035 cc is the ball of r = (3·35/(4π))^⅓ = 2.03 mm: profile 1.25 − 0.025·2.03 = 1.1993,
    // the interpolant below it by ≤ 0.025 × δ(2.03 mm) (0.33 mm near the cone's tip).
    const r = Math.cbrt((3 * 35) / (4 * Math.PI));
    expect(m.nearMax.doseGy / RX_GY).toBeLessThanOrEqual(1.25 - 0.025 * r + 1e-4);
    expect(m.nearMax.doseGy / RX_GY).toBeGreaterThan(1.25 - 0.025 * (r + radiusInterpolationBoundMm(grid.spacingMm, r - halfDiagonal)));
    // The RTOG table starts at 1.8 cc: not applicable, never extrapolated.
    expect(m.rtog.overall).toBe('not-applicable');
  });

  it('planQualityMetrics(mask PTV) agrees with the contour path within the voxel-centre error and warns', () => {
    const coarse = centredGrid([1.5, 2, 2.5], 36);
    const dose = analyticDoseGrid(coarse, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z)));
    const fromContours = planQualityMetrics({ doseGy: dose, ptv, prescriptionGy: RX_GY });
    const fromMask = planQualityMetrics({ doseGy: dose, ptv: voxelizeStructure(ptv, coarse), prescriptionGy: RX_GY });
    expect(fromMask.ptvMethod).toBe('mask');
    expect(fromMask.warnings.map((w) => w.code)).toContain('mask-ptv');
    // Same isodose volumes (they do not depend on the PTV); TV from the mask's fractions within 1 %.
    expect(fromMask.pivCc).toBe(fromContours.pivCc);
    expect(Math.abs(fromMask.ptvVolumeCc / fromContours.ptvVolumeCc - 1)).toBeLessThan(0.01);
    expect(Math.abs(fromMask.d95Gy - fromContours.d95Gy)).toBeLessThan(0.02 * RX_GY);
    // Distances from voxel centres inside the PTV make D2cm conservative (not lower).
    expect(fromMask.d2cm!.percent).toBeGreaterThanOrEqual(fromContours.d2cm!.percent - 1e-6);
  });

  it('planQualityMetrics(d, ptv, { body }) counts isodose volumes only inside the body', () => {
    const coarse = centredGrid([1.5, 2, 2.5], 36);
    const dose = analyticDoseGrid(coarse, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z)));
    // Body: y ≤ 0 (voxel faces at y = ±1 mm are not planes of the lattice, so use whole rows: y ≤ 1 mm edge of row 0).
    const body = voxelizeStructure(planes(-37.5, 2.5, 31).map((z) => rectangleContour(z, -40, 40, -40, 1)), coarse);
    const all = planQualityMetrics({ doseGy: dose, ptv, prescriptionGy: RX_GY });
    const inBody = planQualityMetrics({ doseGy: dose, ptv, prescriptionGy: RX_GY, body });
    // The body holds rows y ≤ 0 entirely (rows y = −36..0, edge at y = +1): half the sphere plus a 1 mm slab.
    const slabShare = (r: number) => (Math.PI * (r * r * 1 - 1 / 3)) / ((4 / 3) * Math.PI * r ** 3); // ∫₀¹ π(r² − y²)dy / V
    expect(inBody.pivCc / all.pivCc).toBeCloseTo(0.5 + slabShare(R100), 2);
    expect(inBody.piv50Cc / all.piv50Cc).toBeCloseTo(0.5 + slabShare(R50), 2);
  });

  it('planQualityMetrics warns when the grid does not reach 2 cm beyond the PTV and rejects a bad prescription', () => {
    const small = centredGrid([1.5, 2, 2.5], 22);
    const dose = analyticDoseGrid(small, (x, y, z) => RX_GY * radialProfile(Math.hypot(x, y, z)));
    const m = planQualityMetrics({ doseGy: dose, ptv, prescriptionGy: RX_GY });
    expect(m.warnings.map((w) => w.code)).toContain('d2cm-shell-outside-grid');
    expect(() => planQualityMetrics({ doseGy: dose, ptv, prescriptionGy: 0 })).toThrow(expect.objectContaining({ code: 'bad-prescription' }));
  });
});
