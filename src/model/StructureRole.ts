/**
 * Clinical role of a structure after TG-263 name mapping. Drives proximity rules, constraints and
 * density assignment. 'unknown' is kept (never guessed) and reported to the user.
 */
export const STRUCTURE_ROLES = [
  'body',
  'lung',
  'lung-left',
  'lung-right',
  'chest-wall',
  'heart',
  'great-vessels',
  'esophagus',
  'trachea',
  'proximal-bronchial-tree',
  'mediastinum',
  'spinal-cord',
  'spinal-cord-prv',
  'ribs',
  'brachial-plexus',
  'skin',
  'stomach',
  'gtv',
  'itv',
  'ptv',
  'ctv',
  'ring',
  'support',
  'unknown',
] as const;

export type StructureRole = (typeof STRUCTURE_ROLES)[number];

export const TARGET_ROLES: readonly StructureRole[] = ['gtv', 'itv', 'ctv', 'ptv'];

export function isStructureRole(value: string): value is StructureRole {
  return (STRUCTURE_ROLES as readonly string[]).includes(value);
}
