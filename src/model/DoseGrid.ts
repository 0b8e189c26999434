import type { Grid3 } from '../geometry/Grid3';

/** Physical dose in Gy on a grid, as imported from RTDOSE or computed. */
export interface DoseGrid {
  /** Total physical dose over all fractions, Gy ('RELATIVE' files keep their relative values and say so in `units`). */
  readonly doseGy: Grid3<Float32Array>;
  readonly units: 'GY' | 'RELATIVE';
  /** DICOM DoseSummationType (PLAN, FRACTION, BEAM, ...) or 'COMPUTED'. */
  readonly summationType: string;
  readonly frameOfReferenceUid: string;
}
