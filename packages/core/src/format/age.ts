import { DAY_MS, HOUR_MS, dayNumber, monthsBetween } from './calendar.js';
import { toLocalDate, zonedParts, type LocalDate } from './date.js';
import { guard, langOf, notKnown, nowOf, text, timeZoneOf, type FormatOptions } from './shared.js';

interface Age {
  birth: LocalDate;
  /** Milliseconds since birth (only meaningful when the birth date has a time). */
  elapsed: number;
  /** Whole calendar days since birth in the display zone. */
  days: number;
  months: number;
  /** Days after the last whole month. */
  monthDays: number;
}

/** Age on the UK calendar; undefined for partial, unparseable or future birth dates. */
function age(birthDate: unknown, options: unknown): Age | undefined {
  const tz = timeZoneOf(options);
  const birth = toLocalDate(birthDate, tz);
  if (!birth || birth.precision === 'year' || birth.precision === 'month') return undefined;
  const now = nowOf(options);
  const today = zonedParts(now, tz);
  if (!today) return undefined;
  const elapsed = now - birth.epoch;
  const days = dayNumber(today) - dayNumber(birth);
  if (days < 0 || (birth.precision === 'time' && elapsed < 0)) return undefined;
  const { months, days: monthDays } = monthsBetween(birth, today);
  return { birth, elapsed, days, months, monthDays };
}

/**
 * Completed years of age on `now` (default: the current time), in UK time.
 * A 29 February birthday counts on 1 March in non-leap years.
 * Undefined for a missing, partial (year or month only), unparseable or future birth date.
 */
export function ageInYears(birthDate: unknown, now?: Date, options?: Pick<FormatOptions, 'timeZone'>): number | undefined {
  try {
    const tz = timeZoneOf(options);
    const a = age(birthDate, { now, timeZone: tz });
    return a ? Math.floor(a.months / 12) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * NHS CUI age: under 1 day `5h` (needs a birth time; a date-only birth date today gives `0d`),
 * under 4 weeks `15d`, under 1 year `12w 3d`, under 2 years `15m 3d`, under 18 years `12y 3m`,
 * then `45y`. Zero trailing units are dropped (`12w`, `15m`, `12y`).
 * Partial, unparseable or future birth dates are Not known.
 */
export function formatAge(birthDate: unknown, options?: FormatOptions): string {
  return guard(options, () => {
    const a = age(birthDate, options);
    if (!a) return notKnown(langOf(options));
    if (a.birth.precision === 'time' && (a.elapsed < DAY_MS || a.days === 0)) {
      return text('ageHours', { h: Math.floor(a.elapsed / HOUR_MS) }, options);
    }
    if (a.days < 28) return text('ageDays', { d: a.days }, options);
    if (a.months < 12) {
      const w = Math.floor(a.days / 7);
      const d = a.days % 7;
      return d ? text('ageWeeksDays', { w, d }, options) : text('ageWeeks', { w }, options);
    }
    if (a.months < 24) {
      return a.monthDays ? text('ageMonthsDays', { m: a.months, d: a.monthDays }, options) : text('ageMonths', { m: a.months }, options);
    }
    const y = Math.floor(a.months / 12);
    const m = a.months % 12;
    if (y < 18 && m) return text('ageYearsMonths', { y, m }, options);
    return text('ageYears', { y }, options);
  });
}
