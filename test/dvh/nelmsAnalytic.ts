// Closed-form geometry and DVHs of the Nelms et al. 2015 analytical benchmark solids (Med Phys 42:4435;
// /work/shared/reference/physics.md §7.1, /work/shared/validation/README.md §1).
//
// Solids (checked against the contour points by nelmsBenchmark.test.ts): radius 12 mm, height 24 mm, centre
// (cx, cy, 6) with cx = +shift, cy = −6 − shift for the "X..Z.." files.
//   Sphere     : |p − c| ≤ 12.
//   Cylinder   : axis along z, |z − 6| ≤ 12, radius 12.
//   Cone       : axis along z, apex at z = −6, base (radius 12) at z = 18; radius (z + 6)/2.
//   RtCylinder : axis along y, |y − cy| ≤ 12, radius 12 in the x–z plane.
//   RtCone     : axis along y, apex at y = cy + 12, base (radius 12) at y = cy − 12; radius (cy + 12 − y)/2.
// Doses (read from the RTDOSE files): AntPost D = 10 − y Gy, SupInf D = 10 + z Gy (1 Gy/mm).
//
// A model is a list of prisms (z interval × planar cross-section). Two models:
//  - 'slabs': the contour planes of a file with ½-slice end caps, each slab carrying the exact cross-section at
//    its plane — what the contours say under the end-cap convention (the quantity our code estimates);
//  - 'nelms': the true solid plus ½-slice caps with the end planes' cross-sections, the definition behind the
//    benchmark's own capped volumes (Cylinder 11.31/11.76/12.21 cc, Cone 3.845/4.072/4.298 cc, physics.md §7.1).

export type NelmsShape = 'Sphere' | 'Cylinder' | 'Cone' | 'RtCylinder' | 'RtCone';
export type NelmsGradient = 'AntPost' | 'SupInf';

export interface NelmsSolid {
  readonly shape: NelmsShape;
  readonly centreXMm: number;
  readonly centreYMm: number;
  readonly centreZMm: number;
}

export const RADIUS_MM = 12;
const HALF_HEIGHT_MM = 12;

/** Planar cross-section of a solid at one z; yLo..yHi is its extent in y (empty when yLo > yHi). */
export interface Section {
  readonly areaMm2: number;
  readonly yLoMm: number;
  readonly yHiMm: number;
  /** Area with y ≤ yc, mm². */
  areaBelowMm2(yc: number): number;
}

const EMPTY: Section = { areaMm2: 0, yLoMm: Infinity, yHiMm: -Infinity, areaBelowMm2: () => 0 };

/** Parses "<Shape>_<spacing>_<shift>.dcm" (e.g. RtCone_20_X10Z10.dcm). */
export function parseNelmsFileName(file: string): { solid: NelmsSolid; contourSpacingMm: number } {
  const m = /^(Sphere|Cylinder|Cone|RtCylinder|RtCone)_(02|10|20|30)_(0|X(\d\d)(Z(\d\d))?)\.dcm$/.exec(file);
  if (!m) throw new Error(`not a Nelms structure file name: ${file}`);
  const shiftX = m[4] ? Number(m[4]) / 10 : 0;
  const shiftY = m[6] ? Number(m[6]) / 10 : 0;
  return {
    solid: { shape: m[1] as NelmsShape, centreXMm: shiftX, centreYMm: -6 - shiftY, centreZMm: 6 },
    contourSpacingMm: Number(m[2]) / 10,
  };
}

/** Exact cross-section of the solid in the plane z. */
export function sectionAt(solid: NelmsSolid, z: number): Section {
  const d = z - solid.centreZMm;
  const cy = solid.centreYMm;
  const R = RADIUS_MM;
  switch (solid.shape) {
    case 'Sphere': {
      const rho2 = R * R - d * d;
      return rho2 < 0 ? EMPTY : circle(cy, Math.sqrt(rho2));
    }
    case 'Cylinder':
      return Math.abs(d) > HALF_HEIGHT_MM ? EMPTY : circle(cy, R);
    case 'Cone':
      return Math.abs(d) > HALF_HEIGHT_MM ? EMPTY : circle(cy, (d + HALF_HEIGHT_MM) / 2);
    case 'RtCylinder': {
      if (Math.abs(d) > R) return EMPTY;
      const width = 2 * Math.sqrt(R * R - d * d);
      const yLo = cy - HALF_HEIGHT_MM;
      return { areaMm2: width * 2 * HALF_HEIGHT_MM, yLoMm: yLo, yHiMm: cy + HALF_HEIGHT_MM, areaBelowMm2: (yc) => width * clamp(yc - yLo, 0, 2 * HALF_HEIGHT_MM) };
    }
    case 'RtCone': {
      // u = distance from the apex along −y; inside when x² + d² ≤ (u/2)², i.e. u ≥ 2|d|, u ≤ 24.
      const a = 2 * Math.abs(d);
      const uMax = 2 * HALF_HEIGHT_MM;
      if (a > uMax) return EMPTY;
      const apexY = cy + HALF_HEIGHT_MM;
      const areaBelow = (yc: number): number => {
        const uLow = Math.max(apexY - yc, a);
        return uLow >= uMax ? 0 : hyperbolaIntegral(uMax, a) - hyperbolaIntegral(uLow, a);
      };
      return { areaMm2: areaBelow(Infinity), yLoMm: apexY - uMax, yHiMm: apexY - a, areaBelowMm2: areaBelow };
    }
  }
}

