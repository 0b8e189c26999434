import { describe, expect, it } from 'vitest';
import { compactStructureName, normalizeStructureName, upperStructureName } from '../../src/structures/normalizeStructureName';

describe('normalizeStructureName', () => {
  it('normalizeStructureName(name) upper-cases and turns every separator run into one underscore', () => {
    expect(normalizeStructureName('CHEST WALL')).toBe('CHEST_WALL');
    expect(normalizeStructureName('  Lt  Lung ')).toBe('LT_LUNG');
    expect(normalizeStructureName('ptv 4 AND 5')).toBe('PTV_4_AND_5');
    expect(normalizeStructureName('BRAIN - PTV')).toBe('BRAIN_PTV');
    expect(normalizeStructureName('PTV1+PTV2')).toBe('PTV1_PTV2');
  });

  it('normalizeStructureName removes apostrophes (straight and typographic) and accents', () => {
    expect(normalizeStructureName("LUNGS-ITV's")).toBe('LUNGS_ITVS');
    expect(normalizeStructureName('LUNGS-ITV’s')).toBe('LUNGS_ITVS');
    expect(normalizeStructureName('Ösophagus')).toBe('OSOPHAGUS');
  });

  it('normalizeStructureName of a name without letters or digits is empty', () => {
    expect(normalizeStructureName(' - _ ')).toBe('');
  });

  it('compactStructureName makes spaces, underscores and hyphens irrelevant', () => {
    expect(new Set(['Chestwall', 'CHEST WALL', 'Chest_Wall', 'chest-wall'].map(compactStructureName))).toEqual(new Set(['CHESTWALL']));
    expect(compactStructureName('SPINAL CORD2')).toBe('SPINALCORD2');
  });

  it('upperStructureName keeps the operators that union and subtraction rules read', () => {
    expect(upperStructureName("Lungs-ITV's")).toBe('LUNGS-ITVS');
    expect(upperStructureName('PTV 1+2')).toBe('PTV 1+2');
  });
});
