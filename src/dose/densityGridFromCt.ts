import { InputError } from '../errors/InputError';
import { pickGeometry, validateGridGeometry, voxelCount, type Grid3 } from '../geometry/Grid3';
import { importIssue, type ImportIssue } from '../io/ImportIssue';
import type { CtImage } from '../model/Case';
import type { DensityTable } from './DensityTable';

/** A relative electron density grid for the engine, with how it was made and what needs the user's attention. */
export interface DensityGridResult {
  /** ρe / ρe,water per voxel (dimensionless). */
  readonly densityGrid: Grid3<Float32Array>;
  readonly source: 'ct' | 'structures';
  /** Warnings: values clamped to the table, missing body, unknown roles... (file '' — not file-specific). */
  readonly issues: readonly ImportIssue[];
}

/**
 * Converts a CT (HU) to relative electron density with the table's piecewise-linear calibration, on the CT's grid.
 * HU below the first table point take the first density and HU above the last point the last density; both counts
 * are reported as warnings ('density-below-table', 'density-above-table'; e.g. −3024 HU padding outside the
 * reconstruction circle lands below). Throws InputError 'not-finite' when a HU value is NaN or infinite, plus the
 * grid errors of validateGridGeometry.
 */
export function densityGridFromCt(ct: CtImage, table: DensityTable): DensityGridResult {
  const hu = ct.huGrid;
  validateGridGeometry(hu, 'CT');
  const n = voxelCount(hu);
  if (hu.data.length !== n) throw new InputError('bad-length', `CT has ${hu.data.length} values, its grid [${hu.dimensions.join(', ')}] has ${n}`);
  const xs = table.hu;
  const ys = table.relativeElectronDensity;
  const last = xs.length - 1;
  // Per-segment slope and intercept, so each voxel is one search plus one multiply-add.
  const slope = new Float64Array(last);
  const intercept = new Float64Array(last);
  for (let s = 0; s < last; s++) {
    slope[s] = (ys[s + 1] - ys[s]) / (xs[s + 1] - xs[s]);
    intercept[s] = ys[s] - slope[s] * xs[s];
  }
  const out = new Float32Array(n);
  const src = hu.data;
  const xFirst = xs[0];
  const xLast = xs[last];
  let below = 0;
  let above = 0;
  let minHu = Infinity;
  let maxHu = -Infinity;
  for (let v = 0; v < n; v++) {
    const h = src[v];
    if (!Number.isFinite(h)) throw new InputError('not-finite', `CT value at voxel ${v} is ${h}`);
    if (h < xFirst) {
      out[v] = ys[0];
      below++;
      if (h < minHu) minHu = h;
    } else if (h > xLast) {
      out[v] = ys[last];
      above++;
      if (h > maxHu) maxHu = h;
    } else {
      let s = 0;
      while (s < last - 1 && h > xs[s + 1]) s++;
      out[v] = slope[s] * h + intercept[s];
    }
  }
  const issues: ImportIssue[] = [];
  if (below > 0) issues.push(importIssue('', 'density-below-table', `${below} CT voxels below ${xFirst} HU (lowest ${minHu}) were given the density of ${xFirst} HU (${ys[0]}) from '${table.id}'`, 'warning'));
  if (above > 0) issues.push(importIssue('', 'density-above-table', `${above} CT voxels above ${xLast} HU (highest ${maxHu}) were given the density of ${xLast} HU (${ys[last]}) from '${table.id}'`, 'warning'));
  if (!table.commissioned && table.warning) issues.push(importIssue('', 'density-table-not-commissioned', table.warning, 'warning'));
  return { densityGrid: { ...pickGeometry(hu), data: out }, source: 'ct', issues };
}
