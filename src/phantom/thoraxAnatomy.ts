import type { Vec3 } from '../geometry/points';
import { distanceToEllipseCurveMm, distanceToEllipsoidSurfaceMm } from './ellipseDistance';
import {
  capsuleSignedDistanceMm,
  FAR_OUTSIDE_MM,
  rasterizeUnionMin,
  unionSignedDistanceMm,
  type ImplicitPrimitive,
  type PlaneRaster,
} from './implicitPrimitives';

/**
 * Analytic anatomy of the built-in demo thorax, adult-sized, in DICOM patient LPS mm (x to the patient's left,
 * y posterior, z superior; head-first supine). Every contour and every CT voxel of the phantom is derived from
 * these numbers, so contours and CT agree and nodule distances can be computed exactly.
 *
 * Layout (axial): body ellipse 340 × 230 mm; the thoracic cavity is an inner ellipse 292 × 180 mm, so the
 * chest wall is a 24–25 mm shell. Lungs fill the cavity minus the mediastinal envelope (heart, great vessels,
 * oesophagus, airways, spine, a 16 mm midline band) kept 2 mm away from them; each lung has a rounded apex
 * above z = 55 mm and sits on a diaphragm dome. Carina at z = 20 mm.
 */

export type LungSide = 'left' | 'right';

/** A tube segment (capsule) of the great vessels or airways. */
export interface TubeSegment {
  readonly label: string;
  readonly aMm: Vec3;
  readonly bMm: Vec3;
  readonly radiusMm: number;
}

export const BODY = { semiAxisXMm: 170, semiAxisYMm: 115, zMinMm: -125, zMaxMm: 125 } as const;
export const CAVITY = { semiAxisXMm: 146, semiAxisYMm: 90 } as const;

export const LUNG_SHAPE = {
  /** Above this z each lung section shrinks towards the apex centre (ellipsoidal cap). */
  apexStartZMm: 55,
  apexHeightMm: 55,
  apexCenterAbsXMm: 70,
  apexCenterYMm: 10,
  /** Diaphragm dome under each lung (centre x mirrored per side); lung tissue lies outside it. */
  domeCenterAbsXMm: 70,
  domeCenterYMm: 5,
  domeCenterZMm: -160,
  domeRadiiMm: [120, 140, 95] as Vec3,
  /** Lowest lung level; deliberately not a multiple of common plane spacings so no plane sits on it. */
  floorZMm: -109,
  /** Lungs keep this gap (mm) from every mediastinal structure, the spine and the midline band. */
  mediastinalGapMm: 2,
  midlineHalfWidthMm: 8,
} as const;

export const HEART = { centerMm: [20, -30, -55] as Vec3, radiiMm: [55, 40, 45] as Vec3 } as const;

/** Aorta (ascending, arch, descending) and pulmonary trunk; the parts inside the heart are not GreatVes. */
export const GREAT_VESSEL_TUBES: readonly TubeSegment[] = [
  { label: 'aorta ascending', aMm: [-5, -25, -20], bMm: [-8, -35, 60], radiusMm: 13 },
  { label: 'aortic arch 1', aMm: [-8, -35, 60], bMm: [18, -28, 72], radiusMm: 13 },
  { label: 'aortic arch 2', aMm: [18, -28, 72], bMm: [34, 2, 64], radiusMm: 13 },
  { label: 'aortic arch 3', aMm: [34, 2, 64], bMm: [30, 28, 45], radiusMm: 12 },
  { label: 'aorta descending', aMm: [30, 28, 45], bMm: [30, 28, -140], radiusMm: 12 },
  { label: 'pulmonary trunk', aMm: [15, -52, -25], bMm: [28, -32, 12], radiusMm: 12 },
];

export const ESOPHAGUS_TUBE: TubeSegment = { label: 'oesophagus', aMm: [4, 18, 140], bMm: [4, 18, -118], radiusMm: 7 };

