import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import rulesJson from '../../dose-models/protocols/lung-metastases-default.json';
import { parseProtocolRules } from '../../src/protocols/parseProtocolRules';
import { selectProtocol } from '../../src/protocols/selectProtocol';
import { noduleAt } from './protocolInputs';

type Mutable = Record<string, unknown> & { zoneRules: Record<string, unknown>[]; schedules: Record<string, unknown>[]; peripheral: Record<string, unknown> };
const clone = (): Mutable => structuredClone(rulesJson) as unknown as Mutable;

describe('parseProtocolRules', () => {
  it('parseProtocolRules(default file text) returns frozen rules equal to the file minus $schema', () => {
    const text = JSON.stringify(rulesJson);
    const { value, issues } = parseProtocolRules(text, 'rules.json');
    expect(issues).toEqual([]);
    const { $schema: _s, ...expected } = rulesJson;
    expect(value).toEqual(expected);
    expect(Object.isFrozen(value?.zoneRules[0])).toBe(true);
  });

  it('parseProtocolRules(user file) applies its own thresholds, edge and schedules', () => {
    const custom = clone();
    custom.id = 'my-clinic';
    custom.zoneRules[0].thresholdMm = 15; // central: 15 mm instead of 20
    custom.zoneRules[1].thresholdMm = 5; // chest wall: 5 mm instead of 10
    custom.zoneRules[1].measuredFrom = 'ptv';
    custom.schedules.push({ id: 'central-60gy-8fx', name: 'Central, 8 fractions', totalDoseGy: 60, fractions: 8, alternativeIds: [], source: 'clinic protocol', status: 'unverified' });
    custom.zoneRules[0].scheduleId = 'central-60gy-8fx';
    const { value: rules, issues } = parseProtocolRules(JSON.stringify(custom), 'my-clinic.json');
    expect(issues).toEqual([]);
    if (!rules) throw new Error('rules expected');
    // PTV distances are needed now that the chest-wall rule is measured from the PTV (without them the
    // chest wall would count as unknown → protective 45/3): PTV = GTV distances − 5 mm here.
    const ptvFar = { chestWall: 36.5, mediastinum: 58.7, bronchialTree: 30.3 };
    const at = (bronchialTree: number) => {
      const n = noduleAt({ bronchialTree });
      return { ...n, distancesMm: { ...n.distancesMm, fromPtv: { ...ptvFar, bronchialTree: bronchialTree - 5 } } };
    };
    // 18 mm from the bronchial tree: central under the default (≤ 20), beyond the custom 15 mm.
    expect(selectProtocol(at(18), rules).zone).toBe('peripheral');
    expect(selectProtocol(noduleAt({ bronchialTree: 18 }), rules).zone).toBe('chest-wall');
    const central = selectProtocol(at(14.9), rules);
    expect([central.zone, central.protocolId, central.totalDoseGy, central.fractions]).toEqual(['central', 'central-60gy-8fx', 60, 8]);
    // BED10 of 60/8: 60·(1 + 7.5/10) = 105.0 Gy (physics.md §1.5 row 60/8).
    expect(central.bed10Gy).toBeCloseTo(105, 10);
    // Chest wall now measured from the PTV edge with 5 mm: GTV 8 mm away, PTV 4 mm away → chest-wall.
    const nearWall = noduleAt({ chestWall: 8 });
    const withPtv = { ...nearWall, distancesMm: { ...nearWall.distancesMm, fromPtv: { chestWall: 4, mediastinum: 58, bronchialTree: 30 } } };
    expect(selectProtocol(withPtv, rules).zone).toBe('chest-wall');
    expect(selectProtocol(withPtv, rules).rationale).toContain('PTV_N1 is 4.0 mm from chest wall (4.0 mm ≤ 5 mm → chest-wall)');
    expect(selectProtocol(withPtv, rules).rulesId).toBe('my-clinic');
  });

  it('parseProtocolRules(malformed JSON) reports the file, line and column and returns no value', () => {
    const text = '{\n  "formatVersion": 1,\n  "id": "x",\n}';
    const { value, issues } = parseProtocolRules(text, 'broken.json');
    expect(value).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'broken.json', code: 'protocol-rules-malformed', severity: 'error' });
    expect(issues[0].message).toMatch(/^broken\.json: not valid JSON \(line 4, column 1: trailing comma/);
  });

  it('parseProtocolRules(bad values) names the file and the JSON path of every problem', () => {
    const bad = clone();
    bad.zoneRules[1].thresholdMm = 'ten';
    bad.zoneRules[2].scheduleId = 'chest-wall-50gy-5fx';
    bad.schedules[1].id = bad.schedules[0].id;
    bad.peripheral.extra = true;
    const { value, issues } = parseProtocolRules(JSON.stringify(bad), 'clinic.json');
    expect(value).toBeUndefined();
    const messages = issues.map((i) => i.message);
    expect(issues.every((i) => i.file === 'clinic.json' && i.code === 'protocol-rules-invalid' && i.severity === 'error')).toBe(true);
    expect(messages).toContain('clinic.json: $.zoneRules[1].thresholdMm: must be a number ≥ 0 and ≤ 200 mm, got "ten"');
    expect(messages.some((m) => m.startsWith("clinic.json: $.zoneRules[2].scheduleId: schedule 'chest-wall-50gy-5fx' is not defined"))).toBe(true);
    expect(messages.some((m) => m.startsWith("clinic.json: $.schedules[1].id: 'peripheral-30gy-1fx' is already used by $.schedules[0]"))).toBe(true);
    expect(messages.some((m) => m.startsWith('clinic.json: $.peripheral.extra: unknown property'))).toBe(true);
  });

  it('parseProtocolRules(non-object, missing parts, unknown alternative) returns issues, never throws', () => {
    expect(parseProtocolRules('[]', 'a.json').issues[0].message).toBe('a.json: $: must be an object, got an array');
    const missing = parseProtocolRules('{"formatVersion": 1}', 'b.json');
    expect(missing.value).toBeUndefined();
    expect(missing.issues.map((i) => i.message)).toContain("b.json: $: missing required property 'zoneRules'");
    const alt = clone();
    alt.schedules[0].alternativeIds = ['peripheral-20gy-1fx'];
    expect(parseProtocolRules(JSON.stringify(alt), 'c.json').issues.map((i) => i.message)[0]).toMatch(/^c\.json: \$\.schedules\[0\]\.alternativeIds\[0\]: schedule 'peripheral-20gy-1fx' is not defined/);
  });

  it('parseProtocolRules(file without zone rules) is usable with a warning', () => {
    const none = clone();
    none.zoneRules = [];
    const { value, issues } = parseProtocolRules(JSON.stringify(none), 'none.json');
    expect(value?.zoneRules).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'protocol-rules-warning', severity: 'warning' })]);
    expect(selectProtocol(noduleAt({ chestWall: 0 }), value!).zone).toBe('peripheral');
  });

  it('parseProtocolRules(the custom-rule example in docs/protocols.md) is valid and behaves as described there', () => {
    const markdown = readFileSync(new URL('../../docs/protocols.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1];
    expect(example).toBeDefined();
    const { value: rules, issues } = parseProtocolRules(example as string, 'docs example');
    expect(issues).toEqual([]);
    if (!rules) throw new Error('rules expected');
    const withPtv = (mediastinumPtvMm: number) => {
      const n = noduleAt({ mediastinum: 6 });
      return { ...n, distancesMm: { ...n.distancesMm, fromPtv: { chestWall: 36.5, mediastinum: mediastinumPtvMm, bronchialTree: 30.3 } } };
    };
    // PTV touching the mediastinum (0.0 mm ≤ 0 mm) → 45/3; 2 mm away → peripheral 30/1 despite the GTV being 6 mm away.
    expect(selectProtocol(withPtv(0), rules)).toMatchObject({ zone: 'mediastinal', totalDoseGy: 45, fractions: 3 });
    expect(selectProtocol(withPtv(2), rules)).toMatchObject({ zone: 'peripheral', totalDoseGy: 30, fractions: 1 });
  });
});
