import { InputError } from '../errors/InputError';
import { requireFractionCount } from '../radiobiology/Fractionation';
import { lqBedGy } from '../radiobiology/lqBed';
import { lqTotalDoseForBed } from '../radiobiology/lqTotalDoseForBed';
import type { NoduleScheduleChange, SuggestionNodule } from './ScheduleSuggestion';

/** Study schedules used as default candidates (clinical-context.md: 24 or 30 Gy/1 fx peripheral; 45 Gy/3 fx near chest wall/mediastinum). */
const PERIPHERAL_LOW_DOSE = { totalDoseGy: 24, fractions: 1 } as const;
const THREE_FRACTION_STUDY = { totalDoseGy: 45, fractions: 3 } as const;

/**
 * Single-nodule schedule changes to evaluate, each as a NoduleScheduleChange (doseScale = new/old total):
 * - the nodule's `alternatives` when given (they replace the defaults);
 * - otherwise (a) 24 Gy/1 fx for a peripheral single-fraction nodule above 24 Gy, (b) for a single-fraction nodule
 *   the 3-fraction schedule of equal BED10 (rounded to 0.1 Gy) and 45 Gy/3 fx.
 * The current schedule itself and duplicates are skipped. Throws InputError('bad-alternative') for an alternative
 * without a positive finite dose or integer fraction count.
 */
export function scheduleCandidates(nodule: SuggestionNodule, tumourAlphaBetaGy: number): NoduleScheduleChange[] {
  const from = { totalDoseGy: nodule.protocol.totalDoseGy, fractions: nodule.protocol.fractions };
  const bed10BeforeGy = lqBedGy(from, tumourAlphaBetaGy);
  const raw: { totalDoseGy: number; fractions: number; label: string }[] = [];
  if (nodule.alternatives !== undefined) {
    nodule.alternatives.forEach((alt, n) => {
      if (!(Number.isFinite(alt.totalDoseGy) && alt.totalDoseGy > 0)) {
        throw new InputError('bad-alternative', `${nodule.name}: alternatives[${n}].totalDoseGy must be a finite dose > 0 Gy, got ${String(alt.totalDoseGy)}`);
      }
      try {
        requireFractionCount(alt.fractions);
      } catch {
        throw new InputError('bad-alternative', `${nodule.name}: alternatives[${n}].fractions must be a positive integer, got ${String(alt.fractions)}`);
      }
      raw.push({ totalDoseGy: alt.totalDoseGy, fractions: alt.fractions, label: alt.label });
    });
  } else if (from.fractions === 1) {
    if (nodule.protocol.zone === 'peripheral' && from.totalDoseGy > PERIPHERAL_LOW_DOSE.totalDoseGy) {
      raw.push({ ...PERIPHERAL_LOW_DOSE, label: '24 Gy in 1 fraction (the study schedule for peripheral nodules)' });
    }
    const iso = lqTotalDoseForBed(bed10BeforeGy, 3, tumourAlphaBetaGy);
    const isoTotalGy = Math.round(iso.totalDoseGy * 10) / 10;
    raw.push({ totalDoseGy: isoTotalGy, fractions: 3, label: `${fmt(isoTotalGy)} Gy in 3 fractions (same BED${fmt(tumourAlphaBetaGy)} as ${fmt(from.totalDoseGy)} Gy/1 fx, rounded to 0.1 Gy)` });
    raw.push({ ...THREE_FRACTION_STUDY, label: '45 Gy in 3 fractions (the study schedule near the chest wall or mediastinum)' });
  }
  const seen = new Set<string>([key(from)]);
  const out: NoduleScheduleChange[] = [];
  for (const to of raw) {
    const k = key(to);
    if (seen.has(k)) continue;
    seen.add(k);
    const kind: NoduleScheduleChange['kind'] =
      to.fractions === from.fractions && to.totalDoseGy < from.totalDoseGy ? 'lower-dose' : to.fractions > from.fractions ? 'more-fractions' : 'other-schedule';
    out.push({
      noduleName: nodule.name,
      kind,
      label: to.label,
      from,
      to: { totalDoseGy: to.totalDoseGy, fractions: to.fractions },
      doseScale: to.totalDoseGy / from.totalDoseGy,
      bed10BeforeGy,
      bed10AfterGy: lqBedGy(to, tumourAlphaBetaGy),
    });
  }
  return out;
}

function key(s: { readonly totalDoseGy: number; readonly fractions: number }): string {
  return `${s.totalDoseGy}/${s.fractions}`;
}

/** Gy value with at most one decimal. */
export function fmt(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
