import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import tableJson from '../../dose-models/constraints/thorax-sbrt-default.json';
import schema from '../../dose-models/schemas/constraints-table.schema.json';
import { constraintLimit, constraintMetricLabel } from '../../src/constraints/ConstraintTable';
import { defaultConstraintTable } from '../../src/constraints/defaultConstraintTable';
import { STRUCTURE_ROLES } from '../../src/model/StructureRole';

const validator = () => new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const limits = (setId: string, role: string, fractions: number) =>
  defaultConstraintTable.rows
    .filter((r) => r.setId === setId && r.role === role && r.fractions === fractions)
    .map((r) => `${constraintMetricLabel(r.metric)} ${r.comparator} ${constraintLimit(r)}`);

describe('defaultConstraintTable', () => {
  it('thorax-sbrt-default.json validates against constraints-table.schema.json, whose roles are the StructureRoles', () => {
    const validate = validator();
    expect(validate(tableJson), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const schemaRoles = (schema as { $defs: { role: { enum: string[] } } }).$defs.role.enum;
    expect(schemaRoles).toEqual(STRUCTURE_ROLES.filter((r) => r !== 'unknown'));
  });

  it('the constraints schema rejects a criticalVolume row with an upper comparator and a Dmax row with limitCc', () => {
    const validate = validator();
    const copy = JSON.parse(JSON.stringify(tableJson)) as { rows: Record<string, unknown>[] };
    const lung = copy.rows.find((r) => r.id === 'tg101-lung-1fx-critical-1500cc')!;
    lung.comparator = '<=';
    expect(validate(copy)).toBe(false);
    const copy2 = JSON.parse(JSON.stringify(tableJson)) as { rows: Record<string, unknown>[] };
    copy2.rows[0] = { ...copy2.rows[0], metric: { kind: 'Dmax' }, limitGy: undefined, limitCc: 3 };
    delete copy2.rows[0].limitGy;
    expect(validate(copy2)).toBe(false);
  });

  it('defaultConstraintTable transcribes physics.md §5.1 TG-101 thoracic rows', () => {
    // physics.md §5.1 table (TG-101 via TG101-DB): volume threshold and point max per fraction count.
    expect(limits('aapm-tg101', 'spinal-cord', 1)).toEqual(['D0.35cc <= 10', 'D1.2cc <= 7', 'Dmax <= 14']);
    expect(limits('aapm-tg101', 'spinal-cord', 3)).toEqual(['D0.35cc <= 18', 'D1.2cc <= 12.3', 'Dmax <= 21.9']);
    expect(limits('aapm-tg101', 'spinal-cord', 5)).toEqual(['D0.35cc <= 23', 'D1.2cc <= 14.5', 'Dmax <= 30']);
    const serial: [string, number, [number, number][]][] = [
      ['esophagus', 5, [[11.9, 15.4], [17.7, 25.2], [19.5, 35]]],
      ['brachial-plexus', 3, [[14, 17.5], [20.4, 24], [27, 30.5]]],
      ['heart', 15, [[16, 22], [24, 30], [32, 38]]],
      ['great-vessels', 10, [[31, 37], [39, 45], [47, 53]]],
      ['trachea', 4, [[10.5, 20.2], [15, 30], [16.5, 40]]],
      ['proximal-bronchial-tree', 4, [[10.5, 20.2], [15, 30], [16.5, 40]]],
      ['ribs', 1, [[22, 30], [28.8, 36.9], [35, 43]]],
      ['skin', 10, [[23, 26], [30, 33], [36.5, 39.5]]],
      ['stomach', 10, [[11.2, 12.4], [16.5, 22.2], [18, 32]]],
    ];
    for (const [role, volumeCc, columns] of serial) {
      [1, 3, 5].forEach((fx, i) => expect(limits('aapm-tg101', role, fx), `${role} ${fx} fx`).toEqual([`D${volumeCc}cc <= ${columns[i][0]}`, `Dmax <= ${columns[i][1]}`]));
    }
    expect(limits('aapm-tg101', 'lung', 1)).toEqual(['critical volume < 7Gy >= 1500', 'critical volume < 7.4Gy >= 1000']);
    expect(limits('aapm-tg101', 'lung', 3)).toEqual(['critical volume < 11.6Gy >= 1500', 'critical volume < 12.4Gy >= 1000']);
    expect(limits('aapm-tg101', 'lung', 5)).toEqual(['critical volume < 12.5Gy >= 1500', 'critical volume < 13.5Gy >= 1000']);
  });

  it('defaultConstraintTable marks exactly the 3-fraction lung rows unverified and every row has a source', () => {
    // physics.md §5.1: "treat 3-fx lung numbers as UNVERIFIED against the primary".
    const unverified = defaultConstraintTable.rows.filter((r) => r.status === 'unverified').map((r) => r.id);
    expect(unverified).toEqual(['tg101-lung-3fx-critical-1500cc', 'tg101-lung-3fx-critical-1000cc']);
    for (const r of defaultConstraintTable.rows) expect(r.source.length, r.id).toBeGreaterThan(10);
    expect(defaultConstraintTable.pointDoseVolumeCc).toBe(0.035);
  });

  it('defaultConstraintTable transcribes the NCCN Table 3 (RTOG 0618/0813/0915) maxima and the Dunlap chest wall rows', () => {
    // physics.md §5.2 (NCCN Table 3): 1 / 3 / 4 / 5 fx maxima, NS and "105 % of Rx" cells absent.
    const nccn: [string, (number | null)[]][] = [
      ['spinal-cord', [14, 18, 26, 30]],
      ['esophagus', [15.4, 27, 30, null]],
      ['brachial-plexus', [17.5, 24, 27.2, 32]],
      ['heart', [22, 30, 34, null]],
      ['great-vessels', [37, null, 49, null]],
      ['trachea', [20.2, 30, 34.8, null]],
      ['proximal-bronchial-tree', [20.2, 30, 34.8, null]],
      ['ribs', [30, 30, 40, null]],
      ['skin', [26, 24, 36, 32]],
      ['stomach', [12.4, null, 27.2, null]],
    ];
    for (const [role, maxima] of nccn) {
      [1, 3, 4, 5].forEach((fx, i) => expect(limits('rtog-0813-0915-nccn', role, fx), `${role} ${fx} fx`).toEqual(maxima[i] === null ? [] : [`Dmax <= ${maxima[i]}`]));
    }
    // physics.md §5.3: chest wall V30 < 30 cm³ for 3–5 fractions.
    for (const fx of [3, 4, 5]) expect(limits('dunlap-2010', 'chest-wall', fx)).toEqual(['V30Gy[cc] < 30']);
    expect(limits('dunlap-2010', 'chest-wall', 1)).toEqual([]);
  });
});
