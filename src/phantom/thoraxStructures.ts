import type { PlanarContour } from '../model/Structure';
import type { StructureRole } from '../model/StructureRole';
import { contourPrimitiveUnion } from './contourPrimitives';
import { contourRaster, createContourScratch } from './contourRaster';
import { ellipsePolygonXy } from './ellipsePolygon';
import { ellipsoidContours } from './ellipsoidContours';
import type { PlaneRaster } from './implicitPrimitives';
import { latticePlanesInRange, type PlaneLattice } from './PlaneLattice';
import {
  BODY,
  BRONCHUS_PRIMITIVES,
  CAVITY,
  ESOPHAGUS_PRIMITIVES,
  evaluateLungField,
  evaluateMediastinalEnvelope,
  GREAT_VESSEL_PRIMITIVES,
  HEART,
  HEART_PRIMITIVE,
  LUNG_Z_RANGE_MM,
  RIB_PRIMITIVES,
  SPINAL_CORD,
  TRACHEA_PRIMITIVES,
  type LungSide,
} from './thoraxAnatomy';

/** A structure of the phantom before it gets its ROI number. */
export interface PhantomStructure {
  readonly name: string;
  readonly role: StructureRole;
  readonly interpretedType: string;
  readonly colorRgb: readonly [number, number, number];
  readonly contours: readonly PlanarContour[];
}

/** Raster step (mm) for the great vessels and ribs (vertices ≤ 0.99 mm apart). */
export const LARGE_TUBE_RASTER_STEP_MM = 0.7;

/** Raster step (mm) for the lung contours (marching squares: vertices ≤ 0.99 mm apart). */
export const LUNG_RASTER_STEP_MM = 0.7;

/** Raster over one lung's half of the cavity, reaching 4 steps across the midline. */
function lungRaster(side: LungSide): PlaneRaster {
  const step = LUNG_RASTER_STEP_MM;
  const halfWidth = CAVITY.semiAxisXMm + 4;
  const halfDepth = CAVITY.semiAxisYMm + 4;
  const nx = Math.round(halfWidth / step) + 5;
  return {
    x0Mm: side === 'left' ? -4 * step : -(nx - 1) * step + 4 * step,
    y0Mm: -halfDepth,
    stepXMm: step,
    stepYMm: step,
    nx,
    ny: Math.round((2 * halfDepth) / step) + 1,
  };
}

function lungContours(side: LungSide, planes: readonly number[]): PlanarContour[] {
  const raster = lungRaster(side);
  const n = raster.nx * raster.ny;
  const envelope = new Float64Array(n);
  const field = new Float64Array(n);
  const scratch = createContourScratch(n);
  const contours: PlanarContour[] = [];
  for (const z of planes) {
    evaluateMediastinalEnvelope(z, raster, envelope);
    evaluateLungField(side, z, raster, envelope, field);
    contours.push(...contourRaster(field, raster, z, scratch));
  }
  return contours;
}

function perPlane(planes: readonly number[], make: (z: number) => PlanarContour[]): PlanarContour[] {
  const contours: PlanarContour[] = [];
  for (const z of planes) contours.push(...make(z));
  return contours;
}

/**
 * All organ structures of the demo thorax on the planes of `lattice` (nodules are added separately).
 * BODY, Chestwall, Heart and SpinalCord are analytic polygons (edges ≤ 1 mm); lungs, vessels, airways and ribs
 * are marching-squares contours of the same signed-distance functions the CT is computed from.
 */
export function buildThoraxStructures(lattice: PlaneLattice): PhantomStructure[] {
  const bodyPlanes = latticePlanesInRange(lattice, BODY.zMinMm, BODY.zMaxMm);
  const lungPlanes = latticePlanesInRange(lattice, LUNG_Z_RANGE_MM.minMm, LUNG_Z_RANGE_MM.maxMm);
  const bodyPolygon = ellipsePolygonXy(0, 0, BODY.semiAxisXMm, BODY.semiAxisYMm);
  const cavityPolygon = ellipsePolygonXy(0, 0, CAVITY.semiAxisXMm, CAVITY.semiAxisYMm);
  const cordPolygon = ellipsePolygonXy(SPINAL_CORD.centerXMm, SPINAL_CORD.centerYMm, SPINAL_CORD.radiusMm, SPINAL_CORD.radiusMm);
  const organ = (name: string, role: StructureRole, colorRgb: [number, number, number], contours: PlanarContour[]): PhantomStructure => ({
    name,
    role,
    interpretedType: 'ORGAN',
    colorRgb,
    contours,
  });
  const ribs = RIB_PRIMITIVES;
  return [
    {
      name: 'BODY',
      role: 'body',
      interpretedType: 'EXTERNAL',
      colorRgb: [0, 200, 0],
      contours: bodyPlanes.map((zMm) => ({ zMm, xyMm: bodyPolygon.slice() })),
    },
    organ('Lung_L', 'lung-left', [80, 160, 255], lungContours('left', lungPlanes)),
    organ('Lung_R', 'lung-right', [60, 200, 220], lungContours('right', lungPlanes)),
    organ('Heart', 'heart', [220, 40, 60], ellipsoidContours({ centerMm: HEART.centerMm, radiiMm: HEART.radiiMm }, lattice)),
    organ('GreatVes', 'great-vessels', [200, 0, 120], perPlane(bodyPlanes, (z) => contourPrimitiveUnion(GREAT_VESSEL_PRIMITIVES, z, [HEART_PRIMITIVE], LARGE_TUBE_RASTER_STEP_MM))),
    organ('Esophagus', 'esophagus', [160, 110, 60], perPlane(bodyPlanes, (z) => contourPrimitiveUnion(ESOPHAGUS_PRIMITIVES, z))),
    organ('Trachea', 'trachea', [120, 230, 230], perPlane(bodyPlanes, (z) => contourPrimitiveUnion(TRACHEA_PRIMITIVES, z))),
    organ('Bronchus', 'proximal-bronchial-tree', [0, 170, 170], perPlane(bodyPlanes, (z) => contourPrimitiveUnion(BRONCHUS_PRIMITIVES, z))),
    organ('SpinalCord', 'spinal-cord', [255, 255, 0], bodyPlanes.map((zMm) => ({ zMm, xyMm: cordPolygon.slice() }))),
    // Chestwall: the shell between the body surface and the cavity over the lungs' z range (even-odd hole).
    organ(
      'Chestwall',
      'chest-wall',
      [255, 170, 80],
      lungPlanes.flatMap((zMm) => [
        { zMm, xyMm: bodyPolygon.slice() },
        { zMm, xyMm: cavityPolygon.slice() },
      ]),
    ),
    organ('Ribs', 'ribs', [230, 230, 230], perPlane(bodyPlanes, (z) => ribs.flatMap((rib) => contourPrimitiveUnion(rib, z, [], LARGE_TUBE_RASTER_STEP_MM)))),
  ];
}
