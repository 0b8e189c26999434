// Synthetic dose-influence data for the optimiser's tests and benchmark (no dose engine): straight "cone" beams with
// a logistic penumbra and exponential attenuation, aimed at points around the centre of a spherical target.
import type { DoseInfluence } from '../../src/dose/DoseInfluence';
import type { VoxelSet } from '../../src/optimize/BeamWeightProblem';

export interface ToyGrid {
  readonly dimensions: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
}

export interface ToyBeam {
  /** Unit direction of travel. */
  readonly direction: readonly [number, number, number];
  /** Aim point in mm from the grid's voxel (0,0,0) centre. */
  readonly aimMm: readonly [number, number, number];
  /** Half-maximum radius of the profile, mm. */
  readonly radiusMm: number;
}

export interface ToyOptions {
  /** Logistic penumbra width, mm (default 1). */
  readonly penumbraMm?: number;
  /** Attenuation per mm along the beam (default 0.005, ~ 6 MV in water). */
  readonly attenuationPerMm?: number;
  /** Dose per MU at the aim point on the axis, Gy (default 0.01). */
  readonly doseGyPerMuAtAim?: number;
  /** Profile values below this fraction are left out of the footprint (default 0.01). */
  readonly cutoff?: number;
}

/** Position in mm of voxel v (axis-aligned, origin at voxel (0,0,0)). */
export function voxelPositionMm(grid: ToyGrid, v: number): [number, number, number] {
  const [nx, ny] = grid.dimensions;
  const i = v % nx;
  const j = Math.floor(v / nx) % ny;
  const k = Math.floor(v / (nx * ny));
  return [i * grid.spacingMm[0], j * grid.spacingMm[1], k * grid.spacingMm[2]];
}

/** Influence of the beams: profile(r) · exp(−μ·(t + 100 mm)) with r = distance to the axis, t = position along it. */
export function toyInfluence(grid: ToyGrid, beams: readonly ToyBeam[], options: ToyOptions = {}): DoseInfluence {
  const [nx, ny, nz] = grid.dimensions;
  const [sx, sy, sz] = grid.spacingMm;
  const penumbra = options.penumbraMm ?? 1;
  const mu = options.attenuationPerMm ?? 0.005;
  const scale = options.doseGyPerMuAtAim ?? 0.01;
  const cutoff = options.cutoff ?? 0.01;
  const voxelIndex: Uint32Array[] = [];
  const doseGyPerMu: Float32Array[] = [];
  for (const beam of beams) {
    const [dx, dy, dz] = beam.direction;
    const [ax, ay, az] = beam.aimMm;
    const reach = beam.radiusMm + penumbra * Math.log(1 / cutoff - 1);
    const index: number[] = [];
    const dose: number[] = [];
    const atAim = 1 / (1 + Math.exp(-beam.radiusMm / penumbra));
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const px = i * sx - ax;
          const py = j * sy - ay;
          const pz = k * sz - az;
          const t = px * dx + py * dy + pz * dz;
          const qx = px - t * dx;
          const qy = py - t * dy;
          const qz = pz - t * dz;
          const r = Math.sqrt(qx * qx + qy * qy + qz * qz);
          if (r > reach) continue;
          const profile = 1 / (1 + Math.exp((r - beam.radiusMm) / penumbra)) / atAim;
          if (profile < cutoff) continue;
          index.push(i + j * nx + k * nx * ny);
          dose.push(scale * profile * Math.exp(-mu * (t + 100)) / Math.exp(-mu * 100));
        }
      }
    }
    voxelIndex.push(Uint32Array.from(index));
    doseGyPerMu.push(Float32Array.from(dose));
  }
  return { voxelCount: nx * ny * nz, beamCount: beams.length, voxelIndex, doseGyPerMu };
}

/** n unit directions on a sphere (Fibonacci lattice; deterministic). */
export function fibonacciDirections(n: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let m = 0; m < n; m++) {
    const z = 1 - (2 * (m + 0.5)) / n;
    const r = Math.sqrt(1 - z * z);
    out.push([r * Math.cos(golden * m), r * Math.sin(golden * m), z]);
  }
  return out;
}

