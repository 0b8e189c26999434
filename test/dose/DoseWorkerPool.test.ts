import { afterAll, describe, expect, it } from 'vitest';
import { DoseWorkerPool, splitBySource } from '../../bin/dose/DoseWorkerPool';
import { computeDose } from '../../src/dose/computeDose';
import { computeDoseInfluence } from '../../src/dose/computeDoseInfluence';
import { genericBeamData } from '../../src/dose/defaultDoseModelData';
import { makeBeam, slabPhantom } from './dosePhantoms';

const phantom = slabPhantom(12, 30, 0.25);
const sources = [{ xMm: 500, yMm: -600, zMm: 120 }, { xMm: -420, yMm: -650, zMm: -200 }, { xMm: 30, yMm: -800, zMm: 60 }];
const aims = [{ xMm: 4, yMm: 8, zMm: -3 }, { xMm: -6, yMm: 2, zMm: 6 }];
const beams = sources.flatMap((s, n) => aims.map((a, m) => makeBeam(`s${n}a${m}`, s, a, m === 0 ? 10 : 15)));

describe('DoseWorkerPool (bin/dose)', () => {
  const pool = new DoseWorkerPool(2);
  afterAll(() => pool.close());

  it('splitBySource keeps beams from one source together and balances the chunks', () => {
    expect(splitBySource(beams, 2)).toEqual([[0, 1, 2, 3], [4, 5]]);
    expect(splitBySource(beams, 1)).toEqual([[0, 1, 2, 3, 4, 5]]);
  });

  it('pool.computeDoseInfluence gives exactly the single-threaded computeDoseInfluence', async () => {
    const parallel = await pool.computeDoseInfluence(beams, phantom, phantom, genericBeamData);
    const single = computeDoseInfluence(beams, phantom, phantom, genericBeamData);
    expect(parallel.beamCount).toBe(6);
    for (let b = 0; b < 6; b++) {
      expect(Array.from(parallel.voxelIndex[b])).toEqual(Array.from(single.voxelIndex[b]));
      expect(Array.from(parallel.doseGyPerMu[b])).toEqual(Array.from(single.doseGyPerMu[b]));
    }
  });

  it('pool.computeDose gives the single-threaded computeDose up to float32 summation order', async () => {
    const mu = [10, 0, 20, 5, 0, 7];
    const parallel = await pool.computeDose(beams, mu, phantom, phantom, genericBeamData);
    const single = computeDose(beams, mu, phantom, phantom, genericBeamData);
    let worst = 0;
    for (let v = 0; v < single.length; v++) worst = Math.max(worst, Math.abs(parallel[v] - single[v]));
    expect(worst).toBeLessThan(1e-5 * Math.max(...single));
  });

  it('pool calls sharing a cacheKey give the same results as without it', async () => {
    const mu = [10, 0, 20, 5, 0, 7];
    const influence = await pool.computeDoseInfluence(beams, phantom, phantom, genericBeamData, { ocrCutoff: 0.03 }, 'case-1');
    const cached = await pool.computeDose(beams, mu, phantom, phantom, genericBeamData, {}, 'case-1');
    await pool.dropCache('case-1');
    const single = computeDose(beams, mu, phantom, phantom, genericBeamData);
    let worst = 0;
    for (let v = 0; v < single.length; v++) worst = Math.max(worst, Math.abs(cached[v] - single[v]));
    expect(worst).toBeLessThan(1e-5 * Math.max(...single));
    const plain = computeDoseInfluence(beams, phantom, phantom, genericBeamData, { ocrCutoff: 0.03 });
    expect(Array.from(influence.doseGyPerMu[3])).toEqual(Array.from(plain.doseGyPerMu[3]));
  });

  it('pool requests reject with the engine InputError', async () => {
    await expect(pool.computeDoseInfluence([makeBeam('bad', sources[0], aims[0], 11)], phantom, phantom, genericBeamData)).rejects.toThrow(/no 11 mm cone/);
  });
});
