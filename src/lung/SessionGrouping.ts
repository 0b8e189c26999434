import { InputError } from '../errors/InputError';

/**
 * Which nodules were irradiated in the same treatment sessions (their per-fraction doses add in a voxel before
 * the LQ conversion) and which in separate courses (converted separately, then the EQD2s add):
 * - 'same-fraction-count-together' (default): nodules with the same fraction count were treated in the same
 *   sessions (the study treated several nodules per patient); different counts are separate courses;
 * - 'each-nodule-separately': every nodule is its own course (EQD2 per nodule, then summed);
 * - { sessions }: explicit groups of nodule names treated together; each group must share one fraction count,
 *   every nodule must appear exactly once.
 * @see docs/pneumonitis.md §Summation
 */
export type SessionGrouping = 'same-fraction-count-together' | 'each-nodule-separately' | { readonly sessions: readonly (readonly string[])[] };

/** Nodules whose per-fraction doses add before the LQ conversion. */
export interface SessionGroup {
  readonly fractions: number;
  /** Indices into the nodule list the group was resolved from. */
  readonly members: readonly number[];
  readonly noduleNames: readonly string[];
}

/**
 * Groups nodules (name + fraction count) into treatment-session groups. With explicit sessions, a group whose
 * nodules have different fraction counts throws InputError('mixed-session-fractions') when `onMixedFractions`
 * is 'throw' (validating a plan) and is split by fraction count when it is 'split' (a suggested schedule moved
 * one nodule to another fraction count: it can no longer share those sessions).
 * Throws InputError: 'bad-option', 'bad-session-grouping' (unknown, missing or repeated nodule names).
 * Groups are returned sorted by fraction count, then by first member.
 */
export function resolveSessionGroups(
  nodules: readonly { readonly name: string; readonly fractions: number }[],
  grouping: SessionGrouping = 'same-fraction-count-together',
  onMixedFractions: 'throw' | 'split' = 'throw',
): SessionGroup[] {
  let lists: number[][];
  if (grouping === 'same-fraction-count-together') {
    const byCount = new Map<number, number[]>();
    nodules.forEach((n, index) => byCount.set(n.fractions, [...(byCount.get(n.fractions) ?? []), index]));
    lists = [...byCount.values()];
  } else if (grouping === 'each-nodule-separately') {
    lists = nodules.map((_, index) => [index]);
  } else if (grouping !== null && typeof grouping === 'object' && Array.isArray(grouping.sessions)) {
    const indexByName = new Map(nodules.map((n, index) => [n.name, index]));
    const seen = new Set<string>();
    lists = [];
    for (const session of grouping.sessions) {
      if (!Array.isArray(session) || session.length === 0) throw new InputError('bad-session-grouping', 'every session group must list at least one nodule name');
      for (const name of session) {
        if (!indexByName.has(name)) throw new InputError('bad-session-grouping', `session group names '${String(name)}', which has no dose (known: ${[...indexByName.keys()].join(', ')})`);
        if (seen.has(name)) throw new InputError('bad-session-grouping', `nodule '${name}' is in more than one session group`);
        seen.add(name);
      }
      const members = session.map((name) => indexByName.get(name) as number);
      const counts = [...new Set(members.map((m) => nodules[m].fractions))];
      if (counts.length > 1) {
        if (onMixedFractions === 'throw') {
          throw new InputError(
            'mixed-session-fractions',
            `session group [${session.join(', ')}] mixes fraction counts ${counts.join(', ')}: nodules treated in the same sessions must have the same number of fractions`,
          );
        }
        for (const count of counts) lists.push(members.filter((m) => nodules[m].fractions === count));
      } else {
        lists.push(members);
      }
    }
    const missing = nodules.filter((n) => !seen.has(n.name)).map((n) => n.name);
    if (missing.length > 0) throw new InputError('bad-session-grouping', `nodules ${missing.join(', ')} are in no session group`);
  } else {
    throw new InputError('bad-option', `sessionGrouping must be 'same-fraction-count-together', 'each-nodule-separately' or { sessions }, got ${JSON.stringify(grouping)}`);
  }
  return lists
    .map((members) => ({ fractions: nodules[members[0]].fractions, members, noduleNames: members.map((m) => nodules[m].name) }))
    .sort((a, b) => a.fractions - b.fractions || a.members[0] - b.members[0]);
}

/** One line saying how the EQD2 sum was formed, for reports. */
export function describeSessionGrouping(grouping: SessionGrouping = 'same-fraction-count-together'): string {
  if (grouping === 'same-fraction-count-together') {
    return 'nodules with the same fraction count treated in the same sessions: physical doses added per voxel within each fraction count, then converted to EQD2; different fraction counts converted separately and the EQD2s added';
  }
  if (grouping === 'each-nodule-separately') return 'every nodule a separate course: each nodule converted to EQD2 with its own fraction count, then the EQD2s added';
  return 'explicit session groups: physical doses added per voxel within each group, each group converted to EQD2 with its fraction count, then the EQD2s added';
}
