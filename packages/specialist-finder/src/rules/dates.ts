// Dates for the engine: FHIR dates as epoch ms, calendar months back from "now". No clock of its own.

export const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365.25;

/** Epoch ms of a FHIR date/dateTime (a bare date is midnight UTC); undefined when unparseable. */
export function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  if (value.length <= 10) return Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1));
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** `now` moved back by whole calendar months (31 May - 3 months = 28/29 Feb). */
export function monthsBefore(now: Date | number, months: number): number {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth() - months;
  const first = new Date(Date.UTC(y, mo, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d.getUTCDate(), last));
  return first.getTime();
}

/** ISO date-time of epoch ms. */
export const iso = (t: number): string => new Date(t).toISOString();
