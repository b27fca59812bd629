// Sending and drafts of <jc-advice-panel>: a ReactiveController for each conversation's draft, its send state and the resources the server confirmed.
import type { Communication, CommunicationRequest, FhirResource, Reference } from 'fhir/r4.js';
import { ClinicalRecord, FhirError, toFhirError } from '@joinedcare/core';
import { clearDraft, draftKey, loadDraft, newSendId, saveDraft, sendInFlight, sendOnce, type Draft } from './drafts.js';
import { buildReply, buildRequest, ifNoneExistFor, type AdviceService } from './writes.js';
import { AdviceController, type AdviceSession } from './host.js';
import type { Loaded } from './load.js';

/** The conversation id of the new-request form. */
export const NEW_REQUEST = 'new-request';

/** Where a draft's send stands (no entry: idle). `wrongPatient`: the server answered with another patient's record. */
export type SendState = { phase: 'sending' } | { phase: 'failed'; error: FhirError; wrongPatient?: boolean } | { phase: 'empty' };

/** A resource the panel writes. */
export type AdviceResource = Communication | CommunicationRequest;

const NONE: readonly AdviceResource[] = [];

/** Timeouts, dropped connections and 5xx leave it unknown whether the server saved the message. */
export function unknownOutcome(e: FhirError): boolean {
  return e.kind === 'timeout' || e.kind === 'network' || (e.kind === 'http' && (e.status ?? 0) >= 500);
}

/**
 * Drafts (per server, patient and user scope, and conversation: see drafts.ts), their send states, and idempotent sends: each
 * draft gets a `urn:uuid:` id on its first send, reused by every retry, and is created with
 * `If-None-Exist`. A failed send keeps the draft. It fires `jc-advice-sent` and
 * `jc-advice-send-failed` itself; the element announces, selects and reloads (`AdviceHost.settled`).
 * Drafts and sends in flight live at module level (drafts.ts), so they outlive the element.
 */
export class AdviceSending extends AdviceController {
  private states = new Map<string, SendState>();
  /**
   * Resources the server confirmed, by the scope (server, patient, user) they were written for. This
   * is the controller's own state, honestly so: a write the server accepted that the patient task's
   * value (what was last loaded) may not contain yet. Kept by scope, not by patient selection, so a
   * switch to another patient and back during a slow send still shows the saved reply.
   */
  private confirmed = new Map<string, AdviceResource[]>();

  /** Forgets send states (a patient switch), without requesting an update: the caller is updating. */
  reset(): void {
    this.states = new Map();
  }

  /** Resources confirmed for this scope. */
  confirmedFor(scope: string | undefined): readonly AdviceResource[] {
    return (scope !== undefined && this.confirmed.get(scope)) || NONE;
  }

  /** The loaded record, plus what the server confirmed for this scope that it does not hold yet. */
  withConfirmed(record: ClinicalRecord, scope: string | undefined): ClinicalRecord {
    const extra = this.confirmedFor(scope).filter((r) => !record.get(`${r.resourceType}/${r.id ?? ''}`));
    return extra.length ? new ClinicalRecord([...record.resources, ...extra], { baseUrl: record.baseUrl }) : record;
  }

  /** The draft key of a conversation: undefined until the patient's data (and its scope) is loaded, and for handed-in data. */
  private keyFor(conversation: string, session = this.advice.session()): string | undefined {
    const scope = session?.data?.scope;
    return scope === undefined ? undefined : draftKey(scope, conversation);
  }

  draft(conversation: string): Draft {
    const session = this.advice.session();
    const key = this.keyFor(conversation, session);
    return (key && loadDraft(key, !!session?.settings.persistDrafts)) || { text: '', attachmentIds: [] };
  }

  state(conversation: string): SendState | undefined {
    const key = this.keyFor(conversation);
    return key === undefined ? undefined : this.states.get(key);
  }

  /** Whether a send of this draft is in flight (also one started by another element, or before a patient switch and back). */
  isSending(conversation: string): boolean {
    const key = this.keyFor(conversation);
    return key !== undefined && (this.states.get(key)?.phase === 'sending' || !!sendInFlight(key));
  }

