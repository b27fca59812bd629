import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type {
  Communication,
  CommunicationRequest,
  DocumentReference,
  FhirResource,
  Organization,
  PractitionerRole,
  Reference,
} from 'fhir/r4.js';
import {
  FhirError,
  JcElement,
  describeError,
  formatDate,
  formatDateLong,
  formatDateTime,
  resolvePatient,
  toFhirError,
  type FhirClient,
  type FhirErrorKind,
  type MessageKey,
  type PatientIdentity,
} from '@joinedcare/core';
import {
  canConvert,
  contentTypeLabel,
  conversationViews,
  humanSize,
  perspectiveOf,
  referencedDocumentIds,
  referencedPractitionerIds,
  DEFAULT_RESPONSE_TARGET_DAYS,
  type AttachmentView,
  type ConversationView,
  type MessageView,
  type Perspective,
} from './model.js';
import { clearDraft, draftKey, loadDraft, newSendId, saveDraft, sendInFlight, sendOnce, type Draft } from './drafts.js';
import { buildReply, buildRequest, ifNoneExistFor, markConverted, type AdviceAttachmentOption, type AdviceService } from './writes.js';
import type { BankHolidayCalendar } from './working-days.js';
import { advicePanelStyles } from './advice-panel.styles.js';
import { advicePanelStrings } from './strings.js';

/** Detail of `jc-advice-sent`: ids only. `communicationId` is absent for a new request. */
export interface AdviceSentDetail {
  kind: 'reply' | 'request';
  requestId: string;
  communicationId?: string;
}
/** Detail of `jc-advice-send-failed`: ids and the error kind only. `requestId` is absent for a new request. */
export interface AdviceSendFailedDetail {
  requestId?: string;
  kind: FhirErrorKind;
}

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-advice-sent': AdviceSentDetail;
    'jc-advice-send-failed': AdviceSendFailedDetail;
    'jc-attachment-open-request': { documentReferenceId: string };
    'jc-advice-convert-request': { requestId: string };
  }
}

interface Loaded {
  patientId: string;
  who: PatientIdentity;
  requests: CommunicationRequest[];
  communications: Communication[];
  documents: DocumentReference[];
  roles: PractitionerRole[];
  organisations: Organization[];
  failed: MessageKey[];
}

type SendState = { phase: 'sending' } | { phase: 'failed'; error: FhirError } | { phase: 'empty' };

const NEW_REQUEST = 'new-request';
const chunk = <T>(a: T[], n: number): T[][] => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n));

