import { describe, expect, it } from 'vitest';
import { voxelVolumeCc } from '../../src/geometry/Grid3';
import { lungStructureMask } from '../../src/lung/lungStructureMask';
import { maskFractionAt } from '../../src/voxelize/StructureMask';
import { LEFT_GTV_CC, LEFT_PTV_CC, LUNG_CC, RIGHT_GTV_CC, structure, syntheticThorax, THORAX_GRID, boxContours } from './lungFixtures';

describe('lungStructureMask', () => {
  it('lungStructureMask(case, grid) is both lungs minus the GTV, with the GTV volume excluded (closed form, partial voxels)', () => {
    const masks = lungStructureMask(syntheticThorax(), THORAX_GRID);
    expect(masks.definition).toBe('lungs-minus-gtv');
    // 2 × 122.4 cc lungs − 0.96 cc GTV (box volumes, fixture); the GTV's x edges at 21 and 29 mm cut voxels in half.
    expect(masks.total.volumeCc).toBeCloseTo(2 * LUNG_CC - LEFT_GTV_CC, 6);
    expect(masks.left?.volumeCc).toBeCloseTo(LUNG_CC - LEFT_GTV_CC, 6);
    expect(masks.right?.volumeCc).toBeCloseTo(LUNG_CC, 6);
    expect(masks.subtractedTargetNames).toEqual(['GTV1']);
    expect(masks.lungStructureNames).toEqual(['Lung_L', 'Lung_R']);
    expect(masks.perLungUnavailableReason).toBeNull();
    expect(masks.volumeOutsideDoseGridCc).toBe(0);
    // Voxel i = 35 spans x ∈ [20, 22]: the GTV takes [21, 22], half the voxel. y = 0 is inside voxel j = 18, z = 0 in k = 12.
    expect(maskFractionAt(masks.total, 35, 18, 12)).toBeCloseTo(0.5, 6);
    expect(maskFractionAt(masks.total, 36, 18, 12)).toBe(0);
    expect(maskFractionAt(masks.total, 34, 18, 12)).toBe(1);
    // The mask's stored volume is the sum of fractions × voxel volume.
    let sum = 0;
    for (const f of masks.total.fractions) sum += f;
    expect(sum * voxelVolumeCc(THORAX_GRID)).toBeCloseTo(masks.total.volumeCc, 6);
  });

  it("lungStructureMask(case, grid, { definition: 'lungs-minus-ptv' }) subtracts the PTV instead", () => {
    const masks = lungStructureMask(syntheticThorax(), THORAX_GRID, { definition: 'lungs-minus-ptv' });
    // 244.8 − 3.78 cc (fixture box volumes)
    expect(masks.total.volumeCc).toBeCloseTo(2 * LUNG_CC - LEFT_PTV_CC, 6);
    expect(masks.subtractedTargetNames).toEqual(['PTV1']);
    expect(masks.definitionText).toMatch(/PTV/);
  });

  it('lungStructureMask prefers the ITV over the GTV and subtracts the union once when targets overlap', () => {
    const c = syntheticThorax({ rightNodule: true });
    // ITV for N1: the GTV box widened to x ∈ [20, 30] (1.2 cc), containing the GTV.
    const withItv = { ...c, structures: [...c.structures, structure('ITV1', 'itv', boxContours(20, 30, -5, 5, -6, 6))], nodules: [{ ...c.nodules[0], itv: 'ITV1' }, c.nodules[1]] };
    const masks = lungStructureMask(withItv, THORAX_GRID);
    expect(masks.subtractedTargetNames).toEqual(['ITV1', 'GTV2']);
    // 244.8 − 1.2 (ITV 10 × 10 × 12 mm³) − 0.6 (right GTV) cc
    expect(masks.total.volumeCc).toBeCloseTo(2 * LUNG_CC - 1.2 - RIGHT_GTV_CC, 6);
    expect(masks.noduleSides.map((s) => [s.noduleName, s.side, s.method])).toEqual([['N1', 'left', 'overlap'], ['N2', 'right', 'overlap']]);
    expect(masks.noduleSides[0].targetName).toBe('ITV1');
    // The ITV centre x = 25 mm (patient left is +x in LPS).
    expect(masks.noduleSides[0].centroidMm?.xMm).toBeCloseTo(25, 6);
  });

  it('lungStructureMask with only a combined lung gives no per-lung masks and no nodule side, and says why', () => {
    const masks = lungStructureMask(syntheticThorax({ combinedLungOnly: true }), THORAX_GRID);
    expect(masks.total.volumeCc).toBeCloseTo(2 * LUNG_CC - LEFT_GTV_CC, 6);
    expect(masks.left).toBeNull();
    expect(masks.right).toBeNull();
    expect(masks.perLungUnavailableReason).toMatch(/lung-left and lung-right/);
    expect(masks.noduleSides[0].side).toBeNull();
    expect(masks.noduleSides[0].reason).toMatch(/not guessed/);
  });

  it('lungStructureMask reports lung outside the dose grid and notes nodules without targets', () => {
    // A grid covering z ∈ [−36, 24] only: 6 mm of each 60 mm lung (12.24 cc each) is outside.
    const shortGrid = { ...THORAX_GRID, dimensions: [50, 36, 20] as const };
    const c = syntheticThorax();
    const masks = lungStructureMask({ ...c, nodules: [...c.nodules, { name: 'N9' }] }, shortGrid);
    expect(masks.volumeOutsideDoseGridCc).toBeCloseTo(2 * 12.24, 4);
    expect(masks.total.clippedByGrid).toBe(true);
    expect(masks.notes.join('\n')).toMatch(/outside the dose grid/);
    expect(masks.notes.join('\n')).toMatch(/'N9' has no GTV\/ITV/);
  });

  it('lungStructureMask gives a nodule between the lungs its side from its centre against the mid-point of the lung centres', () => {
    const c = syntheticThorax();
    // GTV x ∈ [−5, −1] mm, outside both lungs (right lung ends at −6, left starts at 6); lung centres at x = ∓23, mid-point 0.
    const between = { ...c, structures: [...c.structures, structure('GTV3', 'gtv', boxContours(-5, -1, -5, 5, -6, 6))], nodules: [...c.nodules, { name: 'N3', gtv: 'GTV3' }] };
    const side = lungStructureMask(between, THORAX_GRID).noduleSides.find((s) => s.noduleName === 'N3');
    expect(side).toMatchObject({ side: 'right', method: 'centroid' });
    expect(side?.centroidMm?.xMm).toBeCloseTo(-3, 6);
  });

  it('lungStructureMask throws InputError no-lung without lung structures', () => {
    const c = syntheticThorax();
    expect(() => lungStructureMask({ ...c, structures: c.structures.filter((s) => !s.role.startsWith('lung')) }, THORAX_GRID)).toThrow(expect.objectContaining({ code: 'no-lung' }));
  });
});
