// <jc-advice-prompt>: specialist input prompts for the patient in context (the cards are drawn by prompt-views.ts).
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Encounter, FhirResource, Observation } from 'fhir/r4.js';
import { resolvePatient, type PatientInContext } from '@joinedcare/core';
import { loadPatientRecord } from './data.js';
import { evaluateRules, type RequestResource, type RuleOutcome } from './rules/engine.js';
import { loadRules } from './rules/load.js';
import type { RuleIssue, RuleSet } from './rules/schema.js';
import { RulesElement, headingLevel } from './rules-element.js';
import { dismissalOf, dismissalOwner, isDismissReason, setDismissal } from './dismissals.js';
import { renderPrompt, type PromptAction, type PromptView } from './prompt-views.js';
import { renderRuleIssues, renderRulesFailed } from './rule-views.js';
import { promptStyles } from './advice-prompt.styles.js';

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

/** What the prompt's task resolves to. */
type PromptResult =
  | { kind: 'invalid-rules'; issues: RuleIssue[] }
  | { kind: 'rules-failed'; reason: string }
  | { kind: 'ok'; outcomes: RuleOutcome[]; ruleCount: number; set: RuleSet; checkedAt: Date };

const EXPECTED = ['Observation', 'Encounter', 'ServiceRequest', 'CommunicationRequest'];

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
export class JcAdvicePrompt extends RulesElement {
  static override styles = [...RulesElement.styles, promptStyles];

  /** ARIA heading level of the prompt's heading (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 3;

  /** @internal */
  @state() private dismissing?: string;
  /** @internal */
  @state() private dismissError = false;
  /** @internal */
  @state() private announcement = '';

  /** The matching rules split into cards and dismissed prompts (derived in `willUpdate`). @internal */
  private cards: Pick<PromptView, 'shown' | 'hidden'> = { shown: [], hidden: [] };

  private readonly task = this.createPatientTask<PromptResult>(async ({ client, patient, signal }) => {
    const rules = await loadRules(this.ruleInput, signal);
    if (rules.kind === 'invalid-rules') return rules;
    if (rules.kind === 'rules-failed') return { kind: 'rules-failed', reason: rules.reason };
    const now = this.now();
    // with only an NHS number in context, find the Patient first (exactly one, carrying that number):
    // records name their patient by reference, so the guard needs the id to check them
    const who = patient.id ? patient : { ...patient, id: (await resolvePatient(client, patient, { signal })).id };
    const fetched = await loadPatientRecord(client, who, rules.set.rules, now, signal);
    return this.evaluate(rules.set, fetched, who, now, client.baseUrl);
  });

  protected override get displayName(): string {
    return this.t('sfPromptName');
  }

