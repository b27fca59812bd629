// The hostile-text corpus (issue 7): strings injected into every text field every widget renders.
// A payload that executes sets `window.__jcPwned` (see trap.ts), so "no script ran" is checkable.
// Categories follow the issue: markup and handlers, dangerous URLs, SVG/MathML, CSS, bidi and
// zero-width tricks, very long strings.

/** What a payload tries to do. */
export type PayloadKind = 'markup' | 'url' | 'svg-mathml' | 'css' | 'bidi' | 'long' | 'template';

export interface HostilePayload {
  kind: PayloadKind;
  /** The string as it appears in the FHIR data. */
  text: string;
}

const PWN = 'window.__jcPwned=(window.__jcPwned||0)+1';

const markup = [
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `<img src="x" onerror=${PWN}//`,
  `"><script>${PWN}</script>`,
  `'><img src=x onerror=${PWN}>`,
  `<body onload="${PWN}">`,
  `<iframe srcdoc="<script>parent.${PWN}</script>"></iframe>`,
  `<details open ontoggle="${PWN}">`,
  `<input autofocus onfocus="${PWN}">`,
  `<video><source onerror="${PWN}"></video>`,
  `<audio src=x onerror="${PWN}">`,
  `<marquee onstart="${PWN}">`,
  `<object data="javascript:${PWN}"></object>`,
  `<embed src="javascript:${PWN}">`,
  `<base href="javascript:${PWN}//">`,
  `<form><button formaction="javascript:${PWN}">x</button></form>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">`,
  `<scr<script>ipt>${PWN}</scr</script>ipt>`,
  `<SCRIPT SRC=data:text/javascript,${PWN}></SCRIPT>`,
  `<template><script>${PWN}</script></template>`,
  `<noscript><p title="</noscript><img src=x onerror=${PWN}>">`,
  `<a href="#" onclick="${PWN}">click</a>`,
  `<div style="width:expression(${PWN})">`,
  `&lt;script&gt;${PWN}&lt;/script&gt;`,
];

const urls = [
  `javascript:${PWN}`,
  ` JaVaScRiPt:${PWN}`,
  `java\tscript:${PWN}`,
  `java&#x09;script:${PWN}`,
  `&#106;avascript:${PWN}`,
  `vbscript:msgbox(1)`,
  `data:text/html,<script>${PWN}</script>`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19qY1B3bmVkPTE8L3NjcmlwdD4=`,
  `data:image/svg+xml,<svg onload="${PWN}"/>`,
  `//evil.example/steal`,
];

const svgMath = [
  `<svg onload="${PWN}">`,
  `<svg><script>${PWN}</script></svg>`,
  `<svg><a xlink:href="javascript:${PWN}"><text>x</text></a></svg>`,
  `<svg><animate onbegin="${PWN}" attributeName="x" dur="1s">`,
  `<svg><foreignObject><img src=x onerror="${PWN}"></foreignObject></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${PWN}"></style></mglyph></table></mtext></math>`,
  `<math href="javascript:${PWN}">x</math>`,
  `<svg><style>@import "javascript:${PWN}"</style></svg>`,
];

const css = [
  `<style>*{display:none!important}</style>`,
  `<style>@import url(https://evil.example/x.css)</style>`,
  `<link rel="stylesheet" href="https://evil.example/x.css">`,
  `</style><style>body{background:url(javascript:${PWN})}</style>`,
  `color:red;background-image:url("javascript:${PWN}")`,
  `<div style="position:fixed;inset:0;z-index:99999;background:white">Fake overlay</div>`,
];

// Bidi and zero-width: the text must not make one value read as another.
const bidi = [
  '\u202E9194 567 346\u202C', // RLO: reversed NHS number
  'Metformin 500mg\u202E gm0005 \u202C',
  'Allergy: \u2066None\u2069\u2067 Penicillin\u2069',
  'Pen\u200Bicil\u200Clin', // zero-width space / non-joiner
  'No\u00ADne', // soft hyphen
  '\u200F\u200E\u061C mixed marks',
  'SMITH\u202D, John\u202C (Mr)',
  '\uFEFFLeading BOM',
  'Aspirin\u2028Line separator\u2029Paragraph',
  '\u0000nul byte',
];

const template = [
  '${' + PWN + '}',
  '{{constructor.constructor("' + PWN + '")()}}',
  '<!-- comment --><b>bold?</b>',
  '__proto__',
  'constructor',
];

const long = ['A'.repeat(100_000), `${'Word '.repeat(5_000)}end`, '💊'.repeat(5_000), `<b>${'x'.repeat(20_000)}</b>`];

/** At least 50 payloads across the categories. */
export const HOSTILE_PAYLOADS: readonly HostilePayload[] = [
  ...markup.map((text) => ({ kind: 'markup' as const, text })),
  ...urls.map((text) => ({ kind: 'url' as const, text })),
  ...svgMath.map((text) => ({ kind: 'svg-mathml' as const, text })),
  ...css.map((text) => ({ kind: 'css' as const, text })),
  ...bidi.map((text) => ({ kind: 'bidi' as const, text })),
  ...template.map((text) => ({ kind: 'template' as const, text })),
  ...long.map((text) => ({ kind: 'long' as const, text })),
];

/** A hostile FHIR narrative `text.div`. */
export function hostileNarrative(payload: string): { status: 'generated'; div: string } {
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>Narrative</p>${payload}</div>` };
}
