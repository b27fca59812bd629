// The cards of <jc-advice-prompt>: one per matching rule, the dismiss form, the dismissed list and the footer.
// Pure views: a card's buttons carry `data-action` (the card `data-rule`), Restore `data-restore`; one listener of the element handles them.
import { html, nothing, type TemplateResult } from 'lit';
import { formatDate } from '@joinedcare/core';
import type { RuleOutcome } from './rules/engine.js';
import { DISMISS_REASONS, type DismissReason } from './dismissals.js';
import { describeDetail, type Translate } from './present.js';
import { SEVERITY_ICONS } from './shared.styles.js';

/** What a button of a card asks for (its `data-action`; a Restore button has `data-restore` instead). @internal */
export type PromptAction = 'advice' | 'refer' | 'dismiss' | 'confirm-dismiss' | 'cancel-dismiss';

/** The prompt as drawn, derived by the element in `willUpdate`. @internal */
export interface PromptView {
  t: Translate;
  lang: string | undefined;
  /** ARIA level of the heading. */
  level: number;
  /** Matching rules not dismissed, as cards. */
  shown: readonly RuleOutcome[];
  /** Matching rules dismissed for this patient, with why. */
  hidden: ReadonlyArray<{ outcome: RuleOutcome; reason: DismissReason }>;
  /** The rule whose dismiss form is open. */
  dismissing: string | undefined;
  /** The open dismiss form was sent without a reason. */
  dismissError: boolean;
  ruleCount: number;
  checkedAt: Date;
  disclaimer: string | undefined;
  announcement: string;
  /** The element's patient-guard notice. */
  safety: unknown;
  /** The "none" message. */
  empty(text: string): TemplateResult;
  /** THE listener: clicks in the prompt, and the dismiss form's submit and Escape. */
  on: (event: Event) => void;
}

function renderDismissForm(v: PromptView, o: RuleOutcome) {
  const { t, dismissError } = v;
  const id = o.rule.id;
  return html`<form class="dismiss-form" @submit=${v.on} @keydown=${v.on}>
    <fieldset aria-invalid=${dismissError ? 'true' : 'false'} aria-describedby=${dismissError ? `err-${id}` : nothing}>
      <legend>${t('sfPromptDismissLegend')}</legend>
      ${DISMISS_REASONS.map((r) => html`<label><input type="radio" name="reason" value=${r} required /> ${t(`sfPromptReason_${r}`)}</label>`)}
      ${dismissError ? html`<p id="err-${id}" class="error-text" role="alert">${t('sfPromptDismissReasonRequired')}</p>` : nothing}
    </fieldset>
    <div class="actions">
      <button class="jc-button" type="submit" data-action="confirm-dismiss">${t('sfPromptDismissConfirm')}</button>
      <button class="jc-button jc-button--secondary" type="button" data-action="cancel-dismiss">${t('sfPromptDismissCancel')}</button>
    </div>
  </form>`;
}

function renderCard(v: PromptView, o: RuleOutcome) {
  const { t, lang } = v;
  const sev = o.rule.severity;
  const id = o.rule.id;
  const open = v.dismissing === id;
  return html`<li class="card card--${sev}" part="item" data-rule=${id}>
    <p class="severity severity--${sev}" part="indicator">
      <svg viewBox="0 0 24 24" aria-hidden="true">${SEVERITY_ICONS[sev]}</svg>${t(`sfSeverity_${sev}`)}
    </p>
    <p class="summary" part="summary">${o.rule.summary}</p>
    <p class="detail" part="detail">${describeDetail(o, t, lang)}</p>
    <p class="source muted" part="source">
      ${t('sfSource')}: <a href=${o.rule.source.url} target="_blank" rel="noopener noreferrer">${o.rule.source.label}</a>
    </p>
    <div class="actions" part="actions">
      <button class="jc-button" type="button" data-action="advice">
        ${t('sfPromptRequestAdvice')}<span class="visually-hidden">: ${o.rule.title}</span>
      </button>
      <button class="jc-button jc-button--secondary" type="button" data-action="refer">
        ${t('sfPromptRefer')}<span class="visually-hidden">: ${o.rule.title}</span>
      </button>
      ${
        open
          ? nothing
          : html`<button class="jc-button jc-button--secondary" type="button" data-action="dismiss">
              ${t('sfPromptDismiss')}<span class="visually-hidden">: ${o.rule.title}</span>
            </button>`
      }
    </div>
    ${open ? renderDismissForm(v, o) : nothing}
  </li>`;
}

function renderDismissed(v: PromptView) {
  const { t } = v;
  return html`<ul class="dismissed muted" part="dismissed">
    ${v.hidden.map(
      ({ outcome: o, reason }) =>
        html`<li>
          ${t('sfPromptDismissed', { title: o.rule.title, reason: t(`sfPromptReason_${reason}`) })}
          <button class="jc-button jc-button--secondary" type="button" data-restore=${o.rule.id}>
            ${t('sfPromptRestore')}<span class="visually-hidden">: ${o.rule.title}</span>
          </button>
        </li>`,
    )}
  </ul>`;
}

/** The loaded prompt: heading, cards (or "none"), the dismissed prompts, when and against what it was checked. @internal */
export function renderPrompt(v: PromptView): TemplateResult {
  const { t, lang } = v;
  return html`<section class="prompt" part="base" aria-label=${t('sfPromptName')} @click=${v.on}>
    <div class="heading" part="header" role="heading" aria-level=${v.level}>${t('sfPromptHeading')}</div>
    ${v.safety}
    ${
      v.shown.length
        ? html`<ul class="cards" part="list">
            ${v.shown.map((o) => renderCard(v, o))}
          </ul>`
        : v.empty(t('sfPromptNoMatches'))
    }
    ${v.hidden.length ? renderDismissed(v) : nothing}
    <p class="muted">
      ${t('sfPromptChecked', { count: v.ruleCount, date: formatDate(v.checkedAt, lang ? { lang } : undefined) })}
      ${v.disclaimer ? html`<br />${v.disclaimer}` : nothing}
    </p>
    <div class="visually-hidden" role="status" aria-live="polite">${v.announcement}</div>
  </section>`;
}
