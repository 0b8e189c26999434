import { distanceTransformMm } from '../distance/distanceTransformMm';
import { InputError } from '../errors/InputError';
import { gridTransforms, validateGridGeometry, voxelCount, voxelVolumeCc, type GridGeometry } from '../geometry/Grid3';
import type { PointLps, Vec3 } from '../geometry/points';
import type { Beam } from './Beam';
import type { RobotNodeSet } from './robotNodeSet';

/**
 * A target to aim at: a fractional occupancy on a grid (a StructureMask fits: geometry + fractions, whole grid or a
 * box of it). Voxels with fraction ≥ ½ count as inside for aim points; volume and centroid use the fractions.
 */
export interface BeamTarget {
  readonly name: string;
  readonly geometry: GridGeometry;
  readonly fractions: Float32Array;
}

export interface BuildBeamSetOptions {
  /** Cone diameters available (mm at 800 mm), e.g. genericBeamData.cones.map(c => c.diameterMm). Required. */
  readonly availableConesMm: readonly number[];
  /** Cone ≈ coneFraction × PTV equivalent-sphere diameter, then the nearest available cone. Default 0.6. */
  readonly coneFraction?: number;
  /** Force one cone for every target (must be available). */
  readonly coneDiameterMm?: number;
  /** Aim points per target. Default round(dEq / 7 mm) clamped to 1…4 (20 mm PTV → 3). */
  readonly aimPointsPerTarget?: number;
  /** Aim points stay at least this far inside the PTV surface. Default ½ of the cone radius. */
  readonly aimPointInsetMm?: number;
  /** Aim points chosen by the caller (patient LPS mm); replaces aimPointsPerTarget / aimPointInsetMm. */
  readonly aimPointsMm?: readonly PointLps[];
}

/** What was decided for one target, for reports. */
export interface BeamSetTarget {
  readonly name: string;
  readonly volumeCc: number;
  readonly equivalentDiameterMm: number;
  readonly centroidMm: PointLps;
  readonly coneDiameterMm: number;
  /** How the cone was chosen, in words. */
  readonly coneRule: string;
  readonly aimPointsMm: readonly PointLps[];
  /** Beams of this target: beams[firstBeam … firstBeam + beamCount − 1]. */
  readonly firstBeam: number;
  readonly beamCount: number;
}

export interface BeamSet {
  readonly beams: readonly Beam[];
  readonly targets: readonly BeamSetTarget[];
}

/**
 * Non-isocentric beam set: for each target, sources at centroid + sourceDistance·n for every robot node n, each aimed
 * at every one of the target's aim points (beams = targets × nodes × aim points).
 * - Cone: the available cone nearest to coneFraction × dEq, dEq = (6V/π)^⅓ the equivalent-sphere diameter of the PTV
 *   (ties → the smaller cone), clamped to the available range; or options.coneDiameterMm.
 * - Aim points: farthest-point sampling among inside voxels (fraction ≥ ½) at least aimPointInsetMm inside the
 *   surface (exact EDT; if none is that deep, the deepest voxels): the first is the one nearest the centroid, each
 *   next one maximises the distance to those chosen (ties → lowest voxel index). Deterministic.
 * Throws InputError 'empty-target' (no voxel with fraction ≥ ½), 'bad-option', grid errors.
 */
