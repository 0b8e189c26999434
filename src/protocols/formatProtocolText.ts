import type { ProtocolSchedule } from './ProtocolRules';

/** "30 Gy/1 fx", "45 Gy/3 fx" (doses printed as given, up to 2 decimals). */
export function scheduleLabel(schedule: Pick<ProtocolSchedule, 'totalDoseGy' | 'fractions'>): string {
  return `${formatNumber(schedule.totalDoseGy)} Gy/${schedule.fractions} fx`;
}

/** A measured distance as printed in reasons: one decimal ("0.0", "9.3"). */
export function formatDistanceMm(distanceMm: number): string {
  return distanceMm.toFixed(1);
}

/** A configured number as written (10 → "10", 12.5 → "12.5"), at most 2 decimals. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}
