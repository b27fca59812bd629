import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import type { Bundle, Reference } from 'fhir/r4.js';
import { JcElement, guardResources, toFhirError, ukDayNumber, type PatientIdentity } from '@joinedcare/core';
export type { AdviceSentDetail, AdviceSendFailedDetail } from './events.js';
import { perspectiveOf, type Perspective } from './status.js';
import { DEFAULT_RESPONSE_TARGET_DAYS } from './response-target.js';
import { Memo } from './memo.js';
import { adviceReading } from './reading.js';
import { conversationViews, type ConversationView } from './conversations.js';
import type { AdviceAttachmentOption, AdviceService } from './writes.js';
import type { BankHolidayCalendar } from './working-days.js';
import { loadAdvice, type Loaded } from './load.js';
import { prepareHanded } from './handed.js';
import type { AdviceHost, AdviceOutcome, AdviceSession } from './host.js';
import { AdviceSending, NEW_REQUEST } from './sending.js';
import { AdviceConverting, warnUnknownConvertMode } from './converting.js';
import { focusTarget, listView, type AdviceViewContext, type FocusAfter } from './list-view.js';
import { convertView, threadView } from './thread-view.js';
import { newRequestView, replyView, type ComposeViewOptions } from './compose-view.js';
import { advicePanelStyles } from './advice-panel.styles.js';
import { advicePanelMessages } from './messages.js';

/**
 * Specialist Advice & Guidance for the patient in context: the list of conversations (e-RS A&G
 * status, the question's first line, who asked and who answered, specialty, service, dates, who
 * acts next, overdue responses highlighted), each conversation's thread with attachments, and, when
 * the host allows it (`can-reply` and a `sender`), replies, new requests and conversion to a referral.
 * It reads e-RS as published: STU3 CommunicationRequests and Communications (A024, A025, A026) and
 * R4 A&G ServiceRequests (A041), from the FHIR server or handed in (`resources`, `bundle`).
 *
 * Sends are idempotent: each draft gets a `urn:uuid:` identifier on its first send, reused by every
 * retry, and is created with `If-None-Exist`, so a retry, a double click or a timeout after the
 * server saved the message never makes a second one. Drafts are kept per server, patient and user
 * (core's `patientScopeKey`) and conversation (in memory; in sessionStorage with `persist-drafts`)
 * until the server confirms.
 *
 * @summary Advice & Guidance conversations, read and write.
 * @fires jc-advice-sent - A reply or a new request was confirmed by the server. Detail `{ kind, requestId, communicationId? }` (ids only).
 * @fires jc-advice-send-failed - A send failed (the draft is kept). Detail `{ requestId?, kind }` (the FhirError kind).
 * @fires jc-attachment-open-request - The user asked to open an available attachment (only with `open-attachments`). Detail `{ documentReferenceId }`.
 * @fires jc-advice-convert-request - A specialist asked to convert an authorised request into a referral. Cancelable (with `convert-mode="transaction"`, `preventDefault()` means the host converts). Detail `{ requestId }`.
 * @csspart base - The panel.
 * @csspart title - The heading.
 * @csspart list - The list of conversations.
 * @csspart item - One conversation in the list.
 * @csspart status - A status tag.
 * @csspart overdue - The overdue notice.
 * @csspart thread - The message log.
 * @csspart message - One message.
 * @csspart attachment - One attachment.
 * @csspart compose - The reply or new-request form.
 * @csspart send-button - The Send button.
 * @csspart send-error - The notice that a send failed, with Retry.
 * @csspart convert-button - The "Convert to referral" button.
 * @cssproperty --jc-advice-background - Panel background (default `--jc-color-surface`).
 * @cssproperty --jc-advice-overdue-color - Overdue highlight (default `--jc-color-error`).
 * @cssproperty --jc-advice-responder-accent - Left rule of specialist messages (default `--jc-color-primary`).
 */
export class JcAdvicePanel extends JcElement {
  static override styles = [...JcElement.styles, advicePanelStyles];
  protected static override messages = advicePanelMessages;

  /** Allows writing (replies, new requests, conversion). Core supplies no user role, so the host decides. */
  @property({ type: Boolean, attribute: 'can-reply', reflect: true })
  canReply = false;

  /** Who is writing: a Practitioner or PractitionerRole reference the host supplies (core has no user context). Required to write. */
  @property({ attribute: false })
  sender?: Reference;

  /** Specialties or services a new request can be sent to. */
  @property({ attribute: false })
  services: AdviceService[] = [];

