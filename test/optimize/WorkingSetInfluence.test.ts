import { describe, expect, it } from 'vitest';
import { extendWorkingSet, workingSetForward, workingSetTranspose } from '../../src/optimize/WorkingSetInfluence';
import { toyPhantom } from './syntheticInfluence';

describe('extendWorkingSet', () => {
  const phantom = toyPhantom();
  const { influence } = phantom;
  const beams = influence.beamCount;
  const scale = Float64Array.from({ length: beams }, (_, b) => (b % 5 === 4 ? 0 : 1 + 0.1 * (b % 3)));

  /** Dense reference: A_vb = dose per MU of beam b at voxel v. */
  function denseColumn(b: number): Map<number, number> {
    const map = new Map<number, number>();
    influence.voxelIndex[b].forEach((v, n) => map.set(v, influence.doseGyPerMu[b][n]));
    return map;
  }

  it('extendWorkingSet(influence, null then set, voxels) gives rows whose products equal the dense computation', () => {
    const rowOfVoxel = new Int32Array(influence.voxelCount).fill(-1);
    const first = Uint32Array.from(phantom.target.voxels.filter((_, n) => n % 2 === 0));
    const second = Uint32Array.from(phantom.target.voxels.filter((_, n) => n % 2 === 1));
    let set = extendWorkingSet(influence, null, first, rowOfVoxel, scale);
    set = extendWorkingSet(influence, set, second, rowOfVoxel, scale);
    expect(set.rowCount).toBe(phantom.target.voxels.length);
    expect(Array.from(set.rowVoxel)).toEqual([...first, ...second]);
    for (let n = 0; n < first.length; n++) expect(rowOfVoxel[first[n]]).toBe(n);

    const y = Float64Array.from({ length: beams }, (_, b) => 0.5 + (b % 4));
    const u = new Float64Array(set.rowCount);
    workingSetForward(set, y, u);
    const columns = Array.from({ length: beams }, (_, b) => denseColumn(b));
    for (let r = 0; r < set.rowCount; r++) {
      let expected = 0;
      for (let b = 0; b < beams; b++) expected += y[b] * scale[b] * (columns[b].get(set.rowVoxel[r]) ?? 0);
      expect(u[r]).toBeCloseTo(expected, 12);
    }
    const residual = Float64Array.from({ length: set.rowCount }, (_, r) => Math.cos(r));
    const g = new Float64Array(beams);
    workingSetTranspose(set, residual, g);
    for (let b = 0; b < beams; b++) {
      let expected = 0;
      for (let r = 0; r < set.rowCount; r++) expected += scale[b] * (columns[b].get(set.rowVoxel[r]) ?? 0) * residual[r];
      expect(g[b]).toBeCloseTo(expected, 12);
    }
  });
});
