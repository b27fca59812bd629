// Strings: catalogues registered by value, namespaced per package, with plural rules and languages added at run time.
import { enGB } from './en-gb.js';

export { enGB };

/**
 * A string with plural forms, chosen by the `count` (or `n`) parameter through `Intl.PluralRules`
 * in the language shown: `{ one: '{count} item', other: '{count} items' }`. `other` is required;
 * Welsh, for example, also uses `zero`, `two`, `few` and `many`.
 */
export interface PluralForms {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

/** A catalogue entry: a string with `{name}` placeholders, or plural forms of one. */
export type MessageValue = string | PluralForms;

/**
 * A package's en-GB strings, named by its package (`namespace`) and the prefix every one of its
 * keys starts with. Pass it by value (`translate(catalogue, key)`, or `static messages` on an
 * element), so a bundler can never drop it: nothing is registered by a side-effect import.
 */
export interface MessageCatalogue<S extends Readonly<Record<string, MessageValue>> = Readonly<Record<string, MessageValue>>> {
  readonly namespace: string;
  readonly prefix: string;
  readonly strings: S;
  /** Looks a key up in this catalogue first (see `translate`): `t(key, params, lang)`. */
  readonly t: (key: MessageKey, params?: Record<string, string | number>, lang?: string) => string;
}

/** The keys of a package's strings, for `declare module '@joinedcare/core' { interface JcMessages extends MessageKeys<typeof myStrings> {} }`. */
export type MessageKeys<S> = { readonly [K in keyof S]: string };

/** Param-less strings already looked up, per catalogue (`NO_CATALOGUE`: none given); emptied when strings are registered or defined. */
let plainCache = new WeakMap<object, Map<string, string>>();
const NO_CATALOGUE = {};
function plainCacheOf(catalogue: CatalogueShape | undefined): Map<string, string> {
  const owner = catalogue ?? NO_CATALOGUE;
  let cache = plainCache.get(owner);
  if (!cache) plainCache.set(owner, (cache = new Map<string, string>()));
  return cache;
}
function forgetLookups(): void {
  plainCache = new WeakMap();
}

/** Every catalogue defined so far (core's first), for `msg` and the duplicate-key check. */
const defined: MessageCatalogue[] = [];

/**
 * Defines a package's catalogue. Every key must start with `prefix` (core's prefix is empty): a key
 * that does not, or that another catalogue already defines, is reported by `catalogueProblems()`,
 * which the test suite checks, and by a console warning.
 */
export function defineMessages<const S extends Readonly<Record<string, MessageValue>>>(
  namespace: string,
  prefix: string,
  strings: S,
): MessageCatalogue<S> {
  const catalogue: MessageCatalogue<S> = Object.freeze({
    namespace,
    prefix,
    strings,
    t: (key: MessageKey, params?: Record<string, string | number>, lang?: string) => translate(catalogue, key, params, lang),
  });
  const existing = defined.find((c) => c.namespace === namespace);
  if (existing) return existing as MessageCatalogue<S>; // two copies of one package on a page
  defined.push(catalogue);
  forgetLookups();
  const problems = problemsOf(catalogue, defined.slice(0, -1));
  if (problems.length) console.warn(`[joinedcare] string catalogue "${namespace}": ${problems.join('; ')}`);
  return catalogue;
}

type CatalogueShape = Pick<MessageCatalogue, 'namespace' | 'prefix' | 'strings'>;

function problemsOf(catalogue: CatalogueShape, others: readonly CatalogueShape[]): string[] {
  const out: string[] = [];
  for (const key of Object.keys(catalogue.strings)) {
    if (catalogue.prefix && !key.startsWith(catalogue.prefix)) out.push(`key ${key} does not start with ${catalogue.prefix}`);
    const other = others.find((o) => Object.hasOwn(o.strings, key));
    if (other) out.push(`key ${key} is also defined by ${other.namespace}`);
  }
  return out;
}

/** Keys defined twice (across catalogues) or outside their package's prefix, as sentences. Empty when all is well. */
export function catalogueProblems(catalogues: readonly CatalogueShape[] = defined): string[] {
  return catalogues.flatMap((c, i) => problemsOf(c, catalogues.slice(0, i)));
}

/** Every catalogue defined on this page so far. */
export function definedCatalogues(): readonly MessageCatalogue[] {
  return [...defined];
}

/** Core's own catalogue: the shared states, errors and formatters. */
export const coreMessages = defineMessages('core', '', enGB);

/**
 * Every message key and its en-GB text type, for type-checking `t()` calls. Core's keys are built
 * in; a widget package adds its own by declaration merging:
 * `declare module '@joinedcare/core' { interface JcMessages extends MyStrings {} }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JcMessages extends CoreMessages {}
type CoreMessages = MessageKeys<typeof enGB>;
export type MessageKey = keyof JcMessages & string;
/** A (partial) translation: keys of any package, each a string or plural forms. */
export type Catalogue = Partial<Record<MessageKey, MessageValue>>;

/** Translations registered at run time, by language tag. */
const locales = new Map<string, Map<string, MessageValue>>();
const listeners = new Set<() => void>();

/**
 * Registers (or extends) the strings of a language such as `cy` or `cy-GB`: any subset of the keys
 * of any package (a missing key falls back to en-GB). Widgets already on the page redraw in it.
 */
export function registerLocale(lang: string, strings: Readonly<Record<string, MessageValue>>): void {
  if (typeof lang !== 'string' || !lang.trim() || !strings || typeof strings !== 'object') return;
  const tag = lang.trim();
  const cat = locales.get(tag) ?? new Map<string, MessageValue>();
  for (const [key, value] of Object.entries(strings)) if (isMessageValue(value)) cat.set(key, value);
  locales.set(tag, cat);
  forgetLookups();
  notifyLocaleChange();
}

/** Languages with registered strings (en-GB is built in). */
export function registeredLocales(): string[] {
  return ['en-GB', ...[...locales.keys()].filter((l) => l !== 'en-GB')];
}

/** Calls `listener` whenever strings are registered or the document's language changes; returns the unsubscribe. */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  watchDocumentLang();
  return () => listeners.delete(listener);
}