  /** Documents (already stored DocumentReferences) the user may attach to a reply or request. */
  @property({ attribute: false })
  attachments: AdviceAttachmentOption[] = [];

  /**
   * Working days the specialist has to respond before a response is shown as overdue. Weekends,
   * bank holidays (`bank-holidays`) and `non-working-days` do not count.
   */
  @property({ type: Number, attribute: 'response-target-days' })
  responseTargetDays = DEFAULT_RESPONSE_TARGET_DAYS;

  /**
   * Bank holidays that are not working days for the response target: `england-and-wales`
   * (default; e-RS is an NHS England service) or `none` (list every non-working day in
   * `non-working-days` yourself, e.g. for Scotland or Northern Ireland).
   */
  @property({ attribute: 'bank-holidays' })
  bankHolidays: BankHolidayCalendar = 'england-and-wales';

  /**
   * Further non-working days for the response target, as ISO dates (`2026-12-24`): e.g. a bank
   * holiday announced after this release, or local closure days. As an attribute: dates separated
   * by spaces or commas. Anything that is not a valid date is ignored.
   */
  @property({
    attribute: 'non-working-days',
    converter: { fromAttribute: (v: string | null) => (v ?? '').split(/[\s,]+/).filter(Boolean) },
  })
  nonWorkingDays: string[] = [];

  /** Also keep drafts in sessionStorage so they survive a reload (clinical text stays in the browser until sent or the tab closes). */
  @property({ type: Boolean, attribute: 'persist-drafts' })
  persistDrafts = false;

  /**
   * What "Convert to referral" does: `event` (default) only fires `jc-advice-convert-request` for the host, saying no
   * referral was made here; `transaction` (unless a listener called `preventDefault()`) makes the referral ServiceRequest
   * under the same UBRN, linked, and marks the request ADVICE_CONVERTED in one FHIR transaction, and says "converted"
   * only after reading the referral back. Any other value, `update` included (it used to mark the request converted
   * without making a referral), is `event`.
   */
  @property({ attribute: 'convert-mode' })
  convertMode: 'event' | 'transaction' | (string & {}) = 'event';

  /**
   * A&G data handed in instead of searching the server (read only): FHIR resources (STU3 or R4), and Bundles or
   * Parameters holding them, as e-RS returns them (A024's CommunicationRequest, A025's conversation Bundle, A026's
   * Parameters, A041's searchset). Each is checked against the patient in context; referrals and other types are counted.
   */
  @property({ attribute: false })
  resources?: unknown[] | undefined;

  /** One Bundle handed in (as `resources` holding that Bundle). */
  @property({ attribute: false })
  bundle?: Bundle | undefined;

  /** The host opens attachments (it listens for `jc-attachment-open-request`): available ones get an "Open …" button. Without it their titles are plain text. */
  @property({ type: Boolean, attribute: 'open-attachments' }) openAttachments = false;

  /** Messages shown at once in a thread; "Show earlier" reveals more. */
  @property({ type: Number, attribute: 'message-page-size' })
  messagePageSize = 50;

  /** ARIA heading level of the panel title (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  @state() private selectedId: string | undefined;
  @state() private shown = 0;
  @state() private announcement = '';
  /** How many messages of each conversation the user has seen (opened, or sent), so that arrivals are announced. */
  private seen = new Map<string, number>();
  /** Where focus goes once the next update is drawn: Back in an opened conversation, or the conversation left. */
  private focusAfterUpdate: FocusAfter | undefined;
  /** The conversation views, derived in `willUpdate` from the task's value and the settings they depend on. */
  private readonly derived = new Memo<ConversationView[]>([]);

  /** Handed-in data after the patient guard (derived in `willUpdate`). */
  private handed: Loaded | undefined;

  private readonly task = this.createPatientTask((input) =>
    // handed-in data is not searched for (the patient is still confirmed first, when there is a server)
    this.handedIn ? Promise.resolve(undefined) : loadAdvice(input, (resources, who, options) => this.guard(resources, who, options)),
  );

  /** The element's side of its controllers: the patient in context, the guard, data tracking, outcomes. */
  private readonly adviceHost: AdviceHost = {
    session: () => this.session(),
    guard: <T extends { resourceType?: unknown; id?: unknown }>(resource: T, who: PatientIdentity, parent?: unknown) => {
      const list = parent ? [resource, parent as T] : [resource];
      const options = { baseUrl: this.effectiveClient?.baseUrl };
      // a write that ends after a patient switch is checked against the patient it was for, and warns nobody else
      const kept = who === this.loaded?.who ? this.guard<T>(list, who, options) : guardResources<T>(list, who, options).accepted;
      return kept.find((r) => r === resource);
    },
    track: (work) => this.trackData(work),
    settled: (outcome) => this.settled(outcome),
  };

