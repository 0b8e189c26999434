import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import rulesJson from '../../dose-models/protocols/lung-metastases-default.json';
import rulesSchema from '../../dose-models/schemas/protocol-rules.schema.json';
import { defaultProtocolRules } from '../../src/protocols/defaultProtocolRules';
import { validateProtocolRules } from '../../src/protocols/parseProtocolRules';

function schemaValidator() {
  return new Ajv2020({ allErrors: true, strict: true }).compile(rulesSchema);
}

type Mutable = Record<string, unknown> & { zoneRules: Record<string, unknown>[]; schedules: Record<string, unknown>[]; warningRules: Record<string, unknown>[] };
const clone = (): Mutable => structuredClone(rulesJson) as unknown as Mutable;

describe('protocol rule data', () => {
  it('lung-metastases-default.json validates against protocol-rules.schema.json', () => {
    const validate = schemaValidator();
    expect(validate(rulesJson), JSON.stringify(validate.errors)).toBe(true);
  });

  it('validateProtocolRules(lung-metastases-default.json) accepts it without issues', () => {
    const result = validateProtocolRules(rulesJson, 'default.json');
    expect(result.issues).toEqual([]);
    expect(result.value?.id).toBe('lung-metastases-default');
  });

  it('the default file holds the clinical-context schedules 30/1 (+24/1), 45/3, 36/3 and thresholds 20 / 10 / 10 mm', () => {
    // Schedules: clinical-context.md "Fractionation by location"; thresholds: clinical-context.md defaults (RTOG 0813 no-fly zone 2 cm, NCCN 1 cm).
    const byId = new Map(defaultProtocolRules.schedules.map((s) => [s.id, s]));
    const peripheral = byId.get(defaultProtocolRules.peripheral.scheduleId);
    expect([peripheral?.totalDoseGy, peripheral?.fractions]).toEqual([30, 1]);
    expect(peripheral?.alternativeIds.map((id) => [byId.get(id)?.totalDoseGy, byId.get(id)?.fractions])).toEqual([[24, 1]]);
    const rule = (organ: string) => defaultProtocolRules.zoneRules.find((r) => r.organ === organ);
    const central = rule('bronchialTree');
    expect([central?.zone, central?.thresholdMm, central?.priority, byId.get(central?.scheduleId ?? '')?.totalDoseGy, byId.get(central?.scheduleId ?? '')?.fractions]).toEqual(['central', 20, 1, 36, 3]);
    for (const [organ, zone] of [['chestWall', 'chest-wall'], ['mediastinum', 'mediastinal']]) {
      const r = rule(organ);
      expect([r?.zone, r?.thresholdMm, r?.priority, byId.get(r?.scheduleId ?? '')?.totalDoseGy, byId.get(r?.scheduleId ?? '')?.fractions], organ).toEqual([zone, 10, 2, 45, 3]);
    }
    // Every item carries a source and a status tag.
    for (const item of [...defaultProtocolRules.schedules, ...defaultProtocolRules.zoneRules, ...defaultProtocolRules.warningRules, defaultProtocolRules.peripheral, defaultProtocolRules.ruleOrder]) {
      expect(item.source.length).toBeGreaterThan(10);
      expect(['verified', 'secondary', 'derived', 'unverified']).toContain(item.status);
    }
  });

  it('the schema and validateProtocolRules both reject structural mistakes', () => {
    const mistakes: [string, (r: Mutable) => void][] = [
      ['threshold as a string', (r) => void (r.zoneRules[1].thresholdMm = '10')],
      ['negative threshold', (r) => void (r.zoneRules[1].thresholdMm = -1)],
      ['threshold in cm-sized nonsense', (r) => void (r.zoneRules[1].thresholdMm = 1000)],
      ['unknown organ', (r) => void (r.zoneRules[0].organ = 'hilum')],
      ['unknown measuredFrom', (r) => void (r.zoneRules[0].measuredFrom = 'ctv')],
      ['fractional fractions', (r) => void (r.schedules[0].fractions = 1.5)],
      ['zero dose', (r) => void (r.schedules[0].totalDoseGy = 0)],
      ['misspelt property', (r) => {
        r.zoneRules[0].thresholdmm = r.zoneRules[0].thresholdMm;
        delete r.zoneRules[0].thresholdMm;
      }],
      ['unknown status', (r) => void (r.zoneRules[0].status = 'probably')],
      ['unknown warning kind', (r) => void (r.warningRules[0].kind = 'age-above')],
      ['warning rule missing its threshold', (r) => void delete r.warningRules[1].thresholdMm],
      ['zone rule for the peripheral zone', (r) => void (r.zoneRules[0].zone = 'peripheral')],
      ['formatVersion 2', (r) => void (r.formatVersion = 2)],
    ];
    const validate = schemaValidator();
    for (const [what, mutate] of mistakes) {
      const bad = clone();
      mutate(bad);
      expect(validate(bad), `schema: ${what}`).toBe(false);
      const result = validateProtocolRules(bad, 'bad.json');
      expect(result.value, `parser: ${what}`).toBeUndefined();
      expect(result.issues.length, what).toBeGreaterThan(0);
    }
  });
});
