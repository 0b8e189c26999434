// Expected roles are the decisions documented in docs/structure-roles.md; ROI names and types are
// copied from /work/shared/validation/README.md (sections 2-5) via roiFixtures.ts.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import type { StructureRole } from '../../src/model/StructureRole';
import { assignRole, UNKNOWN_ROLE_REASON } from '../../src/structures/assignRole';
import { thoraxStructureNameRules as rules } from '../../src/structures/thoraxStructureNameRules';
import { BRAIN_SRS_POINT_ROIS, BRAIN_SRS_VOLUME_ROIS, DICOMPYLER_ROIS, LUNG_2018_ROIS, roi } from './roiFixtures';

const roleOf = (name: string, type = ''): StructureRole => assignRole(roi(name, type), rules).role;

describe('assignRole: names from the brief', () => {
  // name → role; type '' so that the name alone must decide.
  const cases: readonly (readonly [string, StructureRole])[] = [
    ['CHEST WALL', 'chest-wall'], ['ChestWall', 'chest-wall'], ['CW', 'chest-wall'], ['Chestwall', 'chest-wall'],
    ["LUNGS-ITV's", 'lung'], ['Lungs', 'lung'], ['Lung_L', 'lung-left'], ['Lt Lung', 'lung-left'], ['Lung Lt', 'lung-left'],
    ['Lung_R', 'lung-right'], ['Rt Lung', 'lung-right'],
    ['LUNG_TOTAL', 'lung'], ['Lungs-GTV', 'lung'], ['Lungs-ITV', 'lung'],
    ['HEART4', 'heart'], ['Heart', 'heart'], ['Pericardium', 'heart'],
    ['GREAT VESSELS', 'great-vessels'], ['GreatVes', 'great-vessels'], ['Aorta', 'great-vessels'], ['A_Pulmonary', 'great-vessels'], ['V_Venacava_S', 'great-vessels'],
    ['ESOPHAGUS', 'esophagus'], ['Esophagus', 'esophagus'], ['Oesophagus', 'esophagus'],
    ['TRACHEA', 'trachea'],
    ['Bronchus', 'proximal-bronchial-tree'], ['Bronchus_Main_L', 'proximal-bronchial-tree'], ['Bronchus_Main_R', 'proximal-bronchial-tree'],
    ['PBT', 'proximal-bronchial-tree'], ['Proximal Bronchial Tree', 'proximal-bronchial-tree'], ['BronchialTree', 'proximal-bronchial-tree'], ['Carina', 'proximal-bronchial-tree'],
    ['SPINAL CORD2', 'spinal-cord'], ['SpinalCord', 'spinal-cord'], ['Cord', 'spinal-cord'],
    ['SC PRV', 'spinal-cord-prv'], ['SpinalCord_PRV05', 'spinal-cord-prv'],
    ['BODY', 'body'], ['BODY_P6', 'body'], ['External', 'body'], ['Skin', 'skin'],
    ['Ribs', 'ribs'], ['Rib', 'ribs'], ['BrachialPlexus', 'brachial-plexus'], ['Stomach', 'stomach'], ['Mediastinum', 'mediastinum'],
  ];
  for (const [name, role] of cases) {
    it(`assignRole('${name}') is ${role}`, () => expect(roleOf(name)).toBe(role));
  }
});

