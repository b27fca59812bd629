import { html, nothing, css, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Encounter, FhirResource, Observation } from 'fhir/r4.js';
import { JcElement, formatDate, resolvePatient, type PatientInContext } from '@joinedcare/core';
import { loadPatientRecord } from './data.js';
import { evaluateRules, type RequestResource, type RuleOutcome } from './rules/engine.js';
import { EXAMPLE_RULE_SET } from './rules/example-rules.js';
import { RuleSetError, parseRuleSet, type RuleIssue, type RuleSet } from './rules/schema.js';
import { describeDetail } from './present.js';
import { SEVERITY_ICONS, buttonStyles, sharedStyles } from './shared.styles.js';
import { finderMessages } from './strings.js';

/** Detail of `jc-advice-request` and `jc-referral-request`: ids only. */
export interface AdvicePromptActionDetail {
  ruleId: string;
  patientId: string;
}

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-advice-request': AdvicePromptActionDetail;
    'jc-referral-request': AdvicePromptActionDetail;
  }
}

export const DISMISS_REASONS = ['already', 'notAppropriate', 'declined', 'dataWrong'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** Dismissals for this page session, per patient and rule. In memory only: never stored. */
const dismissals = new Map<string, DismissReason>();

/** Forgets every dismissal (e.g. when the user signs out). */
export function resetDismissedPrompts(): void {
  dismissals.clear();
}

/** What the prompt's task resolves to. */
type PromptResult =
  | { kind: 'invalid-rules'; issues: RuleIssue[] }
  | { kind: 'rules-failed'; reason: string }
  | { kind: 'ok'; outcomes: RuleOutcome[]; ruleCount: number; set: RuleSet; checkedAt: Date };

const EXPECTED = ['Observation', 'Encounter', 'ServiceRequest', 'CommunicationRequest'];

/** Loads and checks a rule file (`rules-src`). */
async function fetchRules(url: string, signal: AbortSignal): Promise<PromptResult | RuleSet> {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (e) {
    if (signal.aborted) throw e;
    return { kind: 'rules-failed', reason: 'network error' };
  }
  if (!response.ok) return { kind: 'rules-failed', reason: `HTTP ${response.status}` };
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch {
    return { kind: 'invalid-rules', issues: [{ rule: '(file)', path: '', message: 'is not valid JSON' }] };
  }
  return checkRules(json);
}

function checkRules(input: unknown): PromptResult | RuleSet {
  try {
    return parseRuleSet(input);
  } catch (e) {
    if (e instanceof RuleSetError) return { kind: 'invalid-rules', issues: e.issues };
    throw e;
  }
}

const isResult = (x: PromptResult | RuleSet): x is PromptResult => 'kind' in x;

/**
 * Prompts for the patient in context: one CDS Hooks style card for each rule the patient's record
 * matches (a summary under 140 characters, an indicator in words and icon, the rule's source, and
 * the evidence with values and dates). The clinician can ask for specialist advice, refer, or
 * dismiss the card with a reason; a dismissal is remembered for the patient and rule for the rest
 * of the page session (in memory only).
 *
 * Rules come from the `rules` property (default: the example rule set) or a JSON file at
 * `rules-src`. An invalid rule file is shown as an error naming each rule and field; no patient is
 * checked against it. Compact: fits beside or inside `<jc-care-summary>`.
 *
 * @summary Specialist input prompts for one patient.
 * @fires jc-advice-request - "Request specialist advice" was chosen. Detail: `{ ruleId, patientId }`.
 * @fires jc-referral-request - "Refer" was chosen. Detail: `{ ruleId, patientId }`.
 * @csspart base - The prompt container.
 * @csspart header - The heading.
 * @csspart list - The list of cards.
 * @csspart item - One card.
 * @csspart indicator - A card's indicator (icon and word).
 * @csspart summary - A card's summary.
 * @csspart detail - A card's evidence.
 * @csspart source - A card's source link.
 * @csspart actions - A card's buttons.
 * @csspart dismissed - The list of dismissed prompts.
 * @cssproperty --jc-finder-critical-color - Critical indicator colour (default `--jc-color-error`).
 * @cssproperty --jc-finder-warning-color - Warning indicator colour (default `#8a5300`).
 * @cssproperty --jc-finder-info-color - Info indicator colour (default `--jc-color-primary`).
 * @cssproperty --jc-prompt-card-border - Card border colour (default `--jc-color-border`).
 */
export class JcAdvicePrompt extends JcElement {
  protected static override messages = finderMessages;

  static override styles = [
    ...JcElement.styles,
    sharedStyles,
    buttonStyles,
    css`
      .cards {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--jc-space-2, 8px);
      }
      @container (min-width: 40rem) {
        .cards {
          grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
        }
      }
      .card {
        border: 1px solid var(--jc-prompt-card-border, var(--jc-color-border, #d8dde0));
        border-left-width: 6px;
        border-radius: var(--jc-radius, 4px);
        padding: var(--jc-space-2, 8px) var(--jc-space-3, 16px);
        background: var(--jc-color-surface, #fff);
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .card--critical {
        border-left-color: var(--jc-finder-critical-color, var(--jc-color-error, #d5281b));
      }
      .card--warning {
        border-left-color: var(--jc-finder-warning-color, #8a5300);
      }
      .card--info {
        border-left-color: var(--jc-finder-info-color, var(--jc-color-primary, #005eb8));
      }
      .card p {
        margin: var(--jc-space-1, 4px) 0;
      }
      .summary {
        font-weight: 600;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--jc-space-2, 8px);
        margin-top: var(--jc-space-2, 8px);
      }
      fieldset {
        border: 1px solid var(--jc-color-border, #d8dde0);
        margin: var(--jc-space-2, 8px) 0 0;
        padding: var(--jc-space-2, 8px);
      }
      fieldset label {
        display: block;
        padding: 2px 0;
      }
      .error-text {
        color: var(--jc-color-error, #d5281b);
        font-weight: 600;
      }
      .heading {
        font-size: var(--jc-font-size-large, 1.1875rem);
        font-weight: 700;
        margin: 0 0 var(--jc-space-2, 8px);
      }
    `,
  ];

  /** The rules (a rule set object; checked before use). Default: the example rule set. Ignored when `rules-src` is set. */
  @property({ attribute: false })
  rules: unknown = EXAMPLE_RULE_SET;

  /** URL of a JSON rule file to use instead of `rules`. */
  @property({ attribute: 'rules-src' })
  rulesSrc?: string;

  /** ARIA heading level of the prompt's heading (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 3;

  /** @internal */
  @state() private dismissing?: string;
  /** @internal */
  @state() private dismissError = false;
  /** @internal */
  @state() private announcement = '';
  /** @internal */
  @state() private dismissVersion = 0;

  private readonly task = this.createPatientTask<PromptResult>(async ({ client, patient, signal }) => {
    const set = this.rulesSrc ? await fetchRules(this.rulesSrc, signal) : checkRules(this.rules);
    if (isResult(set)) return set;
    const now = this.now();
    // with only an NHS number in context, find the Patient first (exactly one, carrying that number):
    // records name their patient by reference, so the guard needs the id to check them
    const who = patient.id ? patient : { ...patient, id: (await resolvePatient(client, patient, { signal })).id };
    const fetched = await loadPatientRecord(client, who, set.rules, now, signal);
    return this.evaluate(set, fetched, who, now);
  });

  protected override get displayName(): string {
    return this.t('sfPromptName');
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('contextPatient')) this.dismissing = undefined;
    if (this.hasUpdated && (changed.has('rules') || changed.has('rulesSrc'))) void this.task.run();
  }

  private evaluate(set: RuleSet, fetched: FhirResource[], patient: PatientInContext, now: Date): PromptResult {
    const accepted = this.guard(fetched, { id: patient.id, nhsNumber: patient.nhsNumber }, { expectedTypes: EXPECTED });
    const record = {
      observations: accepted.filter((r): r is Observation => r.resourceType === 'Observation'),
      encounters: accepted.filter((r): r is Encounter => r.resourceType === 'Encounter'),
      requests: accepted.filter(
        (r): r is RequestResource => r.resourceType === 'ServiceRequest' || r.resourceType === 'CommunicationRequest',
      ),
    };
    const outcomes = evaluateRules(set.rules, record, now).filter((o) => o.status === 'match');
    return { kind: 'ok', outcomes, ruleCount: set.rules.length, set, checkedAt: now };
  }

  private get patientKey(): string {
    const p = this.contextPatient;
    return p?.id ? `id:${p.id}` : `nhs:${p?.nhsNumber ?? ''}`;
  }

  private get patientId(): string {
    return this.contextPatient?.id ?? this.contextPatient?.nhsNumber ?? '';
  }

  protected override render() {
    return this.renderPatientTask(this.task, this.t('sfPromptWhat'), (r) => this.renderResult(r));
  }

  private renderResult(r: PromptResult) {
    if (r.kind === 'rules-failed') {
      return html`<div class="state state--error" part="error" role="alert">
        <p class="state-title">${this.t('sfRulesInvalidTitle')}</p>
        <p>${this.t('sfRulesLoadFailed', { reason: r.reason })}</p>
        <button class="jc-button" part="retry-button" type="button" @click=${() => void this.task.run()}>${this.t('retry')}</button>
      </div>`;
    }
    if (r.kind === 'invalid-rules') return renderRuleIssues(this.t.bind(this), r.issues);
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 3));
    void this.dismissVersion; // re-render when a dismissal changes
    const shown = r.outcomes.filter((o) => !dismissals.has(`${this.patientKey}|${o.rule.id}`));
    const hidden = r.outcomes.filter((o) => dismissals.has(`${this.patientKey}|${o.rule.id}`));
    const lang = this.effectiveLocale;
    return html`<section class="prompt" part="base" aria-label=${this.t('sfPromptName')}>
      <div class="heading" part="header" role="heading" aria-level=${level}>${this.t('sfPromptHeading')}</div>
      ${this.renderSafetyWarnings()}
      ${
        shown.length
          ? html`<ul class="cards" part="list">
              ${shown.map((o) => this.renderCard(o, lang))}
            </ul>`
          : this.renderEmpty(this.t('sfPromptNoMatches'))
      }
      ${
        hidden.length
          ? html`<ul class="dismissed muted" part="dismissed">
              ${hidden.map(
                (o) =>
                  html`<li>
                    ${this.t('sfPromptDismissed', { title: o.rule.title, reason: this.reasonText(dismissals.get(`${this.patientKey}|${o.rule.id}`)) })}
                    <button
                      class="jc-button jc-button--secondary"
                      type="button"
                      data-restore=${o.rule.id}
                      @click=${() => void this.restore(o.rule.id)}
                    >
                      ${this.t('sfPromptRestore')}<span class="visually-hidden">: ${o.rule.title}</span>
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <p class="muted">
        ${this.t('sfPromptChecked', { count: r.ruleCount, date: formatDate(r.checkedAt, lang ? { lang } : undefined) })}
        ${r.set.disclaimer ? html`<br />${r.set.disclaimer}` : nothing}
      </p>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private reasonText(reason: DismissReason | undefined): string {
    return reason ? this.t(`sfPromptReason_${reason}`) : '';
  }

  private renderCard(o: RuleOutcome, lang: string | undefined) {
    const sev = o.rule.severity;
    const id = o.rule.id;
    return html`<li class="card card--${sev}" part="item" data-rule=${id}>
      <p class="severity severity--${sev}" part="indicator">
        <svg viewBox="0 0 24 24" aria-hidden="true">${SEVERITY_ICONS[sev]}</svg>${this.t(`sfSeverity_${sev}`)}
      </p>
      <p class="summary" part="summary">${o.rule.summary}</p>
      <p class="detail" part="detail">${describeDetail(o, this.t.bind(this), lang)}</p>
      <p class="source muted" part="source">
        ${this.t('sfSource')}: <a href=${o.rule.source.url} target="_blank" rel="noopener noreferrer">${o.rule.source.label}</a>
      </p>
      <div class="actions" part="actions">
        <button class="jc-button" type="button" data-action="advice" @click=${() => this.act('jc-advice-request', id)}>
          ${this.t('sfPromptRequestAdvice')}<span class="visually-hidden">: ${o.rule.title}</span>
        </button>
        <button
          class="jc-button jc-button--secondary"
          type="button"
          data-action="refer"
          @click=${() => this.act('jc-referral-request', id)}
        >
          ${this.t('sfPromptRefer')}<span class="visually-hidden">: ${o.rule.title}</span>
        </button>
        ${
          this.dismissing === id
            ? nothing
            : html`<button class="jc-button jc-button--secondary" type="button" data-action="dismiss" @click=${() => this.openDismiss(id)}>
                ${this.t('sfPromptDismiss')}<span class="visually-hidden">: ${o.rule.title}</span>
              </button>`
        }
      </div>
      ${this.dismissing === id ? this.renderDismissForm(o) : nothing}
    </li>`;
  }

  private renderDismissForm(o: RuleOutcome) {
    const id = o.rule.id;
    return html`<form
      class="dismiss-form"
      @submit=${(e: Event) => this.confirmDismiss(e, id)}
      @keydown=${(e: KeyboardEvent) => {
        // Escape closes the form, like Cancel
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        void this.closeDismiss(id);
      }}
    >
      <fieldset aria-invalid=${this.dismissError ? 'true' : 'false'} aria-describedby=${this.dismissError ? `err-${id}` : nothing}>
        <legend>${this.t('sfPromptDismissLegend')}</legend>
        ${DISMISS_REASONS.map(
          (r) => html`<label><input type="radio" name="reason" value=${r} required /> ${this.t(`sfPromptReason_${r}`)}</label>`,
        )}
        ${this.dismissError ? html`<p id="err-${id}" class="error-text" role="alert">${this.t('sfPromptDismissReasonRequired')}</p>` : nothing}
      </fieldset>
      <div class="actions">
        <button class="jc-button" type="submit" data-action="confirm-dismiss">${this.t('sfPromptDismissConfirm')}</button>
        <button class="jc-button jc-button--secondary" type="button" data-action="cancel-dismiss" @click=${() => this.closeDismiss(id)}>
          ${this.t('sfPromptDismissCancel')}
        </button>
      </div>
    </form>`;
  }

  private act(type: 'jc-advice-request' | 'jc-referral-request', ruleId: string): void {
    this.emit(type, { ruleId, patientId: this.patientId });
  }

  private async openDismiss(ruleId: string): Promise<void> {
    this.dismissing = ruleId;
    this.dismissError = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`[data-rule="${ruleId}"] input[name=reason]`)?.focus();
  }

  private async closeDismiss(ruleId: string): Promise<void> {
    this.dismissing = undefined;
    this.dismissError = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`[data-rule="${ruleId}"] [data-action=dismiss]`)?.focus();
  }

  private async confirmDismiss(e: Event, ruleId: string): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const reason = new FormData(form).get('reason') as DismissReason | null;
    if (!reason || !DISMISS_REASONS.includes(reason)) {
      this.dismissError = true;
      await this.updateComplete;
      form.querySelector<HTMLInputElement>('input[name=reason]')?.focus();
      return;
    }
    dismissals.set(`${this.patientKey}|${ruleId}`, reason);
    this.dismissing = undefined;
    this.dismissError = false;
    this.announcement = this.t('sfPromptDismissedAnnounce');
    this.dismissVersion++;
    // the card (and the focused button) is gone: focus its Restore button so focus is never lost
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`[data-restore="${ruleId}"]`)?.focus();
  }

  private async restore(ruleId: string): Promise<void> {
    dismissals.delete(`${this.patientKey}|${ruleId}`);
    this.announcement = this.t('sfPromptRestoredAnnounce');
    this.dismissVersion++;
    // the Restore button is gone: focus the card again
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`[data-rule="${ruleId}"] [data-action=dismiss]`)?.focus();
  }
}

/** The "invalid rule file" error, listing every rule and field. */
export function renderRuleIssues(
  t: (k: 'sfRulesInvalidTitle' | 'sfRulesInvalidDetail' | 'sfRuleIssue', p?: Record<string, string>) => string,
  issues: RuleIssue[],
) {
  return html`<div class="state state--error" part="error" role="alert">
    <p class="state-title">${t('sfRulesInvalidTitle')}</p>
    <ul class="issues">
      ${issues.map((i) => html`<li>${t('sfRuleIssue', { rule: i.rule, path: i.path || '(top level)', message: i.message })}</li>`)}
    </ul>
    <p>${t('sfRulesInvalidDetail')}</p>
  </div>`;
}
