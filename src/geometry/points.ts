/** A point in DICOM patient coordinates (LPS), millimetres. */
export interface PointLps {
  readonly xMm: number;
  readonly yMm: number;
  readonly zMm: number;
}

/** A continuous voxel index (i along columns/x-fastest, j along rows, k along slices). */
export interface PointIjk {
  readonly i: number;
  readonly j: number;
  readonly k: number;
}

export type Vec3 = readonly [number, number, number];