describe('assignRole: normalisation and pattern rules', () => {
  it('assignRole ignores case, spaces, underscores, hyphens and apostrophes in TG-263 names', () => {
    for (const name of ['chest wall', 'Chest_Wall', 'chest-wall', 'CHESTWALL', 'Spinal-Cord', 'lung l']) expect(roleOf(name), name).not.toBe('unknown');
    expect(roleOf('Lungs-ITV’s')).toBe('lung'); // typographic apostrophe
  });

  it('assignRole strips one or two trailing version digits only for table names (HEART4), never for targets', () => {
    expect(assignRole(roi('HEART4'), rules).roleReason).toBe("TG-263 name Heart, after removing version suffix '4'");
    expect(roleOf('Esophagus12')).toBe('esophagus');
    expect(roleOf('Esophagus123')).toBe('unknown'); // three digits are not a version suffix
    expect(assignRole(roi('PTV2'), rules)).toEqual({ role: 'ptv', roleReason: 'name starts with PTV' });
  });

  it('assignRole applies the numbered/sided pattern rules (Rib05_L, SpinalCord_PRV03, Bronchus_Main_Intermedius...)', () => {
    expect(roleOf('Rib05_L')).toBe('ribs');
    expect(roleOf('Rib12_R')).toBe('ribs');
    expect(roleOf('SpinalCord_PRV03')).toBe('spinal-cord-prv');
    expect(roleOf('PRV_Cord_5mm')).toBe('spinal-cord-prv');
    expect(roleOf('Bronchus_Intermedius')).toBe('proximal-bronchial-tree');
    expect(roleOf('A_Aorta_Desc')).toBe('great-vessels');
    expect(roleOf('BrachialPlexus_Lt')).toBe('brachial-plexus');
    expect(roleOf('CW_R')).toBe('chest-wall');
    expect(assignRole(roi('Rib05_L'), rules).roleReason).toContain('pattern ribs-numbered');
  });

  it('assignRole does not map organ parts or PRVs of other organs to an organ role', () => {
    // Lobes and partial organs would distort whole-organ metrics (mean lung dose); they stay unknown.
    for (const name of ['Lung_RUL', 'Esophagus_NAdj', 'Heart_PRV05', 'SpinalCanal', 'CW3cm_L']) expect(roleOf(name), name).toBe('unknown');
  });
});

