// The cards of <jc-advice-prompt>: one per matching rule (CDS Hooks card shape), the dismiss form, "could not be checked", the dismissed list and the footer.
// Pure views: a card's buttons carry `data-action` (the card `data-rule`), Restore `data-restore`; one listener of the element handles them.
import { html, nothing, type TemplateResult } from 'lit';
import { DISMISS_REASONS, type DismissReason } from './dismissals.js';
import type { FinderCard } from './cards.js';
import type { Translate } from './present.js';
import { SEVERITY_ICONS } from './shared.styles.js';

/** What a button of a card asks for (its `data-action`; a Restore button has `data-restore` instead). @internal */
export type PromptAction = 'advice' | 'refer' | 'dismiss' | 'confirm-dismiss' | 'cancel-dismiss';

/** One card as drawn: the CDS Hooks card, the rule it is about, and its detail as lines of text. @internal */
export interface CardView {
  ruleId: string;
  title: string;
  card: FinderCard;
  lines: string[];
}

/** The prompt as drawn, derived by the element in `willUpdate`. @internal */
export interface PromptView {
  t: Translate;
  /** ARIA level of the heading. */
  level: number;
  /** Matching rules not dismissed, as cards. */
  shown: readonly CardView[];
  /** Matching rules dismissed for this patient, with why. */
  hidden: ReadonlyArray<{ view: CardView; reason: DismissReason }>;
  /** Rules that could not be checked for this patient, with why. */
  notChecked: readonly CardView[];
  /** The rule whose dismiss form is open. */
  dismissing: string | undefined;
  /** The open dismiss form was sent without a reason. */
  dismissError: boolean;
  /** "Checked against 7 rules on 22-Nov-2026." or "Checked by the specialist input service at …". */
  checked: string;
  disclaimer: string | undefined;
  announcement: string;
  /** The element's patient-guard notice. */
  safety: unknown;
  /** The "none" message. */
  empty(text: string): TemplateResult;
  /** THE listener: clicks in the prompt, and the dismiss form's submit and Escape. */
  on: (event: Event) => void;
}

function renderDismissForm(v: PromptView, c: CardView) {
  const { t, dismissError } = v;
  const id = c.ruleId;
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

const sourceLink = (label: string, url: string) =>
  url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${label}</a>` : html`${label}`;

/** The detail lines: one paragraph, or a list when there are several. */
const renderDetail = (lines: readonly string[]) =>
  lines.length > 1
    ? html`<ul class="detail" part="detail">
        ${lines.map((l) => html`<li>${l}</li>`)}
      </ul>`
    : html`<p class="detail" part="detail">${lines[0] ?? ''}</p>`;

function renderCard(v: PromptView, c: CardView) {
  const { t } = v;
  const sev = c.card.indicator;
  const open = v.dismissing === c.ruleId;
  const links = c.card.links ?? [];
  return html`<li class="card card--${sev}" part="item" data-rule=${c.ruleId}>
    <p class="severity severity--${sev}" part="indicator">
      <svg viewBox="0 0 24 24" aria-hidden="true">${SEVERITY_ICONS[sev]}</svg>${t(`sfSeverity_${sev}`)}
    </p>
    <p class="summary" part="summary">${c.card.summary}</p>
    ${renderDetail(c.lines)}
    <p class="source muted" part="source">${t('sfSource')}: ${sourceLink(c.card.source.label, c.card.source.url)}</p>
    ${
      links.length
        ? html`<p class="links muted" part="links">
            ${t('sfSeeAlso')}: ${links.map((l, i) => html`${i ? ', ' : ''}${sourceLink(l.label, l.url)}`)}
          </p>`
        : nothing
    }
    <div class="actions" part="actions">
      <button class="jc-button" type="button" data-action="advice">
        ${t('sfPromptRequestAdvice')}<span class="visually-hidden">: ${c.title}</span>
      </button>
      <button class="jc-button jc-button--secondary" type="button" data-action="refer">
        ${t('sfPromptRefer')}<span class="visually-hidden">: ${c.title}</span>
      </button>
      ${
        open
          ? nothing
          : html`<button class="jc-button jc-button--secondary" type="button" data-action="dismiss">
              ${t('sfPromptDismiss')}<span class="visually-hidden">: ${c.title}</span>
            </button>`
      }
    </div>
    ${open ? renderDismissForm(v, c) : nothing}
  </li>`;
}

function renderDismissed(v: PromptView) {
  const { t } = v;
  return html`<ul class="dismissed muted" part="dismissed">
    ${v.hidden.map(
      ({ view, reason }) =>
        html`<li>
          ${t('sfPromptDismissed', { title: view.title, reason: t(`sfPromptReason_${reason}`) })}
          <button class="jc-button jc-button--secondary" type="button" data-restore=${view.ruleId}>
            ${t('sfPromptRestore')}<span class="visually-hidden">: ${view.title}</span>
          </button>
        </li>`,
    )}
  </ul>`;
}

function renderNotChecked(v: PromptView) {
  const { t } = v;
  return html`<div class="not-checked" part="not-checked">
    <p class="state-title">${t('sfPromptNotCheckedHeading')}</p>
    <ul>
      ${v.notChecked.map((c) => html`<li data-rule=${c.ruleId}>${t('sfPromptNotChecked', { title: c.title, reasons: c.lines.join('; ') })}</li>`)}
    </ul>
  </div>`;
}

/** The loaded prompt: heading, cards (or "none"), what could not be checked, the dismissed prompts, when and against what it was checked. @internal */
export function renderPrompt(v: PromptView): TemplateResult {
  const { t } = v;
  return html`<section class="prompt" part="base" aria-label=${t('sfPromptName')} @click=${v.on}>
    <div class="heading" part="header" role="heading" aria-level=${v.level}>${t('sfPromptHeading')}</div>
    ${v.safety}
    ${
      v.shown.length
        ? html`<ul class="cards" part="list">
            ${v.shown.map((c) => renderCard(v, c))}
          </ul>`
        : v.empty(t(v.notChecked.length ? 'sfPromptNoMatchesPartial' : 'sfPromptNoMatches'))
    }
    ${v.notChecked.length ? renderNotChecked(v) : nothing} ${v.hidden.length ? renderDismissed(v) : nothing}
    <p class="muted">${v.checked} ${v.disclaimer ? html`<br />${v.disclaimer}` : nothing}</p>
    <div class="visually-hidden" role="status" aria-live="polite">${v.announcement}</div>
  </section>`;
}
