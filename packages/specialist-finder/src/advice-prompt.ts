// <jc-advice-prompt>: specialist input prompts for the patient in context (the cards are drawn by prompt-views.ts).
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FhirResource } from 'fhir/r4.js';
import { formatDate, patientScopeKey, type JcElement, type PatientLoadInput } from '@joinedcare/core';
import { loadPatientRecord } from './data.js';
import { evaluateRules, type PatientRecord, type RuleOutcome } from './rules/engine.js';
import { loadRules } from './rules/load.js';
import type { RuleIssue } from './rules/schema.js';
import { RulesElement, headingLevel } from './rules-element.js';
import { dismissalOf, isDismissReason, setDismissal } from './dismissals.js';
import { cardRule, severityFirst, linesOf, toCards, type FinderCard } from './cards.js';
import { CdsServiceError, cardsFromService } from './cds-client.js';
import { renderPrompt, type CardView, type PromptAction, type PromptView } from './prompt-views.js';
import { renderRuleIssues, renderRulesFailed, renderServiceFailed } from './rule-views.js';
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

/** What the prompt's task resolves to. `scope` keys the dismissals: server, patient and user. */
type PromptResult =
  | { kind: 'invalid-rules'; issues: RuleIssue[] }
  | { kind: 'rules-failed'; reason: string }
  | { kind: 'service-failed'; reason: string }
  | { kind: 'ok'; outcomes: RuleOutcome[]; ruleCount: number; disclaimer: string | undefined; checkedAt: Date; scope: string }
  | { kind: 'service'; cards: FinderCard[]; origin: string; checkedAt: Date; scope: string };

const EXPECTED = ['Observation', 'Condition', 'Encounter', 'EpisodeOfCare', 'ServiceRequest', 'CommunicationRequest'];

const ofType = <T extends FhirResource['resourceType']>(rs: readonly FhirResource[], ...types: T[]) =>
  rs.filter((r): r is Extract<FhirResource, { resourceType: T }> => (types as string[]).includes(r.resourceType));

