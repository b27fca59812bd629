// The FHIR resources <jc-advice-panel> writes. Pure builders: the element sends them.
import type { Bundle, CodeableConcept, Communication, CommunicationRequest, Reference, ServiceRequest } from 'fhir/r4.js';
import { asArray, isRecord, SYSTEM } from '@joinedcare/core';
import { CLIENT_ID_SYSTEM, type Perspective } from './status.js';
import { AG_SENT_BY_SYSTEM, AG_STATUS_SYSTEM, recipientsOf, requesterOf, SR_CATEGORY_SYSTEM } from './ers.js';

/** A specialty or service the host offers for new requests. */
export interface AdviceService {
  /** Stable id (used for the draft and the select). */
  id: string;
  /** What the user sees, e.g. "Diabetes and Endocrinology Advice Service". */
  label: string;
  /** The specialty, stored as a `category` of the request. */
  specialty?: CodeableConcept;
  /** The recipient, e.g. `{ reference: 'HealthcareService/hs-1', display: '…' }`. */
  reference?: Reference;
}

/** A document the host offers to attach (a DocumentReference it has already stored). */
export interface AdviceAttachmentOption {
  documentReferenceId: string;
  title: string;
}

/** `If-None-Exist` criteria for a client id: the conditional create that makes a send idempotent. */
export function ifNoneExistFor(sendId: string): string {
  return `identifier=${encodeURIComponent(`${CLIENT_ID_SYSTEM}|${sendId}`)}`;
}

function attachmentPayload(attachments: readonly AdviceAttachmentOption[]) {
  return attachments.map((a) => ({ contentReference: { reference: `DocumentReference/${a.documentReferenceId}`, display: a.title } }));
}

export interface ReplyInput {
  sendId: string;
  requestId: string;
  patientId: string;
  sender: Reference;
  perspective: Perspective;
  text: string;
  attachments: readonly AdviceAttachmentOption[];
  /** The request's requester and recipients: a reply goes to the other side. */
  request: Pick<CommunicationRequest, 'requester' | 'recipient'>;
  now: Date;
}

/** A reply: a completed Communication `partOf` and `basedOn` the request, with the client id and who sent it (e-RS category). */
export function buildReply(input: ReplyInput): Communication {
  const reqRef = { reference: `CommunicationRequest/${input.requestId}` };
  const role = input.perspective === 'requester' ? 'REQUESTER' : 'RESPONDER';
  const recipient =
    input.perspective === 'requester' ? (input.request.recipient ?? []) : input.request.requester ? [input.request.requester] : [];
  return {
    resourceType: 'Communication',
    identifier: [{ system: CLIENT_ID_SYSTEM, value: input.sendId }],
    category: [{ coding: [{ system: AG_SENT_BY_SYSTEM, code: role }] }],
    basedOn: [reqRef],
    partOf: [reqRef],
    status: 'completed',
    subject: { reference: `Patient/${input.patientId}` },
    sent: input.now.toISOString(),
    sender: input.sender,
    ...(recipient.length ? { recipient } : {}),
    payload: [{ contentString: input.text }, ...attachmentPayload(input.attachments)],
  };
}

export interface RequestInput {
  sendId: string;
  patientId: string;
  sender: Reference;
  service: AdviceService;
  priority: 'routine' | 'urgent';
  text: string;
  attachments: readonly AdviceAttachmentOption[];
  now: Date;
}

/** An A&G status as e-RS codes it, for `CommunicationRequest.category`. */
const statusCategory = (code: string): CodeableConcept => ({ coding: [{ system: AG_STATUS_SYSTEM, code }] });

/** A new A&G request: an active CommunicationRequest awaiting the provider (status in `category`, as e-RS has it), with the client id. */
export function buildRequest(input: RequestInput): CommunicationRequest {
  return {
    resourceType: 'CommunicationRequest',
    identifier: [{ system: CLIENT_ID_SYSTEM, value: input.sendId }],
    status: 'active',
    category: [statusCategory('PROVIDER_RESPONSE_REQUIRED'), ...(input.service.specialty ? [input.service.specialty] : [])],
    priority: input.priority,
    subject: { reference: `Patient/${input.patientId}` },
    payload: [{ contentString: input.text }, ...attachmentPayload(input.attachments)],
    authoredOn: input.now.toISOString(),
    requester: input.sender,
    recipient: [input.service.reference ?? { display: input.service.label }],
  };
}

/** The request marked as converted: its A&G status (in `category`) ADVICE_CONVERTED, and `status` completed. */
export function markConverted(request: CommunicationRequest): CommunicationRequest {
  const others = asArray<CodeableConcept>(request.category).filter(
    (c) => !(isRecord(c) && asArray<{ system?: unknown }>(c.coding).some((x) => x?.system === AG_STATUS_SYSTEM)),
  );
  return { ...request, status: 'completed', category: [statusCategory('ADVICE_CONVERTED'), ...others] };
}

/** The category of an e-RS referral ServiceRequest (R4: `referral`; an A&G one is `request`). */
export const REFERRAL_CATEGORY: CodeableConcept = { coding: [{ system: SR_CATEGORY_SYSTEM, code: 'referral' }] };

/** `If-None-Exist` criteria for the referral of a UBRN: converting twice never makes two referrals. */
export function referralCriteria(ubrn: string): string {
  return `identifier=${encodeURIComponent(`${SYSTEM.ubrn}|${ubrn}`)}&category=${encodeURIComponent(`${SR_CATEGORY_SYSTEM}|referral`)}`;
}

/** The fullUrl of the referral inside the conversion transaction. */
export const REFERRAL_FULL_URL = 'urn:uuid:6f1c2a3e-6a0b-4a2e-9a51-0c0ffee0a027';

/**
 * The whole conversion, as one FHIR transaction: the referral ServiceRequest under the same UBRN
 * (conditional, `supportingInfo` linking the A&G request, for the same patient, from the same
 * referrer to the same service), and the request marked ADVICE_CONVERTED with `If-Match` on the
 * version read. Either both happen or neither does.
 */
export function buildConversion(input: {
  request: CommunicationRequest & { id: string; subject: Reference };
  ubrn: string;
  now: Date;
}): Bundle {
  const { request, ubrn } = input;
  const priority =
    request.priority === 'urgent' || request.priority === 'asap' || request.priority === 'stat' ? request.priority : 'routine';
  const requester = requesterOf(request);
  const performer = recipientsOf(request);
  const referral: ServiceRequest = {
    resourceType: 'ServiceRequest',
    identifier: [{ system: SYSTEM.ubrn, value: ubrn }],
    status: 'active',
    intent: 'order',
    category: [REFERRAL_CATEGORY],
    priority,
    subject: request.subject,
    authoredOn: input.now.toISOString(),
    ...(requester ? { requester } : {}),
    ...(performer.length ? { performer } : {}),
    supportingInfo: [{ reference: `CommunicationRequest/${request.id}` }],
  };
  const version = request.meta?.versionId;
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: REFERRAL_FULL_URL,
        resource: referral,
        request: { method: 'POST', url: 'ServiceRequest', ifNoneExist: referralCriteria(ubrn) },
      },
      {
        resource: markConverted(request),
        request: { method: 'PUT', url: `CommunicationRequest/${request.id}`, ...(version ? { ifMatch: `W/"${version}"` } : {}) },
      },
    ],
  };
}
