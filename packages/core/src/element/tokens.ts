import { css } from 'lit';

/**
 * Design tokens: the NHS.UK look by default. Every value is a CSS custom property a host page can
 * set on any ancestor (or `:root`). Component tokens (`--jc-banner-*`, …) fall back to these.
 *
 * | token | default | use |
 * |---|---|---|
 * | `--jc-color-text` | `#212b32` | body text |
 * | `--jc-color-text-secondary` | `#4c6272` | labels, secondary text |
 * | `--jc-color-surface` | `#ffffff` | widget background |
 * | `--jc-color-surface-alt` | `#f0f4f5` | banners, headers, zebra rows |
 * | `--jc-color-border` | `#d8dde0` | borders and rules |
 * | `--jc-color-primary` | `#005eb8` | links, buttons, NHS blue |
 * | `--jc-color-primary-dark` | `#003087` | hovered buttons |
 * | `--jc-color-on-primary` | `#ffffff` | text on primary colours |
 * | `--jc-color-error` | `#d5281b` | errors, invalid NHS number |
 * | `--jc-color-success` | `#007f3b` | verified, on track |
 * | `--jc-color-warning` | `#ffb81c` | warning and not-configured notices (border) |
 * | `--jc-color-link` | `--jc-color-primary`, else `#005eb8` | links and link-styled buttons |
 * | `--jc-color-link-hover` | `--jc-color-primary-dark`, else `#7c2855` | hovered links |
 * | `--jc-color-link-visited` | `--jc-color-primary`, else `#330072` | visited links |
 * | `--jc-color-focus` | `#ffeb3b` | focus background |
 * | `--jc-color-focus-text` | `#212b32` | focus underline and text |
 * | `--jc-font-family` | `Frutiger W01, Arial, sans-serif` | all text |
 * | `--jc-font-size` | `1rem` | body size |
 * | `--jc-font-size-small` | `0.875rem` | secondary text |
 * | `--jc-font-size-large` | `1.1875rem` | titles, patient name |
 * | `--jc-line-height` | `1.5` | body line height |
 * | `--jc-space-1` … `--jc-space-4` | `4px 8px 16px 24px` | spacing scale |
 * | `--jc-space-outer` | `24px` | space below each widget on a page (`0` in a host layout that spaces them itself) |
 * | `--jc-radius` | `4px` | corner radius |
 * | `--jc-focus-ring` | `0 -2px var(--jc-color-focus), 0 4px var(--jc-color-focus-text)` | focus indicator (box-shadow) |
 */
export const tokenNames = [
  '--jc-color-text',
  '--jc-color-text-secondary',
  '--jc-color-surface',
  '--jc-color-surface-alt',
  '--jc-color-border',
  '--jc-color-primary',
  '--jc-color-primary-dark',
  '--jc-color-on-primary',
  '--jc-color-error',
  '--jc-color-success',
  '--jc-color-warning',
  '--jc-color-link',
  '--jc-color-link-hover',
  '--jc-color-link-visited',
  '--jc-color-focus',
  '--jc-color-focus-text',
  '--jc-font-family',
  '--jc-font-size',
  '--jc-font-size-small',
  '--jc-font-size-large',
  '--jc-line-height',
  '--jc-space-1',
  '--jc-space-2',
  '--jc-space-3',
  '--jc-space-4',
  '--jc-space-outer',
  '--jc-radius',
  '--jc-focus-ring',
] as const;

/**
 * Resolves every global token once per shadow root into private `--_jc-*` properties, so component
 * styles stay short and a host only sets the public ones.
 */
export const tokenStyles = css`
  :host {
    --_jc-text: var(--jc-color-text, #212b32);
    --_jc-text-secondary: var(--jc-color-text-secondary, #4c6272);
    --_jc-surface: var(--jc-color-surface, #ffffff);
    --_jc-surface-alt: var(--jc-color-surface-alt, #f0f4f5);
    --_jc-border: var(--jc-color-border, #d8dde0);
    --_jc-primary: var(--jc-color-primary, #005eb8);
    --_jc-primary-dark: var(--jc-color-primary-dark, #003087);
    --_jc-on-primary: var(--jc-color-on-primary, #ffffff);
    --_jc-error: var(--jc-color-error, #d5281b);
    --_jc-success: var(--jc-color-success, #007f3b);
    --_jc-warning: var(--jc-color-warning, #ffb81c);
    /* links follow a theme's primary colour unless the theme sets link colours of its own */
    --_jc-link: var(--jc-color-link, var(--jc-color-primary, #005eb8));
    --_jc-link-hover: var(--jc-color-link-hover, var(--jc-color-primary-dark, #7c2855));
    --_jc-link-visited: var(--jc-color-link-visited, var(--jc-color-primary, #330072));
    --_jc-focus: var(--jc-color-focus, #ffeb3b);
    --_jc-focus-text: var(--jc-color-focus-text, #212b32);
    --_jc-font: var(--jc-font-family, 'Frutiger W01', Arial, sans-serif);
    --_jc-size: var(--jc-font-size, 1rem);
    --_jc-size-small: var(--jc-font-size-small, 0.875rem);
    --_jc-size-large: var(--jc-font-size-large, 1.1875rem);
    --_jc-line: var(--jc-line-height, 1.5);
    --_jc-s1: var(--jc-space-1, 4px);
    --_jc-s2: var(--jc-space-2, 8px);
    --_jc-s3: var(--jc-space-3, 16px);
    --_jc-s4: var(--jc-space-4, 24px);
    --_jc-outer: var(--jc-space-outer, 24px);
    --_jc-radius: var(--jc-radius, 4px);
    --_jc-focus-ring: var(--jc-focus-ring, 0 -2px var(--_jc-focus), 0 4px var(--_jc-focus-text));
  }
`;

