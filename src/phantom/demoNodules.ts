import type { Vec3 } from '../geometry/points';

/** Fractionation zone a demo nodule was designed for (clinical-context.md: most protective zone wins). */
export type DesignedZone = 'peripheral' | 'chest-wall' | 'mediastinal' | 'central';

/** One designed nodule of the demo thorax: a sphere with its intended zone and designed distances. */
export interface DemoNoduleDesign {
  /** Nodule name (NoduleTargets.name). */
  readonly name: string;
  /** GTV structure name. */
  readonly gtvName: string;
  readonly lobe: string;
  readonly centerMm: Vec3;
  readonly diameterMm: number;
  readonly intendedZone: DesignedZone;
  /**
   * Designed nodule-edge to organ-surface distances, mm: analyticZoneDistancesMm(centre) − radius, rounded to
   * 0.01 mm (exact for a sphere). chestWall: to the Chestwall shell; mediastinum: to Heart ∪ GreatVes ∪ Esophagus;
   * proximalBronchialTree: to the Bronchus structure; trachea: to the Trachea structure.
   */
  readonly designedEdgeDistanceMm: {
    readonly chestWall: number;
    readonly mediastinum: number;
    readonly proximalBronchialTree: number;
    readonly trachea: number;
  };
}

/**
 * The six designed nodules (diameters 4–35 mm). Zone margins are wide on purpose so that a distance-transform
 * measurement on a 2–3 mm grid cannot flip a zone (defaults: central ≤ 20 mm from the PBT, RTOG 0813; chest wall
 * and mediastinum ≤ 10 mm, NCCN wording). Peripheral nodules are ≥ 21 mm from the chest wall and mediastinum and
 * ≥ 31 mm from the PBT; each near-organ nodule is ≤ 5 mm from its organ and ≥ 20 mm from the others.
 * Edge distances in mm (same numbers as the table in docs/case-format.md; a test recomputes them):
 *
 * | nodule        | Ø  | centre (x, y, z)  | chest wall | mediastinum | PBT   | trachea | zone        |
 * |---------------|----|-------------------|-----------:|------------:|------:|--------:|-------------|
 * | RUL_Periph    | 18 | (−90, −10, 45)    | 41.52      | 63.74       | 35.34 | 72.24   | peripheral  |
 * | LLL_Periph    | 12 | (90, 40, −50)     | 21.06      | 43.19       | 31.97 | 106.86  | peripheral  |
 * | LUL_Periph    | 4  | (60, −55, 30)     | 23.91      | 29.32       | 45.74 | 68.28   | peripheral  |
 * | RLL_ChestWall | 35 | (−124.5, 0, −30)  | 4.00       | 78.10       | 46.10 | 107.70  | chest-wall  |
 * | LLL_Mediast   | 8  | (82, −30, −45)    | 35.78      | 4.12        | 32.66 | 95.06   | mediastinal |
 * | RML_Hilar     | 22 | (−72, −8, −12)    | 52.71      | 40.50       | 9.30  | 58.95   | central     |
 */
export const DEMO_NODULES: readonly DemoNoduleDesign[] = [
  nodule('RUL_Periph', 'right upper lobe', [-90, -10, 45], 18, 'peripheral', [41.52, 63.74, 35.34, 72.24]),
  nodule('LLL_Periph', 'left lower lobe', [90, 40, -50], 12, 'peripheral', [21.06, 43.19, 31.97, 106.86]),
  nodule('LUL_Periph', 'left upper lobe', [60, -55, 30], 4, 'peripheral', [23.91, 29.32, 45.74, 68.28]),
  nodule('RLL_ChestWall', 'right lower lobe', [-124.5, 0, -30], 35, 'chest-wall', [4.0, 78.1, 46.1, 107.7]),
  nodule('LLL_Mediast', 'left lower lobe (beside the heart)', [82, -30, -45], 8, 'mediastinal', [35.78, 4.12, 32.66, 95.06]),
  nodule('RML_Hilar', 'right middle lobe (hilum)', [-72, -8, -12], 22, 'central', [52.71, 40.5, 9.3, 58.95]),
];

function nodule(name: string, lobe: string, centerMm: Vec3, diameterMm: number, intendedZone: DesignedZone, edge: readonly [number, number, number, number]): DemoNoduleDesign {
  return {
    name,
    gtvName: `GTV_${name}`,
    lobe,
    centerMm,
    diameterMm,
    intendedZone,
    designedEdgeDistanceMm: { chestWall: edge[0], mediastinum: edge[1], proximalBronchialTree: edge[2], trachea: edge[3] },
  };
}