export function buildBeamSet(targets: readonly BeamTarget[], nodeSet: RobotNodeSet, options: BuildBeamSetOptions): BeamSet {
  const cones = [...options.availableConesMm].sort((a, b) => a - b);
  if (cones.length === 0 || !cones.every((c) => c > 0 && Number.isFinite(c))) throw new InputError('bad-option', `availableConesMm must be positive diameters, got [${options.availableConesMm.join(', ')}]`);
  const coneFraction = options.coneFraction ?? 0.6;
  if (!(coneFraction > 0 && coneFraction <= 2)) throw new InputError('bad-option', `coneFraction must be in (0, 2], got ${coneFraction}`);
  if (options.coneDiameterMm !== undefined && !cones.some((c) => Math.abs(c - options.coneDiameterMm!) < 0.01)) {
    throw new InputError('bad-option', `coneDiameterMm ${options.coneDiameterMm} is not among the available cones ${cones.join(', ')} mm`);
  }
  if (options.aimPointsPerTarget !== undefined && !(Number.isInteger(options.aimPointsPerTarget) && options.aimPointsPerTarget >= 1 && options.aimPointsPerTarget <= 50)) {
    throw new InputError('bad-option', `aimPointsPerTarget must be an integer 1…50, got ${options.aimPointsPerTarget}`);
  }
  if (options.aimPointInsetMm !== undefined && !(options.aimPointInsetMm >= 0 && options.aimPointInsetMm < 100)) {
    throw new InputError('bad-option', `aimPointInsetMm must be in [0, 100) mm, got ${options.aimPointInsetMm}`);
  }
  if (nodeSet.nodes.length === 0) throw new InputError('bad-option', 'the robot node set is empty');

  const beams: Beam[] = [];
  const summaries: BeamSetTarget[] = [];
  for (const target of targets) {
    const shape = measureTarget(target);
    const dEq = Math.cbrt((6 * shape.volumeCc * 1000) / Math.PI);
    let coneDiameterMm: number;
    let coneRule: string;
    if (options.coneDiameterMm !== undefined) {
      coneDiameterMm = cones.find((c) => Math.abs(c - options.coneDiameterMm!) < 0.01)!;
      coneRule = `cone ${coneDiameterMm} mm set by the user`;
    } else {
      const wanted = coneFraction * dEq;
      coneDiameterMm = cones[0];
      for (const c of cones) if (Math.abs(c - wanted) < Math.abs(coneDiameterMm - wanted) - 1e-9) coneDiameterMm = c;
      coneRule = `nearest available cone to ${coneFraction} × equivalent diameter ${dEq.toFixed(1)} mm = ${wanted.toFixed(1)} mm`;
    }
    const aimCount = options.aimPointsPerTarget ?? Math.min(4, Math.max(1, Math.round(dEq / 7)));
    const insetMm = options.aimPointInsetMm ?? coneDiameterMm / 4;
    const aimPointsMm = options.aimPointsMm && options.aimPointsMm.length > 0 ? [...options.aimPointsMm] : chooseAimPoints(target, shape, aimCount, insetMm);
    const firstBeam = beams.length;
    for (const node of nodeSet.nodes) {
      const n = node.towardSourceLps;
      const sourceMm: PointLps = {
        xMm: shape.centroidMm.xMm + nodeSet.sourceDistanceMm * n[0],
        yMm: shape.centroidMm.yMm + nodeSet.sourceDistanceMm * n[1],
        zMm: shape.centroidMm.zMm + nodeSet.sourceDistanceMm * n[2],
      };
      aimPointsMm.forEach((aim, a) => {
        const dx = aim.xMm - sourceMm.xMm;
        const dy = aim.yMm - sourceMm.yMm;
        const dz = aim.zMm - sourceMm.zMm;
        const sad = Math.hypot(dx, dy, dz);
        const directionLps: Vec3 = [dx / sad, dy / sad, dz / sad];
        beams.push({
          id: `${target.name}:n${String(node.index).padStart(3, '0')}-a${a + 1}-c${coneDiameterMm}`,
          sourceMm,
          aimPointMm: aim,
          coneDiameterMm,
          nodeIndex: node.index,
          directionLps,
          sourceAxisDistanceMm: sad,
        });
      });
    }
    summaries.push({
      name: target.name,
      volumeCc: shape.volumeCc,
      equivalentDiameterMm: dEq,
      centroidMm: shape.centroidMm,
      coneDiameterMm,
      coneRule,
      aimPointsMm,
      firstBeam,
      beamCount: beams.length - firstBeam,
    });
  }
  return { beams, targets: summaries };
}

interface TargetShape {
  readonly volumeCc: number;
  readonly centroidMm: PointLps;
  /** Inside box (fraction ≥ ½) in the target grid's indices, inclusive. */
  readonly box: readonly [number, number, number, number, number, number];
}

