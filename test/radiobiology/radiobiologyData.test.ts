import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import alphaBetaJson from '../../dose-models/radiobiology/alpha-beta.json';
import modelsJson from '../../dose-models/radiobiology/models.json';
import alphaBetaSchema from '../../dose-models/schemas/radiobiology-alpha-beta.schema.json';
import modelsSchema from '../../dose-models/schemas/radiobiology-models.schema.json';
import { alphaBetaForRole, alphaBetaTable, createAlphaBetaTable, type AlphaBetaData } from '../../src/radiobiology/alphaBetaTable';

function validator(schema: object) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(schema);
}

describe('radiobiology data files', () => {
  it('models.json validates against radiobiology-models.schema.json', () => {
    const validate = validator(modelsSchema);
    expect(validate(modelsJson), JSON.stringify(validate.errors)).toBe(true);
  });

  it('alpha-beta.json validates against radiobiology-alpha-beta.schema.json', () => {
    const validate = validator(alphaBetaSchema);
    expect(validate(alphaBetaJson), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schemas reject an unknown status and an unverified α/β default', () => {
    const models = structuredClone(modelsJson) as unknown as { models: { parameters: { status: string }[] }[] };
    models.models[0].parameters[0].status = 'probably';
    expect(validator(modelsSchema)(models)).toBe(false);
    const ab = structuredClone(alphaBetaJson) as unknown as { tissues: { status: string }[] };
    ab.tissues[1].status = 'unverified';
    expect(validator(alphaBetaSchema)(ab)).toBe(false);
  });

  it('alphaBetaForRole gives tumour 10, lung 3, airway/oesophagus/heart/vessels/chest wall/ribs 3, cord/plexus 2 (physics.md §1.2)', () => {
    expect(alphaBetaForRole('gtv')?.alphaBetaGy).toBe(10);
    expect(alphaBetaForRole('ptv')?.alphaBetaGy).toBe(10);
    expect(alphaBetaForRole('lung')?.alphaBetaGy).toBe(3);
    for (const role of ['trachea', 'proximal-bronchial-tree', 'esophagus', 'heart', 'great-vessels', 'chest-wall', 'ribs'] as const) {
      const entry = alphaBetaForRole(role);
      expect(entry?.alphaBetaGy, role).toBe(3);
      expect(entry?.institutional, role).toBe(true);
    }
    expect(alphaBetaForRole('spinal-cord')?.alphaBetaGy).toBe(2);
    expect(alphaBetaForRole('brachial-plexus')?.alphaBetaGy).toBe(2);
    expect(alphaBetaForRole('unknown')).toBeUndefined();
  });

  it('the lung α/β 4 Gy alternative is listed as unverified and is not the default', () => {
    const lung = alphaBetaTable.find((t) => t.id === 'lung');
    expect(lung?.alphaBetaGy).toBe(3);
    expect(lung?.alternatives.find((a) => a.alphaBetaGy === 4)?.status).toBe('unverified');
  });

  it('createAlphaBetaTable rejects unknown roles and duplicate role defaults', () => {
    const bad = structuredClone(alphaBetaJson) as unknown as { tissues: { roles: string[] }[] };
    bad.tissues[0].roles.push('lung');
    expect(() => createAlphaBetaTable(bad as unknown as AlphaBetaData)).toThrow(/role 'lung' already/);
    const unknown = structuredClone(alphaBetaJson) as unknown as { tissues: { roles: string[] }[] };
    unknown.tissues[0].roles.push('liver');
    expect(() => createAlphaBetaTable(unknown as unknown as AlphaBetaData)).toThrow(/unknown structure role 'liver'/);
  });
});
