import { describe, expect, it } from 'vitest';
import type { ConstraintRow } from '../../src/constraints/ConstraintTable';
import { constraintRowToEqd2, constraintToEqd2 } from '../../src/constraints/constraintToEqd2';
import { InputError } from '../../src/errors/InputError';

describe('constraintToEqd2', () => {
  it('constraintToEqd2 reproduces the physics.md §1.5 voxel EQD2 table (α/β 3 Gy)', () => {
    // physics.md §1.5: 20 Gy/1 fx → 92.0; 30 Gy/3 fx → 78.0; 10 Gy/5 fx → 10.0; 5 Gy/3 fx → 4.67 Gy.
    expect(constraintToEqd2(20, 1, 3)).toBeCloseTo(92, 10);
    expect(constraintToEqd2(30, 3, 3)).toBeCloseTo(78, 10);
    expect(constraintToEqd2(10, 5, 3)).toBeCloseTo(10, 10);
    expect(constraintToEqd2(5, 3, 3)).toBeCloseTo(4.6667, 4);
  });

  it('constraintToEqd2 leaves a limit given in 2 Gy fractions unchanged', () => {
    // Closed form: D·(2 + α/β)/(2 + α/β) = D when D/n = 2 Gy.
    expect(constraintToEqd2(60, 30, 3)).toBeCloseTo(60, 12);
  });

  it('constraintToEqd2 rejects negative limits, bad fraction counts and α/β', () => {
    expect(() => constraintToEqd2(-1, 1, 3)).toThrow(InputError);
    expect(() => constraintToEqd2(10, 0, 3)).toThrow(expect.objectContaining({ code: 'bad-fractions' }));
    expect(() => constraintToEqd2(10, 1, 0)).toThrow(expect.objectContaining({ code: 'bad-alpha-beta' }));
  });
});

describe('constraintRowToEqd2', () => {
  const base = { setId: 's', organ: 'o', role: 'lung', fractions: 3, source: 'src', status: 'verified' } as const;

  it('constraintRowToEqd2 converts limitGy of a dose metric and keeps the physical value', () => {
    const row: ConstraintRow = { ...base, id: 'a', metric: { kind: 'DxCc', volumeCc: 1 }, comparator: '<=', limitGy: 30 };
    // 30 Gy/3 fx, α/β 3 → 78 Gy (physics.md §1.5).
    const r = constraintRowToEqd2(row, 3);
    expect(r.limitGy).toBeCloseTo(78, 10);
    expect(r).toMatchObject({ physicalLimitGy: 30, alphaBetaGy: 3, metric: { kind: 'DxCc', volumeCc: 1 } });
  });

  it('constraintRowToEqd2 converts the dose threshold of a volume metric, not the volume limit', () => {
    const row: ConstraintRow = { ...base, id: 'b', metric: { kind: 'VxGyCc', doseGy: 30 }, comparator: '<', limitCc: 30 };
    const r = constraintRowToEqd2(row, 3);
    expect(r.metric).toEqual({ kind: 'VxGyCc', doseGy: expect.closeTo(78, 10) as number });
    expect(r).toMatchObject({ limitCc: 30, physicalThresholdGy: 30 });
    expect(r.physicalLimitGy).toBeUndefined();
  });
});