function measureTarget(target: BeamTarget): TargetShape {
  validateGridGeometry(target.geometry, `target '${target.name}'`);
  const n = voxelCount(target.geometry);
  if (target.fractions.length !== n) throw new InputError('bad-length', `target '${target.name}': ${target.fractions.length} fractions for ${n} voxels`);
  const [nx, ny, nz] = target.geometry.dimensions;
  const m = gridTransforms(target.geometry).indexToWorld;
  let sum = 0;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  let i0 = nx, i1 = -1, j0 = ny, j1 = -1, k0 = nz, k1 = -1;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = (k * ny + j) * nx;
      for (let i = 0; i < nx; i++) {
        const f = target.fractions[row + i];
        if (!(f > 0)) continue;
        sum += f;
        cx += f * (m[0] * i + m[1] * j + m[2] * k + m[3]);
        cy += f * (m[4] * i + m[5] * j + m[6] * k + m[7]);
        cz += f * (m[8] * i + m[9] * j + m[10] * k + m[11]);
        if (f >= 0.5) {
          if (i < i0) i0 = i;
          if (i > i1) i1 = i;
          if (j < j0) j0 = j;
          if (j > j1) j1 = j;
          if (k < k0) k0 = k;
          if (k > k1) k1 = k;
        }
      }
    }
  }
  if (i1 < 0) throw new InputError('empty-target', `target '${target.name}' has no voxel at least half inside on its grid`);
  return { volumeCc: sum * voxelVolumeCc(target.geometry), centroidMm: { xMm: cx / sum, yMm: cy / sum, zMm: cz / sum }, box: [i0, i1, j0, j1, k0, k1] };
}

function chooseAimPoints(target: BeamTarget, shape: TargetShape, count: number, insetMm: number): PointLps[] {
  const [nx, ny] = target.geometry.dimensions;
  const [i0, i1, j0, j1, k0, k1] = shape.box;
  // Padded box so the EDT sees outside voxels all round.
  const bx = i1 - i0 + 3;
  const by = j1 - j0 + 3;
  const bz = k1 - k0 + 3;
  const outside = new Uint8Array(bx * by * bz).fill(1);
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        if (target.fractions[(k * ny + j) * nx + i] >= 0.5) outside[(k - k0 + 1) * bx * by + (j - j0 + 1) * bx + (i - i0 + 1)] = 0;
      }
    }
  }
  const depth = distanceTransformMm(outside, { dimensions: [bx, by, bz], spacingMm: target.geometry.spacingMm }).distanceMm;
  let deepest = 0;
  for (let v = 0; v < depth.length; v++) if (outside[v] === 0 && depth[v] > deepest) deepest = depth[v];
  // Depth is measured to the nearest outside voxel centre; the surface lies up to half a voxel closer.
  const halfVoxel = Math.max(...target.geometry.spacingMm) / 2;
  const threshold = Math.min(insetMm + halfVoxel, deepest);
  const m = gridTransforms(target.geometry).indexToWorld;
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      for (let i = 0; i < bx; i++) {
        const v = (k * by + j) * bx + i;
        if (outside[v] !== 0 || depth[v] < threshold) continue;
        const gi = i + i0 - 1;
        const gj = j + j0 - 1;
        const gk = k + k0 - 1;
        xs.push(m[0] * gi + m[1] * gj + m[2] * gk + m[3]);
        ys.push(m[4] * gi + m[5] * gj + m[6] * gk + m[7]);
        zs.push(m[8] * gi + m[9] * gj + m[10] * gk + m[11]);
      }
    }
  }
  const c = shape.centroidMm;
  const minDist2 = new Float64Array(xs.length);
  let first = 0;
  for (let p = 0; p < xs.length; p++) {
    minDist2[p] = (xs[p] - c.xMm) ** 2 + (ys[p] - c.yMm) ** 2 + (zs[p] - c.zMm) ** 2;
    if (minDist2[p] < minDist2[first]) first = p;
  }
  const chosen = [first];
  minDist2.fill(Infinity);
  while (chosen.length < Math.min(count, xs.length)) {
    const last = chosen[chosen.length - 1];
    let best = -1;
    for (let p = 0; p < xs.length; p++) {
      const d2 = (xs[p] - xs[last]) ** 2 + (ys[p] - ys[last]) ** 2 + (zs[p] - zs[last]) ** 2;
      if (d2 < minDist2[p]) minDist2[p] = d2;
      if (best < 0 || minDist2[p] > minDist2[best]) best = p;
    }
    if (!(minDist2[best] > 0)) break;
    chosen.push(best);
  }
  return chosen.map((p) => ({ xMm: xs[p], yMm: ys[p], zMm: zs[p] }));
}
