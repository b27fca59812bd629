// Languages loaded on demand: a package names a loader (a dynamic import) per language beside its
// catalogue, and the first widget shown in that language loads it, so a page in English never
// fetches another language's strings.
import { coreMessages, registerLocale, translate, type MessageCatalogue } from './index.js';
import type { LocaleStrings } from './plural-forms.js';

export { allPluralForms, type LocaleStrings } from './plural-forms.js';

/** Loads one package's strings in one language: a dynamic import of the package's `strings.cy.js`, for example. */
export type LocaleLoader = () => Promise<LocaleStrings>;

/** Base language (`cy`) -> namespace -> loader. */
const loaders = new Map<string, Map<string, LocaleLoader>>();
/** `${base} ${namespace}` -> the one load of it. */
const loads = new Map<string, Promise<void>>();
/** Base languages a widget has been shown in: a loader named later starts at once. */
const wanted = new Set<string>();
/** The last `loadLocale` answer per base language, while no package has named another loader for it. */
const combined = new Map<string, { count: number; done: Promise<void> }>();

function baseOf(lang: string | undefined): string {
  return typeof lang === 'string' ? (lang.trim().split('-')[0] ?? '').toLowerCase() : '';
}

/**
 * Names the loaders of a catalogue's translations, by language (`{ cy: loader }`), and
 * returns the catalogue. Nothing is loaded until `loadLocale` is called for that language (every
 * widget does, for the language it is shown in).
 */
export function localeLoaders<C extends MessageCatalogue>(catalogue: C, byLang: Readonly<Record<string, LocaleLoader>>): C {
  for (const [lang, load] of Object.entries(byLang)) {
    const base = baseOf(lang);
    if (!base || typeof load !== 'function') continue;
    let forLang = loaders.get(base);
    if (!forLang) loaders.set(base, (forLang = new Map<string, LocaleLoader>()));
    if (!forLang.has(catalogue.namespace)) forLang.set(catalogue.namespace, load);
    if (wanted.has(base)) void loadOne(base, catalogue.namespace, load);
  }
  return catalogue;
}

/** A sentinel no catalogue holds: `translate` returns it only when no language has registered the key. */
const UNSET = '\u0000';

/** Whether a host has already registered `key` in `lang` (its own wording wins over a loaded catalogue). */
function hostHas(lang: string, key: string): boolean {
  return translate({ namespace: '', prefix: '', strings: { [key]: UNSET } }, key, undefined, lang) !== UNSET;
}

function loadOne(base: string, namespace: string, load: LocaleLoader): Promise<void> {
  const id = `${base} ${namespace}`;
  let p = loads.get(id);
  if (!p) {
    p = Promise.resolve()
      .then(load)
      .then((strings) => {
        const fresh = Object.fromEntries(Object.entries(strings ?? {}).filter(([key]) => !hostHas(base, key)));
        registerLocale(base, fresh);
      })
      .catch((err: unknown) => {
        const kind = err instanceof Error ? err.name : typeof err;
        console.warn(`[joinedcare] the "${base}" strings of ${namespace} could not be loaded (${kind}); en-GB is shown instead.`);
      });
    loads.set(id, p);
  }
  return p;
}

/**
 * Loads the strings of `lang` (its base language: `cy-GB` loads `cy`) for every package that names
 * a loader for it, once; resolves when they are registered (widgets on the page redraw in them).
 * A host may await it before showing widgets, to avoid a first draw in English. en-GB, and a
 * language no package has, resolve at once. Never rejects.
 */
export function loadLocale(lang: string | undefined): Promise<void> {
  const base = baseOf(lang);
  if (!base || base === 'en') return Promise.resolve();
  wanted.add(base);
  const forLang = loaders.get(base);
  if (!forLang) return Promise.resolve();
  const known = combined.get(base);
  if (known && known.count === forLang.size) return known.done;
  const done = Promise.all([...forLang].map(([namespace, load]) => loadOne(base, namespace, load))).then(() => undefined);
  combined.set(base, { count: forLang.size, done });
  return done;
}

// core's own translations
localeLoaders(coreMessages, { cy: () => import('./cy.js').then((m) => m.coreCy) });
