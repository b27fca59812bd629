import { msg, type MessageKey } from '../i18n/index.js';

/** Options shared by the formatters. Every property is optional and validated at run time. */
export interface FormatOptions {
  /** Language tag for the string catalogue (falls back to en-GB). */
  lang?: string;
  /** The clock for ages and relative times (defaults to the current time). */
  now?: Date;
  /** IANA time zone for display (defaults to Europe/London, whatever the browser's zone). */
  timeZone?: string;
}

/** The display time zone for NHS England. */
export const UK_TIME_ZONE = 'Europe/London';

/** Reads `options[key]` without trusting `options` (it may be null, a primitive or a hostile object). */
function read(options: unknown, key: keyof FormatOptions): unknown {
  try {
    return typeof options === 'object' && options !== null ? (options as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

export function langOf(options: unknown): string | undefined {
  const lang = read(options, 'lang');
  return typeof lang === 'string' && lang.trim() !== '' ? lang : undefined;
}

/** A usable `now` from the options, else the current time. */
export function nowOf(options: unknown): number {
  const now = read(options, 'now');
  const t = now instanceof Date ? now.getTime() : NaN;
  return Number.isFinite(t) ? t : Date.now();
}

export function timeZoneOf(options: unknown): string {
  const tz = read(options, 'timeZone');
  return typeof tz === 'string' && tz !== '' ? tz : UK_TIME_ZONE;
}

/** Catalogue lookup with the language from `options`. */
export function text(key: MessageKey, params: Record<string, string | number> | undefined, options: unknown): string {
  return msg(key, params, langOf(options));
}

/** The catalogue's "Not known" in `lang` (en-GB by default). */
export function notKnown(lang?: string): string {
  return msg('notKnown', undefined, typeof lang === 'string' && lang.trim() !== '' ? lang : undefined);
}

/**
 * Runs a formatter body and turns any unexpected exception (hostile getters, exotic objects)
 * into "Not known", so that no formatter can throw.
 */
export function guard(options: unknown, body: () => string): string {
  try {
    return body();
  } catch {
    return notKnown(langOf(options));
  }
}

// Characters that can make one value read as another (bidi overrides, embeddings, isolates and marks,
// the Arabic letter mark), invisible ones (zero-width space, word joiner, BOM, soft hyphen) and C0/C1
// controls. ZWJ and ZWNJ stay: scripts and emoji need them and they cannot reorder text.
const DECEPTIVE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * Untrusted text made safe to show as one line: bidi controls, invisible characters and control
 * characters removed, whitespace (incl. line and paragraph separators) collapsed, trimmed.
 * Non-strings give ''.
 */
export function cleanString(value: unknown): string {
  return typeof value === 'string'
    ? value
        .replace(DECEPTIVE, '')
        .replace(/[\s\u2028\u2029]+/g, ' ')
        .trim()
    : '';
}

/**
 * Untrusted multi-line text (notes, messages) made safe to show with `white-space: pre-line`: like
 * `cleanString` but keeps line breaks (at most two in a row).
 */
export function cleanMultiline(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(DECEPTIVE, '')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A plain object (not null, not an array): the shape every FHIR element should have. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` if it is an array, else `[]` (malformed data puts objects or strings where arrays belong). */
export function asArray<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/**
 * Every value at a dotted path (`participant.member`), flattening arrays on the way and skipping
 * missing and null values: a tolerant FHIRPath-like walk for untrusted resources.
 */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const c of current) {
      if (!c || typeof c !== 'object') continue;
      const v = (c as Record<string, unknown>)[part];
      if (Array.isArray(v)) next.push(...(v as unknown[]));
      else if (v !== undefined && v !== null) next.push(v);
    }
    current = next;
  }
  return current;
}
