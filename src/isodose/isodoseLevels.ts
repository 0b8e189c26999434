import { InputError } from '../errors/InputError';

/** One isodose level. */
export interface IsodoseLevel {
  readonly levelGy: number;
  /** 100 × levelGy / prescription. */
  readonly percentOfPrescription: number;
  /** Display label: '100 %' for a level given in %, '20 Gy' for one given in Gy. */
  readonly label: string;
  readonly source: 'percent' | 'gy';
}

/** Default levels in % of the prescription: hot spot, prescription, steep fall-off and low-dose spill. */
export const DEFAULT_ISODOSE_PERCENTS: readonly number[] = [120, 100, 90, 80, 50, 30];

/**
 * Isodose levels from % of the prescription (default DEFAULT_ISODOSE_PERCENTS when neither list is given) and
 * from absolute doses in Gy, sorted from the highest dose down. A Gy level equal (within 1e-9 Gy) to a %
 * level is merged into it. Throws InputError 'bad-prescription' (≤ 0, NaN) and 'bad-level' (a level ≤ 0 or NaN).
 */
export function isodoseLevels(options: { readonly prescriptionGy: number; readonly percents?: readonly number[]; readonly gy?: readonly number[] }): IsodoseLevel[] {
  const rx = options.prescriptionGy;
  if (!(Number.isFinite(rx) && rx > 0)) throw new InputError('bad-prescription', `prescription must be a finite Gy value > 0, got ${rx}`);
  const percents = options.percents ?? (options.gy === undefined ? DEFAULT_ISODOSE_PERCENTS : []);
  const levels: IsodoseLevel[] = [];
  for (const p of percents) {
    if (!(Number.isFinite(p) && p > 0)) throw new InputError('bad-level', `isodose percent must be a finite value > 0, got ${p}`);
    levels.push({ levelGy: (p / 100) * rx, percentOfPrescription: p, label: `${formatNumber(p)} %`, source: 'percent' });
  }
  for (const g of options.gy ?? []) {
    if (!(Number.isFinite(g) && g > 0)) throw new InputError('bad-level', `isodose level must be a finite Gy value > 0, got ${g}`);
    if (levels.some((l) => Math.abs(l.levelGy - g) <= 1e-9)) continue;
    levels.push({ levelGy: g, percentOfPrescription: (100 * g) / rx, label: `${formatNumber(g)} Gy`, source: 'gy' });
  }
  levels.sort((a, b) => b.levelGy - a.levelGy);
  return levels.filter((l, n) => n === 0 || Math.abs(l.levelGy - levels[n - 1].levelGy) > 1e-9);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}