export const CARINA_MM: Vec3 = [0, -3, 20];
export const TRACHEA_TUBE: TubeSegment = { label: 'trachea', aMm: [0, -5, 140], bMm: CARINA_MM, radiusMm: 9 };

const RIGHT_HILUM: Vec3 = [-33, 6, 4];
const LEFT_HILUM: Vec3 = [40, 2, 2];
const BRONCHUS_INTERMEDIUS_END: Vec3 = [-44, 12, -20];

/**
 * Proximal bronchial tree (RTOG 0813 without the distal trachea, which is the Trachea structure): main
 * bronchi, bronchus intermedius and lobar bronchi, as capsules branching from the carina.
 */
export const BRONCHIAL_TUBES: readonly TubeSegment[] = [
  { label: 'right main bronchus', aMm: CARINA_MM, bMm: RIGHT_HILUM, radiusMm: 7 },
  { label: 'left main bronchus', aMm: CARINA_MM, bMm: LEFT_HILUM, radiusMm: 6.5 },
  { label: 'right upper lobe bronchus', aMm: [-23, 3.3, 8.8], bMm: [-52, 0, 16], radiusMm: 4.5 },
  { label: 'bronchus intermedius', aMm: RIGHT_HILUM, bMm: BRONCHUS_INTERMEDIUS_END, radiusMm: 5.5 },
  { label: 'right middle lobe bronchus', aMm: BRONCHUS_INTERMEDIUS_END, bMm: [-58, -12, -32], radiusMm: 4 },
  { label: 'right lower lobe bronchus', aMm: BRONCHUS_INTERMEDIUS_END, bMm: [-56, 24, -48], radiusMm: 4.5 },
  { label: 'left upper lobe bronchus', aMm: LEFT_HILUM, bMm: [58, -6, 12], radiusMm: 4.5 },
  { label: 'lingular bronchus', aMm: [50, -2.4, 7.5], bMm: [64, -22, -10], radiusMm: 3.5 },
  { label: 'left lower lobe bronchus', aMm: LEFT_HILUM, bMm: [56, 22, -32], radiusMm: 4.5 },
];

/** Airway wall thickness (mm): inside it the CT shows air. */
export const AIRWAY_WALL_MM = 2;

export const SPINE = {
  vertebralBody: { centerXMm: 0, centerYMm: 48, radiusMm: 19 },
  canal: { centerXMm: 0, centerYMm: 80, radiusMm: 9 },
  /** Neural arch: the ring between the canal and this radius around the canal centre. */
  archOuterRadiusMm: 16,
  spinousProcess: { minMm: [-4, 94, -1e4] as Vec3, maxMm: [4, 108, 1e4] as Vec3 },
} as const;

export const SPINAL_CORD = { centerXMm: 0, centerYMm: 80, radiusMm: 5 } as const;

/**
 * Ribs: per side 10 curved tubes (radius 5 mm) whose centre line runs on the ellipse 155 × 99 mm (≈ 9 mm outside
 * the cavity, inside the chest wall) from 0.12π to 0.78π around from the spine, descending 70 mm towards the
 * front as real ribs do. Posterior ends at z = 100 − 22·k mm.
 */
export const RIBS = {
  count: 10,
  centerLineSemiAxesMm: [155, 99] as const,
  radiusMm: 5,
  posteriorTopZMm: 100,
  spacingZMm: 22,
  dropZMm: 70,
  startAngleRad: 0.12 * Math.PI,
  endAngleRad: 0.78 * Math.PI,
  segmentsPerRib: 20,
} as const;

export const HOUNSFIELD = { air: -1000, softTissue: 40, lung: -800, bone: 700, nodule: 20 } as const;

function tubeCapsule(t: TubeSegment): ImplicitPrimitive {
  return { kind: 'capsule', aMm: t.aMm, bMm: t.bMm, radiusMm: t.radiusMm };
}

