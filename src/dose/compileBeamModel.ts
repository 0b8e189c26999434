import { InputError } from '../errors/InputError';
import type { BeamData, ConeBeamData } from './BeamData';
import { createTableAxis, locateInterval, type TableAxis } from './TableAxis';

/** One cone ready for the engine: lookups built once, footprint radius chosen. */
export interface CompiledCone {
  readonly data: ConeBeamData;
  readonly diameterMm: number;
  /** Output factor × calibration dose per MU, Gy/MU. */
  readonly doseGyPerMuAtReference: number;
  readonly tmrAxis: TableAxis;
  readonly tmr: Float64Array;
  /** ln(TMR[n−1]/TMR[n−2]) / (depth[n−1] − depth[n−2]): exponential extrapolation slope beyond the last depth, 1/mm. */
  readonly tmrTailLogSlopePerMm: number;
  readonly ocrDepthAxis: TableAxis;
  readonly ocrRadiusAxis: TableAxis;
  readonly ocr: Float64Array;
  /**
   * Radius at the SAD (mm) beyond which the beam deposits nothing in this model: the smallest table radius beyond
   * which OCR < ocrCutoff at every depth (or the last radius of the table).
   */
  readonly footprintRadiusMm: number;
}

/** Beam data compiled for fast lookups (compileBeamModel). */
export interface BeamModel {
  readonly data: BeamData;
  readonly sourceAxisDistanceMm: number;
  readonly ocrCutoff: number;
  readonly cones: readonly CompiledCone[];
}

/** Default lateral cut-off: voxels where the OCR is below 1 % at every depth are outside a beam's footprint. */
export const DEFAULT_OCR_CUTOFF = 0.01;

/**
 * Compiles parsed beam data for the engine: interval lookups for every table axis, the TMR extrapolation slope
 * and each cone's footprint radius for `ocrCutoff` (fraction of the on-axis dose, 0 ≤ cutoff < 1; 0 keeps the
 * whole table). Throws InputError 'bad-option' for a bad cutoff.
 */
export function compileBeamModel(data: BeamData, ocrCutoff = DEFAULT_OCR_CUTOFF): BeamModel {
  if (!(ocrCutoff >= 0 && ocrCutoff < 1)) throw new InputError('bad-option', `ocrCutoff must be in [0, 1), got ${ocrCutoff}`);
  const cones = data.cones.map((cone): CompiledCone => {
    const nd = cone.tmrDepthsMm.length;
    const t1 = cone.tmr[nd - 2];
    const t2 = cone.tmr[nd - 1];
    const tmrTailLogSlopePerMm = t1 > 0 && t2 > 0 ? Math.log(t2 / t1) / (cone.tmrDepthsMm[nd - 1] - cone.tmrDepthsMm[nd - 2]) : -Infinity;
    const nr = cone.ocrRadiiMm.length;
    let lastAbove = 0;
    for (let d = 0; d < cone.ocrDepthsMm.length; d++) {
      for (let r = nr - 1; r > lastAbove; r--) {
        if (cone.ocr[d * nr + r] >= ocrCutoff && cone.ocr[d * nr + r] > 0) {
          lastAbove = r;
          break;
        }
      }
    }
    // Piecewise-linear OCR reaches the cutoff inside the interval after the last node at or above it.
    const footprintRadiusMm = cone.ocrRadiiMm[Math.min(nr - 1, lastAbove + 1)];
    return {
      data: cone,
      diameterMm: cone.diameterMm,
      doseGyPerMuAtReference: cone.outputFactor * data.calibration.doseGyPerMu,
      tmrAxis: createTableAxis(cone.tmrDepthsMm),
      tmr: cone.tmr,
      tmrTailLogSlopePerMm,
      ocrDepthAxis: createTableAxis(cone.ocrDepthsMm.length >= 2 ? cone.ocrDepthsMm : Float64Array.of(cone.ocrDepthsMm[0], cone.ocrDepthsMm[0] + 1)),
      ocrRadiusAxis: createTableAxis(cone.ocrRadiiMm),
      ocr: cone.ocrDepthsMm.length >= 2 ? cone.ocr : duplicateRow(cone.ocr),
      footprintRadiusMm,
    };
  });
  return { data, sourceAxisDistanceMm: data.sourceAxisDistanceMm, ocrCutoff, cones };
}

