import type { DoseInfluence } from '../dose/DoseInfluence';
import { InputError } from '../errors/InputError';

/**
 * The rows of a DoseInfluence restricted to a working set of voxels, renumbered 0..rowCount−1 (in the order
 * they were added; ascending grid index within each addition), stored by beam (compressed sparse columns):
 * beam b's entries are rowId/value[columnStart[b] .. columnStart[b+1]), value = the influence's Gy/MU (Float32,
 * unchanged). The products apply the optimiser's variable scaling columnScale_b (Float64), so that the relative
 * dose is u_row = Σ_b y_b · columnScale_b · value.
 */
export interface WorkingSetInfluence {
  readonly beamCount: number;
  readonly rowCount: number;
  /** Grid index of each row. */
  readonly rowVoxel: Uint32Array;
  readonly columnStart: Int32Array;
  readonly rowId: Uint32Array;
  readonly value: Float32Array;
  /** Per beam (0 = beam left out). */
  readonly columnScale: Float64Array;
}

/**
 * Adds `newVoxels` (strictly ascending grid indices, none already in `previous`) as rows to a working set by one
 * pass over the influence, and records their row numbers in `rowOfVoxel` (a grid-sized map, −1 = not in the set;
 * entries of the new voxels are written). Beams whose `columnScale` is 0 are skipped (they are fixed at 0 MU).
 * @param previous the current working set, or null to start one
 * @param columnScale per beam, applied by the products (see WorkingSetInfluence)
 */
export function extendWorkingSet(
  influence: DoseInfluence,
  previous: WorkingSetInfluence | null,
  newVoxels: Uint32Array,
  rowOfVoxel: Int32Array,
  columnScale: Float64Array,
): WorkingSetInfluence {
  const beamCount = influence.beamCount;
  const firstRow = previous === null ? 0 : previous.rowCount;
  const rowCount = firstRow + newVoxels.length;
  if (rowCount > 0x7fffffff) throw new InputError('too-large', `working set of ${rowCount} voxels is too large`);
  for (let n = 0; n < newVoxels.length; n++) rowOfVoxel[newVoxels[n]] = firstRow + n;

  // Pass over the influence: new entries per beam into growable buffers.
  let capacity = Math.max(1024, newVoxels.length * 8);
  let newRow = new Uint32Array(capacity);
  let newValue = new Float32Array(capacity);
  const newStart = new Int32Array(beamCount + 1);
  let count = 0;
  for (let b = 0; b < beamCount; b++) {
    newStart[b] = count;
    const scale = columnScale[b];
    if (scale === 0 || newVoxels.length === 0) continue;
    const index = influence.voxelIndex[b];
    const dose = influence.doseGyPerMu[b];
    if (count + index.length > capacity) {
      capacity = Math.max(2 * capacity, count + index.length);
      const grownRow = new Uint32Array(capacity);
      grownRow.set(newRow.subarray(0, count));
      newRow = grownRow;
      const grownValue = new Float32Array(capacity);
      grownValue.set(newValue.subarray(0, count));
      newValue = grownValue;
    }
    for (let n = 0; n < index.length; n++) {
      const row = rowOfVoxel[index[n]];
      if (row >= firstRow) {
        newRow[count] = row;
        newValue[count] = dose[n];
        count++;
      }
    }
  }
  newStart[beamCount] = count;

  const oldCount = previous === null ? 0 : previous.rowId.length;
  if (oldCount + count > 0x7fffffff) throw new InputError('too-large', `working set of ${oldCount + count} influence entries is too large`);
  const rowId = new Uint32Array(oldCount + count);
  const value = new Float32Array(oldCount + count);
  const columnStart = new Int32Array(beamCount + 1);
  let at = 0;
  for (let b = 0; b < beamCount; b++) {
    columnStart[b] = at;
    if (previous !== null) {
      const from = previous.columnStart[b];
      const to = previous.columnStart[b + 1];
      rowId.set(previous.rowId.subarray(from, to), at);
      value.set(previous.value.subarray(from, to), at);
      at += to - from;
    }
    const from = newStart[b];
    const to = newStart[b + 1];
    rowId.set(newRow.subarray(from, to), at);
    value.set(newValue.subarray(from, to), at);
    at += to - from;
  }
  columnStart[beamCount] = at;
  const rowVoxel = new Uint32Array(rowCount);
  if (previous !== null) rowVoxel.set(previous.rowVoxel);
  rowVoxel.set(newVoxels, firstRow);
  return { beamCount, rowCount, rowVoxel, columnStart, rowId, value, columnScale };
}

/** out[row] = Σ_b coefficient[b] · columnScale[b] · value(row, b); beams with coefficient 0 are skipped. */
export function workingSetForward(set: WorkingSetInfluence, coefficient: Float64Array, out: Float64Array): void {
  out.fill(0);
  const { columnStart, rowId, value, columnScale } = set;
  for (let b = 0; b < set.beamCount; b++) {
    const c = coefficient[b] * columnScale[b];
    if (c === 0) continue;
    const end = columnStart[b + 1];
    for (let n = columnStart[b]; n < end; n++) out[rowId[n]] += c * value[n];
  }
}

/** out[b] = columnScale[b] · Σ_row value(row, b) · residual[row]. */
export function workingSetTranspose(set: WorkingSetInfluence, residual: Float64Array, out: Float64Array): void {
  const { columnStart, rowId, value, columnScale } = set;
  for (let b = 0; b < set.beamCount; b++) {
    let sum = 0;
    const end = columnStart[b + 1];
    for (let n = columnStart[b]; n < end; n++) sum += value[n] * residual[rowId[n]];
    out[b] = sum * columnScale[b];
  }
}

/**
 * Keeps only the rows with keep[row] = 1 (renumbered in their old order), from the working set's own arrays (no
 * pass over the influence); dropped voxels get −1 in `rowOfVoxel`, kept ones their new row.
 */
export function compactWorkingSet(set: WorkingSetInfluence, keep: Uint8Array, rowOfVoxel: Int32Array): WorkingSetInfluence {
  const newRow = new Int32Array(set.rowCount);
  let rowCount = 0;
  for (let r = 0; r < set.rowCount; r++) {
    if (keep[r] === 1) {
      newRow[r] = rowCount;
      rowOfVoxel[set.rowVoxel[r]] = rowCount;
      rowCount++;
    } else {
      newRow[r] = -1;
      rowOfVoxel[set.rowVoxel[r]] = -1;
    }
  }
  const rowVoxel = new Uint32Array(rowCount);
  for (let r = 0; r < set.rowCount; r++) if (newRow[r] >= 0) rowVoxel[newRow[r]] = set.rowVoxel[r];
  let count = 0;
  for (let n = 0; n < set.rowId.length; n++) if (keep[set.rowId[n]] === 1) count++;
  const rowId = new Uint32Array(count);
  const value = new Float32Array(count);
  const columnStart = new Int32Array(set.beamCount + 1);
  let at = 0;
  for (let b = 0; b < set.beamCount; b++) {
    columnStart[b] = at;
    for (let n = set.columnStart[b]; n < set.columnStart[b + 1]; n++) {
      const row = newRow[set.rowId[n]];
      if (row >= 0) {
        rowId[at] = row;
        value[at] = set.value[n];
        at++;
      }
    }
  }
  columnStart[set.beamCount] = at;
  return { beamCount: set.beamCount, rowCount, rowVoxel, columnStart, rowId, value, columnScale: set.columnScale };
}
