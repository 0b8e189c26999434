import { indexToWorld, type GridGeometry } from '../geometry/Grid3';
import type { PointLps } from '../geometry/points';

/** One aim point and the cones aimed at it. */
export interface AimGroup {
  readonly aimPointMm: PointLps;
  /** 95th percentile distance of the group's PTV volume from the aim point, mm. */
  readonly r95Mm: number;
  readonly conesMm: readonly number[];
}

/** Aim points and cones for one PTV (each group → the robot nodes, its cones on alternate nodes, via buildBeamSet). */
export interface BeamArrangement {
  readonly groups: readonly AimGroup[];
  /** The rule in words, for reports. */
  readonly rule: string;
}

/** Aim points at most. */
export const MAX_AIM_POINTS = 6;
/** A cluster filling at least this share of its ball (radius R95 around its centre) is covered by one aim point. */
export const COMPACT_SHARE = 0.45;
const LLOYD_ITERATIONS = 12;
/**
 * Added to 2·R95 when choosing cones: the flat part of a cone's profile ends about a penumbra half-width inside its
 * nominal radius (on the demo's 1.4 cc PTV, cones 10 + 12.5 mm around 2·R95 gave a prescription isodose of 44 %).
 */
export const PENUMBRA_ALLOWANCE_MM = 2.5;

/**
 * Aim points and cones from the PTV's shape (docs/dose-engine.md). Beams from many directions aimed at one point
 * with a cone of radius R give a nearly flat dose over the ball of radius R around it, falling through the cone
 * penumbra beyond, so the prescription isodose (% of the maximum) is about the dose at the PTV edge relative to the
 * centre. The PTV (voxels with fraction ≥ ½) is split into k = 1, 2, … MAX_AIM_POINTS clusters (k-means, farthest
 * point start from the voxel nearest the centroid, fixed iteration count: deterministic) until every cluster is
 * compact (volume ≥ COMPACT_SHARE × ball of radius R95) and 2·R95 fits the largest cone. One aim point per cluster
 * (the inside voxel nearest its mean). Each aim point gets the two available cones around 2·R95 +
 * PENUMBRA_ALLOWANCE_MM, so the optimiser can mix them: a 5 mm cone step moves the isodose by ~20 points (on the
 * demo's 28 mm PTV uniform weights gave 63 % with a 25 mm cone and 90 % with 30 mm, measured).
 */
export function beamArrangementForPtv(ptvFractions: Float32Array, geometry: GridGeometry, availableConesMm: readonly number[]): BeamArrangement {
  const [nx, ny] = geometry.dimensions;
  const voxels: number[] = [];
  for (let v = 0; v < ptvFractions.length; v++) if (ptvFractions[v] >= 0.5) voxels.push(v);
  if (voxels.length === 0) return { groups: [], rule: 'no PTV voxel' };
  const position = new Float64Array(voxels.length * 3);
  voxels.forEach((v, n) => {
    const p = indexToWorld(geometry, { i: v % nx, j: Math.floor(v / nx) % ny, k: Math.floor(v / (nx * ny)) });
    position[3 * n] = p.xMm;
    position[3 * n + 1] = p.yMm;
    position[3 * n + 2] = p.zMm;
  });
  const voxelCc = (geometry.spacingMm[0] * geometry.spacingMm[1] * geometry.spacingMm[2]) / 1000;
  const cones = [...availableConesMm].sort((a, b) => a - b);
  const largest = cones[cones.length - 1];
  let clusters = clusterVoxels(position, 1);
  for (let k = 2; k <= MAX_AIM_POINTS; k++) {
    const fits = clusters.every((c) => c.count * voxelCc >= COMPACT_SHARE * ((4 / 3) * Math.PI * c.r95Mm ** 3) / 1000 && 2 * c.r95Mm <= largest);
    if (fits) break;
    clusters = clusterVoxels(position, k);
  }
  const bracket = (wanted: number): number[] => {
    const below = [...cones].reverse().find((c) => c <= wanted) ?? cones[0];
    const above = cones.find((c) => c >= wanted) ?? largest;
    return below === above ? [below] : [below, above];
  };
  const groups = clusters.map((c) => ({ aimPointMm: c.aimPointMm, r95Mm: c.r95Mm, conesMm: bracket(2 * c.r95Mm + PENUMBRA_ALLOWANCE_MM) }));
  const rule =
    clusters.length === 1
      ? `compact PTV: one aim point, cones ${groups[0].conesMm.join(' and ')} mm around 2 × R95 + ${PENUMBRA_ALLOWANCE_MM} mm = ${(2 * clusters[0].r95Mm + PENUMBRA_ALLOWANCE_MM).toFixed(1)} mm`
      : `${clusters.length} aim points (k-means clusters of the PTV), cones around 2 × each cluster's R95 + ${PENUMBRA_ALLOWANCE_MM} mm: ${groups.map((g) => g.conesMm.join('+')).join(', ')} mm`;
  return { groups, rule };
}

