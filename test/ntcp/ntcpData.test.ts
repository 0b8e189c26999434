import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import flagsJson from '../../dose-models/ntcp/sbrt-lung-dose-flags.json';
import modelsJson from '../../dose-models/ntcp/pneumonitis-models.json';
import flagsSchema from '../../dose-models/schemas/ntcp-lung-dose-flags.schema.json';
import modelsSchema from '../../dose-models/schemas/ntcp-pneumonitis-models.schema.json';

const validator = (schema: object) => new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('dose-models/ntcp data', () => {
  it('pneumonitis-models.json validates against ntcp-pneumonitis-models.schema.json', () => {
    const validate = validator(modelsSchema);
    expect(validate(modelsJson), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('sbrt-lung-dose-flags.json validates against ntcp-lung-dose-flags.schema.json', () => {
    const validate = validator(flagsSchema);
    expect(validate(flagsJson), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('the models schema rejects an unverified parameter in a model shown by default, an id without a year and a bad kind', () => {
    const validate = validator(modelsSchema);
    const unverified = clone(modelsJson) as unknown as { models: { parameters: { status: string }[]; id: string; kind: string }[] };
    unverified.models[0].parameters[0].status = 'unverified';
    expect(validate(unverified)).toBe(false);
    const noYear = clone(modelsJson) as unknown as typeof unverified;
    noYear.models[0].id = 'lkb-seppenwoolde';
    expect(validate(noYear)).toBe(false);
    const badKind = clone(modelsJson) as unknown as typeof unverified;
    badKind.models[0].kind = 'weibull';
    expect(validate(badKind)).toBe(false);
  });

  it('no shipped model uses an unverified parameter set (Kwa m, Borst, the CERR Jackson logit are absent)', () => {
    // physics.md §2.2/§9: these parameters are UNVERIFIED and must not be defaults.
    const ids = (modelsJson as { models: { id: string }[] }).models.map((m) => m.id);
    expect(ids.some((id) => /kwa|borst|jackson/.test(id))).toBe(false);
  });

  it('the flags schema rejects a "<" comparator (flags are raised at or above a value)', () => {
    const validate = validator(flagsSchema);
    const bad = clone(flagsJson) as unknown as { flags: { flaggedWhen: { comparator: string } }[] };
    bad.flags[0].flaggedWhen.comparator = '<';
    expect(validate(bad)).toBe(false);
  });
});
