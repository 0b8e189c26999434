import type { MarginMm } from '../distance/expandMask';
import type { PointLps, Vec3 } from '../geometry/points';
import type { ImportIssue } from '../io/ImportIssue';
import type { OrganGroupId, OrganGroupStatus } from './organGroups';

/** Distance from one target (GTV/ITV or PTV) to one organ group. */
export interface OrganDistance {
  /** Minimum surface-to-surface distance, mm (0 when touching or overlapping); null when unknown. */
  readonly distanceMm: number | null;
  readonly relation: 'overlap' | 'touch' | 'apart' | null;
  /** Structure of the group at the closest point (e.g. 'HEART4', or the derived chest wall's label); null when unknown. */
  readonly nearestStructure: string | null;
  /** How the group is made up; 'unknown' (distance null) and 'partial' call for the more protective choice. */
  readonly status: OrganGroupStatus;
  /** Spacing of the grid the distance was measured on, mm; null when unknown. */
  readonly gridSpacingMm: number | null;
  /**
   * 'fine': distances that may be within nearRangeMm (30 mm), measured at the fine spacing on sub-voxel
   * surfaces (within 0.25 mm of analytic answers on spheres, planes and cylinders, docs/proximity.md);
   * 'coarse': farther ones, measured the same way at twice the fine spacing (about ± 0.5 mm), or a fallback
   * on a locating grid (about ± gridSpacingMm).
   */
  readonly resolution: 'fine' | 'coarse' | null;
  /** Closest points found, patient LPS mm (for display); null when unknown. */
  readonly closestPointsMm: { readonly target: PointLps; readonly organ: PointLps } | null;
}

export type OrganDistances = Readonly<Record<OrganGroupId, OrganDistance>>;
/** Just the numbers: mm, or null when unknown. */
export type OrganDistanceNumbers = Readonly<Record<OrganGroupId, number | null>>;

/** Proximity of one nodule to the chest wall, the mediastinum and the proximal bronchial tree. */
export interface NoduleProximity {
  readonly noduleName: string;
  /** The GTV, or the ITV when present (distances "from the target"); null when the nodule has only a PTV. */
  readonly targetName: string | null;
  readonly targetRole: 'gtv' | 'itv' | null;
  /** PTV structure name, or e.g. 'PTV_1 (GTV_1 + 5 mm)' for a PTV grown here; null when none could be made. */
  readonly ptvName: string | null;
  readonly ptvSource: 'structure' | 'margin' | null;
  /** Margin used for a grown PTV (patient x, y, z), mm; null otherwise. */
  readonly ptvMarginMm: Vec3 | null;
  /**
   * target: contour volume of the GTV/ITV (slab model, ½-slice end caps); ptv: contour volume of a PTV
   * structure, or the voxel volume of a grown PTV (after clipping to the body), cc.
   */
  readonly volumeCc: { readonly target: number | null; readonly ptv: number | null };
  /**
   * Maximum Feret diameter from the contour vertices, mm: target (GTV/ITV), PTV (structure; grown with an
   * isotropic margin m: target + 2m, exact; per-axis margins: null).
   */
  readonly maxDiameterMm: { readonly target: number | null; readonly ptv: number | null };
  /** Distances in mm (null = unknown). fromTarget is null when there is no GTV/ITV; fromPtv when there is no PTV. */
  readonly distancesMm: { readonly fromTarget: OrganDistanceNumbers | null; readonly fromPtv: OrganDistanceNumbers | null };
  /** The same distances with relation, nearest structure, status and resolution. */
  readonly distances: { readonly fromTarget: OrganDistances | null; readonly fromPtv: OrganDistances | null };
  /** Fraction of the target (GTV/ITV, else PTV) inside the body; null without a body structure. */
  readonly bodyFraction: number | null;
  /** Fraction of the target inside the lungs (holes in the lung contours filled); null without lungs. */
  readonly lungFraction: number | null;
  /** Spacing of the fine grid used for this nodule, mm. */
  readonly fineSpacingMm: number;
  /** Plain-language notes: derived chest wall, partial or unknown organ groups, missing GTV, clipping... */
  readonly notes: readonly string[];
}

/** How each organ group is made up in the case (same for every nodule). */
export interface OrganGroupSummary {
  readonly status: OrganGroupStatus;
  /** Structures used (for a derived chest wall, its label and any ribs). */
  readonly structures: readonly string[];
  readonly note: string | null;
}

export interface NoduleProximityResult {
  readonly nodules: readonly NoduleProximity[];
  readonly organGroups: Readonly<Record<OrganGroupId, OrganGroupSummary>>;
  /** Case-level and per-nodule problems (no lungs, unknown organs, target outside the body...). */
  readonly issues: readonly ImportIssue[];
}

export interface ProximityOptions {
  /** Margin for nodules without a PTV structure, mm: isotropic or [x, y, z] (patient LPS). Default 5; allowed 0–30. */
  readonly ptvMarginMm?: MarginMm;
  /** Distances that may be up to this are measured at the fine spacing, larger ones at twice it, mm. Default 30; allowed 5–200. */
  readonly nearRangeMm?: number;
  /** Fine grid spacing, mm. Default 1; allowed 0.25–2. */
  readonly fineSpacingMm?: number;
  /** Voxel budget of each coarse (locating) grid. Default 100 000; allowed 1 000–10 000 000. */
  readonly maxCoarseVoxels?: number;
  /** Thickness of a derived chest wall, mm. Default 20; allowed 5–60. */
  readonly chestWallThicknessMm?: number;
}
