// Global traps for the hostile-data suites: anything that executes a payload, opens a dialog or
// navigates is counted, so a test can assert that nothing ran.

declare global {
  interface Window {
    __jcPwned?: number;
  }
}

export interface Trap {
  /** How many payloads executed (window.__jcPwned), dialogs opened, or scripts were inserted. */
  readonly fired: number;
  /** What fired, for the failure message (no clinical data: kinds only). */
  readonly log: readonly string[];
  restore(): void;
}

/** Installs the traps; call `restore()` in afterEach. */
export function installTrap(): Trap {
  const log: string[] = [];
  window.__jcPwned = 0;
  const saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt, open: window.open };
  window.alert = () => void log.push('alert');
  window.confirm = () => (log.push('confirm'), false);
  window.prompt = () => (log.push('prompt'), null);
  window.open = () => (log.push('window.open'), null);
  const onViolation = (e: SecurityPolicyViolationEvent) => log.push(`csp:${e.violatedDirective}`);
  document.addEventListener('securitypolicyviolation', onViolation);
  return {
    get fired() {
      return (window.__jcPwned ?? 0) + log.length;
    },
    get log() {
      return [...log, ...(window.__jcPwned ? [`payload executed ${window.__jcPwned}x`] : [])];
    },
    restore() {
      Object.assign(window, saved);
      document.removeEventListener('securitypolicyviolation', onViolation);
    },
  };
}

/** Every element in `root` (and `root`'s own shadow root), descending into open shadow roots. */
export function deepElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  const walk = (node: ParentNode) => {
    for (const el of Array.from(node.querySelectorAll('*'))) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  if (root instanceof Element && root.shadowRoot) walk(root.shadowRoot);
  walk(root);
  return out;
}

/** The text a user sees in `host` (shadow roots included, styles and scripts excluded). */
export function visibleText(host: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element && /^(STYLE|SCRIPT|TEMPLATE)$/.test(node.tagName)) return;
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(host);
  return parts.join(' ').replace(/\s+/g, ' ');
}

// browsers strip whitespace and C0 controls from URLs before reading the scheme
// eslint-disable-next-line no-control-regex
const CONTROL_AND_SPACE = /[\s\u0000-\u001f]/g;

/** Dangerous things rendered in `host`: script-capable elements, handler attributes, bad URLs. */
export function dangerousMarkup(host: Element): string[] {
  const found: string[] = [];
  for (const el of deepElements(host)) {
    // a widget's own form carries a `part` (sanitised or escaped text never has one)
    const own = el.tagName === 'FORM' && el.hasAttribute('part');
    if (/^(SCRIPT|IFRAME|OBJECT|EMBED|BASE|META|LINK|FORM)$/.test(el.tagName) && !own && !el.closest('[data-jc-allowed]')) {
      found.push(`<${el.tagName.toLowerCase()}>`);
    }
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName.toLowerCase()}[${attr.name}]`);
      if (
        /^(href|src|action|formaction|xlink:href|data)$/i.test(attr.name) &&
        /^\s*(javascript|vbscript|data):/i.test(attr.value.replace(CONTROL_AND_SPACE, ''))
      ) {
        found.push(`${el.tagName.toLowerCase()}[${attr.name}=${attr.value.slice(0, 12)}…]`);
      }
    }
  }
  return found;
}

/** Texts that must never reach a user. */
export const FORBIDDEN_TEXT = /\b(undefined|null|NaN|Invalid Date)\b|\[object Object\]/;

/** Bidi controls that can make one value read as another (embeddings, overrides, isolates, marks). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** Rendered text (text nodes, and the attributes a screen reader reads) that carries bidi controls. */
export function bidiLeaks(host: Element): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE && BIDI_CONTROLS.test(node.textContent ?? '')) {
      // synthetic test data only: the excerpt says which field leaked
      const excerpt = JSON.stringify((node.textContent ?? '').trim().slice(0, 40));
      found.push(`text in <${node.parentElement?.localName ?? node.parentNode?.nodeName ?? '?'}>: ${excerpt}`);
    }
    if (node instanceof Element) {
      for (const name of ['aria-label', 'title', 'alt', 'aria-description']) {
        if (BIDI_CONTROLS.test(node.getAttribute(name) ?? '')) found.push(`${node.localName}[${name}]`);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(host);
  return found;
}

/**
 * Markup no widget renders itself, so finding it means hostile text became markup: style sheets,
 * images, media, MathML, SVG script-ish children, and inline styles carrying URLs or overlays.
 * (Widgets style through adopted style sheets; their SVG icons are paths and circles only.)
 */
export function injectedMarkup(host: Element): string[] {
  const found: string[] = [];
  for (const el of deepElements(host)) {
    const tag = el.localName;
    if (/^(style|img|math|video|audio|source|marquee|noscript|foreignobject|animate|set|image|use|frame|frameset|applet)$/.test(tag)) {
      found.push(`<${tag}>`);
    }
    const style = el.getAttribute('style') ?? '';
    if (/url\(|expression\(|@import|position\s*:\s*fixed|javascript:/i.test(style)) found.push(`${tag}[style]`);
    if (el.hasAttribute('autofocus') && tag !== 'textarea' && tag !== 'input' && tag !== 'button') found.push(`${tag}[autofocus]`);
  }
  return found;
}
