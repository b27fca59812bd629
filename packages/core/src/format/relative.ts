import { HOUR_MS, MINUTE_MS, dayNumber, monthsBetween } from './calendar.js';
import { toLocalDate, zonedParts } from './date.js';
import { guard, langOf, notKnown, nowOf, text, timeZoneOf, type FormatOptions } from './shared.js';

function inFuture(days: number, options: unknown): string {
  if (days === -1) return text('relTomorrow', undefined, options);
  if (days < -1 && days > -14) return text('relInDays', { n: -days }, options);
  return text('relInFuture', undefined, options);
}

function hoursAgo(ms: number, options: unknown): string {
  const n = Math.floor(ms / HOUR_MS);
  return n === 1 ? text('relHourAgo', undefined, options) : text('relHoursAgo', { n }, options);
}

function monthsAgo(months: number, options: unknown): string {
  if (months === 0) return text('relThisMonth', undefined, options);
  if (months === 1) return text('relMonthAgo', undefined, options);
  if (months < 24) return text('relMonthsAgo', { n: months }, options);
  return yearsAgo(Math.floor(months / 12), options);
}

function yearsAgo(years: number, options: unknown): string {
  if (years === 0) return text('relThisYear', undefined, options);
  if (years === 1) return text('relYearAgo', undefined, options);
  return text('relYearsAgo', { n: years }, options);
}

/**
 * How long ago, for "as of" labels: `just now` (under a minute either way), `5 minutes ago`,
 * `1 hour ago`, then by UK calendar days `yesterday`, `N days ago` (< 14 days), `N weeks ago`
 * (< 8 weeks), `N months ago` (< 24 months), `N years ago`. A date without a time on today's
 * date is `today`; partial dates give `this month` / `this year` / `N months|years ago`.
 * Future values: `tomorrow`, `in N days` (< 14 days), else `in the future`.
 */
export function formatRelative(value: unknown, options?: FormatOptions): string {
  return guard(options, () => {
    const tz = timeZoneOf(options);
    const then = toLocalDate(value, tz);
    const now = nowOf(options);
    const today = zonedParts(now, tz);
    if (!then || !today) return notKnown(langOf(options));
    if (then.precision === 'year') {
      return today.y < then.y ? inFuture(0, options) : yearsAgo(today.y - then.y, options);
    }
    if (then.precision === 'month') {
      const months = (today.y - then.y) * 12 + today.mo - then.mo;
      return months < 0 ? inFuture(0, options) : monthsAgo(months, options);
    }
    const days = dayNumber(today) - dayNumber(then);
    if (then.precision === 'time') {
      const ms = now - then.epoch;
      if (Math.abs(ms) < MINUTE_MS) return text('relNow', undefined, options);
      if (ms < 0) return inFuture(days, options);
      if (ms < HOUR_MS) {
        const n = Math.floor(ms / MINUTE_MS);
        return n === 1 ? text('relMinuteAgo', undefined, options) : text('relMinutesAgo', { n }, options);
      }
      // Under 24 hours, or the same calendar day (the 25-hour day when clocks go back).
      if (ms < 24 * HOUR_MS || days === 0) return hoursAgo(ms, options);
    }
    if (days < 0) return inFuture(days, options);
    if (days === 0) return text('relToday', undefined, options);
    if (days === 1) return text('relYesterday', undefined, options);
    if (days < 14) return text('relDaysAgo', { n: days }, options);
    if (days < 56) return text('relWeeksAgo', { n: Math.floor(days / 7) }, options);
    return monthsAgo(monthsBetween(then, today).months, options);
  });
}