/**
 * Prompts for the patient in context: one CDS Hooks card for each rule the patient's record matches
 * (a summary under 140 characters, an indicator in words and icon, the evidence with values and
 * dates, the guideline it follows and its links), and the rules that could not be checked (the
 * record lacks what they need) with why. The clinician can ask for specialist advice, refer, or
 * dismiss a card with a reason; a dismissal is remembered per server, patient, user and rule for the
 * rest of the page session (in memory only).
 *
 * Rules come from the `rules` property (default: the example rule set) or a JSON file at
 * `rules-src`, and are checked in the browser. With `cds-service`, the cards come from a CDS Hooks
 * `patient-view` service instead (`npm run cds-hooks` serves the same rules): the prompt satisfies
 * its prefetch templates through its FHIR client (every resource through the patient guard) and
 * shows the service's cards. An invalid rule file is shown as an error naming each rule and field;
 * no patient is checked against it. Compact: fits beside or inside `<jc-care-summary>`.
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
 * @csspart links - A card's further links.
 * @csspart actions - A card's buttons.
 * @csspart not-checked - The rules that could not be checked, with why.
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

  /**
   * URL of a CDS Hooks `patient-view` service (`{base}/cds-services/{id}`) to take the cards from,
   * instead of checking the rules in the browser. `rules` and `rules-src` are then not used.
   */
  @property({ attribute: 'cds-service' })
  cdsService?: string;

  /** The current user as CDS Hooks `context.userId` (`Practitioner/123`): needed with `cds-service`. */
  @property({ attribute: 'cds-user-id' })
  cdsUserId?: string;

  /** @internal */
  @state() private dismissing?: string;
  /** @internal */
  @state() private dismissError = false;
  /** @internal */
  @state() private announcement = '';

  /** The cards split into shown, dismissed and "could not be checked" (derived in `willUpdate`). @internal */
  private cards: Pick<PromptView, 'shown' | 'hidden' | 'notChecked'> = { shown: [], hidden: [], notChecked: [] };

  private readonly task = this.createPatientTask<PromptResult>((input) => this.check(input));

  protected override get displayName(): string {
    return this.t('sfPromptName');
  }

  protected override missingConfiguration(): string[] {
    const missing = super.missingConfiguration();
    if (this.cdsService && !this.cdsUserId) missing.push('cds-user-id');
    return missing;
  }

  protected override patientChanged(): void {
    // an open dismiss form and its announcement belong to the previous patient
    this.dismissing = undefined;
    this.dismissError = false;
    this.announcement = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const inputs = ['rules', 'rulesSrc', 'cdsService', 'cdsUserId'] as const;
    if (this.hasUpdated && inputs.some((k) => changed.has(k))) void this.task.run();
    this.cards = this.splitCards();
  }

  /** The task: the cards from the service, or the rules checked here against the guarded record. */
  private async check({ client, signal, identity, who }: PatientLoadInput): Promise<PromptResult> {
    const scope = await patientScopeKey(client, who);
    const baseUrl = client.baseUrl;
    const guard = (rs: FhirResource[]) => this.guard(rs, who, { expectedTypes: ['Patient', ...EXPECTED], ...(baseUrl ? { baseUrl } : {}) });
    if (this.cdsService) {
      if (!this.cdsUserId) return { kind: 'service-failed', reason: 'cds-user-id is not set' }; // drawn as "not configured"
      try {
        const cards = await cardsFromService({ url: this.cdsService, client, identity, userId: this.cdsUserId ?? '', guard, signal });
        return { kind: 'service', cards, origin: new URL(this.cdsService, location.href).origin, checkedAt: this.now(), scope };
      } catch (e) {
        if (e instanceof CdsServiceError) return { kind: 'service-failed', reason: e.reason };
        throw e;
      }
    }
    const rules = await loadRules(this.ruleInput, signal);
    if (rules.kind === 'invalid-rules') return rules;
    if (rules.kind === 'rules-failed') return { kind: 'rules-failed', reason: rules.reason };
    const now = this.now();
    const accepted = guard(await loadPatientRecord(client, { id: identity.id }, rules.set.rules, now, signal));
    const record: PatientRecord = {
      patient: identity.patient,
      observations: ofType(accepted, 'Observation'),
      conditions: ofType(accepted, 'Condition'),
      encounters: ofType(accepted, 'Encounter'),
      episodes: ofType(accepted, 'EpisodeOfCare'),
      requests: ofType(accepted, 'ServiceRequest', 'CommunicationRequest'),
    };
    const outcomes = evaluateRules(rules.set.rules, record, now);
    return { kind: 'ok', outcomes, ruleCount: rules.set.rules.length, disclaimer: rules.set.disclaimer, checkedAt: now, scope };
  }

  /** jc-load counts the prompts for the patient (those dismissed too; not the rules that could not be checked). @internal */
  protected override countItems(value: unknown): number | undefined {
    const r = value as PromptResult | undefined;
    return r?.kind === 'ok' || r?.kind === 'service' ? this.cards.shown.length + this.cards.hidden.length : undefined;
  }

  /** Rules that cannot be used, or a service that did not answer as expected: the `error` state. @internal */
  override readLifecycle(): ReturnType<JcElement['readLifecycle']> {
    const reading = super.readLifecycle();
    const r = this.task.value?.value;
    const failed = r?.kind === 'invalid-rules' || r?.kind === 'rules-failed' || r?.kind === 'service-failed';
    return failed && reading.state === 'ready' ? { state: 'error', error: 'unexpected' } : reading;
  }

  /** The cards (made here from the outcomes, or the service's), split into shown, dismissed and "could not be checked". */
  private splitCards(): Pick<PromptView, 'shown' | 'hidden' | 'notChecked'> {
    const r = this.task.value?.value;
    const out: Pick<PromptView, 'shown' | 'hidden' | 'notChecked'> = { shown: [], hidden: [], notChecked: [] };
    if (r?.kind !== 'ok' && r?.kind !== 'service') return out;
    const cards = r.kind === 'ok' ? toCards(r.outcomes, this.t.bind(this), this.effectiveLocale) : r.cards;
    const shown: CardView[] = [];
    const hidden: Array<PromptView['hidden'][number]> = [];
    const notChecked: CardView[] = [];
    cards.forEach((card, i) => {
      const about = cardRule(card);
      const view: CardView = {
        ruleId: about?.ruleId ?? `card-${i}`,
        title: card.source.topic.display || card.summary,
        card,
        lines: linesOf(card.detail),
      };
      if (about?.notChecked) return void notChecked.push(view);
      const reason = dismissalOf(r.scope, view.ruleId);
      if (reason) hidden.push({ view, reason });
      else shown.push(view);
    });
    // a service's cards may come in any order: critical first, then warning, then info
    return { shown: shown.sort((a, b) => severityFirst(a.card.indicator, b.card.indicator)), hidden, notChecked };
  }

  protected override render() {
    return this.renderPatientTask(this.task, this.t('sfPromptWhat'), (r) => this.renderResult(r));
  }

  private renderResult(r: PromptResult) {
    const t = this.t.bind(this);
    const retry = () => void this.task.run();
    if (r.kind === 'rules-failed') return renderRulesFailed(t, r.reason, retry);
    if (r.kind === 'service-failed') return renderServiceFailed(t, r.reason, retry);
    if (r.kind === 'invalid-rules') return renderRuleIssues(t, r.issues);
    const lang = this.effectiveLocale;
    const date = formatDate(r.checkedAt, lang ? { lang } : undefined);
    return renderPrompt({
      t,
      level: headingLevel(this.headingLevel, 3),
      ...this.cards,
      dismissing: this.dismissing,
      dismissError: this.dismissError,
      checked: r.kind === 'ok' ? t('sfPromptChecked', { count: r.ruleCount, date }) : t('sfPromptServiceName', { origin: r.origin, date }),
      disclaimer: r.kind === 'ok' ? r.disclaimer : undefined,
      announcement: this.announcement,
      safety: this.renderSafetyWarnings(),
      empty: (text) => this.renderEmpty(text),
      on: this.onEvent,
    });
  }

  /** The dismissal scope of what is shown (server, patient and user). */
  private get scope(): string | undefined {
    const r = this.task.value?.value;
    return r?.kind === 'ok' || r?.kind === 'service' ? r.scope : undefined;
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
    const scope = this.scope;
    if (!isDismissReason(reason) || !scope) {
      this.dismissError = true;
      await this.focusAfterUpdate(`[data-rule="${ruleId}"] input[name=reason]`);
      return;
    }
    setDismissal(scope, ruleId, reason);
    this.dismissing = undefined;
    this.dismissError = false;
    this.announcement = this.t('sfPromptDismissedAnnounce');
    this.requestUpdate(); // the store is outside the element
    // the card (and the focused button) is gone: focus its Restore button so focus is never lost
    await this.focusAfterUpdate(`[data-restore="${ruleId}"]`);
  }

  private async restore(ruleId: string): Promise<void> {
    const scope = this.scope;
    if (scope) setDismissal(scope, ruleId, undefined);
    this.announcement = this.t('sfPromptRestoredAnnounce');
    this.requestUpdate();
    // the Restore button is gone: focus the card again
    await this.focusAfterUpdate(`[data-rule="${ruleId}"] [data-action=dismiss]`);
  }
}