const FULL_Z_MIN = -1e4;
const FULL_Z_MAX = 1e4;

export const HEART_PRIMITIVE: ImplicitPrimitive = { kind: 'ellipsoid', centerMm: HEART.centerMm, radiiMm: HEART.radiiMm };
export const GREAT_VESSEL_PRIMITIVES: readonly ImplicitPrimitive[] = GREAT_VESSEL_TUBES.map(tubeCapsule);
export const ESOPHAGUS_PRIMITIVES: readonly ImplicitPrimitive[] = [tubeCapsule(ESOPHAGUS_TUBE)];
export const TRACHEA_PRIMITIVES: readonly ImplicitPrimitive[] = [tubeCapsule(TRACHEA_TUBE)];
export const BRONCHUS_PRIMITIVES: readonly ImplicitPrimitive[] = BRONCHIAL_TUBES.map(tubeCapsule);
export const AIRWAY_LUMEN_PRIMITIVES: readonly ImplicitPrimitive[] = [TRACHEA_TUBE, ...BRONCHIAL_TUBES].map((t) => ({
  kind: 'capsule',
  aMm: t.aMm,
  bMm: t.bMm,
  radiusMm: t.radiusMm - AIRWAY_WALL_MM,
}));
export const SPINAL_CORD_PRIMITIVE: ImplicitPrimitive = {
  kind: 'vertical-cylinder',
  centerXMm: SPINAL_CORD.centerXMm,
  centerYMm: SPINAL_CORD.centerYMm,
  radiusMm: SPINAL_CORD.radiusMm,
  zMinMm: FULL_Z_MIN,
  zMaxMm: FULL_Z_MAX,
};
const VERTEBRAL_BODY: ImplicitPrimitive = {
  kind: 'vertical-cylinder',
  centerXMm: SPINE.vertebralBody.centerXMm,
  centerYMm: SPINE.vertebralBody.centerYMm,
  radiusMm: SPINE.vertebralBody.radiusMm,
  zMinMm: FULL_Z_MIN,
  zMaxMm: FULL_Z_MAX,
};
const NEURAL_ARCH_OUTER: ImplicitPrimitive = {
  kind: 'vertical-cylinder',
  centerXMm: SPINE.canal.centerXMm,
  centerYMm: SPINE.canal.centerYMm,
  radiusMm: SPINE.archOuterRadiusMm,
  zMinMm: FULL_Z_MIN,
  zMaxMm: FULL_Z_MAX,
};
export const SPINAL_CANAL_PRIMITIVE: ImplicitPrimitive = {
  kind: 'vertical-cylinder',
  centerXMm: SPINE.canal.centerXMm,
  centerYMm: SPINE.canal.centerYMm,
  radiusMm: SPINE.canal.radiusMm,
  zMinMm: FULL_Z_MIN,
  zMaxMm: FULL_Z_MAX,
};
const SPINOUS_PROCESS: ImplicitPrimitive = { kind: 'box', minMm: SPINE.spinousProcess.minMm, maxMm: SPINE.spinousProcess.maxMm };
/** Bone of the spine; the canal is subtracted from the neural arch by the callers. */
export const SPINE_BONE_PRIMITIVES: readonly ImplicitPrimitive[] = [VERTEBRAL_BODY, NEURAL_ARCH_OUTER, SPINOUS_PROCESS];

/** Rib centre-line capsules, grouped per rib (left ribs first, then right). */
export const RIB_PRIMITIVES: readonly (readonly ImplicitPrimitive[])[] = buildRibs();