/**
 * Specialist Advice & Guidance for the patient in context: the list of conversations (e-RS A&G
 * status, specialty, service, dates, who acts next, overdue responses highlighted), each
 * conversation's thread with attachments, and, when the host allows it (`can-reply` and a
 * `sender`), replies, new requests and conversion to a referral.
 *
 * Sends are idempotent: each draft gets a `urn:uuid:` identifier on its first send, reused by every
 * retry, and is created with `If-None-Exist`, so a retry, a double click or a timeout after the
 * server saved the message never makes a second one. Drafts are kept per patient and conversation
 * (in memory; in sessionStorage with `persist-drafts`) until the server confirms.
 *
 * @summary Advice & Guidance conversations, read and write.
 * @fires jc-advice-sent - A reply or a new request was confirmed by the server. Detail `{ kind, requestId, communicationId? }` (ids only).
 * @fires jc-advice-send-failed - A send failed (the draft is kept). Detail `{ requestId?, kind }` (the FhirError kind).
 * @fires jc-attachment-open-request - The user asked to open an available attachment. Detail `{ documentReferenceId }`.
 * @fires jc-advice-convert-request - A specialist asked to convert an authorised request into a referral. Cancelable. Detail `{ requestId }`.
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
  protected static override messages = advicePanelStrings;

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
   * What "Convert to referral" does: `event` (default) only fires `jc-advice-convert-request` for
   * the host to perform; `update` also marks the request converted with `client.update` (If-Match)
   * unless a listener called `preventDefault()`.
   */
  @property({ attribute: 'convert-mode' })
  convertMode: 'event' | 'update' = 'event';

  /** Messages shown at once in a thread; "Show earlier" reveals more. */
  @property({ type: Number, attribute: 'message-page-size' })
  messagePageSize = 50;

  /** ARIA heading level of the panel title (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  @state() private selectedId: string | undefined;
  @state() private shown = 0;
  @state() private announcement = '';
  @state() private sendStates = new Map<string, SendState>();
  @state() private convertState: { requestId: string; phase: 'converting' | 'done' | 'requested'; error?: string } | undefined;
  /** Resources the server confirmed but a reload may not have returned yet. */
  private confirmed: { patientKey: string; resources: Array<Communication | CommunicationRequest> } | undefined;
  private seenCounts = new Map<string, number>();

  private readonly task = this.createPatientTask(async ({ client, patient, signal }): Promise<Loaded> => {
    const patientId = patient.id ?? (await resolvePatient(client, patient, { signal })).id;
    if (!patientId) throw new FhirError('not-found', 'The patient has no id');
    const who: PatientIdentity = { id: patientId, nhsNumber: patient.nhsNumber };
    const failed: MessageKey[] = [];
    const [reqs, comms] = await Promise.all([
      client.searchAll<CommunicationRequest>('CommunicationRequest', { patient: patientId, _count: 100 }, { signal }),
      client.searchAll<Communication>('Communication', { patient: patientId, _count: 200 }, { signal }),
    ]);
    if (!reqs.complete) failed.push('apPartialRequests');
    if (!comms.complete) failed.push('apPartialMessages');
    const requests = this.guard(reqs.resources, who, { expectedTypes: ['CommunicationRequest'] });
    const communications = this.guard(comms.resources, who, { expectedTypes: ['Communication'] });
    const documents: DocumentReference[] = [];
    const roles: PractitionerRole[] = [];
    const organisations: Organization[] = [];
    const docIds = referencedDocumentIds(requests, communications);
    const pracIds = referencedPractitionerIds(requests, communications);
    await Promise.all([
      ...chunk(docIds, 50).map(async (ids) => {
        try {
          const r = await client.searchAll<DocumentReference>('DocumentReference', { _id: ids.join(',') }, { signal });
          documents.push(...this.guard(r.resources, who, { expectedTypes: ['DocumentReference'] }));
        } catch (e) {
          if (signal.aborted) throw e;
          if (!failed.includes('apPartialAttachments')) failed.push('apPartialAttachments');
        }
      }),
      ...chunk(pracIds, 50).map(async (ids) => {
        try {
          const r = await client.searchAll<PractitionerRole>(
            'PractitionerRole',
            { practitioner: ids.map((id) => `Practitioner/${id}`).join(','), _include: 'PractitionerRole:organization' },
            { signal },
          );
          roles.push(...r.resources.filter((x) => x.resourceType === 'PractitionerRole'));
          organisations.push(...r.included.filter((x): x is Organization => x.resourceType === 'Organization'));
        } catch (e) {
          if (signal.aborted) throw e;
          if (!failed.includes('apPartialSenders')) failed.push('apPartialSenders');
        }
      }),
    ]);
    return { patientId, who, requests, communications, documents, roles, organisations, failed };
  });

  protected override get displayName(): string {
    return this.t('apLabel');
  }

  private get perspective(): Perspective {
    return perspectiveOf(this.contextSetting);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('contextPatient') && changed.get('contextPatient') !== undefined) {
      this.selectedId = undefined;
      this.sendStates = new Map();
      this.convertState = undefined;
      this.announcement = '';
    }
  }

  // ---------- data ----------

  private views(data: Loaded): ConversationView[] {
    const extra = this.confirmed && this.confirmed.patientKey === this.contextPatient?.key ? this.confirmed.resources : [];
    const ids = (list: Array<{ id?: string }>) => new Set(list.map((r) => r.id));
    const reqIds = ids(data.requests);
    const commIds = ids(data.communications);
    return conversationViews({
      requests: [
        ...data.requests,
        ...extra.filter((r): r is CommunicationRequest => r.resourceType === 'CommunicationRequest' && !reqIds.has(r.id)),
      ],
      communications: [
        ...data.communications,
        ...extra.filter((r): r is Communication => r.resourceType === 'Communication' && !commIds.has(r.id)),
      ],
      documents: data.documents,
      directory: { roles: data.roles, organisations: data.organisations },
      perspective: this.perspective,
      now: this.now(),
      responseTargetDays: this.responseTargetDays,
      workingDays: { bankHolidays: this.bankHolidays === 'none' ? 'none' : 'england-and-wales', nonWorkingDays: this.nonWorkingDays },
    });
  }

  private keyFor(conversation: string): string {
    const p = this.contextPatient;
    return draftKey({ id: p?.id, nhsNumber: p?.nhsNumber }, conversation);
  }

  private draft(conversation: string): Draft {
    return loadDraft(this.keyFor(conversation), this.persistDrafts) ?? { text: '', attachmentIds: [] };
  }

  private updateDraft(conversation: string, change: Partial<Draft>): void {
    const key = this.keyFor(conversation);
    saveDraft(key, { ...this.draft(conversation), ...change }, this.persistDrafts);
    const s = this.sendStates.get(key);
    if (s?.phase === 'empty') this.setSendState(key, undefined);
    this.requestUpdate();
  }

  private setSendState(key: string, s: SendState | undefined): void {
    const next = new Map(this.sendStates);
    if (s) next.set(key, s);
    else next.delete(key);
    this.sendStates = next;
  }

  private writable(): boolean {
    return this.canReply && !!this.sender;
  }

  // ---------- sending ----------

  /** Sends the draft of a conversation (or the new request). Safe to call twice: the second call joins the first. */
  private async send(conversation: string, view?: ConversationView): Promise<void> {
    const client = this.effectiveClient;
    const data = this.task.value?.value;
    const patientKey = this.contextPatient?.key;
    const key = this.keyFor(conversation);
    if (!client || !data || !this.sender || !patientKey || sendInFlight(key)) return;
    const draft = this.draft(conversation);
    const isRequest = conversation === NEW_REQUEST;
    const service = isRequest ? this.services.find((s) => s.id === draft.serviceId) : undefined;
    if (!draft.text.trim() || (isRequest && !service)) {
      this.setSendState(key, { phase: 'empty' });
      this.announcement = this.t(isRequest && draft.text.trim() ? 'apChooseService' : 'apSendEmpty');
      return;
    }
    // one id per draft, reused by every retry: the server's conditional create makes the send idempotent
    const sendId = draft.sendId ?? newSendId();
    saveDraft(key, { ...draft, sendId }, this.persistDrafts);
    const chosen = this.attachments.filter((a) => draft.attachmentIds.includes(a.documentReferenceId));
    const resource: Communication | CommunicationRequest = isRequest
      ? buildRequest({
          sendId,
          patientId: data.patientId,
          sender: this.sender,
          service: service as AdviceService,
          priority: draft.priority ?? 'routine',
          text: draft.text,
          attachments: chosen,
          now: this.now(),
        })
      : buildReply({
          sendId,
          requestId: conversation,
          patientId: data.patientId,
          sender: this.sender,
          perspective: this.perspective,
          text: draft.text,
          attachments: chosen,
          request: data.requests.find((r) => r.id === conversation) ?? { recipient: [] },
          now: this.now(),
        });
    this.setSendState(key, { phase: 'sending' });
    this.announcement = this.t('apSendingAnnounce');
    try {
      const saved = await sendOnce(key, () =>
        client.create<FhirResource>(resource as FhirResource, { ifNoneExist: ifNoneExistFor(sendId) }),
      );
      const [accepted] = this.guard([saved as Communication | CommunicationRequest], data.who);
      clearDraft(key);
      this.setSendState(key, undefined);
      if (accepted?.id) {
        const list = this.confirmed?.patientKey === patientKey ? this.confirmed.resources : [];
        this.confirmed = {
          patientKey,
          resources: [...list.filter((r) => r.id !== accepted.id || r.resourceType !== accepted.resourceType), accepted],
        };
      }
      const requestId = isRequest ? (accepted?.id ?? '') : conversation;
      this.emit(
        'jc-advice-sent',
        isRequest
          ? { kind: 'request', requestId }
          : { kind: 'reply', requestId, ...(accepted?.id ? { communicationId: accepted.id } : {}) },
      );
      this.announcement = this.t(isRequest ? 'apRequestSent' : 'apSent');
      if (isRequest && accepted?.id) this.selectedId = accepted.id;
      if (view) this.seenCounts.set(view.requestId, view.messages.length + 1);
      void this.task.run();
    } catch (e) {
      const error = toFhirError(e);
      this.setSendState(key, { phase: 'failed', error });
      this.emit('jc-advice-send-failed', isRequest ? { kind: error.kind } : { requestId: conversation, kind: error.kind });
      this.announcement = this.t(this.unknownOutcome(error) ? 'apSendUnknownTitle' : 'apSendFailedTitle');
    }
  }

  /** Timeouts, dropped connections and 5xx leave it unknown whether the server saved the message. */
  private unknownOutcome(e: FhirError): boolean {
    return e.kind === 'timeout' || e.kind === 'network' || (e.kind === 'http' && (e.status ?? 0) >= 500);
  }

  private onComposeKeydown(e: KeyboardEvent, conversation: string, view?: ConversationView): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void this.send(conversation, view);
    }
  }

  // ---------- convert ----------

  private async convert(view: ConversationView): Promise<void> {
    if (this.convertState?.phase === 'converting') return;
    const requestId = view.requestId;
    const proceed = this.emit('jc-advice-convert-request', { requestId }, { cancelable: true });
    if (this.convertMode !== 'update' || !proceed) {
      this.convertState = { requestId, phase: 'requested' };
      this.announcement = this.t('apConvertRequested');
      return;
    }
    const client: FhirClient | undefined = this.effectiveClient;
    const data = this.task.value?.value;
    if (!client?.update || !data) {
      this.convertState = { requestId, phase: 'done', error: this.t('apConvertNotSupported') };
      return;
    }
    this.convertState = { requestId, phase: 'converting' };
    try {
      const current = await client.read<CommunicationRequest>('CommunicationRequest', requestId, { cache: 'no-cache' });
      const [ok] = this.guard([current], data.who);
      if (!ok) throw new FhirError('unexpected', 'The request belongs to another patient');
      const version = ok.meta?.versionId;
      await client.update(markConverted(ok), version ? { ifMatch: `W/"${version}"` } : {});
      this.convertState = { requestId, phase: 'done' };
      this.announcement = this.t('apConverted');
      void this.task.run();
    } catch (e) {
      this.convertState = { requestId, phase: 'done', error: describeError(e, this.effectiveLocale) };
      this.announcement = this.t('apConvertFailed');
    }
  }

  // ---------- render ----------

  protected override render() {
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    return html`<section class="panel" part="base" aria-labelledby="title" @keydown=${(e: KeyboardEvent) => this.onKeydown(e)}>
      <div id="title" class="title" part="title" role="heading" aria-level=${level}>${this.t('apLabel')}</div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderPatientTask(this.task, this.t('apWhat'), (data) => this.renderLoaded(data))}
    </section>`;
  }

  private renderLoaded(data: Loaded): TemplateResult {
    const views = this.views(data);
    const selected = this.selectedId === NEW_REQUEST ? undefined : views.find((v) => v.requestId === this.selectedId);
    const partial = data.failed.length
      ? this.renderPartial(
          data.failed.map((k) => this.t(k)),
          () => void this.task.run(),
        )
      : nothing;
    let body: unknown;
    if (this.selectedId === NEW_REQUEST && this.writable() && this.perspective === 'requester') body = this.renderNewRequest();
    else if (selected) body = this.renderConversation(selected);
    else body = this.renderList(views);
    return html`${this.renderSafetyWarnings()}${partial}${body}`;
  }

  private renderList(views: ConversationView[]): TemplateResult {
    const canAsk = this.writable() && this.perspective === 'requester';
    return html`${
      canAsk
        ? html`<div class="actions">
            <button class="jc-button" type="button" @click=${() => this.open(NEW_REQUEST)}>${this.t('apNewRequest')}</button>
          </div>`
        : nothing
    }
    ${
      views.length === 0
        ? this.renderEmpty(this.t('apEmpty'))
        : html`<ul class="conversations" part="list" aria-label=${this.t('apListLabel')}>
            ${views.map((v) => this.renderItem(v))}
          </ul>`
    }`;
  }

  private statusTag(v: ConversationView): TemplateResult {
    return html`<span class="tag tag--${v.row.tone}" part="status"
      >${this.t(v.row.label)}${v.status.inferred ? html` <span class="visually-hidden">${this.t('apStatusInferred')}</span>` : nothing}</span
    >`;
  }

  private date(value: string | undefined, withTime = false): TemplateResult {
    const lang = this.effectiveLocale;
    const opts = lang ? { lang } : {};
    return html`<span aria-hidden="true">${withTime ? formatDateTime(value, opts) : formatDate(value, opts)}</span
      ><span class="visually-hidden"
        >${formatDateLong(value, opts)}${withTime ? ` ${formatDateTime(value, opts).split(' ')[1] ?? ''}` : ''}</span
      >`;
  }

  private overdueText(v: ConversationView): TemplateResult | typeof nothing {
    if (!v.overdue.overdue) return nothing;
    const lang = this.effectiveLocale;
    return html`<p class="overdue" part="overdue">
      <strong>${this.t('apOverdue')}:</strong>
      ${this.t('apOverdueDetail', { due: formatDate(v.overdue.due, lang ? { lang } : {}), days: this.responseTargetDays })}
    </p>`;
  }

  private renderItem(v: ConversationView): TemplateResult {
    const specialty = v.specialty ?? v.service ?? this.t('notKnown');
    return html`<li
      class="conversation ${v.yourTurn ? 'conversation--your-turn' : ''} ${v.overdue.overdue ? 'conversation--overdue' : ''}"
      part="item"
      data-id=${v.requestId}
    >
      <button class="link" type="button" @click=${() => this.open(v.requestId)}>
        ${this.t('apOpen', { specialty, status: this.t(v.row.label) })}
      </button>
      <p>${this.statusTag(v)} <span class="next">${this.t(v.nextText)}</span></p>
      ${this.overdueText(v)}
      <dl>
        <dt>${this.t('apSpecialty')}</dt>
        <dd>${v.specialty ?? this.t('notKnown')}</dd>
        <dt>${this.t('apService')}</dt>
        <dd>${v.service ?? this.t('notKnown')}</dd>
        <dt>${this.t('apStarted')}</dt>
        <dd>${this.date(v.authoredOn)}</dd>
        <dt>${this.t('apLastActivity')}</dt>
        <dd>${this.date(v.lastActivity, true)}</dd>
        ${
          v.priority
            ? html`<dt>${this.t('apPriority')}</dt>
                <dd>${this.priorityText(v.priority)}</dd>`
            : nothing
        }
      </dl>
    </li>`;
  }

  private priorityText(p: string): string {
    const keys: Record<string, MessageKey> = {
      routine: 'apPriorityRoutine',
      urgent: 'apPriorityUrgent',
      asap: 'apPriorityAsap',
      stat: 'apPriorityStat',
    };
    return keys[p] ? this.t(keys[p]) : p;
  }

  private open(id: string): void {
    this.selectedId = id;
    this.shown = this.messagePageSize;
    this.convertState = undefined;
    const data = this.task.value?.value;
    const view = data ? this.views(data).find((v) => v.requestId === id) : undefined;
    if (view) {
      this.seenCounts.set(id, view.messages.length);
      this.announcement = this.t('apConversationOpened', { n: view.messages.length });
    }
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-focus-target]')?.focus());
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
    const from = this.selectedId;
    this.selectedId = undefined;
    void this.updateComplete.then(() => {
      const items = [...this.renderRoot.querySelectorAll<HTMLElement>('.conversation button.link')];
      const views = this.task.value?.value ? this.views(this.task.value.value) : [];
      const i = views.findIndex((v) => v.requestId === from);
      (items[i] ?? items[0])?.focus();
    });
  }

  private renderConversation(v: ConversationView): TemplateResult {
    // announce messages that arrived since the conversation was opened (a reload after a send or a poll)
    const seen = this.seenCounts.get(v.requestId);
    if (seen !== undefined && v.messages.length > seen) {
      const n = v.messages.length - seen;
      this.seenCounts.set(v.requestId, v.messages.length);
      queueMicrotask(() => (this.announcement = this.t('apNewMessages', { n })));
    }
    const total = v.messages.length;
    const size = Math.max(1, this.shown || this.messagePageSize);
    const visible = v.messages.slice(Math.max(0, total - size));
    const hidden = total - visible.length;
    return html`<div class="header">
        <button class="link" type="button" data-focus-target @click=${() => this.back()}>${this.t('apBack')}</button>
        <p>${this.statusTag(v)} <span class="next">${this.t(v.nextText)}</span></p>
        ${this.overdueText(v)}
        <dl>
          <dt>${this.t('apSpecialty')}</dt>
          <dd>${v.specialty ?? this.t('notKnown')}</dd>
          <dt>${this.t('apService')}</dt>
          <dd>${v.service ?? this.t('notKnown')}</dd>
          <dt>${this.t('apStarted')}</dt>
          <dd>${this.date(v.authoredOn)}${v.requester ? html` (${this.t('apRequestedBy', { name: v.requester })})` : nothing}</dd>
          ${
            v.ubrn
              ? html`<dt>UBRN</dt>
                  <dd>${v.ubrn}</dd>`
              : nothing
          }
        </dl>
        ${this.renderConvert(v)}
      </div>
      ${
        hidden > 0
          ? html`<p class="hint">${this.t('apShowingLatest', { shown: visible.length, total })}</p>
              <button class="secondary" type="button" @click=${() => (this.shown = size + this.messagePageSize)}>
                ${this.t('apShowEarlier', { n: Math.min(this.messagePageSize, hidden), hidden })}
              </button>`
          : nothing
      }
      <div role="log" aria-label=${this.t('apThreadLabel')} part="thread">
        ${
          total === 0
            ? html`<p>${this.t('apNoMessages')}</p>`
            : html`<ol class="messages">
                ${visible.map((m) => this.renderMessage(m))}
              </ol>`
        }
      </div>
      ${this.renderReply(v)}`;
  }

  private renderMessage(m: MessageView): TemplateResult {
    const s = m.sender;
    const role =
      s.conversationRole === 'REQUESTER'
        ? this.t('apSenderRequester')
        : s.conversationRole === 'RESPONDER'
          ? this.t('apSenderResponder')
          : undefined;
    const setting =
      s.setting === 'primary' ? this.t('apSettingPrimary') : s.setting === 'secondary' ? this.t('apSettingSecondary') : this.t('notKnown');
    const details = [role, s.jobRole].filter((x): x is string => !!x).join(', ');
    return html`<li class="message ${s.conversationRole === 'RESPONDER' ? 'message--responder' : ''}" part="message">
      <p class="meta">
        <span class="sender">${s.name ?? this.t('notKnown')}</span>${details ? html` (${details})` : nothing} ·
        ${this.t('apFrom', { organisation: s.organisation ?? this.t('notKnown'), setting })} · ${this.date(m.sent, true)}
      </p>
      <p class="text">${m.text ?? this.t('apNoText')}</p>
      ${
        m.attachments.length
          ? html`<ul class="attachments" aria-label=${this.t('apAttachments')}>
              ${m.attachments.map((a) => this.renderAttachment(a))}
            </ul>`
          : nothing
      }
    </li>`;
  }

  private renderAttachment(a: AttachmentView): TemplateResult {
    const title = a.title ?? this.t('apUntitled');
    const size = humanSize(a.sizeBytes);
    const facts = [a.type, contentTypeLabel(a.contentType), this.t(size.key, { n: size.n })].filter((x): x is string => !!x).join(', ');
    if (a.availability === 'available') {
      return html`<li class="attachment" part="attachment">
        <button
          class="link"
          type="button"
          @click=${() => this.emit('jc-attachment-open-request', { documentReferenceId: a.documentReferenceId })}
        >
          ${this.t('apOpenAttachment', { title })}
        </button>
        <span class="meta">(${facts})</span>
      </li>`;
    }
    const why =
      a.availability === 'withdrawn'
        ? 'apAttachmentWithdrawn'
        : a.availability === 'not-loaded'
          ? 'apAttachmentNotLoaded'
          : 'apAttachmentUnavailable';
    return html`<li class="attachment attachment--unavailable" part="attachment">
      <span>${title}</span> <span class="meta">(${facts})</span> — <strong>${this.t(why)}</strong>
    </li>`;
  }

  private renderConvert(v: ConversationView): TemplateResult | typeof nothing {
    if (!this.writable() || this.perspective !== 'responder' || !v.row.open) return nothing;
    if (!canConvert(v, this.perspective)) return html`<p class="hint">${this.t('apNotAuthorisedToConvert')}</p>`;
    const st = this.convertState?.requestId === v.requestId ? this.convertState : undefined;
    const busy = st?.phase === 'converting';
    return html`<div class="actions">
      <button class="secondary" part="convert-button" type="button" ?disabled=${busy} @click=${() => void this.convert(v)}>
        ${busy ? this.t('apConverting') : this.t('apConvert')}
      </button>
      ${st?.error ? html`<p role="alert"><strong>${this.t('apConvertFailed')}:</strong> ${st.error}</p>` : nothing}
    </div>`;
  }

  private renderReply(v: ConversationView): TemplateResult | typeof nothing {
    if (!this.canReply) return nothing;
    if (!this.sender) return html`<p class="hint compose">${this.t('apNoSender')}</p>`;
    if (!v.row.open) return html`<p class="hint compose">${this.t('apReplyClosed')}</p>`;
    return this.renderCompose(v.requestId, v);
  }

  private renderCompose(conversation: string, view?: ConversationView): TemplateResult {
    const key = this.keyFor(conversation);
    const draft = this.draft(conversation);
    const st = this.sendStates.get(key);
    const sending = st?.phase === 'sending' || !!sendInFlight(key);
    const isRequest = conversation === NEW_REQUEST;
    return html`<form
      class=${isRequest ? 'new-request' : 'compose'}
      part="compose"
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.send(conversation, view);
      }}
    >
      ${isRequest ? this.renderRequestFields(draft, sending) : nothing}
      <label for="text">${this.t(isRequest ? 'apQuestionLabel' : 'apComposeLabel')}</label>
      <p class="hint" id="hint">${this.t('apComposeHint')}</p>
      <textarea
        id="text"
        aria-describedby="hint"
        ?readonly=${sending}
        .value=${live(draft.text)}
        @input=${(e: Event) => this.updateDraft(conversation, { text: (e.target as HTMLTextAreaElement).value })}
        @keydown=${(e: KeyboardEvent) => this.onComposeKeydown(e, conversation, view)}
      ></textarea>
      ${
        this.attachments.length
          ? html`<fieldset>
              <legend>${this.t('apAttachLabel')}</legend>
              ${this.attachments.map(
                (a) =>
                  html`<label
                    ><input
                      type="checkbox"
                      ?disabled=${sending}
                      .checked=${live(draft.attachmentIds.includes(a.documentReferenceId))}
                      @change=${(e: Event) => {
                        const on = (e.target as HTMLInputElement).checked;
                        const ids = draft.attachmentIds.filter((x) => x !== a.documentReferenceId);
                        this.updateDraft(conversation, { attachmentIds: on ? [...ids, a.documentReferenceId] : ids });
                      }}
                    />
                    ${a.title}</label
                  >`,
              )}
            </fieldset>`
          : nothing
      }
      ${st?.phase === 'empty' ? html`<p role="alert">${this.t(isRequest && draft.text.trim() ? 'apChooseService' : 'apSendEmpty')}</p>` : nothing}
      ${st?.phase === 'failed' ? this.renderSendError(st.error, conversation, view) : nothing}
      <div class="actions">
        <button class="jc-button" part="send-button" type="submit" ?disabled=${sending}>
          ${sending ? this.t('apSending') : this.t(isRequest ? 'apSendRequest' : 'apSend')}
        </button>
        ${isRequest ? html`<button class="secondary" type="button" @click=${() => this.back()}>${this.t('apCancel')}</button>` : nothing}
      </div>
    </form>`;
  }

  private renderSendError(error: FhirError, conversation: string, view?: ConversationView): TemplateResult {
    return html`<div class="state state--error send-error" part="send-error" role="alert">
      <p class="state-title">${this.t(this.unknownOutcome(error) ? 'apSendUnknownTitle' : 'apSendFailedTitle')}</p>
      <p>${describeError(error, this.effectiveLocale)}${error.outcomeText ? html` <span>${error.outcomeText}</span>` : nothing}</p>
      <p>${this.t('apSendKept')}</p>
      <button class="jc-button" part="retry-button" type="button" @click=${() => void this.send(conversation, view)}>
        ${this.t('apRetrySend')}
      </button>
    </div>`;
  }

  private renderRequestFields(draft: Draft, sending: boolean): TemplateResult {
    if (!this.services.length) return html`<p role="alert">${this.t('apNoServices')}</p>`;
    return html`<div class="title">${this.t('apNewRequestTitle')}</div>
      <label for="service">${this.t('apServiceLabel')}</label>
      <select
        id="service"
        ?disabled=${sending}
        @change=${(e: Event) => this.updateDraft(NEW_REQUEST, { serviceId: (e.target as HTMLSelectElement).value || undefined })}
      >
        <option value="" ?selected=${!draft.serviceId}>${this.t('apServiceChoose')}</option>
        ${this.services.map((s) => html`<option value=${s.id} ?selected=${draft.serviceId === s.id}>${s.label}</option>`)}
      </select>
      <fieldset>
        <legend>${this.t('apPriorityLabel')}</legend>
        ${(['routine', 'urgent'] as const).map(
          (p) =>
            html`<label
              ><input
                type="radio"
                name="priority"
                value=${p}
                ?disabled=${sending}
                .checked=${live((draft.priority ?? 'routine') === p)}
                @change=${() => this.updateDraft(NEW_REQUEST, { priority: p })}
              />
              ${this.priorityText(p)}</label
            >`,
        )}
      </fieldset>`;
  }

  private renderNewRequest(): TemplateResult {
    return html`<div class="header">
        <button class="link" type="button" data-focus-target @click=${() => this.back()}>${this.t('apBack')}</button>
      </div>
      ${this.renderCompose(NEW_REQUEST)}`;
  }
}
