import { rtogConformalityTable } from '../metrics/conformalityTable';
import type { FalloffBand } from '../optimize/falloffShells';

/**
 * Fall-off bands for one PTV: DEFAULT_FALLOFF_BANDS (0–5 mm at Rx, 5–20 mm at 50 % Rx) with the band beyond 20 mm
 * capped at the RTOG 0813/0915 D2cm "none" limit interpolated at the PTV volume (physics.md §3.1: 50 % for small
 * PTVs, rising to 58–77 % for 34–163 cc; the table's end rows outside its range). A 50 % cap for a large PTV would
 * trade coverage against an unreachable goal. falloffShells measures distances from the voxels with PTV fraction
 * > 0, up to a voxel outside the PTV surface, while D2cm (planQualityMetrics) is measured from the surface: the
 * capped band therefore starts `voxelSpacingMm` closer (on the demo's 28 mm PTV the D2cm was 59 % of Rx against
 * 47 % on the optimiser's shell without this).
 * @param voxelSpacingMm largest dose-grid spacing, mm (0 = no allowance)
 */
export function falloffBandsForPtv(ptvVolumeCc: number, voxelSpacingMm = 0): FalloffBand[] {
  const rows = rtogConformalityTable.rows;
  let d2cmNonePercent = rows[0].d2cmPercent.none;
  if (ptvVolumeCc >= rows[rows.length - 1].ptvVolumeCc) d2cmNonePercent = rows[rows.length - 1].d2cmPercent.none;
  else {
    for (let r = 0; r + 1 < rows.length; r++) {
      const a = rows[r];
      const b = rows[r + 1];
      if (ptvVolumeCc >= a.ptvVolumeCc && ptvVolumeCc <= b.ptvVolumeCc) {
        const w = (ptvVolumeCc - a.ptvVolumeCc) / (b.ptvVolumeCc - a.ptvVolumeCc);
        d2cmNonePercent = a.d2cmPercent.none + w * (b.d2cmPercent.none - a.d2cmPercent.none);
        break;
      }
    }
  }
  return [
    { fromMm: 0, toMm: 5, capFractionOfRx: 1 },
    { fromMm: 5, toMm: 20, capFractionOfRx: 0.5 },
    { fromMm: Math.max(5, 20 - voxelSpacingMm), toMm: Infinity, capFractionOfRx: d2cmNonePercent / 100 },
  ];
}
