// Sending and drafts of <jc-advice-panel>: a ReactiveController for each conversation's draft, its send state and the resources the server confirmed.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Communication, CommunicationRequest, FhirResource, Reference } from 'fhir/r4.js';
import {
  toFhirError,
  type FhirClient,
  type FhirError,
  type MessageKey,
  type PatientIdentity,
  type PatientInContext,
} from '@joinedcare/core';
import type { ConversationView, Perspective } from './model.js';
import { clearDraft, draftKey, loadDraft, newSendId, saveDraft, sendInFlight, sendOnce, type Draft } from './drafts.js';
import { buildReply, buildRequest, ifNoneExistFor, type AdviceAttachmentOption, type AdviceService } from './writes.js';

/** The conversation id of the new-request form. */
export const NEW_REQUEST = 'new-request';

/** Where a draft's send stands (no entry: idle). */
export type SendState = { phase: 'sending' } | { phase: 'failed'; error: FhirError } | { phase: 'empty' };

/** A resource the panel writes. */
export type AdviceResource = Communication | CommunicationRequest;

/** What a confirmed send reports to the element (which fires the event and announces it). */
export interface SentOutcome {
  /** The patient selection the message was written for (it may no longer be the one shown). */
  patientKey: string;
  conversation: string;
  isRequest: boolean;
  /** The saved resource, if the patient guard accepted it. */
  accepted: AdviceResource | undefined;
  view: ConversationView | undefined;
}

/** What the controller reads from and reports to the element; each read happens when a send needs it. */
export interface AdviceSendingOptions {
  patient(): PatientInContext | undefined;
  persist(): boolean;
  client(): FhirClient | undefined;
  data(): { patientId: string; who: PatientIdentity; requests: CommunicationRequest[] } | undefined;
  sender(): Reference | undefined;
  services(): readonly AdviceService[];
  attachments(): readonly AdviceAttachmentOption[];
  perspective(): Perspective;
  now(): Date;
  /** Runs the element's patient guard over the saved resource. */
  guard(saved: AdviceResource, who: PatientIdentity): AdviceResource | undefined;
  announce(key: MessageKey): void;
  sent(outcome: SentOutcome): void;
  /** A send failed; `patientKey` is the patient selection it was written for. */
  failed(conversation: string, isRequest: boolean, error: FhirError, patientKey: string): void;
}

/** Timeouts, dropped connections and 5xx leave it unknown whether the server saved the message. */
export function unknownOutcome(e: FhirError): boolean {
  return e.kind === 'timeout' || e.kind === 'network' || (e.kind === 'http' && (e.status ?? 0) >= 500);
}

/**
 * Drafts (per patient and conversation, see drafts.ts), their send states, and idempotent sends: each
 * draft gets a `urn:uuid:` id on its first send, reused by every retry, and is created with
 * `If-None-Exist`. A failed send keeps the draft.
 */