/** ∫ √(u² − a²) du antiderivative (u ≥ a ≥ 0). */
function hyperbolaIntegral(u: number, a: number): number {
  if (a === 0) return (u * u) / 2;
  const root = Math.sqrt(Math.max(0, u * u - a * a));
  return 0.5 * (u * root - a * a * Math.log(u + root));
}

function circle(cy: number, rho: number): Section {
  return {
    areaMm2: Math.PI * rho * rho,
    yLoMm: cy - rho,
    yHiMm: cy + rho,
    areaBelowMm2: (yc) => {
      if (rho === 0) return 0;
      const t = clamp((yc - cy) / rho, -1, 1);
      return rho * rho * (Math.PI / 2 + Math.asin(t) + t * Math.sqrt(1 - t * t));
    },
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

export interface Prism {
  readonly zLoMm: number;
  readonly zHiMm: number;
  readonly section: Section;
}

/** The 'slabs' model: planes z0, z0 + s, ... z1, each with a slab of thickness s (½ s caps at both ends). */
export function slabModel(solid: NelmsSolid, contourSpacingMm: number): Prism[] {
  const z0 = solid.centreZMm - HALF_HEIGHT_MM;
  const planes = Math.round((2 * HALF_HEIGHT_MM) / contourSpacingMm) + 1;
  const prisms: Prism[] = [];
  for (let p = 0; p < planes; p++) {
    const z = z0 + p * contourSpacingMm;
    prisms.push({ zLoMm: z - contourSpacingMm / 2, zHiMm: z + contourSpacingMm / 2, section: sectionAt(solid, z) });
  }
  return prisms;
}

/**
 * The 'nelms' model: the true solid (cut into `steps` thin slabs, midpoint sections) plus ½-slice end caps.
 * Zero-thickness prisms at the slab faces carry the exact sections there for the extremes (e.g. the RtCone
 * apex line at z = 6 that no midpoint section reaches).
 */
export function nelmsModel(solid: NelmsSolid, contourSpacingMm: number, steps = 960): Prism[] {
  const z0 = solid.centreZMm - HALF_HEIGHT_MM;
  const z1 = solid.centreZMm + HALF_HEIGHT_MM;
  const dz = (z1 - z0) / steps;
  const cap = contourSpacingMm / 2;
  const prisms: Prism[] = [{ zLoMm: z0 - cap, zHiMm: z0, section: sectionAt(solid, z0) }];
  for (let n = 0; n < steps; n++) prisms.push({ zLoMm: z0 + n * dz, zHiMm: z0 + (n + 1) * dz, section: sectionAt(solid, z0 + (n + 0.5) * dz) });
  for (let n = 0; n <= steps; n++) prisms.push({ zLoMm: z0 + n * dz, zHiMm: z0 + n * dz, section: sectionAt(solid, z0 + n * dz) });
  prisms.push({ zLoMm: z1, zHiMm: z1 + cap, section: sectionAt(solid, z1) });
  return prisms;
}

/** Analytic DVH metrics, Gy and cc. */
export interface AnalyticMetrics {
  readonly volumeCc: number;
  readonly minGy: number;
  readonly maxGy: number;
  readonly meanGy: number;
  readonly d99Gy: number;
  readonly d95Gy: number;
  readonly d5Gy: number;
  readonly d1Gy: number;
  readonly d003ccGy: number;
}

/** Volume (mm³) of the model receiving at least doseGy. */
export function volumeAtLeastMm3(prisms: readonly Prism[], gradient: NelmsGradient, doseGy: number): number {
  let v = 0;
  if (gradient === 'AntPost') {
    const yc = 10 - doseGy; // D = 10 − y ≥ doseGy ⇔ y ≤ yc
    for (const p of prisms) if (p.section.areaMm2 > 0 && p.zHiMm > p.zLoMm) v += (p.zHiMm - p.zLoMm) * p.section.areaBelowMm2(yc);
  } else {
    const zc = doseGy - 10; // D = 10 + z ≥ doseGy ⇔ z ≥ zc
    for (const p of prisms) v += p.section.areaMm2 * Math.max(0, p.zHiMm - Math.max(p.zLoMm, zc));
  }
  return v;
}

/**
 * Volume, extremes, mean and Dx of a model under a gradient. Min/max are over the closed solid including
 * zero-area end sections (the benchmark's convention: Cone SI Dmin 390 cGy at 0.2 mm, physics.md §7.1).
 */
export function analyticMetrics(prisms: readonly Prism[], gradient: NelmsGradient): AnalyticMetrics {
  let volumeMm3 = 0;
  let minGy = Infinity;
  let maxGy = -Infinity;
  for (const p of prisms) {
    volumeMm3 += p.section.areaMm2 * (p.zHiMm - p.zLoMm);
    if (p.section.yLoMm > p.section.yHiMm) continue;
    const lo = gradient === 'AntPost' ? 10 - p.section.yHiMm : 10 + p.zLoMm;
    const hi = gradient === 'AntPost' ? 10 - p.section.yLoMm : 10 + p.zHiMm;
    minGy = Math.min(minGy, lo);
    maxGy = Math.max(maxGy, hi);
  }
  const doseAtVolume = (targetMm3: number): number => {
    let lo = minGy;
    let hi = maxGy;
    for (let it = 0; it < 48; it++) {
      const mid = 0.5 * (lo + hi);
      if (volumeAtLeastMm3(prisms, gradient, mid) > targetMm3) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  // Mean = Dmin + ∫ V(≥D)/V dD over [Dmin, Dmax] (Simpson).
  const n = 600;
  const step = (maxGy - minGy) / n;
  let integral = 0;
  for (let s = 0; s <= n; s++) {
    const weight = s === 0 || s === n ? 1 : s % 2 === 1 ? 4 : 2;
    integral += weight * volumeAtLeastMm3(prisms, gradient, minGy + s * step);
  }
  integral *= step / 3;
  return {
    volumeCc: volumeMm3 / 1000,
    minGy,
    maxGy,
    meanGy: minGy + integral / volumeMm3,
    d99Gy: doseAtVolume(0.99 * volumeMm3),
    d95Gy: doseAtVolume(0.95 * volumeMm3),
    d5Gy: doseAtVolume(0.05 * volumeMm3),
    d1Gy: doseAtVolume(0.01 * volumeMm3),
    d003ccGy: doseAtVolume(30),
  };
}

/**
 * Distance of a contour point from the solid's surface in the plane z, mm (0 = on the surface). Used to
 * confirm from the files that each shape, axis and shift is what the analytic model assumes.
 */
export function surfaceResidualMm(solid: NelmsSolid, x: number, y: number, z: number): number {
  const dx = x - solid.centreXMm;
  const dy = y - solid.centreYMm;
  const d = z - solid.centreZMm;
  const R = RADIUS_MM;
  switch (solid.shape) {
    case 'Sphere':
      return Math.abs(Math.hypot(dx, dy) - Math.sqrt(Math.max(0, R * R - d * d)));
    case 'Cylinder':
      return Math.abs(Math.hypot(dx, dy) - R);
    case 'Cone':
      return Math.abs(Math.hypot(dx, dy) - (d + HALF_HEIGHT_MM) / 2);
    case 'RtCylinder': {
      const halfWidth = Math.sqrt(Math.max(0, R * R - d * d));
      // Distance to the rectangle's outline |dx| ≤ halfWidth, |dy| ≤ 12.
      const ex = Math.abs(dx) - halfWidth;
      const ey = Math.abs(dy) - HALF_HEIGHT_MM;
      return ex > 0 || ey > 0 ? Math.hypot(Math.max(ex, 0), Math.max(ey, 0)) : Math.min(-ex, -ey);
    }
    case 'RtCone': {
      const u = HALF_HEIGHT_MM - dy; // distance from the apex
      const onBase = Math.abs(u - 2 * HALF_HEIGHT_MM);
      const onMantle = Math.abs(Math.hypot(dx, d) - u / 2);
      return Math.min(onBase, onMantle);
    }
  }
}