function notifyLocaleChange(): void {
  for (const l of [...listeners]) l();
}

let watching = false;
/** The document's `lang` is one of the places a widget's language comes from: follow its changes. */
function watchDocumentLang(): void {
  if (watching || typeof MutationObserver === 'undefined' || typeof document === 'undefined') return;
  watching = true;
  new MutationObserver(notifyLocaleChange).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

function isMessageValue(v: unknown): v is MessageValue {
  return typeof v === 'string' || (typeof v === 'object' && v !== null && typeof (v as PluralForms).other === 'string');
}

function registered(lang: string | undefined, key: string): MessageValue | undefined {
  if (!locales.size) return undefined;
  lang ||= 'en-GB';
  const exact = locales.get(lang)?.get(key);
  if (exact !== undefined) return exact;
  const base = lang.split('-')[0].toLowerCase();
  for (const [tag, cat] of locales) {
    if (tag.split('-')[0].toLowerCase() === base && cat.has(key)) return cat.get(key);
  }
  return undefined;
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(lang: string | undefined, n: number): Intl.LDMLPluralRule {
  const tag = lang || 'en-GB';
  let rules = pluralRules.get(tag);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(tag);
    } catch {
      rules = new Intl.PluralRules('en-GB');
    }
    pluralRules.set(tag, rules);
  }
  return rules.select(n);
}

/** The number a plural is chosen by: a number, or a formatted count such as "10,000" (digits only are read). */
function countOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^[\d\s,.\u00a0\u202f]+$/.test(value)) return Number(value.replace(/\D/g, ''));
  return Number.NaN;
}

function fill(value: MessageValue, params: Record<string, string | number> | undefined, lang: string | undefined): string {
  let template: string;
  if (typeof value === 'string') template = value;
  else {
    const n = countOf(params?.['count'] ?? params?.['n']);
    template = (Number.isFinite(n) ? value[pluralCategory(lang, n)] : undefined) ?? value.other;
  }
  if (!params) return template;
  // the template split once into text and placeholder names (odd places), then joined per call
  let pieces = compiled.get(template);
  if (!pieces) compiled.set(template, (pieces = template.split(/\{(\w+)\}/)));
  let out = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i += 2) {
    const v = params[pieces[i]];
    out += (v === undefined || v === null ? '' : String(v)) + (pieces[i + 1] ?? '');
  }
  return out;
}

/** Templates split into text and placeholders (a bounded set: the catalogues' and registered languages' strings). */
const compiled = new Map<string, string[]>();

/**
 * The string for `key` in `lang`: a registered translation, else `catalogue`'s en-GB text, else
 * core's, else (last) another defined catalogue's, else the key. Placeholders are filled; plural forms follow the language's plural rules.
 * Never throws; an unknown placeholder is left empty rather than printed as "undefined".
 */
export function translate(
  catalogue: CatalogueShape | undefined,
  key: string,
  params?: Record<string, string | number>,
  lang?: string,
): string {
  if (params) return lookUp(catalogue, key, params, lang);
  // a string without placeholders is looked up once per catalogue and language: long lists draw the
  // same labels thousands of times (issue 18, render cost)
  const cache = plainCacheOf(catalogue);
  const id = `${lang ?? ''}\u0000${key}`;
  let text = cache.get(id);
  if (text === undefined) cache.set(id, (text = lookUp(catalogue, key, undefined, lang)));
  return text;
}

function lookUp(
  catalogue: CatalogueShape | undefined,
  key: string,
  params: Record<string, string | number> | undefined,
  lang?: string,
): string {
  const value =
    registered(lang, key) ??
    (catalogue && Object.hasOwn(catalogue.strings, key) ? catalogue.strings[key] : undefined) ??
    (Object.hasOwn(enGB, key) ? (enGB as Record<string, MessageValue>)[key] : undefined) ??
    defined.find((c) => Object.hasOwn(c.strings, key))?.strings[key];
  return value === undefined ? key : fill(value, params, lang);
}

/** A lookup bound to one catalogue: `const t = translator(myStrings); t('myKey', { n: 2 }, lang)`. */
export function translator(
  catalogue: MessageCatalogue,
): (key: MessageKey, params?: Record<string, string | number>, lang?: string) => string {
  return (key, params, lang) => translate(catalogue, key, params, lang);
}

/**
 * Core's strings (and, for compatibility, any defined package's) in `lang`. Packages look their own
 * strings up through their catalogue (`translate`, `translator`), which cannot collide.
 */
export function msg(key: MessageKey, params?: Record<string, string | number>, lang?: string): string {
  return translate(coreMessages, key, params, lang);
}
