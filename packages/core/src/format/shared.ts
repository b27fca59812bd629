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

/** The catalogue's "Not Known" in `lang` (en-GB by default). */
export function notKnown(lang?: string): string {
  return msg('notKnown', undefined, typeof lang === 'string' && lang.trim() !== '' ? lang : undefined);
}

/**
 * Runs a formatter body and turns any unexpected exception (hostile getters, exotic objects)
 * into "Not Known", so that no formatter can throw.
 */
export function guard(options: unknown, body: () => string): string {
  try {
    return body();
  } catch {
    return notKnown(langOf(options));
  }
}

/** A trimmed string with runs of white space collapsed, or '' for anything that is not a string. */
export function cleanString(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
