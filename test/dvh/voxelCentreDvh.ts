// Voxel-centre DVH (what plastimatch and many TPS exports do): a voxel counts fully when its centre lies in
// the structure (stack of contour slabs, even-odd), with its centre dose. A reference method for the Nelms
// and lung comparisons, not part of src/.
import type { Grid3 } from '../../src/geometry/Grid3';
import { gridTransforms } from '../../src/geometry/Grid3';
import { computeDvhFromMask } from '../../src/dvh/computeDvhFromMask';
import type { Dvh } from '../../src/dvh/Dvh';
import type { PlanarContour } from '../../src/model/Structure';
import { contourSlabs } from '../../src/voxelize/contourSlabs';
import { pointInPolygon } from '../../src/voxelize/polygonArea';
import { structureVolumeCc } from '../../src/voxelize/structureVolumeCc';
import type { StructureMask } from '../../src/voxelize/StructureMask';

/** DVH of the voxels whose centre is inside the structure (binary mask on the dose grid). */
export function voxelCentreDvh(dose: Grid3, contours: readonly PlanarContour[]): Dvh {
  const { slabs, gapCount } = contourSlabs(contours);
  const [nx, ny, nz] = dose.dimensions;
  const m = gridTransforms(dose).indexToWorld;
  const inside = new Uint8Array(nx * ny * nz);
  let i0 = nx, i1 = -1, j0 = ny, j1 = -1, k0 = nz, k1 = -1;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = m[0] * i + m[1] * j + m[2] * k + m[3];
        const y = m[4] * i + m[5] * j + m[6] * k + m[7];
        const z = m[8] * i + m[9] * j + m[10] * k + m[11];
        const slab = slabs.find((s) => z >= s.zLoMm && z < s.zHiMm);
        if (!slab) continue;
        let count = 0;
        for (const c of slab.contours) if (c.xyMm.length >= 6 && pointInPolygon(c.xyMm, x, y)) count++;
        if (count % 2 === 0) continue;
        inside[i + j * nx + k * nx * ny] = 1;
        i0 = Math.min(i0, i); i1 = Math.max(i1, i);
        j0 = Math.min(j0, j); j1 = Math.max(j1, j);
        k0 = Math.min(k0, k); k1 = Math.max(k1, k);
      }
    }
  }
  const bx = i1 - i0 + 1;
  const by = j1 - j0 + 1;
  const fractions = new Float32Array(i1 < 0 ? 0 : bx * by * (k1 - k0 + 1));
  let voxels = 0;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        if (!inside[i + j * nx + k * nx * ny]) continue;
        fractions[i - i0 + (j - j0) * bx + (k - k0) * bx * by] = 1;
        voxels++;
      }
    }
  }
  const [sx, sy, sz] = dose.spacingMm;
  const mask: StructureMask = {
    geometry: dose,
    boundsIjk: i1 < 0 ? null : { i0, i1, j0, j1, k0, k1 },
    fractions,
    volumeCc: (voxels * sx * sy * sz) / 1000,
    structureVolumeCc: structureVolumeCc(contours),
    clippedByGrid: false,
    contourGapCount: gapCount,
  };
  return computeDvhFromMask(dose, mask);
}