  protected override patientChanged(): void {
    // an open dismiss form and its announcement belong to the previous patient
    this.dismissing = undefined;
    this.dismissError = false;
    this.announcement = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.hasUpdated && (changed.has('rules') || changed.has('rulesSrc'))) void this.task.run();
    this.cards = this.splitCards();
  }

  private evaluate(set: RuleSet, fetched: FhirResource[], patient: PatientInContext, now: Date, baseUrl?: string): PromptResult {
    const accepted = this.guard(
      fetched,
      { id: patient.id, nhsNumber: patient.nhsNumber },
      { expectedTypes: EXPECTED, ...(baseUrl ? { baseUrl } : {}) },
    );
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

  /** The matches as cards, or as dismissed prompts when dismissed for the patient in context. */
  private splitCards(): Pick<PromptView, 'shown' | 'hidden'> {
    const r = this.task.value?.value;
    const shown: RuleOutcome[] = [];
    const hidden: PromptView['hidden'][number][] = [];
    if (r?.kind !== 'ok') return { shown, hidden };
    const owner = dismissalOwner(this.contextPatient);
    for (const outcome of r.outcomes) {
      const reason = dismissalOf(owner, outcome.rule.id);
      if (reason) hidden.push({ outcome, reason });
      else shown.push(outcome);
    }
    return { shown, hidden };
  }

  protected override render() {
    return this.renderPatientTask(this.task, this.t('sfPromptWhat'), (r) => this.renderResult(r));
  }

  private renderResult(r: PromptResult) {
    const t = this.t.bind(this);
    if (r.kind === 'rules-failed') return renderRulesFailed(t, r.reason, () => void this.task.run());
    if (r.kind === 'invalid-rules') return renderRuleIssues(t, r.issues);
    return renderPrompt({
      t,
      lang: this.effectiveLocale,
      level: headingLevel(this.headingLevel, 3),
      ...this.cards,
      dismissing: this.dismissing,
      dismissError: this.dismissError,
      ruleCount: r.ruleCount,
      checkedAt: r.checkedAt,
      disclaimer: r.set.disclaimer,
      announcement: this.announcement,
      safety: this.renderSafetyWarnings(),
      empty: (text) => this.renderEmpty(text),
      on: this.onEvent,
    });
  }

  /** THE listener of the prompt's buttons and dismiss form (see prompt-views.ts). */
  private readonly onEvent = (e: Event): void => {
    const target = e.target instanceof Element ? e.target : undefined;
    const ruleId = target?.closest<HTMLElement>('[data-rule]')?.dataset['rule'];
    if (e.type === 'submit') {
      e.preventDefault();
      if (ruleId) void this.confirmDismiss(e.target as HTMLFormElement, ruleId);
      return;
    }
    if (e.type === 'keydown') {
      // Escape closes the form, like Cancel
      if ((e as KeyboardEvent).key !== 'Escape' || !ruleId) return;
      e.stopPropagation();
      void this.closeDismiss(ruleId);
      return;
    }
    const button = target?.closest<HTMLButtonElement>('button');
    const restore = button?.dataset['restore'];
    if (restore !== undefined) {
      void this.restore(restore);
      return;
    }
    const action = button?.dataset['action'] as PromptAction | undefined;
    if (!ruleId || !action) return;
    if (action === 'advice') this.act('jc-advice-request', ruleId);
    else if (action === 'refer') this.act('jc-referral-request', ruleId);
    else if (action === 'dismiss') void this.openDismiss(ruleId);
    else if (action === 'cancel-dismiss') void this.closeDismiss(ruleId);
    // 'confirm-dismiss' submits the form
  };

  private act(type: 'jc-advice-request' | 'jc-referral-request', ruleId: string): void {
    this.emit(type, { ruleId, patientId: this.contextPatient?.id ?? this.contextPatient?.nhsNumber ?? '' });
  }

  /** Focuses what `selector` names once the change is drawn. */
  private async focusAfterUpdate(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async openDismiss(ruleId: string): Promise<void> {
    this.dismissing = ruleId;
    this.dismissError = false;
    await this.focusAfterUpdate(`[data-rule="${ruleId}"] input[name=reason]`);
  }

  private async closeDismiss(ruleId: string): Promise<void> {
    this.dismissing = undefined;
    this.dismissError = false;
    await this.focusAfterUpdate(`[data-rule="${ruleId}"] [data-action=dismiss]`);
  }

  private async confirmDismiss(form: HTMLFormElement, ruleId: string): Promise<void> {
    const reason = new FormData(form).get('reason');
    if (!isDismissReason(reason)) {
      this.dismissError = true;
      await this.focusAfterUpdate(`[data-rule="${ruleId}"] input[name=reason]`);
      return;
    }
    setDismissal(dismissalOwner(this.contextPatient), ruleId, reason);
    this.dismissing = undefined;
    this.dismissError = false;
    this.announcement = this.t('sfPromptDismissedAnnounce');
    this.requestUpdate(); // the store is outside the element
    // the card (and the focused button) is gone: focus its Restore button so focus is never lost
    await this.focusAfterUpdate(`[data-restore="${ruleId}"]`);
  }

  private async restore(ruleId: string): Promise<void> {
    setDismissal(dismissalOwner(this.contextPatient), ruleId, undefined);
    this.announcement = this.t('sfPromptRestoredAnnounce');
    this.requestUpdate();
    // the Restore button is gone: focus the card again
    await this.focusAfterUpdate(`[data-rule="${ruleId}"] [data-action=dismiss]`);
  }
}
