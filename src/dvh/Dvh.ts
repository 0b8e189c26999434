/**
 * A dose-volume histogram. Differential bin b holds the volume with dose in [b·binWidthGy, (b+1)·binWidthGy).
 * Statistics (min, max, mean) come from the dose samples themselves, not from the bins.
 */
export interface Dvh {
  readonly binWidthGy: number;
  readonly differentialCc: Float64Array;
  /** Volume with a known dose (Σ differentialCc), cc; relative DVHs and Dx% refer to this volume. */
  readonly volumeCc: number;
  /** Lowest and highest dose in the structure, Gy (includes contour vertices, see computeDvh). */
  readonly minGy: number;
  readonly maxGy: number;
  /** Volume-weighted mean dose, Gy. */
  readonly meanGy: number;
  /**
   * Structure volume whose dose is unknown because it lies outside the dose grid, cc. It is not in the
   * histogram; anything > 0 means the DVH is incomplete and callers should warn.
   */
  readonly volumeOutsideDoseGridCc: number;
  /** Gaps between contour planes treated as the structure being absent (see contourSlabs); > 0 deserves a note. */
  readonly contourGapCount: number;
  /** Dose samples behind the histogram: sub-voxel samples (computeDvh) or mask voxels (computeDvhFromMask). */
  readonly sampleCount: number;
  /** Sample spacing in x, y and z, mm (computeDvh); null for a voxel mask (the samples are the dose voxels). */
  readonly sampleSpacingMm: number | null;
}