interface Cluster {
  readonly count: number;
  readonly aimPointMm: PointLps;
  readonly r95Mm: number;
}

/** k-means of the voxel positions (Lloyd, farthest-point start); aim point = member nearest the cluster mean. */
function clusterVoxels(position: Float64Array, k: number): Cluster[] {
  const n = position.length / 3;
  const d2 = (a: number, x: number, y: number, z: number): number => (position[3 * a] - x) ** 2 + (position[3 * a + 1] - y) ** 2 + (position[3 * a + 2] - z) ** 2;
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (let a = 0; a < n; a++) {
    mx += position[3 * a];
    my += position[3 * a + 1];
    mz += position[3 * a + 2];
  }
  const centres: number[][] = [[mx / n, my / n, mz / n]];
  const nearestDistance = new Float64Array(n).fill(Infinity);
  while (centres.length < k) {
    const [x, y, z] = centres[centres.length - 1];
    let far = 0;
    for (let a = 0; a < n; a++) {
      nearestDistance[a] = Math.min(nearestDistance[a], d2(a, x, y, z));
      if (nearestDistance[a] > nearestDistance[far]) far = a;
    }
    centres.push([position[3 * far], position[3 * far + 1], position[3 * far + 2]]);
  }
  const label = new Int32Array(n);
  for (let iteration = 0; iteration < LLOYD_ITERATIONS; iteration++) {
    const sums = centres.map(() => [0, 0, 0, 0]);
    for (let a = 0; a < n; a++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (d2(a, centres[c][0], centres[c][1], centres[c][2]) < d2(a, centres[best][0], centres[best][1], centres[best][2])) best = c;
      label[a] = best;
      const s = sums[best];
      s[0] += position[3 * a];
      s[1] += position[3 * a + 1];
      s[2] += position[3 * a + 2];
      s[3]++;
    }
    sums.forEach((s, c) => {
      if (s[3] > 0) centres[c] = [s[0] / s[3], s[1] / s[3], s[2] / s[3]];
    });
  }
  const clusters: Cluster[] = [];
  for (let c = 0; c < k; c++) {
    let aim = -1;
    const distances: number[] = [];
    for (let a = 0; a < n; a++) {
      if (label[a] !== c) continue;
      if (aim < 0 || d2(a, centres[c][0], centres[c][1], centres[c][2]) < d2(aim, centres[c][0], centres[c][1], centres[c][2])) aim = a;
    }
    if (aim < 0) continue;
    const [ax, ay, az] = [position[3 * aim], position[3 * aim + 1], position[3 * aim + 2]];
    for (let a = 0; a < n; a++) if (label[a] === c) distances.push(Math.sqrt(d2(a, ax, ay, az)));
    distances.sort((p, q) => p - q);
    const r95Mm = distances[Math.min(distances.length - 1, Math.floor(0.95 * distances.length))];
    clusters.push({ count: distances.length, aimPointMm: { xMm: ax, yMm: ay, zMm: az }, r95Mm });
  }
  return clusters;
}

/** The arrangement with every cone moved `steps` places along the available cones; null when none can move. */
export function shiftCones(arrangement: BeamArrangement, steps: number, availableConesMm: readonly number[]): BeamArrangement | null {
  const cones = [...availableConesMm].sort((a, b) => a - b);
  let moved = false;
  const groups = arrangement.groups.map((g) => ({
    ...g,
    conesMm: [
      ...new Set(
        g.conesMm.map((c) => {
          const index = Math.min(cones.length - 1, Math.max(0, cones.indexOf(c) + steps));
          if (cones[index] !== c) moved = true;
          return cones[index];
        }),
      ),
    ],
  }));
  return moved ? { groups, rule: `${arrangement.rule}; every cone ${steps > 0 ? 'one step larger' : 'one step smaller'} (prescription isodose was out of range)` } : null;
}
