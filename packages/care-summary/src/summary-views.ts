// The summary as a whole under its record notices (issue 18): risk first (high-criticality allergies
// lead, whatever the filter), one error with "Retry all" when every section failed, else the
// partial notice, the filter and the sections.
import { html, nothing, type TemplateResult } from 'lit';
import { describeError, toFhirError } from '@joinedcare/core';
import type { SummaryItem } from './model-shared.js';
import type { SectionKey } from './sections.js';
import type { SectionState } from './section-state.js';
import { renderFilter, renderSection } from './section-views.js';
import type { SummaryViewHost } from './view-host.js';

/** What the summary's body needs besides the view host. */
export interface SummaryBodyInput {
  states: ReadonlyArray<[SectionKey, SectionState]>;
  /** The partial notice naming the sections that failed (core's), when some but not all failed. */
  partial: (failed: string[]) => TemplateResult;
  /** Runs every failed section again. */
  retryAll: () => void;
  /** Section titles by key. */
  title: (key: SectionKey) => string;
}

/** The active allergies of high criticality (as the model groups them), whatever the filter shows. */
export function highRisk(host: SummaryViewHost, states: SummaryBodyInput['states']): SummaryItem[] {
  const allergies = states.find(([k]) => k === 'allergies')?.[1];
  if (allergies?.status !== 'done') return [];
  const high = host.t('csHighCriticality');
  return allergies.model.items.filter((i) => i.group === high);
}

/** Risk first: the high-criticality allergies above everything else, marked by an icon, words and a heavy frame. */
function renderRisk(host: SummaryViewHost, items: readonly SummaryItem[]) {
  if (!items.length) return nothing;
  const reaction = host.t('csReaction');
  return html`<div class="risk-summary" part="risk-summary" role="note" aria-labelledby="risk-title">
    <p class="risk-title" id="risk-title"><span class="risk-icon" aria-hidden="true">!</span>${host.t('csRiskTitle')}</p>
    <ul>
      ${items.map((i) => {
        const r = i.fields.find((f) => f.label === reaction)?.value;
        return html`<li>
          <strong>${i.title}</strong>${r ? html` · ${reaction}: ${r}` : nothing} · ${host.t('csRiskHigh')}
          <span class="risk-source">· ${i.dateLabel} ${i.date} · ${i.sourceText}</span>
        </li>`;
      })}
    </ul>
  </div>`;
}

/** One error for the whole summary when every section failed, with "Retry all" (the stop-level message for another patient's record). */
function renderAllFailed(host: SummaryViewHost, errors: unknown[], retryAll: () => void) {
  const stop = errors.find((e) => toFhirError(e).kind === 'wrong-patient');
  if (stop) return host.renderError(stop, host.t('csLabel'), retryAll);
  const reasons = [...new Set(errors.map((e) => describeError(e, host.lang)))];
  return html`<div class="state state--error" part="error" role="alert">
    <p class="state-title">${host.t('csAllFailedTitle')}</p>
    <p>${host.t('csAllFailedDetail', { reason: reasons.join(' ') })}</p>
    <button class="jc-button" part="retry-button" type="button" @click=${retryAll}>${host.t('csRetryAll')}</button>
  </div>`;
}

export function renderSummaryBody(host: SummaryViewHost, input: SummaryBodyInput) {
  const { states } = input;
  const errors = states.flatMap(([, s]) => (s.status === 'error' ? [s.error] : []));
  if (states.length > 1 && errors.length === states.length) return renderAllFailed(host, errors, input.retryAll);
  const failed = states.filter(([, s]) => s.status === 'error').map(([k]) => input.title(k));
  return html`${failed.length ? input.partial(failed) : nothing} ${renderRisk(host, highRisk(host, states))} ${renderFilter(host)}
  ${states.map(([k, s]) => renderSection(host, k, s))}`;
}
