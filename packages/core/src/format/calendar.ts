/** Calendar arithmetic on plain (year, month, day) triples; no time zones involved. */

/** A calendar date; `mo` is 1..12. */
export interface Ymd {
  y: number;
  mo: number;
  d: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, mo: number): number {
  return mo === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
}

/** Milliseconds since the epoch for a UTC wall time (works for years 1..99, unlike Date.UTC). */
export function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

/** Days since 1970-01-01 for a calendar date. */
export function dayNumber(date: Ymd): number {
  return Math.round(utcMs(date.y, date.mo, date.d) / DAY_MS);
}

/**
 * The date `k` months after `start`. When the day does not exist in the target month
 * (31 Jan + 1 month, 29 Feb + 12 months) the anniversary falls on the 1st of the next month,
 * as for a 29 February birthday in a non-leap year.
 */
export function addMonths(start: Ymd, k: number): Ymd {
  const index = start.mo - 1 + k;
  const y = start.y + Math.floor(index / 12);
  const mo = (((index % 12) + 12) % 12) + 1;
  if (start.d <= daysInMonth(y, mo)) return { y, mo, d: start.d };
  return mo === 12 ? { y: y + 1, mo: 1, d: 1 } : { y, mo: mo + 1, d: 1 };
}

/** Whole months from `from` to `to` (to >= from) and the days left over. */
export function monthsBetween(from: Ymd, to: Ymd): { months: number; days: number } {
  let months = (to.y - from.y) * 12 + (to.mo - from.mo);
  let anniversary = addMonths(from, months);
  if (dayNumber(anniversary) > dayNumber(to)) {
    months -= 1;
    anniversary = addMonths(from, months);
  }
  return { months, days: dayNumber(to) - dayNumber(anniversary) };
}
