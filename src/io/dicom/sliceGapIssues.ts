import type { Vec3 } from '../../geometry/points';
import { importIssue, type ImportIssue } from '../ImportIssue';
import type { RegularSlicePlan } from './planRegularSlices';
import { describeSlicePosition, formatMm } from './sliceOrientation';

/**
 * Warnings that name every interpolated plane of a regular-slice plan, in patient coordinates.
 * @param originMm - patient position of the plane at distance plan.firstMm along w
 * @param what - noun for messages ('slice', 'dose frame')
 */
export function sliceGapIssues(
  plan: RegularSlicePlan,
  file: string,
  originMm: readonly number[],
  w: Vec3,
  what: string,
  codes: { readonly missing: string; readonly uneven: string },
): ImportIssue[] {
  const at = (mm: number): string => describeSlicePosition(originMm, w, mm - plan.firstMm);
  const step = `${formatMm(plan.stepMm)} mm`;
  const missing: string[] = [];
  const uneven: string[] = [];
  for (const gap of plan.gaps) {
    const planes = gap.interpolatedMm.map(at).join(', ');
    if (gap.kind === 'missing') {
      missing.push(`${gap.interpolatedMm.length} ${what}(s) missing between ${at(gap.fromMm)} and ${at(gap.toMm)}; interpolated linearly at ${planes}`);
    } else {
      uneven.push(`spacing ${formatMm(gap.toMm - gap.fromMm)} mm between ${at(gap.fromMm)} and ${at(gap.toMm)} is not a multiple of the dominant ${step}; interpolated linearly at ${planes}`);
    }
  }
  if (plan.uncoveredLastMm !== undefined) {
    uneven.push(`last ${what} at ${at(plan.uncoveredLastMm)} is off the regular ${step} grid and is not used (grid ends at ${at(plan.firstMm + (plan.planeCount - 1) * plan.stepMm)})`);
  }
  const issues: ImportIssue[] = [];
  if (missing.length > 0) issues.push(importIssue(file, codes.missing, `regular ${step} grid built: ${missing.join('; ')}`, 'warning'));
  if (uneven.length > 0) issues.push(importIssue(file, codes.uneven, `uneven ${what} spacing, regular ${step} grid built: ${uneven.join('; ')}`, 'warning'));
  return issues;
}
