import DOMPurify from 'dompurify';

/**
 * Elements FHIR R4 allows in narrative (`Narrative.div`, the XHTML subset defined in the spec,
 * section 2.4 "Narrative"), minus `img` (a tracking or data-URL vector we do not need) and `a`
 * whose links we keep only for http(s) and mailto.
 */
const ALLOWED_TAGS = [
  'div',
  'p',
  'br',
  'hr',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'small',
  'big',
  'sub',
  'sup',
  'code',
  'pre',
  'tt',
  'kbd',
  'samp',
  'var',
  'cite',
  'q',
  'blockquote',
  'abbr',
  'acronym',
  'dfn',
  'address',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'caption',
  'colgroup',
  'col',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'a',
];
const ALLOWED_ATTR = ['href', 'title', 'colspan', 'rowspan', 'scope', 'abbr', 'lang', 'dir'];
const SAFE_URL = /^(?:https?:|mailto:)/i;

let configured = false;
function purifier(): typeof DOMPurify {
  if (!configured) {
    configured = true;
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.nodeName === 'A') {
        const href = node.getAttribute('href');
        if (href !== null && !SAFE_URL.test(href.trim())) node.removeAttribute('href');
        if (node.hasAttribute('href')) {
          node.setAttribute('target', '_blank');
          node.setAttribute('rel', 'noopener noreferrer nofollow');
        }
      }
      // bidi overrides in `dir` could make one value read as another
      if (node.hasAttribute?.('dir') && !/^(?:ltr|rtl|auto)$/.test(node.getAttribute('dir') ?? '')) node.removeAttribute('dir');
    });
  }
  return DOMPurify;
}

/**
 * Sanitises a FHIR narrative (`text.div`, untrusted XHTML) with DOMPurify and returns it as a
 * DocumentFragment that a Lit template can render as a node (no `unsafeHTML`). Scripts, event
 * handlers, styles, forms, SVG, MathML, images and non-http(s)/mailto links are removed.
 * Returns `undefined` when the input is not a string or nothing readable is left.
 */
export function sanitizeNarrative(div: unknown): DocumentFragment | undefined {
  if (typeof div !== 'string' || !div.trim()) return undefined;
  const fragment = purifier().sanitize(div, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true,
    RETURN_DOM_FRAGMENT: true,
  });
  return fragment.textContent?.trim() ? fragment : undefined;
}
