import type { Period } from 'fhir/r4.js';
import type { MessageKey } from '../i18n/index.js';
import { daysInMonth, utcMs, type Ymd } from './calendar.js';
import { guard, isRecord, notKnown, langOf, text, timeZoneOf, UK_TIME_ZONE, type FormatOptions } from './shared.js';

/** How much of a FHIR date/dateTime/instant was given. */
export type FhirDatePrecision = 'year' | 'month' | 'day' | 'time';

export interface ParsedFhirDate {
  /**
   * The instant. For `year`, `month` and `day` precision this is UTC midnight of the first day
   * of the period (a calendar date has no time zone); for `time` it is the exact instant.
   */
  date: Date;
  precision: FhirDatePrecision;
}

/**
 * FHIR R4 date, dateTime and instant: `yyyy`, `yyyy-mm`, `yyyy-mm-dd`, or
 * `yyyy-mm-ddThh:mm:ss[.fff…](Z|±hh:mm)`. Ranges (month, day of month, hour, offset) are checked
 * separately so that `2024-02-30` is refused.
 */
const FHIR_DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** A date as shown to the user: calendar fields in the display time zone. */
export interface LocalDate extends Ymd {
  precision: FhirDatePrecision;
  /** Hours and minutes in the display zone (0 unless precision is `time`). */
  h: number;
  mi: number;
  /** The instant (for partial dates, UTC midnight of the first day). */
  epoch: number;
}

interface Parsed {
  precision: FhirDatePrecision;
  y: number;
  mo: number;
  d: number;
  epoch: number;
}

/**
 * Parsed values by input string. Lists sort and group by date, so the same strings are parsed many
 * times over; the parse is pure, so its result is kept (bounded, cleared when full). Callers get
 * the shared object: it is frozen.
 */
const parsedCache = new Map<string, Parsed | undefined>();

function parse(value: unknown): Parsed | undefined {
  if (typeof value !== 'string') return undefined;
  if (parsedCache.has(value)) return parsedCache.get(value);
  const result = parseUncached(value);
  if (parsedCache.size >= 50_000) parsedCache.clear();
  parsedCache.set(value, result ? Object.freeze(result) : undefined);
  return result;
}

