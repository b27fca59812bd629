import { enGB } from './en-gb.js';

export { enGB };

/**
 * Every message key and its en-GB text type. Core's keys are built in; a widget package adds its own
 * by declaration merging and registers the en-GB texts with `registerMessages`, so a widget's
 * strings ship only in that widget's bundle:
 * `declare module '@joinedcare/core' { interface JcMessages extends MyStrings {} }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JcMessages extends CoreMessages {}
type CoreMessages = { readonly [K in keyof typeof enGB]: string };
export type MessageKey = keyof JcMessages & string;
export type Catalogue = Record<MessageKey, string>;

/** The en-GB defaults: core's, plus every widget's registered with `registerMessages`. */
const defaults: Record<string, string> = { ...enGB };
const catalogues = new Map<string, Partial<Catalogue>>([['en-GB', defaults]]);

/** Adds a widget's en-GB strings (the fallback for every language). Keys already present are kept. */
const registered = new WeakSet<object>();
export function registerMessages(strings: Readonly<Record<string, string>>): void {
  if (registered.has(strings)) return;
  registered.add(strings);
  for (const [key, text] of Object.entries(strings)) if (!(key in defaults)) defaults[key] = text;
}

/** Registers (or extends) a catalogue for a language tag such as `cy` or `cy-GB`. */
export function registerLocale(lang: string, strings: Partial<Catalogue>): void {
  catalogues.set(lang, { ...(catalogues.get(lang) ?? {}), ...strings });
}

/** Languages with a registered catalogue. */
export function registeredLocales(): string[] {
  return [...catalogues.keys()];
}

function lookup(lang: string | undefined, key: MessageKey): string {
  if (lang) {
    const exact = catalogues.get(lang)?.[key];
    if (exact !== undefined) return exact;
    const base = lang.split('-')[0];
    for (const [tag, cat] of catalogues) {
      if (tag.split('-')[0] === base && cat[key] !== undefined) return cat[key];
    }
  }
  return defaults[key] ?? key;
}

/**
 * Returns the string for `key` in `lang` (falling back to en-GB), with `{name}` placeholders filled.
 * Never throws; an unknown placeholder is left empty rather than printed as "undefined".
 */
export function msg(key: MessageKey, params?: Record<string, string | number>, lang?: string): string {
  const template = lookup(lang, key);
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? '' : String(v);
  });
}