/** Shared styles: host defaults, state blocks (loading, error, empty, not configured, warnings), primary and secondary buttons, status tags and focus. */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--_jc-font);
    font-size: var(--_jc-size);
    line-height: var(--_jc-line);
    color: var(--_jc-text);
    /* widgets on a plain page are spaced apart; a host layout that spaces them sets --jc-space-outer: 0 */
    margin-block-end: var(--_jc-outer);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .state {
    padding: var(--_jc-s3);
    border: 1px solid var(--_jc-border);
    border-left-width: 6px;
    border-radius: var(--_jc-radius);
    background: var(--_jc-surface);
    color: var(--_jc-text);
  }
  .state p {
    margin: 0;
  }
  .state .state-title {
    font-weight: 600;
  }
  .state--loading {
    border-left-color: var(--_jc-primary);
  }
  .state--error {
    border-left-color: var(--_jc-error);
  }
  .state--not-configured,
  .state--warning {
    border-left-color: var(--_jc-warning);
  }
  /* stop-level: the page must not be used for this patient (more than colour: a heavier frame and the word Stop) */
  .state--stop {
    border: 4px solid var(--_jc-error);
    border-left-width: 10px;
  }
  .state--empty {
    border-left-color: var(--_jc-border);
    color: var(--_jc-text-secondary);
  }
  .state + .state {
    margin-top: var(--_jc-s2);
  }
  .state button {
    margin-top: var(--_jc-s2);
  }
  button.jc-button {
    font: inherit;
    font-weight: 600;
    color: var(--_jc-on-primary);
    background: var(--_jc-primary);
    border: 2px solid transparent;
    border-radius: var(--_jc-radius);
    padding: var(--_jc-s1) var(--_jc-s3);
    min-height: 44px;
    min-width: 44px;
    cursor: pointer;
  }
  button.jc-button:hover {
    background: var(--_jc-primary-dark);
  }
  /* secondary buttons (outlined), shared by every widget */
  button.secondary {
    font: inherit;
    color: var(--_jc-primary);
    background: var(--_jc-surface);
    border: 2px solid var(--_jc-primary);
    border-radius: var(--_jc-radius);
    padding: var(--_jc-s1) var(--_jc-s3);
    min-height: 44px;
    min-width: 44px;
    cursor: pointer;
  }
  /* status tags: NHS.UK tag colours (text on tint, always with words, never colour alone) */
  .tag {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 0 var(--_jc-s2);
    border: 1px solid currentColor;
    border-radius: 2px;
    font-size: var(--_jc-size-small);
    font-weight: 600;
    line-height: 1.6;
  }
  .tag svg {
    flex-shrink: 0; /* a long tag wraps its words, never squeezes its icon */
    width: 1em;
    height: 1em;
    fill: currentColor;
  }
  .tag--grey {
    background: #dbe0e3;
    color: #212b32;
  }
  .tag--green {
    background: #cce5d8;
    color: #00401e;
  }
  .tag--blue {
    background: #d2e2f1;
    color: #002f5c;
  }
  .tag--purple {
    background: #e2d9ec;
    color: #3a1260;
  }
  .tag--red {
    background: #f7d4d1;
    color: #6b140e;
  }
  .tag--orange {
    background: #ffdc8e;
    color: #3d2c06;
  }
  .tag--yellow {
    background: #fff59d;
    color: #2e2c00;
  }
  /* links: colours from tokens, never the browser's default blue */
  a {
    color: var(--_jc-link);
    text-underline-offset: 0.1em;
  }
  a:visited {
    color: var(--_jc-link-visited);
  }
  a:hover {
    color: var(--_jc-link-hover);
    text-decoration-thickness: 3px;
  }
  /* link-styled buttons (an action that reads as a link), shared by every widget */
  button.link-button {
    font: inherit;
    color: var(--_jc-link);
    background: none;
    border: 0;
    padding: 0;
    text-decoration: underline;
    text-underline-offset: 0.1em;
    cursor: pointer;
  }
  button.link-button:hover {
    color: var(--_jc-link-hover);
    text-decoration-thickness: 3px;
  }
  /*
   * NHS.UK focus: yellow fill, dark text and a dark underline on every interactive element, also on
   * secondary and link-styled buttons whose own rules (later in a widget's styles) set a background.
   * !important so no component rule can take the focus indicator away (WCAG 2.4.7, 2.4.11).
   */
  button:focus-visible,
  a:focus-visible,
  summary:focus-visible,
  [tabindex]:focus-visible {
    outline: 4px solid transparent !important;
    background-color: var(--_jc-focus) !important;
    color: var(--_jc-focus-text) !important;
    box-shadow: var(--_jc-focus-ring) !important;
    text-decoration: none !important;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 4px solid var(--_jc-focus);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--_jc-focus-text);
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-right: var(--_jc-s2);
    vertical-align: -0.125em;
    border: 2px solid var(--_jc-border);
    border-top-color: var(--_jc-primary);
    border-radius: 50%;
    animation: jc-spin 0.8s linear infinite;
  }
  @keyframes jc-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
