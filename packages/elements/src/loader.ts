// @joinedcare/elements/dist/loader.js: the script-tag entry that defines each joined-care tag the
// first time it is used, and loads only the code for the tags a page uses.
//
// `npm run build` makes loader.js from this file, with the file names of its chunks built in
// (`__JC_FILES__`, from dist/loader.json): one chunk per widget package and ONE shared chunk (Lit,
// @lit/context, @lit/task, core and <jc-context>), all in the loader's own folder. The loader itself
// imports nothing and uses no Lit, so it is small, and a page that shows no joined-care tag loads
// nothing else.
//
// - A tag is found in the document, in every shadow root (attached before or after the loader
//   ran), and when a host framework adds it later (a MutationObserver).
// - A tag the page has already defined itself is left alone, with a console warning.
// - A chunk that cannot be loaded names the missing file in the console and in every element of
//   that tag (role="alert"), instead of leaving it blank.
// - No inline script or style: it works under `script-src 'self'` (the error box is styled
//   through the CSSOM, which style-src does not govern).

/** What the build bakes in: the version and the file of each chunk, relative to loader.js. */
interface LoaderFiles {
  readonly version: string;
  /** Lit, core and <jc-context>: every widget chunk imports it. */
  readonly shared: string;
  /** `registerLocale` and `registeredLocales`. */
  readonly locale: string;
  /** Tag -> the file that defines it. */
  readonly tags: Readonly<Record<string, string>>;
}

declare const __JC_FILES__: LoaderFiles;

type LocaleModule = typeof import('./locale.js');

const FILES = __JC_FILES__;
const PREFIX = '[joinedcare]';

/** The version of the joined-care elements this loader loads. */
export const version: string = FILES.version;

const known = Object.keys(FILES.tags);
const selector = [...known, ':not(:defined)'].join(',');
/** Tags whose loading has been decided (being loaded, loaded, failed, or left to the host). */
const handled = new Set<string>();
/** The host defined these shared-chunk tags itself; warned about unless the shared chunk loads (its own define warns). */
const hostDefinedShared = new Set<string>();
const warnedUnknown = new Set<string>();
/** Tag -> what to show in its elements, once its chunk failed. */
const failures = new Map<string, string>();
/** Every root searched so far, for showing a failure in elements already there. */
const roots: WeakRef<Document | ShadowRoot>[] = [];
const imports = new Map<string, Promise<unknown>>();
let observer: MutationObserver | undefined;
let base: URL | undefined;

function fileUrl(file: string): string {
  base ??= new URL(/* @vite-ignore */ './', import.meta.url);
  return new URL(file, base).href;
}

/** One import per file, whoever asks. */
function importFile(file: string): Promise<unknown> {
  let p = imports.get(file);
  if (!p) {
    p = import(/* @vite-ignore */ fileUrl(file));
    imports.set(file, p);
  }
  return p;
}

/** Loads a tag's chunk and the shared chunk, in parallel; on failure names the file that failed. */
async function load(tag: string): Promise<void> {
  const own = FILES.tags[tag] ?? FILES.shared;
  const files = own === FILES.shared ? [FILES.shared] : [FILES.shared, own];
  const results = await Promise.allSettled(files.map(importFile));
  // the shared chunk first: when it is missing, the widget's chunk fails because of it
  const failed = files.find((_, i) => results[i]?.status === 'rejected');
  if (failed) fail(tag, failed);
}

const reported = new Set<string>();
function fail(tag: string, file: string): void {
  const url = fileUrl(file);
  if (!reported.has(file)) {
    reported.add(file);
    console.error(
      `${PREFIX} Could not load ${file} from ${url}: the file is missing or could not be fetched, so <${tag}> (and any tag that needs it) is not shown. ` +
        `Serve every file of @joinedcare/elements ${FILES.version} (dist/) from the folder that holds loader.js.`,
    );
  }
  failures.set(
    tag,
    `This joined-care panel could not be loaded: ${file} was not found or could not be fetched (${url}). Tell your system administrator.`,
  );
  for (const ref of roots) {
    const root = ref.deref();
    if (root) root.querySelectorAll(tag).forEach(showFailure);
  }
}

const ERROR_MARK = 'data-jc-load-error';

