// The states every widget shows the same way (not configured, loading, error, empty, partial, stop,
// safety warnings), as view functions of the base element.
import { html, nothing, type TemplateResult } from 'lit';
import type { RejectedResource } from '../context/guard.js';
import type { IdentityNotice } from '../context/identity.js';
import { describeError, toFhirError } from '../fhir/errors.js';
import type { MessageKey } from '../i18n/index.js';

/** What the state views need: the element's string lookup and language. */
export interface StateText {
  t(key: MessageKey, params?: Record<string, string | number>): string;
  lang: string | undefined;
}

export function notConfiguredView(h: StateText, what: string, missing: readonly string[]): TemplateResult {
  return html`<div class="state state--not-configured" part="not-configured" role="status">
    <p class="state-title">${h.t('notConfiguredTitle', { what })}</p>
    <p>${h.t('notConfiguredMissing', { missing: missing.join('; ') })}</p>
  </div>`;
}

export function loadingView(h: StateText, what: string): TemplateResult {
  return html`<div class="state state--loading" part="loading" role="status" aria-live="polite">
    <p><span class="spinner" aria-hidden="true"></span>${h.t('loading', { what })}</p>
  </div>`;
}

/**
 * The stop-level message: the server's record contradicts the patient in context (another person).
 * Nothing of the widget's data is shown, and there is no Retry: the identity must be resolved.
 */
export function identityStopView(h: StateText, source: 'server' | 'handed-in' = 'server'): TemplateResult {
  return html`<div class="state state--stop" part="error identity-stop" role="alert">
    <p class="state-title">${h.t('identityStopTitle')}</p>
    <p>${h.t(source === 'server' ? 'errorWrongPatient' : 'errorWrongPatientHandedIn')}</p>
  </div>`;
}

export function errorView(h: StateText, error: unknown, what: string, retry: () => void): TemplateResult {
  const err = toFhirError(error);
  if (err.kind === 'wrong-patient') return identityStopView(h);
  return html`<div class="state state--error" part="error" role="alert">
    <p class="state-title">${h.t('errorTitle', { what })}</p>
    <p>${describeError(err, h.lang)}${err.outcomeText ? html` <span class="outcome">${err.outcomeText}</span>` : nothing}</p>
    <button class="jc-button" part="retry-button" type="button" @click=${retry}>${h.t('retry')}</button>
  </div>`;
}

export function emptyView(text: string): TemplateResult {
  return html`<div class="state state--empty" part="empty"><p>${text}</p></div>`;
}

export function partialView(h: StateText, failed: readonly string[], retry?: () => void): TemplateResult {
  return html`<div class="state state--warning" part="partial" role="alert">
    <p class="state-title">${h.t('partialTitle')}</p>
    <p>${h.t('partialDetail', { what: failed.join(', ') })}</p>
    ${retry ? html`<button class="jc-button" part="retry-button" type="button" @click=${retry}>${h.t('retry')}</button>` : nothing}
  </div>`;
}

/** What the server said it left out (searchset OperationOutcome entries: "3 withheld by consent"): the list is not complete. */
export function withheldView(h: StateText, texts: readonly string[]): TemplateResult | typeof nothing {
  if (!texts.length) return nothing;
  return html`<div class="state state--warning" part="withheld" role="status">
    <p class="state-title">${h.t('serverWithheldTitle')}</p>
    ${texts.map((text) => html`<p>${text}</p>`)}
  </div>`;
}

export function renderFailureView(h: StateText, what: string): TemplateResult {
  return html`<div class="state state--error" part="error" role="alert">
    <p class="state-title">${h.t('renderFailedTitle', { what })}</p>
    <p>${h.t('renderFailedDetail')}</p>
  </div>`;
}

/** Notices about the patient's record itself (inactive, merged into another). */
function identityNoticesView(h: StateText, notices: readonly IdentityNotice[]): TemplateResult | typeof nothing {
  if (!notices.length) return nothing;
  return html`<div class="state state--warning" part="identity-notice" role="status">
    ${notices.map((n) =>
      n.kind === 'inactive'
        ? html`<p>${h.t('identityInactive')}</p>`
        : html`<p>${n.by ? h.t('identityReplaced', { by: n.by }) : h.t('identityReplacedUnknown')}</p>`,
    )}
  </div>`;
}

/** What the patient guard refused (another patient's, not confirmable, unexpected types), in counts. */
export function safetyWarningsView(
  h: StateText,
  rejected: readonly RejectedResource[],
  notices: readonly IdentityNotice[],
): TemplateResult | typeof nothing {
  const noticeBlock = identityNoticesView(h, notices);
  const other = rejected.filter((r) => r.reason === 'other-patient').length;
  const unconfirmed = rejected.filter((r) => r.reason === 'no-subject').length;
  const ignored = rejected.length - other - unconfirmed;
  if (!other && !unconfirmed && !ignored) return noticeBlock;
  return html`${noticeBlock}
    <div class="state state--warning" part="safety-warning" role="alert">
      ${other || unconfirmed ? html`<p class="state-title">${h.t('safetyWarningTitle')}</p>` : nothing}
      ${other ? html`<p>${h.t('safetyWarningDetail', { count: other })}</p>` : nothing}
      ${unconfirmed ? html`<p>${h.t('safetyWarningUnconfirmed', { count: unconfirmed })}</p>` : nothing}
      ${ignored ? html`<p>${h.t('unexpectedTypeWarning', { count: ignored })}</p>` : nothing}
    </div>`;
}

/** The `lang` of the nearest ancestor that has one, crossing shadow roots, else the document's. */
export function inheritedLang(el: Element): string | undefined {
  let node: Element | null = el.parentElement ?? (el.getRootNode() as ShadowRoot).host ?? null;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    node = node.parentElement ?? (node.getRootNode() instanceof ShadowRoot ? (node.getRootNode() as ShadowRoot).host : null);
  }
  return undefined;
}
