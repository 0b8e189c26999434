import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { densityGridFromCt } from '../../src/dose/densityGridFromCt';
import { densityGridFromStructures } from '../../src/dose/densityGridFromStructures';
import { genericDensityTable, GENERIC_DENSITY_TABLE_FILE } from '../../src/dose/defaultDoseModelData';
import { parseDensityTable } from '../../src/dose/parseDensityTable';
import { InputError } from '../../src/errors/InputError';
import { IDENTITY_DIRECTION, type GridGeometry } from '../../src/geometry/Grid3';
import type { Case } from '../../src/model/Case';
import type { Structure } from '../../src/model/Structure';
import type { StructureRole } from '../../src/model/StructureRole';
import { rectangleContour } from '../voxelize/contourFixtures';

const fileText = readFileSync(new URL('../../dose-models/density/hu-to-density.json', import.meta.url), 'utf8');

describe('density table (dose-models/density/hu-to-density.json)', () => {
  it('parseDensityTable(the bundled file) reads it with only the "not commissioned" warning', () => {
    const { value, issues } = parseDensityTable(fileText, GENERIC_DENSITY_TABLE_FILE);
    expect(issues.map((i) => i.code)).toEqual(['density-table-not-commissioned']);
    // The generic calibration points of the brief: air −1000 → 0.001 … dense bone 1500 → 1.85.
    expect(Array.from(value!.hu)).toEqual([-1000, -800, -100, 0, 40, 700, 1500]);
    expect(Array.from(value!.relativeElectronDensity)).toEqual([0.001, 0.2, 0.93, 1, 1.04, 1.4, 1.85]);
    expect(value!.roleLayers.map((l) => l.id)).toEqual(['body', 'lung', 'soft-tissue-organs', 'airways', 'bone', 'tumour']);
  });

  it('parseDensityTable rejects descending HU and a role listed twice', () => {
    const data = JSON.parse(fileText) as { huPoints: { hu: number }[]; roleLayers: { roles: string[] }[] };
    data.huPoints[2].hu = -900;
    data.roleLayers[1].roles.push('ribs');
    const { value, issues } = parseDensityTable(JSON.stringify(data), 't.json');
    expect(value).toBeUndefined();
    expect(issues.some((i) => i.message.includes('$.huPoints[2].hu'))).toBe(true);
    expect(issues.some((i) => i.message.includes("role 'ribs' is already listed"))).toBe(true);
  });
});

// 5 × 4 × 3 CT grid at 1 × 2 × 3 mm.
const ctGeometry: GridGeometry = { dimensions: [5, 4, 3], spacingMm: [1, 2, 3], originMm: [0, 0, 0], direction: IDENTITY_DIRECTION };

describe('densityGridFromCt', () => {
  it('densityGridFromCt maps HU piecewise-linearly (exact at the table points, linear between them)', () => {
    const hu = new Float32Array(60).fill(0);
    const probes: [number, number][] = [
      [-1000, 0.001], [-800, 0.2], [0, 1], [40, 1.04], [700, 1.4], [1500, 1.85],
      // Between points (closed form): −450 HU is halfway −800 … −100 → (0.2 + 0.93)/2; 370 HU halfway 40 … 700 → 1.22.
      [-450, (0.2 + 0.93) / 2], [370, (1.04 + 1.4) / 2], [-50, (0.93 + 1) / 2],
    ];
    probes.forEach(([h], n) => (hu[n * 3 + 1] = h));
    const { densityGrid, issues, source } = densityGridFromCt({ huGrid: { ...ctGeometry, data: hu }, seriesInstanceUid: '1', frameOfReferenceUid: '1' }, genericDensityTable);
    expect(source).toBe('ct');
    probes.forEach(([, rho], n) => expect(densityGrid.data[n * 3 + 1]).toBeCloseTo(rho, 6));
    expect(densityGrid.dimensions).toEqual([5, 4, 3]);
    expect(issues.map((i) => i.code)).toEqual(['density-table-not-commissioned']);
  });

  it('densityGridFromCt clamps HU outside the table and says how many voxels', () => {
    const hu = new Float32Array(60).fill(40);
    hu[0] = -3024;
    hu[1] = -1024;
    hu[2] = 3000;
    const { densityGrid, issues } = densityGridFromCt({ huGrid: { ...ctGeometry, data: hu }, seriesInstanceUid: '1', frameOfReferenceUid: '1' }, genericDensityTable);
    expect(densityGrid.data[0]).toBeCloseTo(0.001, 7);
    expect(densityGrid.data[2]).toBeCloseTo(1.85, 6);
    expect(issues.find((i) => i.code === 'density-below-table')!.message).toMatch(/^2 CT voxels below −?-1000 HU \(lowest -3024\)/);
    expect(issues.find((i) => i.code === 'density-above-table')!.message).toMatch(/^1 CT voxels above 1500 HU/);
  });

  it('densityGridFromCt throws on a NaN HU value', () => {
    const hu = new Float32Array(60);
    hu[17] = Number.NaN;
    expect(() => densityGridFromCt({ huGrid: { ...ctGeometry, data: hu }, seriesInstanceUid: '1', frameOfReferenceUid: '1' }, genericDensityTable)).toThrow(InputError);
  });
});

