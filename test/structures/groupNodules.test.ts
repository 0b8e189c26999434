import { describe, expect, it } from 'vitest';
import type { StructureRole } from '../../src/model/StructureRole';
import { groupNodules, noduleKey } from '../../src/structures/groupNodules';
import { assignRoles } from '../../src/structures/assignRoles';
import { BRAIN_SRS_VOLUME_ROIS, LUNG_2018_ROIS, roi } from './roiFixtures';

const s = (name: string, role: StructureRole) => ({ name, role });

describe('groupNodules', () => {
  it('noduleKey(name) strips the target prefix, separators and leading zeros', () => {
    expect(['GTV_1', 'ITV1', 'PTV_01', 'ptv 1', 'IGTV-1'].map((n) => noduleKey(n))).toEqual(['1', '1', '1', '1', '1']);
    expect(noduleKey('GTV_RUL')).toBe('RUL');
    expect(noduleKey('PTV')).toBe('');
    expect(noduleKey('Breast')).toBe('BREAST');
  });

  it('groupNodules pairs GTV_1/ITV_1/PTV_1 into one nodule', () => {
    expect(groupNodules([s('GTV_1', 'gtv'), s('ITV_1', 'itv'), s('PTV_1', 'ptv')])).toEqual([{ name: '1', gtv: 'GTV_1', itv: 'ITV_1', ptv: 'PTV_1' }]);
  });

  it('groupNodules pairs GTV_RUL with PTV_RUL and keeps a differently-suffixed GTV apart (no spatial matching)', () => {
    expect(groupNodules([s('GTV_RUL', 'gtv'), s('GTV_LLL', 'gtv'), s('PTV_RUL', 'ptv')])).toEqual([
      { name: 'RUL', gtv: 'GTV_RUL', ptv: 'PTV_RUL' },
      { name: 'LLL', gtv: 'GTV_LLL' },
    ]);
  });

  it('groupNodules(lung 2018 case, README §4): PTV_PRIMARY and PTV_LN are two nodules with a PTV only', () => {
    const { structures } = assignRoles(LUNG_2018_ROIS.map(([n, t]) => roi(n, t)));
    expect(groupNodules(structures)).toEqual([
      { name: 'LN', ptv: 'PTV_LN' },
      { name: 'PRIMARY', ptv: 'PTV_PRIMARY' },
    ]);
  });

  it('groupNodules(brain SRS case, README §5): five GTV/PTV pairs; unions and walls are not nodules', () => {
    const { structures } = assignRoles(BRAIN_SRS_VOLUME_ROIS.map(([n, t]) => roi(n, t)));
    expect(groupNodules(structures)).toEqual([1, 2, 3, 4, 5].map((k) => ({ name: String(k), gtv: `GTV_${k}`, ptv: `PTV_${k}` })));
  });

  it('groupNodules names an unsuffixed set after its outermost structure', () => {
    expect(groupNodules([s('GTV', 'gtv'), s('PTV', 'ptv')])).toEqual([{ name: 'PTV', gtv: 'GTV', ptv: 'PTV' }]);
    expect(groupNodules([s('IGTV', 'itv')])).toEqual([{ name: 'IGTV', itv: 'IGTV' }]);
  });

  it('groupNodules never drops a structure: a second GTV for the same key becomes its own nodule', () => {
    const nodules = groupNodules([s('GTV_1', 'gtv'), s('GTV1', 'gtv'), s('PTV_01', 'ptv')]);
    expect(nodules).toEqual([
      { name: '1', gtv: 'GTV_1', ptv: 'PTV_01' },
      { name: 'GTV1', gtv: 'GTV1' },
    ]);
  });

  it('groupNodules ignores CTV, ring, support and organ roles, and names a type-only target after itself', () => {
    const nodules = groupNodules([s('CTV_1', 'ctv'), s('PTV1_WALL', 'ring'), s('PTV_ALL', 'support'), s('Heart', 'heart'), s('Breast', 'gtv')]);
    expect(nodules).toEqual([{ name: 'Breast', gtv: 'Breast' }]);
  });

  it('groupNodules returns [] when there is no target', () => {
    expect(groupNodules([s('Heart', 'heart')])).toEqual([]);
  });
});
