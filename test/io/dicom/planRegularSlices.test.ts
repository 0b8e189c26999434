import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/InputError';
import { fillRegularPlanes, planRegularSlices } from '../../../src/io/dicom/index';

describe('planRegularSlices', () => {
  it('planRegularSlices(positions) keeps a regular stack as exact copies', () => {
    const plan = planRegularSlices([-27, -24, -21, -18]);
    expect(plan.stepMm).toBe(3);
    expect(plan.planeCount).toBe(4);
    expect(Array.from(plan.lower)).toEqual([0, 1, 2, 3]);
    expect(Array.from(plan.weightUpper)).toEqual([0, 0, 0, 0]);
    expect(plan.gaps).toEqual([]);
  });

  it('planRegularSlices(positions) fills missing slices at the dominant step (closed form weights)', () => {
    // 0, 3, 6, 15: two 3-mm steps → step 3; 9 and 12 missing between 6 and 15 (weights 1/3, 2/3).
    const plan = planRegularSlices([0, 3, 6, 15]);
    expect(plan.planeCount).toBe(6);
    expect(Array.from(plan.lower)).toEqual([0, 1, 2, 2, 2, 3]);
    expect(Array.from(plan.upper)).toEqual([0, 1, 2, 3, 3, 3]);
    expect(plan.weightUpper[3]).toBeCloseTo(1 / 3, 12);
    expect(plan.weightUpper[4]).toBeCloseTo(2 / 3, 12);
    expect(plan.gaps).toEqual([{ fromMm: 6, toMm: 15, kind: 'missing', interpolatedMm: [9, 12] }]);
  });

  it('planRegularSlices(positions) marks uneven spacing and never extrapolates past the last slice', () => {
    const plan = planRegularSlices([0, 3, 6, 8.5, 11.5]);
    expect(plan.stepMm).toBe(3);
    expect(plan.planeCount).toBe(4); // 0, 3, 6, 9 (12 would lie beyond 11.5)
    expect(plan.gaps).toEqual([{ fromMm: 8.5, toMm: 11.5, kind: 'uneven', interpolatedMm: [9] }]);
    expect(plan.uncoveredLastMm).toBe(11.5);
  });

  it('fillRegularPlanes(plan, size, source, out) blends neighbouring planes linearly', () => {
    const plan = planRegularSlices([0, 2, 6]); // step 2 (tie 2 vs 4 → smaller); plane at 4 is halfway between 2 and 6
    const sources = [new Float32Array([0, 1]), new Float32Array([10, 11]), new Float32Array([30, 31])];
    const out = new Float32Array(2 * plan.planeCount);
    fillRegularPlanes(plan, 2, (i) => sources[i], out);
    expect(Array.from(out)).toEqual([0, 1, 10, 11, 20, 21, 30, 31]);
  });

  it('planRegularSlices(positions) throws InputError for fewer than two or unsorted positions', () => {
    expect(() => planRegularSlices([1])).toThrow(InputError);
    expect(() => planRegularSlices([0, 3, 3])).toThrow(InputError);
    expect(() => planRegularSlices([0, Number.NaN])).toThrow(InputError);
  });
});
