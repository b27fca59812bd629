// The FHIR resources <jc-advice-panel> writes. Pure builders: the element sends them.
import type { CodeableConcept, Communication, CommunicationRequest, Reference } from 'fhir/r4.js';
import {
  AG_CATEGORY_SYSTEM,
  AG_SENDER_ROLE_EXTENSION,
  AG_SENDER_ROLE_SYSTEM,
  AG_STATUS_SYSTEM,
  CLIENT_ID_SYSTEM,
  type Perspective,
} from './status.js';

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

/** A reply: a completed Communication `partOf` and `basedOn` the request, with the client id. */
export function buildReply(input: ReplyInput): Communication {
  const reqRef = { reference: `CommunicationRequest/${input.requestId}` };
  const role = input.perspective === 'requester' ? 'REQUESTER' : 'RESPONDER';
  const recipient =
    input.perspective === 'requester' ? (input.request.recipient ?? []) : input.request.requester ? [input.request.requester] : [];
  return {
    resourceType: 'Communication',
    identifier: [{ system: CLIENT_ID_SYSTEM, value: input.sendId }],
    extension: [{ url: AG_SENDER_ROLE_EXTENSION, valueCoding: { system: AG_SENDER_ROLE_SYSTEM, code: role } }],
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

/** A new A&G request: an active CommunicationRequest awaiting the provider, with the client id. */
export function buildRequest(input: RequestInput): CommunicationRequest {
  return {
    resourceType: 'CommunicationRequest',
    identifier: [{ system: CLIENT_ID_SYSTEM, value: input.sendId }],
    status: 'active',
    statusReason: {
      coding: [{ system: AG_STATUS_SYSTEM, code: 'PROVIDER_RESPONSE_REQUIRED', display: 'Provider Response Required' }],
      text: 'Provider Response Required',
    },
    category: [
      {
        coding: [{ system: AG_CATEGORY_SYSTEM, code: 'ADVICE_AND_GUIDANCE', display: 'Advice and Guidance' }],
        text: 'Advice and Guidance',
      },
      ...(input.service.specialty ? [input.service.specialty] : []),
    ],
    priority: input.priority,
    subject: { reference: `Patient/${input.patientId}` },
    payload: [{ contentString: input.text }, ...attachmentPayload(input.attachments)],
    authoredOn: input.now.toISOString(),
    requester: input.sender,
    recipient: [input.service.reference ?? { display: input.service.label }],
  };
}

/** The request marked as converted to a referral (for `client.update`). */
export function markConverted(request: CommunicationRequest): CommunicationRequest {
  return {
    ...request,
    status: 'completed',
    statusReason: {
      coding: [{ system: AG_STATUS_SYSTEM, code: 'ADVICE_CONVERTED', display: 'Advice Converted' }],
      text: 'Advice Converted',
    },
  };
}