export class AdviceSending implements ReactiveController {
  private states = new Map<string, SendState>();
  /** Resources the server confirmed but a reload may not have returned yet. */
  private confirmed: { patientKey: string; resources: AdviceResource[] } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: AdviceSendingOptions,
  ) {
    host.addController(this);
  }

  /** Nothing to set up: drafts and sends in flight live at module level (drafts.ts), so they outlive the element. */
  hostConnected(): void {
    // nothing to do
  }

  /** Forgets send states (a patient switch), without requesting an update: the caller is updating. */
  reset(): void {
    this.states = new Map();
  }

  /** Resources confirmed for this patient selection. */
  confirmedFor(patientKey: string | undefined): AdviceResource[] {
    return this.confirmed && this.confirmed.patientKey === patientKey ? this.confirmed.resources : [];
  }

  /** The loaded requests and messages, plus those confirmed for this patient selection that a reload has not returned yet. */
  withConfirmed(
    data: { requests: CommunicationRequest[]; communications: Communication[] },
    patientKey: string | undefined,
  ): { requests: CommunicationRequest[]; communications: Communication[] } {
    const extra = this.confirmedFor(patientKey);
    const ids = (list: Array<{ id?: string }>) => new Set(list.map((r) => r.id));
    const reqIds = ids(data.requests);
    const commIds = ids(data.communications);
    return {
      requests: [
        ...data.requests,
        ...extra.filter((r): r is CommunicationRequest => r.resourceType === 'CommunicationRequest' && !reqIds.has(r.id)),
      ],
      communications: [
        ...data.communications,
        ...extra.filter((r): r is Communication => r.resourceType === 'Communication' && !commIds.has(r.id)),
      ],
    };
  }

  private keyFor(conversation: string): string {
    const p = this.options.patient();
    return draftKey({ id: p?.id, nhsNumber: p?.nhsNumber }, conversation);
  }

  draft(conversation: string): Draft {
    return loadDraft(this.keyFor(conversation), this.options.persist()) ?? { text: '', attachmentIds: [] };
  }

  state(conversation: string): SendState | undefined {
    return this.states.get(this.keyFor(conversation));
  }

  /** Whether a send of this draft is in flight (also one started by another element). */
  isSending(conversation: string): boolean {
    const key = this.keyFor(conversation);
    return this.states.get(key)?.phase === 'sending' || !!sendInFlight(key);
  }

  updateDraft(conversation: string, change: Partial<Draft>): void {
    const key = this.keyFor(conversation);
    saveDraft(key, { ...this.draft(conversation), ...change }, this.options.persist());
    const s = this.states.get(key);
    if (s?.phase === 'empty') this.setState(key, undefined);
    this.host.requestUpdate();
  }

  private setState(key: string, s: SendState | undefined): void {
    const next = new Map(this.states);
    if (s) next.set(key, s);
    else next.delete(key);
    this.states = next;
    this.host.requestUpdate();
  }

  /** Sends the draft of a conversation (or the new request). Safe to call twice: the second call joins the first. */
  async send(conversation: string, view?: ConversationView): Promise<void> {
    const o = this.options;
    const client = o.client();
    const data = o.data();
    const sender = o.sender();
    const patientKey = o.patient()?.key;
    const key = this.keyFor(conversation);
    if (!client || !data || !sender || !patientKey || sendInFlight(key)) return;
    const draft = this.draft(conversation);
    const isRequest = conversation === NEW_REQUEST;
    const service = isRequest ? o.services().find((s) => s.id === draft.serviceId) : undefined;
    if (!draft.text.trim() || (isRequest && !service)) {
      this.setState(key, { phase: 'empty' });
      o.announce(isRequest && draft.text.trim() ? 'apChooseService' : 'apSendEmpty');
      return;
    }
    // one id per draft, reused by every retry: the server's conditional create makes the send idempotent
    const sendId = draft.sendId ?? newSendId();
    saveDraft(key, { ...draft, sendId }, o.persist());
    const chosen = o.attachments().filter((a) => draft.attachmentIds.includes(a.documentReferenceId));
    const resource: AdviceResource = isRequest
      ? buildRequest({
          sendId,
          patientId: data.patientId,
          sender,
          service: service as AdviceService,
          priority: draft.priority ?? 'routine',
          text: draft.text,
          attachments: chosen,
          now: o.now(),
        })
      : buildReply({
          sendId,
          requestId: conversation,
          patientId: data.patientId,
          sender,
          perspective: o.perspective(),
          text: draft.text,
          attachments: chosen,
          request: data.requests.find((r) => r.id === conversation) ?? { recipient: [] },
          now: o.now(),
        });
    this.setState(key, { phase: 'sending' });
    o.announce('apSendingAnnounce');
    try {
      const saved = await sendOnce(key, () =>
        client.create<FhirResource>(resource as FhirResource, { ifNoneExist: ifNoneExistFor(sendId) }),
      );
      const accepted = o.guard(saved as AdviceResource, data.who);
      clearDraft(key);
      this.setState(key, undefined);
      if (accepted?.id) {
        const list = this.confirmedFor(patientKey);
        this.confirmed = {
          patientKey,
          resources: [...list.filter((r) => r.id !== accepted.id || r.resourceType !== accepted.resourceType), accepted],
        };
      }
      o.sent({ patientKey, conversation, isRequest, accepted, view });
    } catch (e) {
      const error = toFhirError(e);
      this.setState(key, { phase: 'failed', error });
      o.failed(conversation, isRequest, error, patientKey);
    }
  }
}
