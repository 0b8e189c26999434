import { gridTransforms, type GridGeometry } from '../geometry/Grid3';
import type { Beam } from './Beam';
import { beamFrame } from './beamFrame';
import { coneDoseTable, ocrAt, tmrAt, type CompiledCone } from './compileBeamModel';
import type { ResolvedDoseEngineOptions } from './DoseEngineOptions';
import { FINE_MARGIN_MM, footprintRadiusMm, maximumStretch, MIN_AXIAL_DISTANCE_MM, MIN_SCALING_DENSITY, type FanLattice } from './fanLattice';

/** Reusable buffers of the kernel (grown on demand, never shrunk): one per thread. */
export interface DoseKernelWorkspace {
  cumulative: Float32Array;
  voxelIndex: Uint32Array;
  doseGyPerMu: Float32Array;
  /** First and last masked voxel index i per grid row (first > last: none), for `maskRowsOf`. */
  maskRows: Int32Array;
  maskRowsOf: Uint8Array | undefined;
}

export function createDoseKernelWorkspace(): DoseKernelWorkspace {
  return { cumulative: new Float32Array(1 << 16), voxelIndex: new Uint32Array(1 << 16), doseGyPerMu: new Float32Array(1 << 16), maskRows: new Int32Array(0), maskRowsOf: undefined };
}

/** Per-row extent of the mask's non-zero voxels, computed once per mask and kept in the workspace. */
function maskRowExtents(mask: Uint8Array, geometry: GridGeometry, workspace: DoseKernelWorkspace): Int32Array {
  const [nx, ny, nz] = geometry.dimensions;
  const rows = ny * nz;
  if (workspace.maskRowsOf === mask && workspace.maskRows.length === 2 * rows) return workspace.maskRows;
  const extents = new Int32Array(2 * rows);
  for (let row = 0; row < rows; row++) {
    const base = row * nx;
    let first = 0;
    while (first < nx && mask[base + first] === 0) first++;
    let last = nx - 1;
    while (last >= first && mask[base + last] === 0) last--;
    extents[2 * row] = first;
    extents[2 * row + 1] = last;
  }
  workspace.maskRows = extents;
  workspace.maskRowsOf = mask;
  return extents;
}

/**
 * Which part of the footprint to evaluate: 'all' (the influence), or the split of computeDose: 'inner' = field,
 * penumbra and a smooth hand-over ramp at full resolution (weight 1 − s), 'outer' = the low-dose tail on a coarser
 * grid (weight s), s = smoothstep over R + 3 … R + FINE_MARGIN mm (× stretch). inner + outer = all.
 */
export type FootprintPart = 'all' | 'inner' | 'outer';
/** Start of the inner → outer hand-over ramp beyond the cone radius, mm at the SAD (× stretch). */
export const RAMP_START_MM = 3;

/**
 * Dose per MU of one beam on `geometry`, written to workspace.voxelIndex / doseGyPerMu[0 … count − 1] in ascending
 * voxel order; returns count. D = OF·cal·TMR(d_eff)·OCR(r_SAD, d_eff)·(SAD/t)² (× the part's weight), with t = axial
 * distance source → voxel centre and r_SAD the off-axis distance scaled to the SAD, both in the beam's own frame, and
 * d_eff interpolated trilinearly in the source's fan lattice (fine level inside R + FINE_MARGIN, coarse beyond).
 * Rows: a quadratic per grid row gives the index range inside the footprint cone, trimmed to the mask's first/last
 * voxel. TMR·OCR come from the cone's resampled table (coneDoseTable). No allocation per voxel.
 */
