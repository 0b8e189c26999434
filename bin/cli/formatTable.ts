/** A column of a text table: header and how to render a row's cell. */
export interface TableColumn<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
  /** Numbers read best right-aligned. */
  readonly align?: 'left' | 'right';
}

/** Renders rows as a plain-text table with a header rule, sized to the widest cell of each column. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, c) => Math.max(column.header.length, ...cells.map((r) => r[c].length)));
  const pad = (text: string, c: number) => (columns[c].align === 'right' ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  const lines = [
    columns.map((column, c) => pad(column.header, c)).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((r) => r.map((text, c) => pad(text, c)).join('  ')),
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}

/** Fixed-decimal number, '–' for undefined/NaN so a missing value is visible, never printed as 0. */
export function formatNumber(value: number | undefined, decimals: number): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(decimals);
}
