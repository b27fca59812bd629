// The scan states of <jc-specialist-finder> (progress, scan error, cancelled, partial + summary) and their words.
import { html, nothing, type TemplateResult } from 'lit';
import { describeError, type FhirError } from '@joinedcare/core';
import type { ScanError, ScanProgress } from './population-data.js';
import type { Rule } from './rules/schema.js';
import type { Translate } from './present.js';
import { n, type FinderRow, type NotCheckedRow } from './worklist.js';

/** The outcome of a scan, as the summary and partial notice need it. @internal */
export interface ScanOutcome {
  rows: readonly FinderRow[];
  notChecked: readonly NotCheckedRow[];
  ruleList: readonly Rule[];
  elsewhere: number;
  population: number;
  failedIds: readonly string[];
  failureReason?: FhirError | undefined;
  incomplete: boolean;
}

/** "12 matches for 10 patients of 300 checked", never a bare "no matches" when some were not checked. @internal */
export function summaryText(t: Translate, s: ScanOutcome): string {
  const patients = new Set(s.rows.map((r) => r.patientId)).size;
  const count = (key: 'sfPatientCount' | 'sfFindingCount', x: number) => t(key, { count: n(x) });
  if (s.rows.length) {
    return t('sfSummary', {
      findings: count('sfFindingCount', s.rows.length),
      patients: count('sfPatientCount', patients),
      population: n(s.population),
    });
  }
  // never a bare "no patients match" when some could not be checked: that would read as a negative
  if (s.incomplete) return t('sfNoMatchesIncomplete');
  if (s.failedIds.length) {
    const checked = Math.max(0, s.population - s.failedIds.length);
    return t('sfNoMatchesPartial', { checked: count('sfPatientCount', checked), failed: count('sfPatientCount', s.failedIds.length) });
  }
  const notChecked = new Set(s.notChecked.map((r) => r.patientId)).size;
  const none = t('sfNoMatches', { checked: count('sfPatientCount', s.population) });
  return notChecked ? `${none} ${t('sfNotCheckedDetail', { count: n(notChecked) })}` : none;
}

/** The rules some patients could not be checked against: per rule, how many and why. @internal */
export function renderNotChecked(t: Translate, s: ScanOutcome): TemplateResult {
  const patients = new Set(s.notChecked.map((r) => r.patientId)).size;
  const lines = s.ruleList.flatMap((rule) => {
    const rows = s.notChecked.filter((r) => r.ruleId === rule.id);
    if (!rows.length) return [];
    const why = new Map<string, number>();
    for (const r of rows) why.set(r.reasons, (why.get(r.reasons) ?? 0) + 1);
    const reasons = [...why]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([text, k]) => (why.size > 1 ? `${text}: ${n(k)}` : text))
      .join('; ');
    return [t('sfNotCheckedRule', { title: rule.title, count: n(rows.length), reasons })];
  });
  return html`<div class="state state--warning" part="not-checked">
    <p class="state-title">${t('sfNotCheckedTitle')}</p>
    <p>${t('sfNotCheckedDetail', { count: n(patients) })}</p>
    <ul class="issues">
      ${lines.map((l) => html`<li>${l}</li>`)}
    </ul>
  </div>`;
}

/** "Checked 1,200 of 3,400 patients". @internal */
export function progressText(t: Translate, p: ScanProgress): string {
  switch (p.phase) {
    case 'starting':
      return t('sfProgressStarting');
    case 'patients':
      return p.total !== undefined
        ? t('sfProgressPatients', { done: n(p.done), total: n(p.total) })
        : t('sfProgressPatientsUnknown', { done: n(p.done) });
    case 'results':
      return t('sfProgressResults', { done: n(p.done), total: n(p.total ?? p.done) });
    case 'candidates':
      return t('sfProgressCandidates', { done: n(p.done), total: n(p.total ?? p.done) });
  }
}

/** The progress message and bar while the scan runs. @internal */
export function renderProgress(t: Translate, p: ScanProgress): TemplateResult {
  return html`<div class="state state--loading" part="progress">
    <p role="status" aria-live="polite">${progressText(t, p)}</p>
    ${
      p.total
        ? html`<progress max=${p.total} .value=${p.done} aria-label=${t('sfProgressLabel')}></progress>`
        : html`<progress aria-label=${t('sfProgressLabel')}></progress>`
    }
  </div>`;
}

/** The practice was not found or the group is empty. @internal */
export function renderScanError(t: Translate, e: ScanError, odsCode: string | undefined): TemplateResult {
  return html`<div class="state state--error" part="error" role="alert">
    <p class="state-title">${t('errorTitle', { what: t('sfWhat') })}</p>
    <p>${e.kind === 'practice-not-found' ? t('sfPracticeNotFound', { ods: odsCode ?? '' }) : t('sfGroupEmpty')}</p>
  </div>`;
}

/** The notice that the check was cancelled. @internal */
export function renderCancelled(t: Translate): TemplateResult {
  return html`<div class="state state--warning" part="cancelled" role="status"><p>${t('sfCancelled')}</p></div>`;
}

/** After a scan: the partial notice with Retry (when some patients were not checked) and the summary. @internal */
export function renderDone(
  t: Translate,
  s: ScanOutcome,
  lang: string | undefined,
  retry: () => void,
  empty: (text: string) => TemplateResult,
): TemplateResult {
  const partial = s.failedIds.length || s.incomplete;
  // keeps the whitespace of the text nodes exactly as the element had it before the split
  // prettier-ignore
  return html`${
    partial
      ? html`<div class="state state--warning" part="partial" role="alert">
          <p class="state-title">${t('sfPartialTitle')}</p>
          <p>
            ${s.failedIds.length ? t('sfPartialDetail', { count: n(s.failedIds.length) }) : t('sfPartialUnknown')}
          </p>
          ${
            s.failureReason
              ? html`<p>
                  ${describeError(s.failureReason, lang)}${
                    s.failureReason.outcomeText ? html` <span class="outcome">${s.failureReason.outcomeText}</span>` : nothing
                  }
                </p>`
              : nothing
          }
          <button
            class="jc-button"
            part="retry-button"
            type="button"
            @click=${retry}
          >
            ${t('retry')}
          </button>
        </div>`
      : nothing
  }
  ${s.elsewhere ? html`<p class="muted" part="elsewhere">${t('sfElsewhere', { count: n(s.elsewhere) })}</p>` : nothing}
  ${s.notChecked.length ? renderNotChecked(t, s) : nothing}
  ${s.rows.length ? html`<p class="muted">${summaryText(t, s)}</p>` : empty(summaryText(t, s))}`;
}