export function beamDoseKernel(
  beam: Beam,
  cone: CompiledCone,
  lattice: FanLattice,
  geometry: GridGeometry,
  options: ResolvedDoseEngineOptions,
  mask: Uint8Array | undefined,
  part: FootprintPart,
  workspace: DoseKernelWorkspace,
): number {
  const maskRows = mask === undefined ? undefined : maskRowExtents(mask, geometry, workspace);
  const frame = beamFrame(beam.sourceMm, beam.aimPointMm);
  const ax = frame.axis[0], ay = frame.axis[1], az = frame.axis[2];
  const e1x = frame.e1[0], e1y = frame.e1[1], e1z = frame.e1[2];
  const e2x = frame.e2[0], e2y = frame.e2[1], e2z = frame.e2[2];
  const la = lattice.frame.axis, l1 = lattice.frame.e1, l2 = lattice.frame.e2;
  const sad = lattice.sad;
  const sX = beam.sourceMm.xMm;
  const sY = beam.sourceMm.yMm;
  const sZ = beam.sourceMm.zMm;
  const coneRadius = cone.diameterMm / 2;
  const scaling = options.lateralDensityScaling;
  const stretch = maximumStretch(scaling);
  const footprint = footprintRadiusMm(cone, stretch);
  const fineLimit = Math.min(footprint, coneRadius + FINE_MARGIN_MM * stretch);
  const rampStart = coneRadius + RAMP_START_MM * stretch;
  const rampWidth = fineLimit - rampStart;
  const outerLimit = part === 'inner' ? fineLimit : footprint;
  const innerLimit = part === 'outer' ? rampStart : -1;
  const outer2 = outerLimit * outerLimit;
  const inner2 = innerLimit > 0 ? innerLimit * innerLimit : -1;
  const fine2 = part === 'outer' ? -1 : fineLimit * fineLimit;
  const weighted = part !== 'all';

  const m = gridTransforms(geometry).indexToWorld;
  const nx = geometry.dimensions[0];
  const ny = geometry.dimensions[1];
  const nz = geometry.dimensions[2];
  const ux = m[0], uy = m[4], uz = m[8];
  const ua = ux * ax + uy * ay + uz * az;
  const u1 = ux * e1x + uy * e1y + uz * e1z;
  const u2 = ux * e2x + uy * e2y + uz * e2z;
  const uL = ux * la[0] + uy * la[1] + uz * la[2];
  const uL1 = ux * l1[0] + uy * l1[1] + uz * l1[2];
  const uL2 = ux * l2[0] + uy * l2[1] + uz * l2[2];
  const uu = ux * ux + uy * uy + uz * uz;
  const coneC = 1 + outer2 / (sad * sad) + 1e-6;
  const quadA = uu - coneC * ua * ua;

  // Lattice and table constants.
  const cum = lattice.cumulative;
  const nT = lattice.nT;
  const tFirst = lattice.tFirst;
  const invDt = 1 / lattice.dt;
  const lastSample = nT - 2;
  const fineInv = 1 / lattice.fine.spacing, fineHalf = lattice.fine.half, fineSide = lattice.fine.side;
  const coarseInv = 1 / lattice.coarse.spacing, coarseHalf = lattice.coarse.half, coarseSide = lattice.coarse.side, coarseBase = lattice.coarse.base;
  const table = coneDoseTable(cone);
  const tableValues = table.values;
  const tableRadiusCount = table.radiusCount;
  const tableLastRow = table.depthCount - 1;
  const tableLastColumn = table.radiusCount - 1;
  const invTableDepthStep = 1 / table.depthStepMm;
  const invTableRadiusStep = 1 / table.radiusStepMm;
  const rLast = cone.ocrRadiusAxis.last;
  const doseAtReference = cone.doseGyPerMuAtReference;
  const sad2 = sad * sad;
  const upstream = scaling ? scaling.upstreamLengthMm : 0;
  const sourceSigma2 = scaling ? scaling.sourceSigmaMm * scaling.sourceSigmaMm : 0;
  const electronSigma = scaling ? scaling.electronSigmaMm : 0;
  const sigmaWater = scaling ? Math.hypot(scaling.sourceSigmaMm, scaling.electronSigmaMm) : 1;

  let voxelIndex = workspace.voxelIndex;
  let doseOut = workspace.doseGyPerMu;
  let capacity = voxelIndex.length;
  let count = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const dx0 = m[1] * j + m[2] * k + m[3] - sX;
      const dy0 = m[5] * j + m[6] * k + m[7] - sY;
      const dz0 = m[9] * j + m[10] * k + m[11] - sZ;
      const t0 = dx0 * ax + dy0 * ay + dz0 * az;
      // |D0 + iU|² − c·(t0 + i·ua)² ≤ 0 inside the double footprint cone.
      const quadB = 2 * (dx0 * ux + dy0 * uy + dz0 * uz - coneC * t0 * ua);
      const quadC = dx0 * dx0 + dy0 * dy0 + dz0 * dz0 - coneC * t0 * t0;
      let iStart = 0;
      let iEnd = nx - 1;
      if (Math.abs(quadA) < 1e-12 * uu) {
        if (Math.abs(quadB) < 1e-12) {
          if (quadC > 0) continue;
        } else if (quadB > 0) iEnd = Math.min(iEnd, Math.floor(-quadC / quadB) + 1);
        else iStart = Math.max(iStart, Math.ceil(-quadC / quadB) - 1);
      } else {
        const disc = quadB * quadB - 4 * quadA * quadC;
        if (disc < 0) {
          if (quadA > 0) continue;
        } else {
          const sq = Math.sqrt(disc);
          const ra = (-quadB - sq) / (2 * quadA);
          const rb = (-quadB + sq) / (2 * quadA);
          const lo = ra < rb ? ra : rb;
          const hi = ra < rb ? rb : ra;
          if (quadA > 0) {
            iStart = Math.max(iStart, Math.ceil(lo) - 1);
            iEnd = Math.min(iEnd, Math.floor(hi) + 1);
          } else if (ua > 0) iStart = Math.max(iStart, Math.ceil(hi) - 1);
          else iEnd = Math.min(iEnd, Math.floor(lo) + 1);
        }
      }
      // Forward nappe only: t = t0 + i·ua ≥ MIN_AXIAL_DISTANCE_MM.
      if (ua > 0) iStart = Math.max(iStart, Math.ceil((MIN_AXIAL_DISTANCE_MM - t0) / ua));
      else if (ua < 0) iEnd = Math.min(iEnd, Math.floor((MIN_AXIAL_DISTANCE_MM - t0) / ua));
      else if (t0 < MIN_AXIAL_DISTANCE_MM) continue;
      if (iStart < 0) iStart = 0;
      if (iEnd > nx - 1) iEnd = nx - 1;
      const row = k * ny + j;
      const rowBase = row * nx;
      if (maskRows !== undefined) {
        if (maskRows[2 * row] > iStart) iStart = maskRows[2 * row];
        if (maskRows[2 * row + 1] < iEnd) iEnd = maskRows[2 * row + 1];
      }
      if (iStart > iEnd) continue;

      const q10 = dx0 * e1x + dy0 * e1y + dz0 * e1z;
      const q20 = dx0 * e2x + dy0 * e2y + dz0 * e2z;
      const tL0 = dx0 * la[0] + dy0 * la[1] + dz0 * la[2];
      const p10 = dx0 * l1[0] + dy0 * l1[1] + dz0 * l1[2];
      const p20 = dx0 * l2[0] + dy0 * l2[1] + dz0 * l2[2];
      for (let i = iStart; i <= iEnd; i++) {
        const index = rowBase + i;
        if (mask !== undefined && mask[index] === 0) continue;
        const t = t0 + i * ua;
        const invT = 1 / t;
        const u = sad * (q10 + i * u1) * invT;
        const v = sad * (q20 + i * u2) * invT;
        const r2 = u * u + v * v;
        if (r2 > outer2 || r2 <= inner2) continue;

        // Radiological depth: trilinear in the lattice (lattice frame; fu, fv ≥ 1 by the lattice's coverage).
        const tL = tL0 + i * uL;
        const invTL = 1 / tL;
        const uLat = sad * (p10 + i * uL1) * invTL;
        const vLat = sad * (p20 + i * uL2) * invTL;
        const fine = r2 <= fine2;
        const invSpacing = fine ? fineInv : coarseInv;
        const half = fine ? fineHalf : coarseHalf;
        const side = fine ? fineSide : coarseSide;
        const base = fine ? 0 : coarseBase;
        let fu = uLat * invSpacing + half;
        let iu = fu | 0;
        if (iu > side - 2) iu = side - 2;
        fu -= iu;
        let fv = vLat * invSpacing + half;
        let iv = fv | 0;
        if (iv > side - 2) iv = side - 2;
        fv -= iv;
        let ft = (tL - tFirst) * invDt;
        if (ft < 0) ft = 0;
        let it = ft | 0;
        if (it > lastSample) it = lastSample;
        ft -= it;
        const sideNT = side * nT;
        const b00 = base + (iv * side + iu) * nT + it;
        const b10 = b00 + nT;
        const b01 = b00 + sideNT;
        const b11 = b01 + nT;
        let c0 = cum[b00] + ft * (cum[b00 + 1] - cum[b00]);
        c0 += fu * (cum[b10] + ft * (cum[b10 + 1] - cum[b10]) - c0);
        let c1 = cum[b01] + ft * (cum[b01 + 1] - cum[b01]);
        c1 += fu * (cum[b11] + ft * (cum[b11 + 1] - cum[b11]) - c1);
        const depth = c0 + fv * (c1 - c0);

        let radius = Math.sqrt(r2);
        let weight = 1;
        if (weighted) {
          let x = (radius - rampStart) / rampWidth;
          x = x < 0 ? 0 : x > 1 ? 1 : x;
          const s = x * x * (3 - 2 * x);
          weight = part === 'inner' ? 1 - s : s;
          if (weight <= 0) continue;
        }
        if (scaling) {
          // Mean density over the last `upstream` mm of the lattice ray (axial span upstream·tL/|d|).
          const distance = tL * Math.sqrt(1 + (uLat * uLat + vLat * vLat) / sad2);
          let tUp = tL - (upstream * tL) / distance;
          if (tUp < tFirst) tUp = tFirst;
          const pathMm = ((tL - tUp) * distance) / tL;
          let meanDensity = 1;
          if (pathMm > 1e-6) {
            let fw = (tUp - tFirst) * invDt;
            let iw = fw | 0;
            if (iw > lastSample) iw = lastSample;
            fw -= iw;
            const w00 = base + (iv * side + iu) * nT + iw;
            const w10 = w00 + nT;
            const w01 = w00 + sideNT;
            const w11 = w01 + nT;
            let d0 = cum[w00] + fw * (cum[w00 + 1] - cum[w00]);
            d0 += fu * (cum[w10] + fw * (cum[w10 + 1] - cum[w10]) - d0);
            let d1 = cum[w01] + fw * (cum[w01 + 1] - cum[w01]);
            d1 += fu * (cum[w11] + fw * (cum[w11 + 1] - cum[w11]) - d1);
            meanDensity = (depth - (d0 + fv * (d1 - d0))) / pathMm;
          }
          if (meanDensity < 1) {
            if (meanDensity < MIN_SCALING_DENSITY) meanDensity = MIN_SCALING_DENSITY;
            const e = electronSigma / meanDensity;
            radius = coneRadius + ((radius - coneRadius) * sigmaWater) / Math.sqrt(sourceSigma2 + e * e);
            if (radius < 0) radius = 0;
          }
        }
        if (radius >= rLast) continue;

        // TMR(depth)·OCR(radius, depth): bilinear in the resampled table; exact table functions beyond its depth.
        let tmrOcr: number;
        const fdt = depth * invTableDepthStep;
        const frt = radius * invTableRadiusStep;
        if (fdt < tableLastRow && frt < tableLastColumn) {
          const id = fdt | 0;
          const wd = fdt - id;
          const ir = frt | 0;
          const wr = frt - ir;
          const o = id * tableRadiusCount + ir;
          const lo = tableValues[o] + wr * (tableValues[o + 1] - tableValues[o]);
          const hi = tableValues[o + tableRadiusCount] + wr * (tableValues[o + tableRadiusCount + 1] - tableValues[o + tableRadiusCount]);
          tmrOcr = lo + wd * (hi - lo);
        } else {
          tmrOcr = tmrAt(cone, depth) * ocrAt(cone, radius, depth);
        }
        const inverseSquare = sad * invT;
        const dose = doseAtReference * tmrOcr * inverseSquare * inverseSquare * weight;
        if (!(dose > 0)) continue;
        if (count === capacity) {
          capacity *= 2;
          const grownIndex = new Uint32Array(capacity);
          grownIndex.set(voxelIndex);
          const grownDose = new Float32Array(capacity);
          grownDose.set(doseOut);
          voxelIndex = grownIndex;
          doseOut = grownDose;
          workspace.voxelIndex = grownIndex;
          workspace.doseGyPerMu = grownDose;
        }
        voxelIndex[count] = index;
        doseOut[count] = dose;
        count++;
      }
    }
  }
  return count;
}
