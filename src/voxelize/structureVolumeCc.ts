import type { PlanarContour } from '../model/Structure';
import { contourSlabs, type ContourSlabOptions, type EndCaps } from './contourSlabs';
import { evenOddAreaMm2 } from './polygonArea';

/**
 * Volume of a contoured structure, cc, independent of any grid: Σ over planes of the exact even-odd polygon
 * area × the plane's slab thickness (see contourSlabs for end caps and gaps). With 'half-slice' caps and
 * uniform spacing s this is Σ area × s.
 * `options` may be just the end-cap policy ('half-slice' by default).
 * Throws InputError as contourSlabs does (empty structure, NaN, single plane without contourSpacingMm).
 */
export function structureVolumeCc(contours: readonly PlanarContour[], options: EndCaps | ContourSlabOptions = {}): number {
  const { slabs } = contourSlabs(contours, typeof options === 'string' ? { endCaps: options } : options);
  let volumeMm3 = 0;
  for (const slab of slabs) volumeMm3 += evenOddAreaMm2(slab.contours) * (slab.zHiMm - slab.zLoMm);
  return volumeMm3 / 1000;
}
