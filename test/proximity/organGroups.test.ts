import { describe, expect, it } from 'vitest';
import type { StructureRole } from '../../src/model/StructureRole';
import { organGroups } from '../../src/proximity/organGroups';
import { prepareStructure, type PreparedStructure } from '../../src/proximity/PreparedStructure';
import { boxStack } from './contourStacks';

function structures(list: readonly [string, StructureRole][]): PreparedStructure[] {
  return list.map(([name, role]) => prepareStructure({ name, role, contours: boxStack(0, 10, 0, 10, 0, 10, 0, 2.5) }, undefined)!);
}

describe('organGroups', () => {
  it('organGroups(full thorax) is contoured for all three groups; ribs join the chest wall; cord and unknown take no part', () => {
    const g = organGroups(structures([['CW', 'chest-wall'], ['Ribs', 'ribs'], ['Heart', 'heart'], ['GV', 'great-vessels'], ['Eso', 'esophagus'], ['Trachea', 'trachea'], ['PBT', 'proximal-bronchial-tree'], ['Cord', 'spinal-cord'], ['HDn', 'unknown']]));
    expect(g.chestWall).toMatchObject({ status: 'contoured', deriveChestWall: false, note: null });
    expect(g.chestWall.structures.map((s) => s.name)).toEqual(['CW', 'Ribs']);
    expect(g.mediastinum.structures.map((s) => s.name)).toEqual(['Heart', 'GV', 'Eso']);
    expect(g.bronchialTree.structures.map((s) => s.name)).toEqual(['Trachea', 'PBT']);
    expect(g.mediastinum.status).toBe('contoured');
    expect(g.bronchialTree.status).toBe('contoured');
  });

  it('organGroups(heart, trachea, body, lungs) derives the chest wall and flags partial mediastinum and bronchial tree', () => {
    const g = organGroups(structures([['BODY', 'body'], ['Lungs', 'lung'], ['HEART4', 'heart'], ['TRACHEA', 'trachea']]));
    expect(g.chestWall).toMatchObject({ status: 'derived', deriveChestWall: true });
    expect(g.mediastinum.status).toBe('partial');
    expect(g.mediastinum.note).toMatch(/not contoured: great vessels, oesophagus/);
    expect(g.bronchialTree.status).toBe('partial');
    expect(g.bronchialTree.note).toMatch(/only the trachea \(TRACHEA\)/);
  });

  it('organGroups(mediastinum role only) is contoured; ribs without body/lungs are a partial chest wall; nothing gives unknown', () => {
    expect(organGroups(structures([['Mediastinum', 'mediastinum']])).mediastinum.status).toBe('contoured');
    const ribsOnly = organGroups(structures([['Ribs', 'ribs'], ['BODY', 'body']]));
    expect(ribsOnly.chestWall.status).toBe('partial');
    expect(ribsOnly.chestWall.note).toMatch(/intercostal tissue is missing/);
    const none = organGroups([]);
    expect([none.chestWall.status, none.mediastinum.status, none.bronchialTree.status]).toEqual(['unknown', 'unknown', 'unknown']);
    expect(none.chestWall.note).toMatch(/no body and lungs/);
  });
});
