/**
 * Elements whose content is not readable text: code, styles, embedded documents and media,
 * vector graphics and formulae (as DOMPurify's `FORBID_CONTENTS`, for the same reason).
 */
const NOT_TEXT = 'script,style,template,noscript,noembed,noframes,iframe,object,embed,svg,math,head,title,audio,video,xmp,plaintext';

/** Elements after which a word ends. */
const BREAKS = 'p,div,br,hr,li,dt,dd,tr,td,th,caption,h1,h2,h3,h4,h5,h6,blockquote,pre,address,table,ul,ol,dl';

/**
 * The readable text of a FHIR narrative (`Narrative.div`, untrusted XHTML), whitespace collapsed;
 * '' when there is none or no DOM to read it with.
 *
 * For text only, the sanitiser (`sanitizeNarrative`, DOMPurify) is not needed: the narrative is
 * parsed into an inert document (`DOMParser`: no browsing context, so nothing in it runs or loads),
 * the elements whose content is not text are removed, and only the text is returned, to be drawn
 * as text. So a widget that shows a narrative's text does not carry DOMPurify (11 KB gzip).
 */
export function narrativeText(div: unknown): string {
  if (typeof div !== 'string' || !div.trim() || typeof DOMParser === 'undefined') return '';
  let doc: Document;
  try {
    doc = new DOMParser().parseFromString(trusted(div) as string, 'text/html');
  } catch {
    return ''; // a page that enforces Trusted Types without allowing our policy (see below)
  }
  for (const el of Array.from(doc.querySelectorAll(NOT_TEXT))) el.remove();
  // blocks, cells and line breaks end a word: "Problems" and "Type 2 diabetes" do not run together
  for (const el of Array.from(doc.querySelectorAll(BREAKS))) el.after(' ');
  return doc.body?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createHTML(input: string): string }): { createHTML(input: string): unknown };
}
let policy: { createHTML(input: string): unknown } | null | undefined;

/**
 * On a page that enforces Trusted Types (`require-trusted-types-for 'script'`), `parseFromString`
 * takes only TrustedHTML: the input goes through this module's own policy,
 * `joinedcare-narrative-text`, whose only use is the inert document above (never a live DOM). A
 * page whose `trusted-types` directive lists policy names must add it; without it the text is ''.
 */
function trusted(input: string): unknown {
  const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!tt) return input;
  if (policy === undefined) {
    try {
      policy = tt.createPolicy('joinedcare-narrative-text', { createHTML: (x) => x });
    } catch {
      policy = null;
    }
  }
  return policy ? policy.createHTML(input) : input;
}
