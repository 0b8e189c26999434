import { InputError } from '../errors/InputError';
import type { Vec3 } from '../geometry/points';

/** One robot node: the direction from the target (nodule centre) towards the source, patient LPS. */
export interface RobotNode {
  readonly index: number;
  /** Unit vector target → source (LPS: +x patient left, +y posterior, +z superior). */
  readonly towardSourceLps: Vec3;
}

export interface RobotNodeSet {
  readonly nodes: readonly RobotNode[];
  /** Distance from the target centre to each source, mm (800: the CyberKnife's nominal SAD). */
  readonly sourceDistanceMm: number;
  /** Human-readable statement of which directions were excluded and why. */
  readonly exclusion: string;
}

export interface RobotNodeSetOptions {
  /** Points of the Fibonacci lattice on the whole sphere before exclusions. Default 240 (→ 113 nodes). */
  readonly spherePoints?: number;
  /** Default 800 mm. */
  readonly sourceDistanceMm?: number;
  /**
   * Lowest source elevation above the horizontal (coronal) plane through the target, degrees; sources below it are on
   * the couch side (+y, posterior for a supine patient). Default 0: horizontal lateral beams allowed, nothing from
   * below. Negative values allow slightly posterior-oblique sources (only if the couch geometry permits).
   */
  readonly minElevationDeg?: number;
  /** No source within this angle of the patient's long axis (±z: head and feet, where the robot cannot reach). Default 20°. */
  readonly axialExclusionDeg?: number;
}

/**
 * A deterministic robot node set for a supine, head-first patient (HFS) with the couch under the patient (+y side):
 * a Fibonacci lattice of `spherePoints` directions on the unit sphere (golden-angle spiral, uniform area density),
 * keeping only directions whose source lies at or above the couch-side exclusion plane (elevation ≥ minElevationDeg,
 * i.e. towardSource·ŷ ≤ −sin(minElevation)) and outside the two axial cones. With the defaults: 113 non-coplanar
 * directions over the anterior and lateral hemisphere, none through the couch. Node order is the lattice order.
 * Throws InputError 'bad-option'.
 */
export function robotNodeSet(options: RobotNodeSetOptions = {}): RobotNodeSet {
  const points = options.spherePoints ?? 240;
  const distance = options.sourceDistanceMm ?? 800;
  const minElevationDeg = options.minElevationDeg ?? 0;
  const axialDeg = options.axialExclusionDeg ?? 20;
  if (!Number.isInteger(points) || points < 8 || points > 100000) throw new InputError('bad-option', `spherePoints must be an integer 8…100000, got ${points}`);
  if (!(distance > 0 && distance < 5000)) throw new InputError('bad-option', `sourceDistanceMm must be in (0, 5000), got ${distance}`);
  if (!(minElevationDeg >= -30 && minElevationDeg <= 60)) throw new InputError('bad-option', `minElevationDeg must be in [−30, 60], got ${minElevationDeg}`);
  if (!(axialDeg >= 0 && axialDeg <= 60)) throw new InputError('bad-option', `axialExclusionDeg must be in [0, 60], got ${axialDeg}`);
  const maxPosterior = -Math.sin((minElevationDeg * Math.PI) / 180);
  const maxAxial = Math.cos((axialDeg * Math.PI) / 180);
  const golden = Math.PI * (3 - Math.sqrt(5));
  const nodes: RobotNode[] = [];
  for (let p = 0; p < points; p++) {
    // z-spiral: uniform in z ∈ (−1, 1), golden-angle azimuth.
    const z = 1 - (2 * p + 1) / points;
    const ring = Math.sqrt(1 - z * z);
    const phi = golden * p;
    const x = ring * Math.cos(phi);
    const y = ring * Math.sin(phi);
    if (y > maxPosterior + 1e-12) continue;
    if (Math.abs(z) > maxAxial) continue;
    nodes.push({ index: nodes.length, towardSourceLps: [x, y, z] });
  }
  const exclusion =
    `excluded: sources below ${minElevationDeg}° elevation, i.e. on the couch side (towardSource·ŷ > ${maxPosterior.toFixed(3)}, +y = posterior for HFS supine), ` +
    `and within ${axialDeg}° of the head–feet axis (±z)`;
  return { nodes, sourceDistanceMm: distance, exclusion };
}