  /** Drafts, send states and sends (idempotent; a failed send keeps the draft). */
  private readonly sending = new AdviceSending(this, this.adviceHost);

  /** "Convert to referral" (specialists). */
  private readonly converting = new AdviceConverting(this, this.adviceHost);

  protected override get displayName(): string { return this.t('apLabel'); } // prettier-ignore

  private get perspective(): Perspective {
    return perspectiveOf(this.contextSetting);
  }

  private get handedIn(): boolean {
    return this.resources !== undefined || this.bundle !== undefined;
  }

  /** Handed-in data needs a patient to check it against, not a server. */
  protected override missingConfiguration(): string[] {
    return this.handedIn && this.contextPatient ? [] : super.missingConfiguration();
  }

  /** What is shown: the handed-in data, else the task's value when it was loaded for the patient in context. */
  private get loaded(): Loaded | undefined {
    if (this.handedIn) return this.handed;
    const v = this.task.value;
    return v && v.patientKey === this.contextPatient?.key ? (v.value ?? undefined) : undefined;
  }

  private session(): AdviceSession | undefined {
    const patient = this.contextPatient;
    if (!patient) return undefined;
    return { patient, client: this.effectiveClient, data: this.loaded, perspective: this.perspective, now: this.now(), settings: this };
  }

  protected override patientChanged(): void {
    this.selectedId = undefined;
    this.sending.reset();
    this.converting.reset();
    this.announcement = '';
    this.seen = new Map();
    this.focusAfterUpdate = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // handed-in data is checked in this update, so a patient switch never shows it under the new patient
    if (['resources', 'bundle', 'contextPatient', 'confirmed'].some((k) => changed.has(k))) {
      const p = this.contextPatient;
      this.handed =
        this.handedIn && p ? prepareHanded(this, { id: p.id, nhsNumber: p.nhsNumber }, (rs, who, o) => this.guard(rs, who, o)) : undefined;
    }
    if (changed.has('convertMode')) warnUnknownConvertMode(this.localName, this.convertMode);
    this.deriveViews();
    this.announceArrivals();
  }

  /** Recomputes the conversation views when what they are built from has changed. */
  private deriveViews(): void {
    const data = this.loaded;
    const now = this.now();
    const { perspective, responseTargetDays, bankHolidays, nonWorkingDays } = this;
    const confirmed = this.sending.confirmedFor(data?.scope);
    this.derived.update([data, confirmed, perspective, responseTargetDays, bankHolidays, nonWorkingDays, ukDayNumber(now)], () =>
      data
        ? conversationViews({
            record: this.sending.withConfirmed(data.record, data.scope),
            perspective,
            now,
            responseTargetDays,
            workingDays: { bankHolidays: bankHolidays === 'none' ? 'none' : 'england-and-wales', nonWorkingDays },
          })
        : [],
    );
  }

  /** jc-load counts the conversations shown. @internal */
  protected override countItems(): number | undefined {
    return this.loaded ? this.derived.value.length : undefined;
  }

  /** Handed-in data is ready (or empty) without a load; some parts not loaded is `partial`. @internal */
  override readLifecycle(): ReturnType<JcElement['readLifecycle']> {
    const handed = this.handedIn && !!this.handed;
    return adviceReading(super.readLifecycle(), { handed, shown: this.derived.value.length, failed: this.loaded?.failed.length ?? 0 });
  }

  /** Announces messages that arrived in the open conversation since the user opened it (a reload after a send). */
  private announceArrivals(): void {
    const view = this.viewOf(this.selectedId);
    const seen = view ? this.seen.get(view.requestId) : undefined;
    if (!view || seen === undefined || view.messages.length <= seen) return;
    this.seen.set(view.requestId, view.messages.length);
    this.announcement = this.t('apNewMessages', { n: view.messages.length - seen });
  }

  private viewOf(requestId: string | undefined): ConversationView | undefined {
    return requestId === undefined ? undefined : this.derived.value.find((v) => v.requestId === requestId);
  }

  /** Writing is allowed and set up (`here`: to the FHIR server the data came from; handed-in data is read only). */
  private writable(here = false): boolean {
    return this.canReply && !!this.sender && (!here || this.loaded?.source === 'server');
  }