  updateDraft(conversation: string, change: Partial<Draft>): void {
    const session = this.advice.session();
    const key = this.keyFor(conversation, session);
    if (key === undefined) return;
    saveDraft(key, { ...this.draft(conversation), ...change }, !!session?.settings.persistDrafts);
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

  /**
   * Sends the draft of a conversation (or the new request). Safe to call twice: the second call
   * joins the first. The element's `updateComplete` waits for the send and the reload after it.
   */
  send(conversation: string): Promise<void> {
    return this.advice.track(this.sendNow(conversation));
  }

  private async sendNow(conversation: string): Promise<void> {
    const session = this.advice.session();
    const { client, data } = session ?? {};
    const sender = session?.settings.sender;
    const key = this.keyFor(conversation, session);
    if (!session || !client || !data || data.source !== 'server' || !data.scope || !key || !sender || sendInFlight(key)) return;
    const patientKey = session.patient.key;
    const scope = data.scope;
    const persist = session.settings.persistDrafts;
    const draft = this.draft(conversation);
    const isRequest = conversation === NEW_REQUEST;
    const service = isRequest ? session.settings.services.find((s) => s.id === draft.serviceId) : undefined;
    if (!draft.text.trim() || (isRequest && !service)) {
      this.setState(key, { phase: 'empty' });
      this.advice.settled({ patientKey, scope, announce: isRequest && draft.text.trim() ? 'apChooseService' : 'apSendEmpty' });
      return;
    }
    // one id per draft, reused by every retry: the server's conditional create makes the send idempotent
    const sendId = draft.sendId ?? newSendId();
    saveDraft(key, { ...draft, sendId }, persist);
    const resource = this.build(session, { data, sender, conversation, draft: { ...draft, sendId } }, service);
    this.setState(key, { phase: 'sending' });
    this.advice.settled({ patientKey, scope, announce: 'apSendingAnnounce' });
    try {
      const saved = await sendOnce(key, () =>
        client.create<FhirResource>(resource as FhirResource, { ifNoneExist: ifNoneExistFor(sendId) }),
      );
      // only the patient's own record, of the type sent, with an id, is "sent" (core's client checked type and id)
      const accepted = this.advice.guard(
        saved as AdviceResource,
        data.who,
        isRequest ? undefined : data.record.get(`CommunicationRequest/${conversation}`),
      );
      if (!accepted?.id) throw new WrongPatientAnswer();
      clearDraft(key);
      this.setState(key, undefined);
      this.confirm(scope, accepted);
      const requestId = isRequest ? accepted.id : conversation;
      this.host.emit(
        'jc-advice-sent',
        isRequest ? { kind: 'request', requestId } : { kind: 'reply', requestId, communicationId: accepted.id },
      );
      // a send that finishes under another patient announces and selects nothing (AdviceOutcome)
      this.advice.settled({
        patientKey,
        scope,
        announce: isRequest ? 'apRequestSent' : 'apSent',
        ...(isRequest ? { select: accepted.id } : { replied: conversation }),
        reload: true,
      });
    } catch (e) {
      const wrongPatient = e instanceof WrongPatientAnswer;
      const error = toFhirError(e);
      this.setState(key, { phase: 'failed', error, ...(wrongPatient ? { wrongPatient } : {}) });
      this.host.emit('jc-advice-send-failed', isRequest ? { kind: error.kind } : { requestId: conversation, kind: error.kind });
      const announce = wrongPatient ? 'apSendWrongPatient' : unknownOutcome(error) ? 'apSendUnknownTitle' : 'apSendFailedTitle';
      this.advice.settled({ patientKey, scope, announce });
    }
  }

  /** The resource a draft becomes: a new request to `service`, or a reply to the conversation's request. */
  private build(
    session: AdviceSession,
    write: { data: Loaded; sender: Reference; conversation: string; draft: Draft & { sendId: string } },
    service: AdviceService | undefined,
  ): AdviceResource {
    const { data, sender, conversation, draft } = write;
    const attachments = session.settings.attachments.filter((a) => draft.attachmentIds.includes(a.documentReferenceId));
    const common = { sendId: draft.sendId, patientId: data.patientId ?? '', sender, text: draft.text, attachments, now: session.now };
    if (service) return buildRequest({ ...common, service, priority: draft.priority ?? 'routine' });
    const key = `CommunicationRequest/${conversation}`;
    const request = data.record.get(key) ?? this.confirmedFor(data.scope).find((r) => `${r.resourceType}/${r.id ?? ''}` === key);
    return buildReply({
      ...common,
      requestId: conversation,
      perspective: session.perspective,
      request: (request as CommunicationRequest | undefined) ?? { recipient: [] },
    });
  }

  private confirm(scope: string, accepted: AdviceResource): void {
    const list = this.confirmedFor(scope).filter((r) => r.id !== accepted.id || r.resourceType !== accepted.resourceType);
    this.confirmed = new Map(this.confirmed).set(scope, [...list, accepted]);
  }
}

/** The server answered a send with a record the patient guard refused (another patient's): not sent, whatever it says. */
class WrongPatientAnswer extends FhirError {
  constructor() {
    super('unexpected', 'The server answered the send with a record for another patient');
  }
}
