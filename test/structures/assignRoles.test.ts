// ROI names/types from /work/shared/validation/README.md via roiFixtures.ts; expected roles are the
// decisions in docs/structure-roles.md.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError';
import { assignRoles } from '../../src/structures/assignRoles';
import { parseRoleOverrides } from '../../src/structures/parseRoleOverrides';
import { DICOMPYLER_ROIS, LUNG_2018_ROIS, roi } from './roiFixtures';

const lungCase = () => LUNG_2018_ROIS.map(([name, type]) => roi(name, type));
const roles = (structures: readonly { name: string; role: string }[]) => Object.fromEntries(structures.map((s) => [s.name, s.role]));

describe('assignRoles', () => {
  it('assignRoles(lung 2018 case) keeps order and geometry, and finds PTV_PRIMARY and PTV_LN as the only targets', () => {
    const input = lungCase();
    const { structures, issues } = assignRoles(input);
    expect(structures.map((s) => s.name)).toEqual(input.map((s) => s.name));
    expect(structures[0].contours).toBe(input[0].contours);
    expect(structures.filter((s) => ['gtv', 'itv', 'ptv', 'ctv'].includes(s.role)).map((s) => s.name)).toEqual(['PTV_LN', 'PTV_PRIMARY']);
    // HDn (CAVITY) is the only unknown and is reported, not guessed.
    expect(issues).toEqual([expect.objectContaining({ code: 'role-unknown', severity: 'warning' })]);
    expect(issues[0].message).toContain("'HDn'");
  });

  it('assignRoles(..., { targets }) makes exactly the named structures targets and demotes the others to support', () => {
    const { structures, issues } = assignRoles(lungCase(), { targets: ['PTV_PRIMARY'] });
    const byName = roles(structures);
    expect(byName.PTV_PRIMARY).toBe('ptv');
    expect(byName.PTV_LN).toBe('support');
    expect(byName['D2CM LN']).toBe('ring');
    expect(structures.find((s) => s.name === 'PTV_LN')?.roleReason).toBe('not named by --targets (rules said ptv: name starts with PTV; RTROIInterpretedType PTV)');
    expect(structures.find((s) => s.name === 'PTV_PRIMARY')?.roleReason).toBe('named by --targets; name starts with PTV');
    expect(issues.map((i) => i.code)).toEqual(['role-unknown']);
  });

  it('assignRoles targets match case- and separator-insensitively, and a type-only target takes its kind from the type', () => {
    const { structures } = assignRoles(lungCase(), { targets: ['ptv primary', 'D2CM LN'] });
    const byName = roles(structures);
    expect(byName.PTV_PRIMARY).toBe('ptv');
    expect(byName['D2CM LN']).toBe('ptv'); // the user's explicit choice overrides the ring rule; kind from RTROIInterpretedType PTV
  });

  it('assignRoles reports a --targets name that does not exist as an error issue', () => {
    const { structures, issues } = assignRoles(lungCase(), { targets: ['PTV_PRIMARY', 'PTV_RUL'] });
    expect(issues).toContainEqual({ file: '', code: 'target-not-found', severity: 'error', message: "target 'PTV_RUL' named by --targets is not in the structure set" });
    expect(roles(structures).PTV_PRIMARY).toBe('ptv');
  });

  it('assignRoles reports a named target whose kind cannot be told, and takes the kind from an override when given', () => {
    const rois = [roi('Nodule A', 'ORGAN'), roi('Lungs', 'ORGAN')];
    const unknownKind = assignRoles(rois, { targets: ['Nodule A'] });
    expect(unknownKind.structures[0].role).toBe('unknown');
    expect(unknownKind.issues.map((i) => i.code)).toEqual(['target-kind-unknown', 'no-targets']);
    const withOverride = assignRoles(rois, { targets: ['Nodule A'], overrides: { 'Nodule A': 'gtv' } });
    expect(withOverride.structures[0]).toMatchObject({ role: 'gtv', roleReason: 'named by --targets; role from the user role override' });
    expect(withOverride.issues).toEqual([]);
  });

  it('assignRoles throws InputError("bad-targets") for an empty target list or a blank name', () => {
    expect(() => assignRoles(lungCase(), { targets: [] })).toThrow(InputError);
    expect(() => assignRoles(lungCase(), { targets: ['PTV_LN', ' '] })).toThrow(/blank target name/);
  });

  it('assignRoles applies a parsed override file first and names it in reasons and issues', () => {
    const parsed = parseRoleOverrides('{ "HDn": "support", "GREAT VESSELS": "heart", "Ghost": "lung" }', 'case-roles.json');
    expect(parsed.issues).toEqual([]);
    const { structures, issues } = assignRoles(lungCase(), { overrides: parsed.value, overridesSource: 'case-roles.json' });
    const hdn = structures.find((s) => s.name === 'HDn');
    expect(hdn).toMatchObject({ role: 'support', roleReason: 'user role override in case-roles.json' });
    expect(roles(structures)['GREAT VESSELS']).toBe('heart');
    expect(issues).toEqual([{ file: 'case-roles.json', code: 'override-not-found', severity: 'warning', message: "case-roles.json: role override for 'Ghost' matches no structure" }]);
  });

  it('assignRoles with a bad override file: the parse issues name the file and the rules run unchanged', () => {
    const parsed = parseRoleOverrides('{ "HDn": "cavity" ', 'bad-roles.json');
    expect(parsed.value).toBeUndefined();
    expect(parsed.issues[0].file).toBe('bad-roles.json');
    const { structures } = assignRoles(lungCase(), { overrides: parsed.value });
    expect(roles(structures).HDn).toBe('unknown');
  });

  it('assignRoles warns about targets found only through RTROIInterpretedType (dicompyler-core, README §2)', () => {
    const rois = DICOMPYLER_ROIS.map(([name, type, hasContours]) => roi(name, type, hasContours ? 'volume' : 'empty'));
    const { issues } = assignRoles(rois);
    const typeOnly = issues.filter((i) => i.code === 'target-by-type-only').map((i) => i.message.split("'")[1]);
    expect(typeOnly).toEqual(['Borders', 'Breast', 'Tumor Bed', 'Tumor Bed Block']);
    expect(issues.filter((i) => i.code === 'role-unknown').map((i) => i.message.split("'")[1])).toEqual(['Areola', 'Nodes', 'Scar']);
  });

  it('assignRoles warns when no target is found', () => {
    const { issues } = assignRoles([roi('Heart', 'ORGAN'), roi('BODY', 'EXTERNAL')]);
    expect(issues.map((i) => i.code)).toEqual(['no-targets']);
  });
});
