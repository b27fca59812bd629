import type { HumanName } from 'fhir/r4.js';
import { dayNumber, daysInMonth } from './calendar.js';
import { toLocalDate, zonedParts } from './date.js';
import { cleanString, guard, isRecord, langOf, notKnown, nowOf, timeZoneOf, type FormatOptions } from './shared.js';

/** Non-empty cleaned strings from a string or an array of strings (anything else is ignored). */
function strings(value: unknown): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map(cleanString).filter((s) => s !== '');
}

/** `FAMILY, Given Middle (Title)`, falling back to `text`; '' when nothing usable. */
function render(name: Record<string, unknown>): string {
  const family = strings(name['family']).join(' ').toLocaleUpperCase('en-GB');
  const given = strings(name['given']).join(' ');
  const core = family && given ? `${family}, ${given}` : family || given;
  if (!core) return strings(name['text'])[0] ?? '';
  const prefix = strings(name['prefix']).join(' ');
  return prefix ? `${core} (${prefix})` : core;
}

/** True when `period.end` is a valid date wholly before today (UK calendar) or an instant in the past. */
function ended(name: Record<string, unknown>, options: unknown): boolean {
  const period = name['period'];
  if (!isRecord(period)) return false;
  const tz = timeZoneOf(options);
  const end = toLocalDate(period['end'], tz);
  const now = nowOf(options);
  const today = zonedParts(now, tz);
  if (!end || !today) return false;
  if (end.precision === 'time') return end.epoch < now;
  const last =
    end.precision === 'year'
      ? { y: end.y, mo: 12, d: 31 }
      : end.precision === 'month'
        ? { y: end.y, mo: end.mo, d: daysInMonth(end.y, end.mo) }
        : end;
  return dayNumber(last) < dayNumber(today);
}

const rank = (use: unknown): number => (use === 'usual' ? 0 : use === 'official' ? 1 : 2);

/**
 * Patient name as `FAMILY, Given Middle (Title)`: family upper-cased, given names joined,
 * prefixes in brackets; `FAMILY` or `Given` alone when only one is known; else `text`.
 * From an array, prefers a current `usual` name, then `official`, then the first current name
 * (current: not `use: 'old'` and no `period.end` in the past); an old or ended name is used only
 * when there is nothing else. Nothing usable gives Not known.
 */
export function formatName(name: HumanName | readonly HumanName[] | unknown, options?: FormatOptions): string {
  return guard(options, () => {
    const all = (Array.isArray(name) ? (name as unknown[]) : [name]).filter(isRecord);
    const current = all
      .filter((n) => n['use'] !== 'old' && !ended(n, options))
      .map((n, i) => ({ n, i, rank: rank(n['use']) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((c) => c.n);
    for (const n of [...current, ...all]) {
      const rendered = render(n);
      if (rendered) return rendered;
    }
    return notKnown(langOf(options));
  });
}