function buildRibs(): ImplicitPrimitive[][] {
  const ribs: ImplicitPrimitive[][] = [];
  for (const sideSign of [1, -1]) {
    for (let k = 0; k < RIBS.count; k++) {
      const zPosterior = RIBS.posteriorTopZMm - RIBS.spacingZMm * k;
      const points: Vec3[] = [];
      for (let s = 0; s <= RIBS.segmentsPerRib; s++) {
        const fraction = s / RIBS.segmentsPerRib;
        const angle = RIBS.startAngleRad + (RIBS.endAngleRad - RIBS.startAngleRad) * fraction;
        // Angle 0 points posterior (+y), π anterior (−y); x grows towards the patient's side.
        points.push([sideSign * RIBS.centerLineSemiAxesMm[0] * Math.sin(angle), RIBS.centerLineSemiAxesMm[1] * Math.cos(angle), zPosterior - RIBS.dropZMm * fraction]);
      }
      const rib: ImplicitPrimitive[] = [];
      for (let s = 0; s < RIBS.segmentsPerRib; s++) rib.push({ kind: 'capsule', aMm: points[s], bMm: points[s + 1], radiusMm: RIBS.radiusMm });
      ribs.push(rib);
    }
  }
  return ribs;
}

const MIDLINE_BAND: ImplicitPrimitive = {
  kind: 'box',
  minMm: [-LUNG_SHAPE.midlineHalfWidthMm, -CAVITY.semiAxisYMm - 10, FULL_Z_MIN],
  maxMm: [LUNG_SHAPE.midlineHalfWidthMm, CAVITY.semiAxisYMm + 10, FULL_Z_MAX],
};

/** Everything the lungs stay clear of (by LUNG_SHAPE.mediastinalGapMm). */
export const MEDIASTINAL_ENVELOPE_PRIMITIVES: readonly ImplicitPrimitive[] = [
  HEART_PRIMITIVE,
  ...GREAT_VESSEL_PRIMITIVES,
  ...ESOPHAGUS_PRIMITIVES,
  ...TRACHEA_PRIMITIVES,
  ...BRONCHUS_PRIMITIVES,
  ...SPINE_BONE_PRIMITIVES,
  MIDLINE_BAND,
];

const CAVITY_A = CAVITY.semiAxisXMm;
const CAVITY_B = CAVITY.semiAxisYMm;
const APEX_START_Z = LUNG_SHAPE.apexStartZMm;
const APEX_HEIGHT = LUNG_SHAPE.apexHeightMm;
const APEX_CX = LUNG_SHAPE.apexCenterAbsXMm;
const APEX_CY = LUNG_SHAPE.apexCenterYMm;
const DOME_CX = LUNG_SHAPE.domeCenterAbsXMm;
const DOME_CY = LUNG_SHAPE.domeCenterYMm;
const DOME_CZ = LUNG_SHAPE.domeCenterZMm;
const [DOME_RX, DOME_RY, DOME_RZ] = LUNG_SHAPE.domeRadiiMm;
const DOME_TOP_Z_MM = DOME_CZ + DOME_RZ;
const FLOOR_Z = LUNG_SHAPE.floorZMm;

// Same estimate as ellipseSignedDistanceMm, kept local: this runs per raster point.
function cavitySignedDistanceMm(x: number, y: number): number {
  const ux = x / CAVITY_A;
  const uy = y / CAVITY_B;
  const k0 = Math.sqrt(ux * ux + uy * uy);
  const vx = ux / CAVITY_A;
  const vy = uy / CAVITY_B;
  const k1 = Math.sqrt(vx * vx + vy * vy);
  return k1 === 0 ? -CAVITY_B : (k0 * (k0 - 1)) / k1;
}

/**
 * Signed distance estimate (mm, negative inside) of one lung's outer boundary: cavity ellipse, own half of the
 * chest, apex cap and diaphragm dome — everything except the mediastinal envelope.
 */
export function lungOuterSignedDistanceMm(side: LungSide, x: number, y: number, z: number): number {
  return lungOuterCore(side === 'left' ? 1 : -1, x, y, z, Infinity);
}

