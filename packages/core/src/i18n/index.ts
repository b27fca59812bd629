import { enGB, type Catalogue, type MessageKey } from './en-gb.js';

export { enGB, type Catalogue, type MessageKey };

const catalogues = new Map<string, Partial<Catalogue>>([['en-GB', enGB]]);

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
  return enGB[key];
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
