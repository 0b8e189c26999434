import type { NoduleTargets } from '../model/Case';
import type { Structure } from '../model/Structure';
import { normalizeStructureName } from './normalizeStructureName';
import type { StructureNameRules } from './StructureNameRules';
import { findTargetRule } from './assignRole';
import { thoraxStructureNameRules } from './thoraxStructureNameRules';

type Slot = 'gtv' | 'itv' | 'ptv';

interface Group {
  /** Set when the nodule is named after a structure rather than its key. */
  readonly structureName?: string;
  readonly key: string;
  gtv?: string;
  itv?: string;
  ptv?: string;
}

/**
 * The nodule key of a target name: the normalised name without its target prefix and separators,
 * a purely numeric key without leading zeros. GTV_1 / ITV1 / PTV_01 → "1", GTV_RUL → "RUL",
 * PTV → "" (and a name without a target prefix keeps its whole key: "BREAST").
 */
export function noduleKey(name: string, rules: StructureNameRules = thoraxStructureNameRules): string {
  const key = normalizeStructureName(name);
  const target = findTargetRule(key, rules);
  const suffix = (target === undefined ? key : key.slice(target.prefix.length)).replace(/^_+/, '');
  return /^[0-9]+$/.test(suffix) ? String(Number.parseInt(suffix, 10)) : suffix;
}

/**
 * Groups GTV, ITV and PTV structures into nodules by name suffix: GTV_1/ITV_1/PTV_1 form nodule "1",
 * GTV_RUL/PTV_RUL nodule "RUL"; PTV_PRIMARY alone is nodule "PRIMARY"; unsuffixed GTV/ITV/PTV form
 * one nodule named after its outermost structure. Only roles gtv, itv and ptv take part (CTVs,
 * rings and unions are ignored). Nothing is dropped: when a nodule already holds a structure of the
 * same role (GTV_1 and GTV1), the later one becomes a nodule of its own, named after the structure.
 * Pairing is by name only — there is no spatial check that the GTV lies inside its PTV, and targets
 * with unrelated suffixes (GTV_A, PTV_1) stay separate nodules; see docs/structure-roles.md.
 * @param structures structures with roles (from assignRoles), in file order.
 * @returns nodules in order of their first structure; name = the suffix as normalised (upper case,
 *   e.g. "1", "RUL"), or the outermost structure's name when there is no suffix, or the structure's
 *   name for a target without a GTV/ITV/PTV prefix and for a duplicate.
 */
export function groupNodules(structures: readonly Pick<Structure, 'name' | 'role'>[], rules: StructureNameRules = thoraxStructureNameRules): NoduleTargets[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  for (const structure of structures) {
    const role = structure.role;
    if (role !== 'gtv' && role !== 'itv' && role !== 'ptv') continue;
    const slot: Slot = role;
    const key = noduleKey(structure.name, rules);
    const group = byKey.get(key);
    if (group !== undefined && group[slot] === undefined) {
      group[slot] = structure.name;
      continue;
    }
    // A new key, or a second structure of the same role for a key (its own nodule, never dropped).
    // Nodules without a target prefix (type-only targets such as 'Breast') and duplicates are named
    // after their structure.
    const hasPrefix = findTargetRule(normalizeStructureName(structure.name), rules) !== undefined;
    const fresh: Group = group === undefined && hasPrefix ? { key, [slot]: structure.name } : { key, structureName: structure.name, [slot]: structure.name };
    groups.push(fresh);
    if (group === undefined) byKey.set(key, fresh);
  }
  return groups.map((g) => {
    const name = g.structureName ?? (g.key !== '' ? g.key : (g.ptv ?? g.itv ?? g.gtv ?? ''));
    const nodule: { name: string; gtv?: string; itv?: string; ptv?: string } = { name };
    if (g.gtv !== undefined) nodule.gtv = g.gtv;
    if (g.itv !== undefined) nodule.itv = g.itv;
    if (g.ptv !== undefined) nodule.ptv = g.ptv;
    return nodule;
  });
}
