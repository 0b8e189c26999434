/**
 * JSON text for dose-model data files: two-space indentation, but every array of plain numbers on one line
 * (tables stay readable and diffable row by row). Ends with a newline.
 */
export function formatDataJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.replace(/\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]/g, (_match, items: string) => `[${items.split(/,\s*/).join(', ')}]`) + '\n';
}