describe('assignRole: targets and exclusions', () => {
  it('assignRole finds targets by name prefix alone (GTV*, IGTV*, ITV*, PTV*, CTV*)', () => {
    expect(roleOf('GTV_1')).toBe('gtv');
    expect(roleOf('GTV1')).toBe('gtv');
    expect(roleOf('GTV-RUL')).toBe('gtv'); // '-' before a word that is not a structure is only a separator
    expect(roleOf('IGTV')).toBe('itv');
    expect(roleOf('iGTV_2')).toBe('itv');
    expect(roleOf('ITV_1')).toBe('itv');
    expect(roleOf('PTV_RUL')).toBe('ptv');
    expect(roleOf('CTV_1')).toBe('ctv');
  });

  it('assignRole makes rings and shells role ring, even with RTROIInterpretedType PTV', () => {
    expect(assignRole(roi('D2CM LN', 'PTV'), rules)).toEqual({ role: 'ring', roleReason: "ring for the D2cm metric (RTOG 0915: maximum dose 2 cm from the PTV) (name contains 'D2CM'); not a target" });
    expect(roleOf('PTV1_WALL', 'PTV')).toBe('ring');
    expect(roleOf('Ring_PTV')).toBe('ring');
    expect(roleOf('PTVring2')).toBe('ring');
    expect(roleOf('Shell5mm')).toBe('ring');
    // WALL alone is not a ring: only with a target token (Bladder_Wall is an organ wall).
    expect(roleOf('Bladder_Wall')).toBe('unknown');
  });

  it('assignRole excludes unions of targets (support) and leaves unions of organs unknown', () => {
    expect(assignRole(roi('PTV_TOTAL', 'PTV'), rules)).toEqual({ role: 'support', roleReason: "union of targets (name contains 'TOTAL'); excluded from targets" });
    expect(roleOf('GTV_ALL', 'GTV')).toBe('support');
    expect(roleOf('ptv 4 AND 5', 'PTV')).toBe('support');
    expect(roleOf('PTV1+PTV2', 'PTV')).toBe('support');
    expect(roleOf('PTVALL', 'PTV')).toBe('support');
    const organs = assignRole(roi('Heart+GreatVes', 'ORGAN'), rules);
    expect(organs.role).toBe('unknown');
    expect(organs.roleReason).toContain("union of structures (name contains '+')");
  });

  it('assignRole treats subtractions as derived structures: lungs minus target is lung, the rest support', () => {
    expect(roleOf('Lung_L-ITV')).toBe('lung-left');
    expect(roleOf('Lungs minus GTV')).toBe('lung');
    expect(assignRole(roi('BRAIN - PTV'), rules)).toEqual({ role: 'support', roleReason: "'BRAIN' minus target 'PTV': derived structure, not a target" });
    expect(assignRole(roi('Heart-PTV'), rules).roleReason).toContain('not the whole heart');
    expect(roleOf('PTV-GTV', 'PTV')).toBe('support');
    expect(roleOf('PTV-Chestwall', 'PTV')).toBe('support');
  });

  it('assignRole makes planning helpers support (Low Dose Region, OPT, z_ prefix) but not OPTIC STRUCTURES', () => {
    expect(roleOf('Low Dose Region')).toBe('support');
    expect(roleOf('PTV_OPT', 'PTV')).toBe('support');
    expect(roleOf('z_Lung_avoid')).toBe('support');
    expect(roleOf('OPTIC STRUCTURES', 'ORGAN')).toBe('unknown');
  });

  it('assignRole uses RTROIInterpretedType only when no name rule applies, and asks for a check on type-only targets', () => {
    const breast = assignRole(roi('Breast', 'GTV'), rules);
    expect(breast.role).toBe('gtv');
    expect(breast.roleReason).toBe('RTROIInterpretedType GTV; the name has no GTV/ITV/PTV/CTV prefix, check that it is a target');
    expect(roleOf('Heart', 'PTV')).toBe('heart'); // the name wins over a contradicting type
    expect(roleOf('GTV_1', 'ORGAN')).toBe('gtv');
    expect(assignRole(roi('Outer skin line', 'EXTERNAL'), rules)).toEqual({ role: 'body', roleReason: 'RTROIInterpretedType EXTERNAL' });
  });

  it('assignRole makes POINT ROIs and device types support, whatever their name', () => {
    expect(assignRole(roi('ptv4', 'ISOCENTER', 'point'), rules)).toEqual({ role: 'support', roleReason: 'RTROIInterpretedType ISOCENTER: isocentre point, not a volume' });
    expect(assignRole(roi('GTV marker', '', 'point'), rules).role).toBe('support');
    expect(roleOf('Couch', 'SUPPORT')).toBe('support');
    expect(roleOf('Bolus 5mm', 'BOLUS')).toBe('support');
  });

  it('assignRole leaves unmatched names unknown with the documented reason, never guessed', () => {
    const hdn = assignRole(roi('HDn', 'CAVITY'), rules);
    expect(hdn).toEqual({ role: 'unknown', roleReason: `${UNKNOWN_ROLE_REASON}; RTROIInterpretedType CAVITY` });
    expect(assignRole(roi('Nodes'), rules)).toEqual({ role: 'unknown', roleReason: UNKNOWN_ROLE_REASON });
    expect(assignRole(roi('Lung_PTV_overlap'), rules).roleReason).toContain('does not start with one');
    expect(assignRole(roi('---'), rules).role).toBe('unknown');
  });
});

describe('assignRole: overrides', () => {
  it('assignRole applies an override before every rule, by exact name then by compact key', () => {
    expect(assignRole(roi('Heart'), rules, { Heart: 'support' })).toEqual({ role: 'support', roleReason: 'user role override' });
    expect(assignRole(roi('HDn', 'CAVITY'), rules, { hdn: 'support' })).toEqual({ role: 'support', roleReason: "user role override (entry 'hdn')" });
    expect(assignRole(roi('ptv4', 'ISOCENTER', 'point'), rules, { ptv4: 'ptv' }).role).toBe('ptv');
    expect(assignRole(roi('Heart'), rules, { Lung: 'lung' }).role).toBe('heart');
  });

  it('assignRole throws InputError for an override value that is not a role', () => {
    const bad = { Heart: 'cardiac' } as unknown as Record<string, StructureRole>;
    expect(() => assignRole(roi('Heart'), rules, bad)).toThrow(InputError);
  });
});