// skipDomeAboveZ: rasters pass the dome top + 5 mm, where the dome cannot be the nearest boundary, so it is not
// evaluated (this changes the value only where it is more than 5 mm inside, never its sign near the boundary).
function lungOuterCore(sign: number, x: number, y: number, z: number, skipDomeAboveZ: number): number {
  let value: number;
  if (z <= APEX_START_Z) {
    const cavity = cavitySignedDistanceMm(x, y);
    const half = -sign * x;
    value = cavity > half ? cavity : half;
  } else {
    const u = (z - APEX_START_Z) / APEX_HEIGHT;
    if (u >= 1) return FAR_OUTSIDE_MM;
    // Sections above the apex start are the apex-start section scaled by s about the apex centre.
    const scale = Math.sqrt(1 - u * u);
    const cx = sign * APEX_CX;
    const qx = cx + (x - cx) / scale;
    const qy = APEX_CY + (y - APEX_CY) / scale;
    const cavity = cavitySignedDistanceMm(qx, qy);
    const half = -sign * qx;
    value = scale * (cavity > half ? cavity : half);
  }
  const floor = FLOOR_Z - z;
  if (floor > value) value = floor;
  if (z > skipDomeAboveZ) return value;
  const ux = (x - sign * DOME_CX) / DOME_RX;
  const uy = (y - DOME_CY) / DOME_RY;
  const uz = (z - DOME_CZ) / DOME_RZ;
  const k0 = Math.sqrt(ux * ux + uy * uy + uz * uz);
  const vx = ux / DOME_RX;
  const vy = uy / DOME_RY;
  const vz = uz / DOME_RZ;
  const k1 = Math.sqrt(vx * vx + vy * vy + vz * vz);
  const notDome = k1 === 0 ? DOME_RX : -(k0 * (k0 - 1)) / k1;
  return notDome > value ? notDome : value;
}

/** Signed distance estimate (mm) of the mediastinal envelope grown by the lung gap, at one point. */
export function mediastinalEnvelopeSignedDistanceMm(x: number, y: number, z: number): number {
  return unionSignedDistanceMm(MEDIASTINAL_ENVELOPE_PRIMITIVES, x, y, z) - LUNG_SHAPE.mediastinalGapMm;
}

/** Signed distance estimate (mm, exact sign) of a lung at one point. Negative inside the lung. */
export function lungSignedDistanceMm(side: LungSide, x: number, y: number, z: number): number {
  return Math.max(lungOuterSignedDistanceMm(side, x, y, z), -mediastinalEnvelopeSignedDistanceMm(x, y, z));
}

/** Fills `out` with the mediastinal envelope (grown by the lung gap) on a plane raster. */
export function evaluateMediastinalEnvelope(zMm: number, raster: PlaneRaster, out: Float64Array): void {
  out.fill(FAR_OUTSIDE_MM, 0, raster.nx * raster.ny);
  const margin = 3 + Math.max(raster.stepXMm, raster.stepYMm) * 2;
  for (const p of MEDIASTINAL_ENVELOPE_PRIMITIVES) rasterizeUnionMin(p, zMm, raster, out, LUNG_SHAPE.mediastinalGapMm, margin);
}

/**
 * Fills `out` with the signed distance estimate of one lung on a plane raster, given the envelope of that plane.
 * Where the point is more than two raster steps inside the envelope the outer boundary cannot matter (no
 * neighbour sample can be inside the lung), so it is not evaluated there.
 */
export function evaluateLungField(side: LungSide, zMm: number, raster: PlaneRaster, envelope: Float64Array, out: Float64Array): void {
  const skipBeyondMm = 2 * Math.max(raster.stepXMm, raster.stepYMm) + 1;
  const sign = side === 'left' ? 1 : -1;
  for (let j = 0; j < raster.ny; j++) {
    const y = raster.y0Mm + j * raster.stepYMm;
    const row = j * raster.nx;
    for (let i = 0; i < raster.nx; i++) {
      out[row + i] = lungSample(sign, raster.x0Mm + i * raster.stepXMm, y, zMm, -envelope[row + i], skipBeyondMm, DOME_TOP_Z_MM + 5);
    }
  }
}