/** Deepest depth of the resampled TMR·OCR table, mm (d_eff in a thorax stays below; deeper points use tmrAt/ocrAt). */
const DOSE_TABLE_MAX_DEPTH_MM = 400;
/** The table stops where the OCR is below this at every depth (smaller table, better cache use); beyond: ocrAt. */
const DOSE_TABLE_MIN_OCR = 0.002;

/**
 * TMR(d)·OCR(r, d) of a cone resampled on a uniform grid for the engine's inner loop: values[id·radiusCount + ir] at
 * depth id·depthStepMm and radius ir·radiusStepMm, radii 0 … where the OCR falls below 0.2 % at every depth, depths
 * 0 … 400 mm (beyond either, the engine uses tmrAt/ocrAt). Built from
 * tmrAt/ocrAt, so it equals the table at every node on the grid and differs from the table's own piecewise-linear
 * interpolation between nodes by < 0.1 % (test/dose/compileBeamModel.test.ts).
 */
export interface ConeDoseTable {
  readonly depthStepMm: number;
  readonly radiusStepMm: number;
  readonly depthCount: number;
  readonly radiusCount: number;
  readonly values: Float32Array;
}

// Built once per cone data object (immutable) and shared by every model compiled from it.
const doseTableCache = new WeakMap<ConeBeamData, ConeDoseTable>();

/** The resampled TMR·OCR table of a cone (built on first use, then cached). */
export function coneDoseTable(cone: CompiledCone): ConeDoseTable {
  let table = doseTableCache.get(cone.data);
  if (!table) {
    table = buildDoseTable(cone);
    doseTableCache.set(cone.data, table);
  }
  return table;
}

function buildDoseTable(cone: CompiledCone): ConeDoseTable {
  const minInterval = (axis: Float64Array): number => {
    let m = Infinity;
    for (let n = 1; n < axis.length; n++) m = Math.min(m, axis[n] - axis[n - 1]);
    return m;
  };
  // Steps no coarser than the data (1 mm depth, 0.25 mm radius at most; 0.5 mm / 0.1 mm at least).
  const depthStepMm = Math.max(0.5, Math.min(1, minInterval(cone.data.tmrDepthsMm)));
  const radiusStepMm = Math.max(0.1, Math.min(0.25, minInterval(cone.data.ocrRadiiMm)));
  const depthCount = Math.ceil(DOSE_TABLE_MAX_DEPTH_MM / depthStepMm) + 1;
  const nr = cone.data.ocrRadiiMm.length;
  let lastNeeded = 1;
  for (let d = 0; d < cone.data.ocrDepthsMm.length; d++) {
    for (let r = nr - 1; r > lastNeeded; r--) {
      if (cone.data.ocr[d * nr + r] >= DOSE_TABLE_MIN_OCR) {
        lastNeeded = r;
        break;
      }
    }
  }
  const radiusLimitMm = cone.data.ocrRadiiMm[Math.min(nr - 1, lastNeeded + 1)];
  const radiusCount = Math.ceil(radiusLimitMm / radiusStepMm) + 2;
  const values = new Float32Array(depthCount * radiusCount);
  for (let d = 0; d < depthCount; d++) {
    const depth = d * depthStepMm;
    const tmr = tmrAt(cone, depth);
    for (let r = 0; r < radiusCount; r++) values[d * radiusCount + r] = tmr * ocrAt(cone, r * radiusStepMm, depth);
  }
  return { depthStepMm, radiusStepMm, depthCount, radiusCount, values };
}