/** A visible error inside the (undefined, so light-DOM-rendered) element; gone if the tag is defined later. */
function showFailure(el: Element): void {
  const text = failures.get(el.localName);
  if (!text || FILES.tags[el.localName] === FILES.shared || el.querySelector(`:scope > [${ERROR_MARK}]`)) return;
  const box = document.createElement('div');
  box.setAttribute(ERROR_MARK, '');
  box.setAttribute('role', 'alert');
  box.textContent = text;
  // CSSOM, not a style attribute: allowed under style-src 'self'
  Object.assign(box.style, {
    display: 'block',
    margin: '0 0 8px',
    padding: '8px 16px',
    borderLeft: '6px solid #d5281b',
    background: '#ffffff',
    color: '#212b32',
    fontFamily: 'Arial, sans-serif',
  });
  el.prepend(box);
  void customElements.whenDefined(el.localName).then(() => box.remove());
}

/** Decides what to do with a tag seen for the first time. */
function consider(tag: string): void {
  if (handled.has(tag)) return;
  handled.add(tag);
  if (customElements.get(tag)) {
    // defined by the host page (or another copy of the library): left alone
    if (FILES.tags[tag] === FILES.shared) hostDefinedShared.add(tag);
    else warnDefined(tag);
    return;
  }
  void load(tag);
}

function warnDefined(tag: string): void {
  console.warn(`${PREFIX} <${tag}> is already defined on this page; keeping the existing definition.`);
}

/** Finds joined-care tags in `node` (an added element, or a root) and its subtree. */
function discover(node: Element | Document | ShadowRoot): void {
  const found: Element[] = node instanceof Element && node.matches(selector) ? [node] : [];
  found.push(...node.querySelectorAll(selector));
  for (const el of found) {
    const tag = el.localName;
    if (tag in FILES.tags) {
      consider(tag);
      if (failures.has(tag)) showFailure(el);
    } else if (tag.startsWith('jc-') && !warnedUnknown.has(tag)) {
      warnedUnknown.add(tag);
      console.warn(`${PREFIX} <${tag}> is not an element of @joinedcare/elements ${FILES.version}; known: ${known.join(', ')}.`);
    }
  }
}

/** After a search: the shared chunk defines its tags too, and warns itself when the host got there first. */
function settleWarnings(): void {
  if (!imports.has(FILES.shared)) hostDefinedShared.forEach(warnDefined);
  hostDefinedShared.clear();
}

/** Searches a root now and whenever nodes are added to it; also every open shadow root inside it. */
function watch(root: Document | ShadowRoot): void {
  observer ??= new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === Node.ELEMENT_NODE) discover(n as Element);
    settleWarnings();
  });
  observer.observe(root, { childList: true, subtree: true });
  // a host that attaches many shadow roots: forget those that are gone, now and then
  if (roots.length >= 256 && (roots.length & 255) === 0) roots.splice(0, roots.length, ...roots.filter((r) => r.deref()));
  roots.push(new WeakRef(root));
  discover(root);
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot && !isOurs(el)) watch(el.shadowRoot);
}

/** Our widgets render no joined-care tag in their shadow roots, so those are not watched. */
const isOurs = (el: Element): boolean => el.localName in FILES.tags;

function start(): void {
  const { attachShadow } = Element.prototype as { attachShadow: (this: Element, init: ShadowRootInit) => ShadowRoot };
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
    const root = attachShadow.call(this, init);
    if (!isOurs(this)) {
      watch(root);
      settleWarnings();
    }
    return root;
  };
  watch(document);
  settleWarnings();
}

if (typeof document !== 'undefined' && typeof customElements !== 'undefined') start();

/**
 * Adds a language (or changes wording) on a page that uses the loader:
 * `await registerLocale('cy', { loading: 'Yn llwytho…', … })`. Widgets already on the page redraw in
 * it. Loads the shared chunk if it is not loaded yet.
 */
export async function registerLocale(lang: string, strings: Readonly<Record<string, unknown>>): Promise<void> {
  const m = (await importFile(FILES.locale)) as LocaleModule;
  m.registerLocale(lang, strings as Parameters<LocaleModule['registerLocale']>[1]);
}

/** The languages with registered strings (en-GB is built in). Loads the shared chunk if it is not loaded yet. */
export async function registeredLocales(): Promise<string[]> {
  const m = (await importFile(FILES.locale)) as LocaleModule;
  return m.registeredLocales();
}
