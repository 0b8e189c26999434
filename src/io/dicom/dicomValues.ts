import type { DicomElements } from './readDicomDataset';

/**
 * Typed accessors for naturalized dcmjs elements. dcmjs gives a scalar for single values, an array
 * for multi-valued ones, null/[] for empty values and objects for PN; these helpers normalise that.
 */

/** Text value (multi-valued joined with "\\", PN as its alphabetic form), trimmed; undefined when absent or empty. */
export function dicomString(elements: DicomElements, keyword: string): string | undefined {
  const text = toText(elements[keyword]);
  return text === undefined || text === '' ? undefined : text;
}

/** First numeric value; undefined when absent, empty or not a finite number. */
export function dicomNumber(elements: DicomElements, keyword: string): number | undefined {
  const value = elements[keyword];
  const first = Array.isArray(value) ? value[0] : value;
  const n = typeof first === 'number' ? first : typeof first === 'string' && first.trim() !== '' ? Number(first) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * All numeric values (DS/IS/US/FD...), as given; undefined when absent. Entries that are not finite
 * numbers come back as NaN so that callers can report them instead of losing them.
 */
export function dicomNumbers(elements: DicomElements, keyword: string): number[] | undefined {
  const value = elements[keyword];
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  let allNumbers = true;
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'number' || !Number.isFinite(list[i])) {
      allNumbers = false;
      break;
    }
  }
  if (allNumbers) return list as number[];
  return list.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN));
}

/** Items of a sequence (empty when absent). */
export function dicomItems(elements: DicomElements, keyword: string): DicomElements[] {
  const value = elements[keyword];
  if (!Array.isArray(value)) return value && typeof value === 'object' && !(value instanceof ArrayBuffer) ? [value as DicomElements] : [];
  return value.filter((item): item is DicomElements => item !== null && typeof item === 'object' && !(item instanceof ArrayBuffer));
}

function toText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.replace(/\0/g, '').trim();
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(toText).filter((p): p is string => p !== undefined);
    return parts.join('\\');
  }
  if (typeof value === 'object' && 'Alphabetic' in value) return toText((value as { Alphabetic: unknown }).Alphabetic);
  return undefined;
}