function duplicateRow(row: Float64Array): Float64Array {
  const out = new Float64Array(row.length * 2);
  out.set(row, 0);
  out.set(row, row.length);
  return out;
}

/** The compiled cone of a diameter (tolerance 0.01 mm). Throws InputError 'unknown-cone' naming the available cones. */
export function findCone(model: BeamModel, coneDiameterMm: number): CompiledCone {
  for (const cone of model.cones) if (Math.abs(cone.diameterMm - coneDiameterMm) <= 0.01) return cone;
  throw new InputError('unknown-cone', `no ${coneDiameterMm} mm cone in beam data '${model.data.id}' (available: ${model.cones.map((c) => c.diameterMm).join(', ')} mm)`);
}

/**
 * TMR at a water-equivalent depth: piecewise-linear in the table; below the first depth the first value; beyond
 * the last depth exponential extrapolation with the slope of the last interval (documented in docs/dose-engine.md).
 */
export function tmrAt(cone: CompiledCone, depthMm: number): number {
  const axis = cone.tmrAxis;
  if (depthMm > axis.last) return cone.tmr[cone.tmr.length - 1] * Math.exp(cone.tmrTailLogSlopePerMm * (depthMm - axis.last));
  if (!(depthMm > axis.first)) return cone.tmr[0];
  const n = locateInterval(axis, depthMm);
  const x0 = axis.nodes[n];
  const f = (depthMm - x0) / (axis.nodes[n + 1] - x0);
  return cone.tmr[n] + f * (cone.tmr[n + 1] - cone.tmr[n]);
}

/**
 * OCR at a radius (mm at the SAD) and water-equivalent depth: bilinear in the table; depths outside the table use
 * the nearest row (OCR shapes change slowly with depth); radii beyond the table give 0.
 */
export function ocrAt(cone: CompiledCone, radiusMm: number, depthMm: number): number {
  const rAxis = cone.ocrRadiusAxis;
  if (radiusMm > rAxis.last) return 0;
  const nr = rAxis.nodes.length;
  const r = locateInterval(rAxis, radiusMm);
  const fr = radiusMm > rAxis.first ? (radiusMm - rAxis.nodes[r]) / (rAxis.nodes[r + 1] - rAxis.nodes[r]) : 0;
  const dAxis = cone.ocrDepthAxis;
  const d = locateInterval(dAxis, depthMm);
  let fd = (depthMm - dAxis.nodes[d]) / (dAxis.nodes[d + 1] - dAxis.nodes[d]);
  fd = fd < 0 ? 0 : fd > 1 ? 1 : fd;
  const o = cone.ocr;
  const a = o[d * nr + r] + fr * (o[d * nr + r + 1] - o[d * nr + r]);
  const b = o[(d + 1) * nr + r] + fr * (o[(d + 1) * nr + r + 1] - o[(d + 1) * nr + r]);
  return a + fd * (b - a);
}

/**
 * Output factor of any diameter between the table's cones, linear in diameter (exact at the cones). For display
 * and checks; beams must use a cone of the table (findCone). Throws InputError 'unknown-cone' outside the range.
 */
export function outputFactorAt(data: BeamData, coneDiameterMm: number): number {
  const cones = data.cones;
  const first = cones[0].diameterMm;
  const last = cones[cones.length - 1].diameterMm;
  if (!(coneDiameterMm >= first - 1e-9 && coneDiameterMm <= last + 1e-9)) {
    throw new InputError('unknown-cone', `cone ${coneDiameterMm} mm is outside the beam data's range ${first}–${last} mm`);
  }
  for (let n = 0; n < cones.length - 1; n++) {
    const a = cones[n];
    const b = cones[n + 1];
    if (coneDiameterMm <= b.diameterMm) {
      const f = Math.max(0, (coneDiameterMm - a.diameterMm) / (b.diameterMm - a.diameterMm));
      return a.outputFactor + f * (b.outputFactor - a.outputFactor);
    }
  }
  return cones[cones.length - 1].outputFactor;
}
