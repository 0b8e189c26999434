import type { Grid3 } from '../geometry/Grid3';
import type { ImportIssue } from '../io/ImportIssue';
import type { Structure } from './Structure';

/** Target volumes that make up one nodule; names refer to Case.structures. */
export interface NoduleTargets {
  readonly name: string;
  readonly gtv?: string;
  readonly itv?: string;
  readonly ptv?: string;
}

/** A CT volume: Hounsfield units on a grid. */
export interface CtImage {
  readonly huGrid: Grid3<Float32Array>;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
}

/** Everything known about one patient's chest, in patient mm. */
export interface Case {
  readonly id: string;
  readonly description: string;
  readonly frameOfReferenceUid: string;
  readonly ct?: CtImage;
  readonly structures: readonly Structure[];
  readonly nodules: readonly NoduleTargets[];
  /** Where the case came from: 'demo', a JSON path, DICOM file names. */
  readonly sources: readonly string[];
  /** Problems found while building the case (kept so the user sees them with the results). */
  readonly issues: readonly ImportIssue[];
}