function parseUncached(value: string): Parsed | undefined {
  const m = FHIR_DATE_RE.exec(value.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? 1 : Number(m[2]);
  const d = m[3] === undefined ? 1 : Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (m[4] === undefined) {
    const precision = m[3] !== undefined ? 'day' : m[2] !== undefined ? 'month' : 'year';
    return { precision, y, mo, d, epoch: utcMs(y, mo, d) };
  }
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  const zone = m[8];
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (om > 59 || oh > 14 || (oh === 14 && om !== 0)) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return { precision: 'time', y, mo, d, epoch: utcMs(y, mo, d, h, mi, s, ms) - offset * 60_000 };
}

/**
 * Parses a FHIR date, dateTime or instant strictly. Returns undefined for anything else
 * (`2024-13-01`, `2024-02-30`, `12/03/2024`, a dateTime without a time zone, non-strings).
 */
export function parseFhirDate(value: unknown): ParsedFhirDate | undefined {
  const p = parse(value);
  return p ? { date: new Date(p.epoch), precision: p.precision } : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      // An unknown time zone: show UK time rather than fail.
      f = zoneFormatter(UK_TIME_ZONE);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * UTC offsets (ms) by time zone and 15-minute slot. `formatToParts` is slow (tens of microseconds),
 * and a list of thousands of items formats thousands of dates, but a zone's offset changes only at
 * transitions, which tz data places on quarter hours of UTC: so one lookup per slot is exact.
 */
const SLOT_MS = 15 * 60 * 1000;
const offsetsByZone = new Map<string, Map<number, number>>();

function offsetAt(epoch: number, timeZone: string): number | undefined {
  const slot = Math.floor(epoch / SLOT_MS) * SLOT_MS;
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) offsetsByZone.set(timeZone, (offsets = new Map<number, number>()));
  const cached = offsets.get(slot);
  if (cached !== undefined) return cached;
  const fields: Record<string, number> = {};
  for (const part of zoneFormatter(timeZone).formatToParts(slot)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year: y, month: mo, day: d, hour, minute: mi, second: sec } = fields;
  if (![y, mo, d, hour, mi, sec].every((n) => Number.isInteger(n))) return undefined;
  const local = new Date(0);
  local.setUTCFullYear(y, mo - 1, d); // setUTCFullYear keeps years 0..99 as given (Date.UTC would not)
  local.setUTCHours(hour === 24 ? 0 : hour, mi, sec, 0);
  const offset = local.getTime() - slot;
  if (offsets.size > 20_000) offsets.clear();
  offsets.set(slot, offset);
  return offset;
}

/** Calendar fields of an instant in a time zone, or undefined outside years 1..9999. */
export function zonedParts(epoch: number, timeZone: string): Omit<LocalDate, 'precision'> | undefined {
  if (!Number.isFinite(epoch)) return undefined;
  const utcYear = new Date(epoch).getUTCFullYear();
  if (utcYear < 2 || utcYear > 9998) return undefined;
  const offset = offsetAt(epoch, timeZone);
  if (offset === undefined) return undefined;
  const local = new Date(epoch + offset);
  return {
    y: local.getUTCFullYear(),
    mo: local.getUTCMonth() + 1,
    d: local.getUTCDate(),
    h: local.getUTCHours(),
    mi: local.getUTCMinutes(),
    epoch,
  };
}

/**
 * Resolves a FHIR date string or a Date to calendar fields in the display zone.
 * Partial and date-only values keep their own calendar fields (no zone shift).
 */
export function toLocalDate(value: unknown, timeZone: string): LocalDate | undefined {
  if (value instanceof Date) {
    const parts = zonedParts(value.getTime(), timeZone);
    return parts ? { ...parts, precision: 'time' } : undefined;
  }
  const p = parse(value);
  if (!p) return undefined;
  if (p.precision !== 'time') return { precision: p.precision, y: p.y, mo: p.mo, d: p.d, h: 0, mi: 0, epoch: p.epoch };
  const parts = zonedParts(p.epoch, timeZone);
  return parts ? { ...parts, precision: 'time' } : undefined;
}

const SHORT_MONTHS: readonly MessageKey[] = [
  'monthShortJan',
  'monthShortFeb',
  'monthShortMar',
  'monthShortApr',
  'monthShortMay',
  'monthShortJun',
  'monthShortJul',
  'monthShortAug',
  'monthShortSep',
  'monthShortOct',
  'monthShortNov',
  'monthShortDec',
];
const LONG_MONTHS: readonly MessageKey[] = [
  'monthLongJan',
  'monthLongFeb',
  'monthLongMar',
  'monthLongApr',
  'monthLongMay',
  'monthLongJun',
  'monthLongJul',
  'monthLongAug',
  'monthLongSep',
  'monthLongOct',
  'monthLongNov',
  'monthLongDec',
];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function shortDate(l: LocalDate, options: unknown): string {
  const y = pad(l.y, 4);
  if (l.precision === 'year') return y;
  const mon = text(SHORT_MONTHS[l.mo - 1], undefined, options);
  if (l.precision === 'month') return text('dateShortMonth', { mon, y }, options);
  return text('dateShortDay', { d: pad(l.d, 2), mon, y }, options);
}

function hhmm(l: LocalDate): string {
  return `${pad(l.h, 2)}:${pad(l.mi, 2)}`;
}

/**
 * NHS CUI date `12-Mar-2024`; partial FHIR dates as `Mar-2019` or `2019`. A dateTime (or a Date)
 * is shown as the calendar date in UK time (or `options.timeZone`).
 */
export function formatDate(value: unknown, options?: FormatOptions): string {
  return guard(options, () => {
    const l = toLocalDate(value, timeZoneOf(options));
    return l ? shortDate(l, options) : notKnown(langOf(options));
  });
}

/** Long form for assistive technology: `12 March 2024`, `March 2019`, `2019`. */
export function formatDateLong(value: unknown, options?: FormatOptions): string {
  return guard(options, () => {
    const l = toLocalDate(value, timeZoneOf(options));
    if (!l) return notKnown(langOf(options));
    const y = pad(l.y, 4);
    if (l.precision === 'year') return y;
    const month = text(LONG_MONTHS[l.mo - 1], undefined, options);
    if (l.precision === 'month') return text('dateLongMonth', { month, y }, options);
    return text('dateLongDay', { d: l.d, month, y }, options);
  });
}

/** 24-hour time `14:05` in UK time. A value without a time is Not known. */
export function formatTime(value: unknown, options?: FormatOptions): string {
  return guard(options, () => {
    const l = toLocalDate(value, timeZoneOf(options));
    return l && l.precision === 'time' ? hhmm(l) : notKnown(langOf(options));
  });
}

/** `12-Mar-2024 14:05`; a value without a time gives just the (possibly partial) date. */
export function formatDateTime(value: unknown, options?: FormatOptions): string {
  return guard(options, () => {
    const l = toLocalDate(value, timeZoneOf(options));
    if (!l) return notKnown(langOf(options));
    const date = shortDate(l, options);
    return l.precision === 'time' ? text('dateTimeJoin', { date, time: hhmm(l) }, options) : date;
  });
}

/** `12-Mar-2024 to 14-Mar-2024`, `From 12-Mar-2024`, `Until 14-Mar-2024`, else Not known. */
export function formatPeriod(period: Period | unknown, options?: FormatOptions): string {
  return guard(options, () => {
    if (!isRecord(period)) return notKnown(langOf(options));
    const tz = timeZoneOf(options);
    const start = toLocalDate(period['start'], tz);
    const end = toLocalDate(period['end'], tz);
    const s = start && shortDate(start, options);
    const e = end && shortDate(end, options);
    if (s && e) return text('periodRange', { start: s, end: e }, options);
    if (s) return text('periodFrom', { start: s }, options);
    if (e) return text('periodUntil', { end: e }, options);
    return notKnown(langOf(options));
  });
}
