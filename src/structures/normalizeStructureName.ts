/**
 * ROI-name normalisation shared by the role rules (docs/structure-roles.md, "Normalisation").
 * Pure string functions; no data tables here.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const QUOTES = /['"`\u00b4\u2018\u2019\u201c\u201d]/g;
const NON_ALPHANUMERIC_RUNS = /[^A-Z0-9]+/g;
const EDGE_UNDERSCORES = /^_+|_+$/g;

/**
 * Upper-case ROI name with accents and quotes removed but separators and operators ('-', '+', '&')
 * kept. Operator rules (union, subtraction) read this form. `"LUNGS-ITV's"` → `"LUNGS-ITVS"`.
 */
export function upperStructureName(name: string): string {
  return name.normalize('NFKD').replace(COMBINING_MARKS, '').replace(QUOTES, '').toUpperCase();
}

/**
 * The key token rules read: {@link upperStructureName}, then every run of characters other than
 * A–Z/0–9 replaced by one `_`, leading/trailing `_` removed.
 * `"CHEST WALL"` → `"CHEST_WALL"`, `"LUNGS-ITV's"` → `"LUNGS_ITVS"`, `"ptv 4 AND 5"` → `"PTV_4_AND_5"`.
 * A name made only of separators gives `""`.
 */
export function normalizeStructureName(name: string): string {
  return upperStructureName(name).replace(NON_ALPHANUMERIC_RUNS, '_').replace(EDGE_UNDERSCORES, '');
}

/**
 * The key without `_`, used to compare against TG-263 names and synonyms so that spaces, underscores
 * and hyphens never matter: `"CHEST WALL"`, `"Chest_Wall"` and `"Chestwall"` all give `"CHESTWALL"`.
 */
export function compactStructureName(name: string): string {
  return normalizeStructureName(name).replace(/_/g, '');
}
