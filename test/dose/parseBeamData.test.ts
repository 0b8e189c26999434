import { describe, expect, it } from 'vitest';
import { parseBeamData } from '../../src/dose/parseBeamData';

/** A small commissioned-style file: two cones, 3 TMR depths, 2 OCR depths × 3 radii (numbers are arbitrary but valid). */
function minimalFile(): Record<string, unknown> {
  const cone = (diameterMm: number, of: number) => ({
    diameterMm,
    outputFactor: { value: of, status: 'commissioned', source: 'clinic measurement 2024-05 (diode, corrected)' },
    tmr: { depthsMm: [0, 15, 100], values: [0.5, 1, 0.7] },
    ocr: { depthsMm: [15, 100], radiiMm: [0, diameterMm / 2, diameterMm], values: [[1, 0.5, 0.01], [1, 0.52, 0.02]] },
  });
  return {
    formatVersion: 1,
    id: 'clinic-ck-m6',
    label: 'Clinic CyberKnife M6 fixed cones',
    description: 'Commissioned 2024',
    commissioned: true,
    sourceAxisDistanceMm: 800,
    calibration: { doseGyPerMu: 0.01, referenceConeDiameterMm: 60, referenceDepthMm: 15, referenceSourceAxisDistanceMm: 800, source: 'TG-51 style calibration 2024', status: 'verified' },
    cones: [cone(60, 1), cone(10, 0.87)],
    assumptions: [],
    references: ['commissioning report'],
  };
}

const text = (value: unknown): string => JSON.stringify(value);

describe('parseBeamData', () => {
  it('parseBeamData(minimal commissioned file) reads it without issues, cones sorted by diameter', () => {
    const { value, issues } = parseBeamData(text(minimalFile()), 'clinic.json');
    expect(issues).toEqual([]);
    expect(value!.cones.map((c) => c.diameterMm)).toEqual([10, 60]);
    expect(Array.from(value!.cones[0].ocr)).toEqual([1, 0.5, 0.01, 1, 0.52, 0.02]);
    expect(value!.cones[0].ocrRadiiMm[2]).toBe(10);
  });

  it('parseBeamData(malformed JSON) gives one error with line and column and no value', () => {
    const { value, issues } = parseBeamData('{\n  "formatVersion": 1,\n  "id": oops\n}', 'bad.json');
    expect(value).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0].code).toBe('beam-data-malformed');
    expect(issues[0].message).toMatch(/line 3/);
  });

  it('parseBeamData rejects non-ascending TMR depths, naming the JSON path', () => {
    const file = minimalFile();
    (file.cones as { tmr: { depthsMm: number[] } }[])[1].tmr.depthsMm = [0, 100, 15];
    const { value, issues } = parseBeamData(text(file), 'f.json');
    expect(value).toBeUndefined();
    expect(issues.some((i) => i.code === 'beam-data-invalid' && i.message.includes('$.cones[1].tmr.depthsMm[2]'))).toBe(true);
  });

  it('parseBeamData rejects TMR values and depths of different lengths, and OCR rows of the wrong size', () => {
    const file = minimalFile();
    const cones = file.cones as { tmr: { values: number[] }; ocr: { values: number[][] } }[];
    cones[0].tmr.values = [0.5, 1];
    cones[1].ocr.values = [[1, 0.5], [1, 0.5, 0.1]];
    const { value, issues } = parseBeamData(text(file), 'f.json');
    expect(value).toBeUndefined();
    expect(issues.some((i) => i.message.includes('$.cones[0].tmr.values') && i.message.includes('2 values'))).toBe(true);
    expect(issues.some((i) => i.message.includes('$.cones[1].ocr.values[0]'))).toBe(true);
  });

  it('parseBeamData requires the OCR radii to start at 0 and a cone for the reference diameter', () => {
    const file = minimalFile();
    (file.cones as { ocr: { radiiMm: number[] } }[])[0].ocr.radiiMm = [1, 30, 60];
    (file.calibration as { referenceConeDiameterMm: number }).referenceConeDiameterMm = 50;
    const { value, issues } = parseBeamData(text(file), 'f.json');
    expect(value).toBeUndefined();
    expect(issues.some((i) => i.message.includes('radiiMm[0]'))).toBe(true);
  });

  it('parseBeamData(commissioned: false) needs the "generic, not commissioned" warning text and reports it', () => {
    const file = { ...minimalFile(), commissioned: false };
    expect(parseBeamData(text(file), 'f.json').value).toBeUndefined();
    const labelled = { ...file, warning: 'Generic, not commissioned: test tables' };
    const { value, issues } = parseBeamData(text(labelled), 'f.json');
    expect(value).toBeDefined();
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['beam-data-not-commissioned', 'warning']]);
  });

  it('parseBeamData warns (and still reads) when TMR is not 1 at the reference depth or OCR not 1 on the axis', () => {
    const file = minimalFile();
    const cones = file.cones as { tmr: { values: number[] }; ocr: { values: number[][] } }[];
    cones[1].tmr.values = [0.5, 0.95, 0.7];
    cones[1].ocr.values[1][0] = 0.9;
    const { value, issues } = parseBeamData(text(file), 'f.json');
    expect(value).toBeDefined();
    const warnings = issues.filter((i) => i.code === 'beam-data-warning').map((i) => i.message);
    expect(warnings).toHaveLength(2);
    expect(warnings.some((m) => m.includes('$.cones[1].tmr') && m.includes('reference depth 15 mm is 0.9500'))).toBe(true);
    expect(warnings.some((m) => m.includes('$.cones[1].ocr.values[1][0]') && m.includes('on the axis is 0.9'))).toBe(true);
  });

  it('parseBeamData rejects unknown properties and out-of-range calibration', () => {
    const file = { ...minimalFile(), extra: 1, calibration: { ...(minimalFile().calibration as object), doseGyPerMu: 10 } };
    const { value, issues } = parseBeamData(text(file), 'f.json');
    expect(value).toBeUndefined();
    expect(issues.some((i) => i.message.includes('$.extra'))).toBe(true);
    expect(issues.some((i) => i.message.includes('$.calibration.doseGyPerMu'))).toBe(true);
  });
});