function box(name: string, role: StructureRole, number: number, x0: number, x1: number, y0: number, y1: number, z: number[]): Structure {
  return { number, name, role, roleReason: 'test', interpretedType: '', colorRgb: [0, 0, 0], contours: z.map((zMm) => rectangleContour(zMm, x0, x1, y0, y1)), points: [] };
}

function testCase(structures: Structure[]): Case {
  return { id: 't', description: '', frameOfReferenceUid: '1', structures, nodules: [], sources: [], issues: [] };
}

// Density grid 12 × 10 × 6 at 2 × 3 × 2.5 mm, voxel centres x = 1 … 23, y = 1.5 … 28.5, z = 0 … 12.5.
const grid: GridGeometry = { dimensions: [12, 10, 6], spacingMm: [2, 3, 2.5], originMm: [1, 1.5, 0], direction: IDENTITY_DIRECTION };
const planesZ = [0, 2.5, 5, 7.5, 10, 12.5];
const at = (i: number, j: number, k: number) => i + j * 12 + k * 120;

describe('densityGridFromStructures', () => {
  // Body x 0…20, y 0…24 (voxel faces, so full voxels); lung x 4…12, y 3…15; rib x 16…20, y 0…6; airway 6…8 × 18…21.
  const structures = [
    box('BODY', 'body', 1, 0, 20, 0, 24, planesZ),
    box('Lung_R', 'lung-right', 2, 4, 12, 3, 15, planesZ),
    box('Ribs', 'ribs', 3, 16, 20, 0, 6, planesZ),
    box('Trachea', 'trachea', 4, 6, 8, 18, 21, planesZ),
    box('GTV', 'gtv', 5, 8, 12, 9, 15, planesZ),
    box('PTV', 'ptv', 6, 2, 14, 0, 18, planesZ),
    box('Mystery', 'unknown', 7, 0, 4, 0, 3, planesZ),
  ];
  const { densityGrid, issues, source } = densityGridFromStructures(testCase(structures), grid, genericDensityTable);

  it('densityGridFromStructures paints body 1.0, lung 0.25, ribs 1.5, airway 0.5, GTV 1.0 and air outside', () => {
    expect(source).toBe('structures');
    // Values from dose-models/density/hu-to-density.json roleLayers / outsideBody.
    expect(densityGrid.data[at(0, 8, 2)]).toBeCloseTo(0.001, 6); // x 1, y 25.5 (voxel 24…27): outside the body, air
    expect(densityGrid.data[at(1, 2, 2)]).toBeCloseTo(1, 6); // x 3, y 7.5: body only (left of the lung)
    expect(densityGrid.data[at(2, 2, 2)]).toBeCloseTo(0.25, 6); // x 5, y 7.5: lung
    expect(densityGrid.data[at(8, 0, 2)]).toBeCloseTo(1.5, 6); // x 17, y 1.5: rib
    expect(densityGrid.data[at(3, 6, 2)]).toBeCloseTo(0.5, 6); // x 7, y 19.5: trachea (lumen + wall)
    expect(densityGrid.data[at(4, 4, 2)]).toBeCloseTo(1, 6); // x 9, y 13.5: GTV overrides the lung
    expect(densityGrid.data[at(11, 4, 2)]).toBeCloseTo(0.001, 6); // x 23: outside the body (air)
  });

  it('densityGridFromStructures leaves PTV unpainted and reports structures with unknown roles', () => {
    // x 3, y 16.5 lies in the PTV (x 2…14, y 0…18) and outside the lung: it keeps the body's 1.0.
    expect(densityGrid.data[at(1, 5, 2)]).toBeCloseTo(1, 6);
    const unpainted = issues.filter((i) => i.code === 'density-role-not-painted');
    expect(unpainted).toHaveLength(1);
    expect(unpainted[0].message).toMatch(/'Mystery' \(role unknown\)/);
  });

  it('densityGridFromStructures blends a structure edge that cuts a voxel in half', () => {
    // Lung edge x = 11 cuts voxel x 11 (10…12) in half: ρ = ½·1.0 + ½·0.25 = 0.625 (closed form).
    const half = densityGridFromStructures(testCase([box('BODY', 'body', 1, 0, 20, 0, 24, planesZ), box('Lung', 'lung', 2, 4, 11, 3, 15, planesZ)]), grid, genericDensityTable);
    expect(half.densityGrid.data[at(5, 2, 2)]).toBeCloseTo(0.625, 5);
  });

  it('densityGridFromStructures without a body structure starts from soft tissue and warns', () => {
    const { densityGrid: noBody, issues: noBodyIssues } = densityGridFromStructures(testCase([box('Lung', 'lung', 1, 4, 12, 3, 15, planesZ)]), grid, genericDensityTable);
    expect(noBodyIssues.map((i) => i.code)).toContain('density-no-body');
    expect(noBody.data[at(11, 9, 0)]).toBeCloseTo(1, 6);
    expect(noBody.data[at(2, 2, 2)]).toBeCloseTo(0.25, 6);
  });
});
