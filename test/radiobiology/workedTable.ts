/**
 * physics.md §1.5 "Worked numbers" table (all [D], values rounded to 0.1 Gy). USC: α 0.33, D0 1.25,
 * Dq 1.8; LQ-L: α/β 10, dT 6 Gy. Transcribed here once; the tests compare against it with tolerance 0.051
 * (half of the last printed digit plus float slack).
 */
export interface WorkedRow {
  readonly totalDoseGy: number;
  readonly fractions: number;
  readonly dosePerFractionGy: number;
  readonly bed10Gy: number;
  readonly eqd2Ab10Gy: number;
  readonly bed3Gy: number;
  readonly eqd2Ab3Gy: number;
  readonly bedUscGy: number;
  readonly sedUscGy: number;
  readonly sfedUscGy: number;
  readonly bedLqlGy: number;
  readonly eqd2LqlGy: number;
}

const rows: readonly (readonly number[])[] = [
  // D, n, d, BED10, EQD2(10), BED3, EQD2(3), BED_USC, SED_USC, SFED_USC, BED_LQ-L, EQD2_LQ-L
  [24, 1, 24, 81.6, 68.0, 216.0, 129.6, 53.8, 43.7, 24.0, 49.2, 41.0],
  [26, 1, 26, 93.6, 78.0, 251.3, 150.8, 58.7, 47.6, 26.0, 53.6, 44.7],
  [28, 1, 28, 106.4, 88.7, 289.3, 173.6, 63.5, 51.5, 28.0, 58.0, 48.3],
  [30, 1, 30, 120.0, 100.0, 330.0, 198.0, 68.4, 55.5, 30.0, 62.4, 52.0],
  [34, 1, 34, 149.6, 124.7, 419.3, 251.6, 78.1, 63.3, 34.0, 71.2, 59.3],
  [36, 3, 12, 79.2, 66.0, 180.0, 108.0, 74.2, 60.2, 32.4, 68.4, 57.0],
  [45, 3, 15, 112.5, 93.8, 270.0, 162.0, 96.0, 77.9, 41.4, 88.2, 73.5],
  [54, 3, 18, 151.2, 126.0, 378.0, 226.8, 117.8, 95.6, 50.4, 108.0, 90.0],
  [60, 3, 20, 180.0, 150.0, 460.0, 276.0, 132.4, 107.4, 56.4, 121.2, 101.0],
  [48, 4, 12, 105.6, 88.0, 240.0, 144.0, 98.9, 80.3, 42.6, 91.2, 76.0],
  [50, 5, 10, 100.0, 83.3, 216.7, 130.0, 99.4, 80.6, 42.8, 92.0, 76.7],
  [60, 5, 12, 132.0, 110.0, 300.0, 180.0, 123.6, 100.3, 52.8, 114.0, 95.0],
  [60, 8, 7.5, 105.0, 87.5, 210.0, 126.0, 110.5, 89.7, 47.4, 103.2, 86.0],
];

export const WORKED_TABLE: readonly WorkedRow[] = rows.map((r) => ({
  totalDoseGy: r[0],
  fractions: r[1],
  dosePerFractionGy: r[2],
  bed10Gy: r[3],
  eqd2Ab10Gy: r[4],
  bed3Gy: r[5],
  eqd2Ab3Gy: r[6],
  bedUscGy: r[7],
  sedUscGy: r[8],
  sfedUscGy: r[9],
  bedLqlGy: r[10],
  eqd2LqlGy: r[11],
}));

/** Tolerance for values printed to 0.1 Gy. */
export const TABLE_TOLERANCE_GY = 0.051;

export function label(row: WorkedRow): string {
  return `${row.totalDoseGy} Gy/${row.fractions} fx`;
}
