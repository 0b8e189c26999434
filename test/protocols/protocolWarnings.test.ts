import { describe, expect, it } from 'vitest';
import { defaultProtocolRules as rules } from '../../src/protocols/defaultProtocolRules';
import { noduleWarnings, protocolWarnings } from '../../src/protocols/protocolWarnings';
import { selectProtocol } from '../../src/protocols/selectProtocol';
import { noduleAt } from './protocolInputs';

// Thresholds: clinical-context.md (study facts): > 10 nodules, > 20 mm Gamma Knife, > 40 mm beside the major bronchi, < 3 mm not recorded.
const codes = (diameterMm: number | null, bronchialTree: number | null = 35.3) => noduleWarnings(noduleAt({ bronchialTree }, { maxDiameterMm: diameterMm }), rules).map((w) => w.code);

describe('protocolWarnings', () => {
  it('protocolWarnings(11 nodules) warns about pneumonitis risk; 10 nodules do not', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => noduleAt({}, { noduleName: `N${i + 1}` }));
    const report = protocolWarnings(eleven, rules);
    expect(report.caseWarnings).toHaveLength(1);
    expect(report.caseWarnings[0]).toMatchObject({ code: 'too-many-nodules', severity: 'warning', status: 'secondary' });
    expect(report.caseWarnings[0].message).toMatch(/^11 nodules > 10: pneumonitis risk/);
    expect(report.caseWarnings[0].noduleName).toBeUndefined();
    expect(report.noduleWarnings).toHaveLength(11);
    expect(protocolWarnings(eleven.slice(0, 10), rules).caseWarnings).toEqual([]);
  });

  it('noduleWarnings(25 mm nodule) says not suitable for Gamma Knife; 20.0 mm does not', () => {
    expect(codes(25)).toEqual(['gamma-knife-size']);
    expect(noduleWarnings(noduleAt({}, { maxDiameterMm: 25 }), rules)[0].message).toMatch(/^N1: maximum diameter 25\.0 mm > 20 mm: not suitable for Gamma Knife/);
    expect(codes(20)).toEqual([]);
  });

  it('noduleWarnings(45 mm nodule near the bronchial tree) warns about severe pneumonitis; far away it does not; unknown distance counts as near', () => {
    expect(codes(45, 12)).toEqual(['gamma-knife-size', 'large-near-bronchi']);
    expect(codes(45, 20)).toEqual(['gamma-knife-size', 'large-near-bronchi']);
    expect(codes(45, 35.3)).toEqual(['gamma-knife-size']);
    expect(codes(40, 12)).toEqual(['gamma-knife-size']);
    const unknown = noduleWarnings(noduleAt({ bronchialTree: null }, { maxDiameterMm: 45 }), rules).find((w) => w.code === 'large-near-bronchi');
    expect(unknown?.message).toContain('distance to the major bronchi unknown');
  });

  it('noduleWarnings(2 mm nodule) says it is below the recorded size; 3.0 mm does not', () => {
    expect(codes(2)).toEqual(['below-recorded-size']);
    expect(codes(3)).toEqual([]);
  });

  it('noduleWarnings(planned: false) warns about a target without a plan; undefined does not', () => {
    expect(noduleWarnings(noduleAt({}, { planned: false }), rules).map((w) => w.code)).toEqual(['target-without-plan']);
    expect(noduleWarnings(noduleAt({}, { planned: true }), rules)).toEqual([]);
    expect(noduleWarnings(noduleAt({}), rules)).toEqual([]);
  });

  it('noduleWarnings(unknown diameter) gives one info instead of size warnings', () => {
    expect(noduleWarnings(noduleAt({}, { maxDiameterMm: null }), rules).map((w) => [w.code, w.severity])).toEqual([['diameter-unknown', 'info']]);
  });

  it('selectProtocol(...).warnings include the nodule warnings of the rule file', () => {
    const c = selectProtocol(noduleAt({ bronchialTree: 8 }, { maxDiameterMm: 45 }), rules);
    expect(c.warnings.map((w) => w.code)).toEqual(['gamma-knife-size', 'large-near-bronchi']);
  });
});