/** Ball of radius radiusMm around centreMm; weights = fraction of 4³ sub-points inside (partial volumes). */
export function ballVoxels(grid: ToyGrid, centreMm: readonly [number, number, number], radiusMm: number): VoxelSet {
  const [nx, ny, nz] = grid.dimensions;
  const [sx, sy, sz] = grid.spacingMm;
  const voxels: number[] = [];
  const weights: number[] = [];
  const sub = 4;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        let inside = 0;
        for (let c = 0; c < sub; c++) {
          for (let b = 0; b < sub; b++) {
            for (let a = 0; a < sub; a++) {
              const x = (i + (a + 0.5) / sub - 0.5) * sx - centreMm[0];
              const y = (j + (b + 0.5) / sub - 0.5) * sy - centreMm[1];
              const z = (k + (c + 0.5) / sub - 0.5) * sz - centreMm[2];
              if (x * x + y * y + z * z <= radiusMm * radiusMm) inside++;
            }
          }
        }
        if (inside > 0) {
          voxels.push(i + j * nx + k * nx * ny);
          weights.push(inside / sub ** 3);
        }
      }
    }
  }
  return { voxels: Uint32Array.from(voxels), weights: Float32Array.from(weights) };
}

/** Grid-sized Float32 fractions of a VoxelSet. */
export function fractionsOf(grid: ToyGrid, set: VoxelSet): Float32Array {
  const out = new Float32Array(grid.dimensions[0] * grid.dimensions[1] * grid.dimensions[2]);
  for (let n = 0; n < set.voxels.length; n++) out[set.voxels[n]] = set.weights[n];
  return out;
}

/** Beams from `directionCount` Fibonacci directions, each aimed at the centre and at `offsetsMm` around it. */
export function toyBeams(directionCount: number, centreMm: readonly [number, number, number], radiusMm: number, offsetsMm: readonly (readonly [number, number, number])[]): ToyBeam[] {
  const beams: ToyBeam[] = [];
  for (const direction of fibonacciDirections(directionCount)) {
    for (const o of offsetsMm) beams.push({ direction, aimMm: [centreMm[0] + o[0], centreMm[1] + o[1], centreMm[2] + o[2]], radiusMm });
  }
  return beams;
}

/**
 * Same model as toyInfluence, but each beam visits only the planes across its dominant axis and, in each, the box
 * around the cylinder's elliptic cross-section: fast enough for benchmark-sized grids (millions of voxels).
 */
export function toyInfluenceFast(grid: ToyGrid, beams: readonly ToyBeam[], options: ToyOptions = {}): DoseInfluence {
  const [nx, ny, nz] = grid.dimensions;
  const spacing = grid.spacingMm;
  const counts = [nx, ny, nz];
  const penumbra = options.penumbraMm ?? 1;
  const mu = options.attenuationPerMm ?? 0.005;
  const scale = options.doseGyPerMuAtAim ?? 0.01;
  const cutoff = options.cutoff ?? 0.01;
  const voxelIndex: Uint32Array[] = [];
  const doseGyPerMu: Float32Array[] = [];
  for (const beam of beams) {
    const d = beam.direction;
    const a = Math.abs(d[0]) >= Math.abs(d[1]) && Math.abs(d[0]) >= Math.abs(d[2]) ? 0 : Math.abs(d[1]) >= Math.abs(d[2]) ? 1 : 2;
    const [b1, b2] = a === 0 ? [1, 2] : a === 1 ? [0, 2] : [0, 1];
    const reach = beam.radiusMm + penumbra * Math.log(1 / cutoff - 1);
    const half = reach / Math.abs(d[a]) + 1e-9;
    const atAim = 1 / (1 + Math.exp(-beam.radiusMm / penumbra));
    const entries: [number, number][] = [];
    const p = [0, 0, 0];
    for (let m = 0; m < counts[a]; m++) {
      const t0 = (m * spacing[a] - beam.aimMm[a]) / d[a];
      const c1 = beam.aimMm[b1] + t0 * d[b1];
      const c2 = beam.aimMm[b2] + t0 * d[b2];
      const lo1 = Math.max(0, Math.ceil((c1 - half) / spacing[b1]));
      const hi1 = Math.min(counts[b1] - 1, Math.floor((c1 + half) / spacing[b1]));
      const lo2 = Math.max(0, Math.ceil((c2 - half) / spacing[b2]));
      const hi2 = Math.min(counts[b2] - 1, Math.floor((c2 + half) / spacing[b2]));
      for (let i2 = lo2; i2 <= hi2; i2++) {
        for (let i1 = lo1; i1 <= hi1; i1++) {
          p[a] = m;
          p[b1] = i1;
          p[b2] = i2;
          const px = p[0] * spacing[0] - beam.aimMm[0];
          const py = p[1] * spacing[1] - beam.aimMm[1];
          const pz = p[2] * spacing[2] - beam.aimMm[2];
          const t = px * d[0] + py * d[1] + pz * d[2];
          const qx = px - t * d[0];
          const qy = py - t * d[1];
          const qz = pz - t * d[2];
          const r = Math.sqrt(qx * qx + qy * qy + qz * qz);
          if (r > reach) continue;
          const profile = 1 / (1 + Math.exp((r - beam.radiusMm) / penumbra)) / atAim;
          if (profile < cutoff) continue;
          entries.push([p[0] + p[1] * nx + p[2] * nx * ny, (scale * profile * Math.exp(-mu * (t + 100))) / Math.exp(-mu * 100)]);
        }
      }
    }
    entries.sort((x, y) => x[0] - y[0]);
    voxelIndex.push(Uint32Array.from(entries, (e) => e[0]));
    doseGyPerMu.push(Float32Array.from(entries, (e) => e[1]));
  }
  return { voxelCount: nx * ny * nz, beamCount: beams.length, voxelIndex, doseGyPerMu };
}

