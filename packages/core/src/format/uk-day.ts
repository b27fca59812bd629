// The UK calendar day of a date or an instant: waiting clocks, response targets and "days ago" count these.
import { parseFhirDate, zonedParts } from './date.js';
import { DAY_MS } from './calendar.js';
import { UK_TIME_ZONE } from './shared.js';

/** Days since 1970-01-01 of the UK calendar date (Europe/London) of an instant in epoch ms. */
export function ukDayOfInstant(epoch: number): number | undefined {
  if (!Number.isFinite(epoch)) return undefined;
  const p = zonedParts(epoch, UK_TIME_ZONE);
  return p ? Math.round(Date.UTC(p.y, p.mo - 1, p.d) / DAY_MS) : undefined;
}

/**
 * The UK calendar day number of a FHIR date/dateTime, a Date or epoch ms: `null` when missing,
 * undefined when unusable (unparseable, or only a year or month). A date-only value (`2024-03-30`)
 * is already a UK calendar date and is never shifted; a dateTime is first converted to its UK date
 * (`2024-06-30T23:30:00Z` is 1 July in BST).
 */
export function ukDayNumber(value: unknown): number | null | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
  if (value instanceof Date) return ukDayOfInstant(value.getTime());
  if (typeof value === 'number') return ukDayOfInstant(value);
  const parsed = parseFhirDate(value);
  if (!parsed) return undefined;
  if (parsed.precision === 'day') return Math.round(parsed.date.getTime() / DAY_MS);
  if (parsed.precision === 'time') return ukDayOfInstant(parsed.date.getTime());
  return undefined;
}

/** The ISO date (`yyyy-mm-dd`) of a day number. */
export function isoOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
