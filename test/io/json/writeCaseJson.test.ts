import { beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/model/Case';
import type { Structure } from '../../../src/model/Structure';
import { caseFromJson } from '../../../src/io/json/caseFromJson';
import { readCaseJson } from '../../../src/io/json/readCaseJson';
import { writeCaseJson } from '../../../src/io/json/writeCaseJson';
import { buildDemoThorax } from '../../../src/phantom/buildDemoThorax';

// The parts of a structure that the JSON format carries (roleReason is rewritten on reading).
const carried = (s: Structure) => ({
  number: s.number,
  name: s.name,
  role: s.role,
  interpretedType: s.interpretedType,
  colorRgb: [...s.colorRgb],
  contours: s.contours.map((c) => ({ zMm: c.zMm, xy: Array.from(c.xyMm) })),
  points: s.points,
});

function readBack(text: string, fileName: string): Case {
  const read = readCaseJson(text, fileName);
  expect(read.issues).toEqual([]);
  const built = caseFromJson(read.value!, fileName);
  expect(built.issues).toEqual([]);
  return built.value!;
}

describe('writeCaseJson', () => {
  let demo: Case;
  beforeAll(() => {
    demo = buildDemoThorax({ includeCt: false }).case;
  });

  it('writeCaseJson(demo) → read gives the same structures, nodules and metadata (full precision)', () => {
    const back = readBack(writeCaseJson(demo), 'demo.json');
    expect(back.structures.map(carried)).toEqual(demo.structures.map(carried));
    expect(back.nodules).toEqual(demo.nodules);
    expect([back.id, back.description, back.frameOfReferenceUid]).toEqual([demo.id, demo.description, demo.frameOfReferenceUid]);
    expect(back.structures.every((s) => s.roleReason === 'role given in demo.json')).toBe(true);
  });

  it('readCaseJson → writeCaseJson → readCaseJson gives the same structures (round trip from text)', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      id: 'rt',
      structures: [
        { name: 'Ring', role: 'chest-wall', contours: [{ zMm: 0, pointsMm: [[-10, -10], [10, -10], [10, 10], [-10, 10]] }, { zMm: 0, pointsMm: [[-5, -5], [5, -5], [5, 5], [-5, 5]] }] },
        { name: 'Marker', contours: [], markersMm: [[1.5, -2.25, 3.125]] },
        { name: 'Blob', ellipsoid: { centerMm: [0.1, 0.2, 0.3], radiiMm: [3, 4, 5] } },
      ],
      nodules: [{ name: 'B', gtv: 'Blob' }],
    });
    const first = readCaseJson(text, 'a.json');
    const firstCase = caseFromJson(first.value!, 'a.json').value!;
    const second = readCaseJson(writeCaseJson(firstCase), 'b.json');
    expect(second.value!.structures).toEqual(first.value!.structures);
    expect(second.value!.nodules).toEqual(first.value!.nodules);
  });

  it('writeCaseJson(case, { decimalPlaces: 3 }) rounds coordinates to 1 µm and stays readable', () => {
    const text = writeCaseJson(demo, { decimalPlaces: 3 });
    expect(text.length).toBeLessThan(writeCaseJson(demo).length);
    const back = readBack(text, 'rounded.json');
    const a = back.structures[1].contours[10].xyMm;
    const b = demo.structures[1].contours[10].xyMm;
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(0.0005 + 1e-12);
  });

  it('writeCaseJson rejects non-finite coordinates (JSON cannot hold them) and bad decimalPlaces', () => {
    const broken: Case = { ...demo, structures: [{ ...demo.structures[0], contours: [{ zMm: 0, xyMm: new Float64Array([0, 0, Number.NaN, 1, 2, 2]) }] }] };
    expect(() => writeCaseJson(broken)).toThrow(/value 2 is NaN/);
    expect(() => writeCaseJson(demo, { decimalPlaces: 1.5 })).toThrow(/decimalPlaces/);
  });
});
