import { describe, expect, it } from 'vitest';
import { resolveSessionGroups } from '../../src/lung/SessionGrouping';

const nodules = [
  { name: 'A', fractions: 3 },
  { name: 'B', fractions: 1 },
  { name: 'C', fractions: 3 },
  { name: 'D', fractions: 1 },
];

describe('resolveSessionGroups', () => {
  it('resolveSessionGroups groups by fraction count by default, sorted by fractions', () => {
    expect(resolveSessionGroups(nodules).map((g) => [g.fractions, g.noduleNames])).toEqual([[1, ['B', 'D']], [3, ['A', 'C']]]);
  });

  it("resolveSessionGroups with 'each-nodule-separately' makes one group per nodule", () => {
    expect(resolveSessionGroups(nodules, 'each-nodule-separately').map((g) => g.noduleNames)).toEqual([['B'], ['D'], ['A'], ['C']]);
  });

  it('resolveSessionGroups with explicit sessions keeps them, throws on mixed counts, splits them when asked', () => {
    const sessions = { sessions: [['A'], ['C'], ['B', 'D']] };
    expect(resolveSessionGroups(nodules, sessions).map((g) => g.noduleNames)).toEqual([['B', 'D'], ['A'], ['C']]);
    const mixed = { sessions: [['A', 'B'], ['C', 'D']] };
    expect(() => resolveSessionGroups(nodules, mixed)).toThrow(expect.objectContaining({ code: 'mixed-session-fractions' }));
    expect(resolveSessionGroups(nodules, mixed, 'split').map((g) => g.noduleNames)).toEqual([['B'], ['D'], ['A'], ['C']]);
    expect(() => resolveSessionGroups(nodules, { sessions: [['A', 'C'], ['B', 'D'], ['A']] })).toThrow(expect.objectContaining({ code: 'bad-session-grouping' }));
    expect(() => resolveSessionGroups(nodules, { sessions: [['A', 'C'], ['B', 'X']] })).toThrow(expect.objectContaining({ code: 'bad-session-grouping' }));
  });
});
