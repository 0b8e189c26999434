import { InputError } from '../errors/InputError';
import { validateMaskGeometry, type DistanceGeometry } from './maskGeometry';
import { weightedSquaredEdt } from './weightedSquaredEdt';

/**
 * Signed centre-to-centre distance map in mm: outside the mask, +distance to the nearest inside voxel
 * centre; inside, −distance to the nearest outside voxel centre (voxels beyond the grid do not count as
 * outside). Neither value is ever 0: the surface lies between the ±one-voxel layers. Empty mask → +Infinity
 * everywhere; mask filling the grid → −Infinity everywhere.
 * @param out optional Float32Array of nx·ny·nz values
 */
export function signedDistanceMm(mask: Uint8Array, geometry: DistanceGeometry, out?: Float32Array): Float32Array {
  const count = validateMaskGeometry(mask, geometry);
  if (out !== undefined && out.length !== count) throw new InputError('bad-length', `out has ${out.length} values, the grid has ${count}`);
  const [sx, sy, sz] = geometry.spacingMm;
  const weights: [number, number, number] = [sx * sx, sy * sy, sz * sz];
  const outside = weightedSquaredEdt(mask, geometry.dimensions, weights, out);
  const complement = new Uint8Array(count);
  for (let v = 0; v < count; v++) complement[v] = mask[v] !== 0 ? 0 : 1;
  const inside = weightedSquaredEdt(complement, geometry.dimensions, weights);
  for (let v = 0; v < count; v++) outside[v] = mask[v] !== 0 ? -Math.sqrt(inside[v]) : Math.sqrt(outside[v]);
  return outside;
}