/** The optimiser's test phantom (see phantomCase). */
export interface ToyPhantom {
  readonly grid: ToyGrid;
  readonly centreMm: readonly [number, number, number];
  readonly target: VoxelSet;
  readonly influence: DoseInfluence;
  readonly voxelVolumeCc: number;
}

let cachedPhantom: ToyPhantom | null = null;

/**
 * 30 × 26 × 22 voxels at 2 × 2.5 × 3 mm (unequal, so axis swaps show), a 12 mm-radius spherical PTV (partial
 * volumes) at the centre, 80 beams: 40 Fibonacci directions × two cones (14 and 7 mm half-maximum radius, 1 mm
 * logistic penumbra) aimed at the centre. The large cone gives a flat dose, the small one a peaked dose, so any
 * prescription isodose of 70–85 % is reachable. Built once per test file.
 */
export function toyPhantom(): ToyPhantom {
  if (cachedPhantom !== null) return cachedPhantom;
  const grid: ToyGrid = { dimensions: [30, 26, 22], spacingMm: [2, 2.5, 3] };
  const centreMm = [29, 31.25, 31.5] as const;
  const beams = [...toyBeams(40, centreMm, 14, [[0, 0, 0]]), ...toyBeams(40, centreMm, 7, [[0, 0, 0]])];
  cachedPhantom = {
    grid,
    centreMm,
    target: ballVoxels(grid, centreMm, 12),
    influence: toyInfluence(grid, beams, { penumbraMm: 1 }),
    voxelVolumeCc: (2 * 2.5 * 3) / 1000,
  };
  return cachedPhantom;
}

/** Dose per fraction (Gy, Float64) of the given MU, accumulated independently of the code under test. */
export function doseOfMu(influence: DoseInfluence, muPerBeam: ArrayLike<number>): Float64Array {
  const dose = new Float64Array(influence.voxelCount);
  for (let b = 0; b < influence.beamCount; b++) {
    const index = influence.voxelIndex[b];
    const values = influence.doseGyPerMu[b];
    for (let n = 0; n < index.length; n++) dose[index[n]] += muPerBeam[b] * values[n];
  }
  return dose;
}

/** % of the set's weight with dose ≥ level, and the maximum over voxels with weight > 0. */
export function coverageAndMax(dose: Float64Array, set: VoxelSet, levelGy: number): { coveredPercent: number; maxGy: number } {
  let total = 0;
  let covered = 0;
  let max = 0;
  for (let n = 0; n < set.voxels.length; n++) {
    const w = set.weights[n];
    if (w <= 0) continue;
    const d = dose[set.voxels[n]];
    total += w;
    if (d >= levelGy) covered += w;
    max = Math.max(max, d);
  }
  return { coveredPercent: (100 * covered) / total, maxGy: max };
}