// One lung sample given the negated envelope: points deep in the envelope or on the other side skip the outer
// boundary (no neighbour can be inside the lung there).
function lungSample(sign: number, x: number, y: number, z: number, notEnvelope: number, skipBeyondMm: number, domeSkipZ: number): number {
  if (notEnvelope > skipBeyondMm || sign * x < -skipBeyondMm) return notEnvelope > -sign * x ? notEnvelope : -sign * x;
  const outer = lungOuterCore(sign, x, y, z, domeSkipZ);
  return outer > notEnvelope ? outer : notEnvelope;
}

/** Centre-to-surface distances (mm) from a point in a lung to the organs that decide the fractionation zone. */
export interface ZoneDistancesMm {
  /** To the Chestwall shell (the cavity ellipse, within the lungs' z range). */
  readonly chestWallMm: number;
  /** To Heart ∪ GreatVes ∪ Esophagus. */
  readonly mediastinumMm: number;
  /** To the Bronchus structure (main, intermedius and lobar bronchi). */
  readonly proximalBronchialTreeMm: number;
  readonly tracheaMm: number;
}

/** z range (mm) of the lungs and therefore of the Chestwall shell. */
export const LUNG_Z_RANGE_MM = { minMm: LUNG_SHAPE.floorZMm, maxMm: LUNG_SHAPE.apexStartZMm + LUNG_SHAPE.apexHeightMm } as const;

function tubeDistanceMm(tubes: readonly TubeSegment[], p: Vec3): number {
  let best = Infinity;
  for (const t of tubes) best = Math.min(best, Math.max(0, capsuleSignedDistanceMm(t.aMm, t.bMm, t.radiusMm, p[0], p[1], p[2])));
  return best;
}

/**
 * Exact distances (mm) from a point inside the thoracic cavity to the nearest surface of each zone organ,
 * from the analytic shapes (Eberly's ellipse/ellipsoid distance, closed-form capsule distance).
 * For a sphere of radius r centred there, the edge-to-surface distance is max(0, d − r).
 * Parts of the great-vessel tubes inside the heart do not change the Heart ∪ GreatVes distance.
 */
export function analyticZoneDistancesMm(pointMm: Vec3): ZoneDistancesMm {
  const [x, y, z] = pointMm;
  const insideCavity = (x / CAVITY.semiAxisXMm) ** 2 + (y / CAVITY.semiAxisYMm) ** 2 < 1;
  const inPlane = insideCavity ? distanceToEllipseCurveMm(x, y, 0, 0, CAVITY.semiAxisXMm, CAVITY.semiAxisYMm) : 0;
  const dz = Math.max(LUNG_Z_RANGE_MM.minMm - z, z - LUNG_Z_RANGE_MM.maxMm, 0);
  const chestWallMm = Math.hypot(inPlane, dz);
  const heartInside = (x - HEART.centerMm[0]) ** 2 / HEART.radiiMm[0] ** 2 + (y - HEART.centerMm[1]) ** 2 / HEART.radiiMm[1] ** 2 + (z - HEART.centerMm[2]) ** 2 / HEART.radiiMm[2] ** 2 <= 1;
  const heartMm = heartInside ? 0 : distanceToEllipsoidSurfaceMm(pointMm, HEART.centerMm, HEART.radiiMm);
  const mediastinumMm = Math.min(heartMm, tubeDistanceMm(GREAT_VESSEL_TUBES, pointMm), tubeDistanceMm([ESOPHAGUS_TUBE], pointMm));
  return {
    chestWallMm,
    mediastinumMm,
    proximalBronchialTreeMm: tubeDistanceMm(BRONCHIAL_TUBES, pointMm),
    tracheaMm: tubeDistanceMm([TRACHEA_TUBE], pointMm),
  };
}