describe('assignRole on validation-file ROI names (README tables)', () => {
  it('assignRole gives the 15 ROIs of the lung 2018 case (README §4) their expected roles', () => {
    const expected: Record<string, StructureRole> = {
      BODY_P6: 'body', 'CHEST WALL': 'chest-wall', 'D2CM LN': 'ring', 'D2CM PRIMARY': 'ring', ESOPHAGUS: 'esophagus',
      'GREAT VESSELS': 'great-vessels', HEART4: 'heart', "LUNGS-ITV's": 'lung', PTV_LN: 'ptv', PTV_PRIMARY: 'ptv',
      PTV_TOTAL: 'support', 'SC PRV': 'spinal-cord-prv', 'SPINAL CORD2': 'spinal-cord', TRACHEA: 'trachea', HDn: 'unknown',
    };
    expect(LUNG_2018_ROIS).toHaveLength(15);
    for (const [name, type] of LUNG_2018_ROIS) expect(roleOf(name, type), name).toBe(expected[name]);
  });

  it('assignRole gives the brain SRS ROIs (README §5) target, ring, support and body roles', () => {
    const expected: Record<string, StructureRole> = {
      BODY: 'body', 'BRAIN - PTV': 'support', 'OPTIC STRUCTURES': 'unknown', 'BRAIN STEM': 'unknown',
      GTV_1: 'gtv', GTV_2: 'gtv', GTV_3: 'gtv', GTV_4: 'gtv', GTV_5: 'gtv', GTV_ALL: 'support',
      PTV_1: 'ptv', PTV_2: 'ptv', PTV_3: 'ptv', PTV_4: 'ptv', PTV_5: 'ptv', PTV_ALL: 'support', 'Low Dose Region': 'support',
      PTV1_WALL: 'ring', PTV2_WALL: 'ring', PTV3_WALL: 'ring', PTV4_WALL: 'ring', PTV5_WALL: 'ring',
      'ptv 4 AND 5': 'support', 'PTV 1 AND 2': 'support',
    };
    for (const [name, type] of BRAIN_SRS_VOLUME_ROIS) expect(roleOf(name, type), name).toBe(expected[name]);
    for (const name of BRAIN_SRS_POINT_ROIS) expect(assignRole(roi(name, 'ISOCENTER', 'point'), rules).role, name).toBe('support');
  });

  it('assignRole gives the dicompyler-core ROIs (README §2) roles; Breast and Tumor Bed Block are gtv by type', () => {
    const expected: Record<string, StructureRole> = {
      BODY: 'body', Areola: 'unknown', Borders: 'ctv', Breast: 'gtv', Heart: 'heart', 'Lt Lung': 'lung-left',
      Nodes: 'unknown', Scar: 'unknown', 'Tumor Bed': 'ctv', 'Tumor Bed Block': 'gtv',
    };
    for (const [name, type, hasContours] of DICOMPYLER_ROIS) {
      expect(assignRole(roi(name, type, hasContours ? 'volume' : 'empty'), rules).role, name).toBe(expected[name]);
    }
  });

  it('assignRole on the pydicom and Nelms ROIs (README §1, §3): patient → body, isocentres support, phantom solids unknown', () => {
    expect(roleOf('patient', 'EXTERNAL')).toBe('body');
    expect(assignRole(roi('Isocenter 1', 'ISOCENTER', 'point'), rules).role).toBe('support');
    expect(assignRole(roi('POI_1', '', 'empty'), rules).role).toBe('unknown');
    expect(roleOf('Sphere_10_0', 'ORGAN')).toBe('unknown');
  });
});
