import { contours } from 'd3-contour';
import { InputError } from '../errors/InputError';
import { gridTransforms, validateGridGeometry, type Grid3 } from '../geometry/Grid3';
import { slicePlaneAxes, type SlicePlane } from './slicePlaneAxes';

/** One closed polygon of an isodose line with its holes; rings are x, y, z triples in patient mm, closed implicitly. */
export interface IsodosePolygon {
  readonly outerMm: Float64Array;
  readonly holesMm: readonly Float64Array[];
}

/** The isodose line of one level on one slice: the boundary of the region where dose ≥ levelGy. */
export interface IsodoseLine {
  readonly levelGy: number;
  readonly polygons: readonly IsodosePolygon[];
}

/** Isodose lines of one slice. */
export interface IsodoseSlice {
  readonly plane: SlicePlane;
  readonly sliceIndex: number;
  /** The grid axis held fixed (0 = i, 1 = j, 2 = k). */
  readonly sliceAxis: 0 | 1 | 2;
  /** One entry per requested level, in the order given. */
  readonly lines: readonly IsodoseLine[];
}

/**
 * Isodose lines on an axial, coronal or sagittal slice of a dose grid (slicePlaneAxes picks the grid axes),
 * by d3-contour's marching squares with linear interpolation between voxel centres, in patient mm.
 *
 * d3-contour places element (u, v) of the plane at the point (u + ½, v + ½) and closes regions that reach the
 * grid's edge along the edge of the outer voxels; a contour point (x, y) is therefore the continuous index
 * (x − ½, y − ½) in the plane, mapped to patient mm with the grid's index→world matrix (origin, spacing and
 * direction cosines): xMm = origin + (x − ½)·spacing along the in-plane axes. In (u, v) index coordinates
 * outer rings have a negative shoelace area and holes a positive one (d3's convention; the winding seen in
 * patient space depends on the direction cosines). The closing point is not repeated. NaN voxels count as
 * below every level (d3's convention).
 * Throws InputError: grid errors, 'bad-slice' (not an integer inside the grid), 'bad-level' (NaN/∞).
 */
export function isodoseLines(dose: Grid3, plane: SlicePlane, sliceIndex: number, levelsGy: readonly number[]): IsodoseSlice {
  validateGridGeometry(dose, 'dose grid');
  const dims = dose.dimensions;
  if (dose.data.length !== dims[0] * dims[1] * dims[2]) throw new InputError('bad-grid-data', `dose grid has ${dose.data.length} values for ${dims.join('×')} voxels`);
  const { sliceAxis, uAxis, vAxis } = slicePlaneAxes(dose, plane);
  if (!(Number.isInteger(sliceIndex) && sliceIndex >= 0 && sliceIndex < dims[sliceAxis])) {
    throw new InputError('bad-slice', `${plane} slice index must be an integer 0..${dims[sliceAxis] - 1}, got ${sliceIndex}`);
  }
  for (const level of levelsGy) if (!Number.isFinite(level)) throw new InputError('bad-level', `isodose level must be a finite Gy value, got ${level}`);

  const strides = [1, dims[0], dims[0] * dims[1]];
  const nu = dims[uAxis];
  const nv = dims[vAxis];
  const values = new Float64Array(nu * nv);
  const base = sliceIndex * strides[sliceAxis];
  const su = strides[uAxis];
  const sv = strides[vAxis];
  for (let v = 0; v < nv; v++) {
    for (let u = 0; u < nu; u++) values[u + v * nu] = dose.data[base + u * su + v * sv];
  }
  // Patient mm of plane point (x, y): index (x − ½) on u, (y − ½) on v, sliceIndex on the slice axis.
  const m = gridTransforms(dose).indexToWorld;
  const offset = [m[3] + m[sliceAxis] * sliceIndex, m[7] + m[4 + sliceAxis] * sliceIndex, m[11] + m[8 + sliceAxis] * sliceIndex];
  const toPatient = (ring: number[][]): Float64Array => {
    const n = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
    const out = new Float64Array(3 * n);
    for (let p = 0; p < n; p++) {
      const a = ring[p][0] - 0.5;
      const b = ring[p][1] - 0.5;
      for (let r = 0; r < 3; r++) out[3 * p + r] = offset[r] + m[4 * r + uAxis] * a + m[4 * r + vAxis] * b;
    }
    return out;
  };

  const generator = contours().size([nu, nv]);
  // d3 indexes the array by position only; a Float64Array behaves as number[] for it.
  const input = values as unknown as number[];
  const lines: IsodoseLine[] = levelsGy.map((levelGy) => {
    const multiPolygon = generator.contour(input, levelGy);
    return {
      levelGy,
      polygons: multiPolygon.coordinates.map((polygon) => ({
        outerMm: toPatient(polygon[0]),
        holesMm: polygon.slice(1).map(toPatient),
      })),
    };
  });
  return { plane, sliceIndex, sliceAxis, lines };
}
