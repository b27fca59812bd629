/**
 * Working days for the Advice & Guidance response target: Monday to Friday, less the bank holidays
 * of England and Wales (e-RS, where A&G runs, is an NHS England service) and any other
 * non-working days the host names.
 *
 * The bank holidays are computed, not listed, so they do not run out: New Year's Day, Good Friday,
 * Easter Monday, the early May and spring bank holidays, the summer bank holiday, Christmas Day and
 * Boxing Day, with the usual substitute days when they fall at a weekend. One-off changes announced
 * so far (moved or extra days in 2011, 2012, 2020, 2022 and 2023) are included. A future one-off is
 * not known until announced: the host adds it with `non-working-days`.
 */

/** Day number: days since 1970-01-01 of a calendar date (UTC arithmetic, no time zone). */
const dayOf = (year: number, month: number, day: number) => Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
const weekday = (dayNumber: number) => new Date(dayNumber * 86_400_000).getUTCDay();

/** Easter Sunday (Gregorian, the anonymous algorithm of Meeus/Jones/Butcher) as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, day);
}

/** The first Monday on or after a date. */
const mondayOnOrAfter = (d: number) => d + ((8 - weekday(d)) % 7);
/** The last Monday on or before a date. */
const mondayOnOrBefore = (d: number) => d - ((weekday(d) + 6) % 7);

/** One-off changes: a year's regular day replaced by another, and extra days. */
const MOVED: Record<number, { from: 'early-may' | 'spring'; to: string }[]> = {
  2012: [{ from: 'spring', to: '2012-06-04' }],
  2020: [{ from: 'early-may', to: '2020-05-08' }],
  2022: [{ from: 'spring', to: '2022-06-02' }],
};
const EXTRA: Record<number, string[]> = {
  2011: ['2011-04-29'],
  2012: ['2012-06-05'],
  2022: ['2022-06-03', '2022-09-19'],
  2023: ['2023-05-08'],
};

const isoDay = (iso: string) => dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

const cache = new Map<number, readonly number[]>();

/** The bank holidays of England and Wales in a year, as sorted day numbers. */
export function englandAndWalesBankHolidays(year: number): readonly number[] {
  const known = cache.get(year);
  if (known) return known;
  const days: number[] = [];
  // New Year's Day, or the Monday after when it falls at a weekend
  const newYear = dayOf(year, 1, 1);
  days.push(weekday(newYear) === 0 || weekday(newYear) === 6 ? mondayOnOrAfter(newYear) : newYear);
  const easter = easterSunday(year);
  days.push(easter - 2, easter + 1);
  const moved = MOVED[year] ?? [];
  const earlyMay = moved.find((m) => m.from === 'early-may');
  days.push(earlyMay ? isoDay(earlyMay.to) : mondayOnOrAfter(dayOf(year, 5, 1)));
  const spring = moved.find((m) => m.from === 'spring');
  days.push(spring ? isoDay(spring.to) : mondayOnOrBefore(dayOf(year, 5, 31)));
  days.push(mondayOnOrBefore(dayOf(year, 8, 31)));
  // Christmas Day and Boxing Day; a day at a weekend moves to the next weekday not already taken
  const christmas = dayOf(year, 12, 25);
  const boxing = christmas + 1;
  const taken = new Set<number>();
  for (const d of [christmas, boxing]) {
    let day = d;
    while (weekday(day) === 0 || weekday(day) === 6 || taken.has(day)) day++;
    taken.add(day);
    days.push(day);
  }
  for (const extra of EXTRA[year] ?? []) days.push(isoDay(extra));
  const sorted = [...new Set(days)].sort((x, y) => x - y);
  cache.set(year, sorted);
  return sorted;
}

/** Which bank holidays count as non-working days. */
export type BankHolidayCalendar = 'england-and-wales' | 'none';

export interface WorkingDayCalendar {
  /** Bank holidays to leave out (default England and Wales). */
  bankHolidays?: BankHolidayCalendar;
  /** Further non-working days, as ISO dates (`yyyy-mm-dd`); anything else is ignored. */
  nonWorkingDays?: readonly string[];
}

/** Whether a day number is a working day under a calendar. */
export function isWorkingDay(dayNumber: number, calendar: WorkingDayCalendar = {}, extra?: ReadonlySet<number>): boolean {
  const dow = weekday(dayNumber);
  if (dow === 0 || dow === 6) return false;
  if (extra?.has(dayNumber)) return false;
  if ((calendar.bankHolidays ?? 'england-and-wales') === 'england-and-wales') {
    const year = new Date(dayNumber * 86_400_000).getUTCFullYear();
    if (englandAndWalesBankHolidays(year).includes(dayNumber)) return false;
  }
  return true;
}

/** The host's extra non-working days as day numbers (malformed entries are ignored). */
export function nonWorkingDaySet(calendar: WorkingDayCalendar = {}): ReadonlySet<number> {
  const set = new Set<number>();
  for (const iso of calendar.nonWorkingDays ?? []) {
    if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso.trim())) continue;
    const d = isoDay(iso.trim());
    if (Number.isFinite(d) && new Date(d * 86_400_000).toISOString().slice(0, 10) === iso.trim()) set.add(d);
  }
  return set;
}

/** At most this many working days are counted (a year and a half), whatever target is asked for. */
export const MAX_WORKING_DAYS = 400;

/** The date `days` working days after `startDay` (day numbers); `days` is capped at `MAX_WORKING_DAYS`. */
export function addWorkingDays(startDay: number, days: number, calendar: WorkingDayCalendar = {}): number {
  const extra = nonWorkingDaySet(calendar);
  let d = startDay;
  let left = Number.isFinite(days) ? Math.min(MAX_WORKING_DAYS, Math.max(0, Math.floor(days))) : 0;
  while (left > 0) {
    d++;
    if (isWorkingDay(d, calendar, extra)) left--;
  }
  return d;
}