  /**
   * A send or conversion finished: announce, open, reload; never under a patient other than the one
   * it was for (the same selection, or the same server, patient and user again after a switch and back).
   */
  private settled(o: AdviceOutcome): void {
    const same = o.patientKey === this.contextPatient?.key || (o.scope !== undefined && o.scope === this.loaded?.scope);
    if (!same) return;
    this.announcement = this.t(o.announce, o.params);
    if (o.select) this.selectedId = o.select;
    const replied = this.viewOf(o.replied);
    // the user's own reply is not a "new message" for them
    if (replied) this.seen.set(replied.requestId, replied.messages.length + 1);
    if (o.reload) void this.task.run();
  }

  private open(id: string): void {
    this.selectedId = id;
    this.shown = this.messagePageSize;
    this.converting.reset();
    const view = this.viewOf(id);
    if (view) {
      this.seen.set(id, view.messages.length);
      this.announcement = this.t('apConversationOpened', { n: view.messages.length });
    }
    this.focusAfterUpdate = { to: 'back' };
  }

  /** Escape closes an open conversation or new request (not while typing: the text box keeps its Escape). */
  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || this.selectedId === undefined) return;
    const target = e.composedPath()[0];
    if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
    e.stopPropagation();
    this.back();
  }

  private back(): void {
    this.focusAfterUpdate = { to: 'item', requestId: this.selectedId };
    this.selectedId = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const f = this.focusAfterUpdate;
    if (!f) return;
    const target = focusTarget(this.renderRoot, f);
    // still loading: focus once the data is drawn
    if (!target && this.task.status === TaskStatus.PENDING) return;
    this.focusAfterUpdate = undefined;
    target?.focus();
  }

  protected override render() {
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    return html`<section class="panel" part="base" aria-labelledby="title" @keydown=${(e: KeyboardEvent) => this.onKeydown(e)}>
      <div id="title" class="title" part="title" role="heading" aria-level=${level}>${this.t('apLabel')}</div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderBody()}
    </section>`;
  }

  /** Handed-in data (unless the server says the patient is another person), else the patient task's state. */
  private renderBody(): unknown {
    const stopped = this.task.status === TaskStatus.ERROR && toFhirError(this.task.error).kind === 'wrong-patient';
    if (this.handedIn && !this.missingConfiguration().length && !stopped && this.handed) return this.renderLoaded(this.handed);
    return this.renderPatientTask(this.task, this.t('apWhat'), (data) => (data ? this.renderLoaded(data) : nothing));
  }

  private viewContext(): AdviceViewContext {
    return { t: (key, params) => this.t(key, params), lang: this.effectiveLocale, responseTargetDays: this.responseTargetDays };
  }

  private composeOptions(): ComposeViewOptions {
    return { sending: this.sending, services: this.services, attachments: this.attachments, onBack: () => this.back() };
  }

  private renderLoaded(data: Loaded): TemplateResult {
    const views = this.derived.value;
    const selected = this.selectedId === NEW_REQUEST ? undefined : this.viewOf(this.selectedId);
    const partial = data.failed.length
      ? this.renderPartial(
          data.failed.map((k) => this.t(k)),
          () => void this.task.run(),
        )
      : nothing;
    const c = this.viewContext();
    let body: unknown;
    if (this.selectedId === NEW_REQUEST && this.writable(true) && this.perspective === 'requester')
      body = newRequestView(c, this.composeOptions());
    else if (selected) body = this.renderConversation(c, selected, data);
    else
      body = listView(c, views, {
        canAsk: this.writable(true) && this.perspective === 'requester',
        referrals: data.referrals,
        onNewRequest: () => this.open(NEW_REQUEST),
        onOpen: (id) => this.open(id),
        renderEmpty: (text) => this.renderEmpty(text),
      });
    return html`${this.renderSafetyWarnings()}${partial}${this.renderWithheld(data.withheld)}${body}`;
  }

  private renderConversation(c: AdviceViewContext, v: ConversationView, data: Loaded): TemplateResult {
    const handed = data.source === 'handed';
    return threadView(c, v, {
      shown: this.shown,
      pageSize: this.messagePageSize,
      handed,
      convert: convertView(c, v, {
        writable: this.writable(),
        perspective: this.perspective,
        state: this.converting.state,
        onConvert: (view) => void this.converting.convert(view.requestId),
      }),
      reply: replyView(c, v, { ...this.composeOptions(), canReply: this.canReply, hasSender: !!this.sender, handed }),
      onBack: () => this.back(),
      onShowEarlier: (shown) => (this.shown = shown),
      onOpenAttachment: this.openAttachments ? (id) => this.emit('jc-attachment-open-request', { documentReferenceId: id }) : undefined,
    });
  }
}
