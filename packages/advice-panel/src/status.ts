// The e-RS Advice & Guidance statuses of <jc-advice-panel>: THE status table, how a request's status is read, who acts next, and conversion authorisation.
import type { Coding, CommunicationRequest, Extension } from 'fhir/r4.js';
import { asArray, type CareSetting, type MessageKey } from '@joinedcare/core';
import { codingsOf, extensionValue } from './values.js';

/** Code system of the e-RS Advice & Guidance statuses (modelled on e-RS; see docs/advice-panel.md). */
export const AG_STATUS_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-AdviceAndGuidanceStatus';
/** Extension saying whether the provider may convert the request into a referral. */
export const AG_CONVERSION_EXTENSION = 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-AdviceAndGuidance-ConversionAuthorisation';
/** Extension on a Communication saying who sent it: REQUESTER or RESPONDER. */
export const AG_SENDER_ROLE_EXTENSION = 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-AdviceAndGuidance-SenderRole';
export const AG_SENDER_ROLE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-AdviceAndGuidanceSenderRole';
export const AG_CATEGORY_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-CommunicationCategory';
/** Identifier system of the client-generated id of every message and request the panel sends. */
export const CLIENT_ID_SYSTEM = 'urn:ietf:rfc:3986';

/** The six e-RS A&G statuses, plus what a plain FHIR status falls back to. */
export type AdviceStatusCode =
  | 'PROVIDER_RESPONSE_REQUIRED'
  | 'REFERRER_TO_SUBMIT_FURTHER_INFORMATION'
  | 'REFERRER_TO_REVIEW_RESPONSE'
  | 'CONVERSATION_ENDED_CANCELLED'
  | 'CONVERSATION_ENDED_CLOSED'
  | 'ADVICE_CONVERTED'
  | 'DRAFT'
  | 'ON_HOLD'
  | 'ENTERED_IN_ERROR'
  | 'UNKNOWN';

/** The user's side of the conversation: the GP who asked (primary care) or the specialist who answers (secondary care). */
export type Perspective = 'requester' | 'responder';
/** Who must act next. */
export type NextActor = 'requester' | 'responder' | 'none' | 'unknown';
/** NHS.UK tag colour for the status. */
export type StatusTone = 'blue' | 'orange' | 'yellow' | 'green' | 'grey' | 'purple' | 'red';

export interface StatusRow {
  label: MessageKey;
  next: NextActor;
  /** Open conversations can be replied to. */
  open: boolean;
  tone: StatusTone;
  /** "Who acts next" in plain words, for each perspective. */
  nextText: Record<Perspective, MessageKey>;
}

/**
 * THE status table: each e-RS A&G status (and each FHIR fallback) mapped to its label, who acts
 * next, and the plain words for each perspective.
 */
export const ADVICE_STATUS_TABLE: Readonly<Record<AdviceStatusCode, StatusRow>> = {
  PROVIDER_RESPONSE_REQUIRED: {
    label: 'apStatusProviderResponseRequired',
    next: 'responder',
    open: true,
    tone: 'blue',
    nextText: { requester: 'apNextAwaitingSpecialist', responder: 'apNextYouRespond' },
  },
  REFERRER_TO_SUBMIT_FURTHER_INFORMATION: {
    label: 'apStatusReferrerToSubmitFurtherInformation',
    next: 'requester',
    open: true,
    tone: 'orange',
    nextText: { requester: 'apNextSpecialistAskedMore', responder: 'apNextAwaitingMoreInfo' },
  },
  REFERRER_TO_REVIEW_RESPONSE: {
    label: 'apStatusReferrerToReviewResponse',
    next: 'requester',
    open: true,
    tone: 'purple',
    nextText: { requester: 'apNextReviewResponse', responder: 'apNextAwaitingReview' },
  },
  CONVERSATION_ENDED_CANCELLED: {
    label: 'apStatusConversationEndedCancelled',
    next: 'none',
    open: false,
    tone: 'grey',
    nextText: { requester: 'apNextEndedCancelled', responder: 'apNextEndedCancelled' },
  },
  CONVERSATION_ENDED_CLOSED: {
    label: 'apStatusConversationEndedClosed',
    next: 'none',
    open: false,
    tone: 'green',
    nextText: { requester: 'apNextEndedClosed', responder: 'apNextEndedClosed' },
  },
  ADVICE_CONVERTED: {
    label: 'apStatusAdviceConverted',
    next: 'none',
    open: false,
    tone: 'green',
    nextText: { requester: 'apNextConverted', responder: 'apNextConverted' },
  },
  DRAFT: {
    label: 'apStatusDraft',
    next: 'requester',
    open: false,
    tone: 'grey',
    nextText: { requester: 'apNextDraft', responder: 'apNextDraft' },
  },
  ON_HOLD: {
    label: 'apStatusOnHold',
    next: 'none',
    open: false,
    tone: 'yellow',
    nextText: { requester: 'apNextOnHold', responder: 'apNextOnHold' },
  },
  ENTERED_IN_ERROR: {
    label: 'apStatusEnteredInError',
    next: 'none',
    open: false,
    tone: 'red',
    nextText: { requester: 'apNextEnteredInError', responder: 'apNextEnteredInError' },
  },
  UNKNOWN: {
    label: 'apStatusUnknown',
    next: 'unknown',
    open: false,
    tone: 'grey',
    nextText: { requester: 'apNextUnknown', responder: 'apNextUnknown' },
  },
};

const AG_CODES = new Set<AdviceStatusCode>([
  'PROVIDER_RESPONSE_REQUIRED',
  'REFERRER_TO_SUBMIT_FURTHER_INFORMATION',
  'REFERRER_TO_REVIEW_RESPONSE',
  'CONVERSATION_ENDED_CANCELLED',
  'CONVERSATION_ENDED_CLOSED',
  'ADVICE_CONVERTED',
]);

function agCodeIn(codings: Coding[]): AdviceStatusCode | undefined {
  // the A&G system first; a bare code from the six is accepted too (some servers drop the system)
  const bySystem = codings.find((c) => c.system === AG_STATUS_SYSTEM && AG_CODES.has(c.code as AdviceStatusCode));
  const any =
    bySystem ?? codings.find((c) => (c.system === undefined || c.system === AG_STATUS_SYSTEM) && AG_CODES.has(c.code as AdviceStatusCode));
  return any?.code as AdviceStatusCode | undefined;
}

export interface ResolvedStatus {
  code: AdviceStatusCode;
  /** True when no e-RS status was given and it was inferred from the FHIR status (and the last sender). */
  inferred: boolean;
}

/**
 * The A&G status of a request: `statusReason` coded in the e-RS A&G system (what the fixtures and
 * e-RS-shaped servers send), else an extension carrying such a coding, else inferred from the FHIR
 * `status` (an active request is waiting for whoever did not send the last message).
 */
export function resolveStatus(request: CommunicationRequest, lastSender?: 'REQUESTER' | 'RESPONDER'): ResolvedStatus {
  const fromReason = agCodeIn(codingsOf(request?.statusReason));
  if (fromReason) return { code: fromReason, inferred: false };
  for (const e of asArray<Extension>(request?.extension)) {
    const c = agCodeIn([...codingsOf(e?.valueCoding), ...codingsOf(e?.valueCodeableConcept)]);
    if (c) return { code: c, inferred: false };
  }
  switch (request?.status) {
    case 'active':
      return { code: lastSender === 'RESPONDER' ? 'REFERRER_TO_REVIEW_RESPONSE' : 'PROVIDER_RESPONSE_REQUIRED', inferred: true };
    case 'completed':
      return { code: 'CONVERSATION_ENDED_CLOSED', inferred: true };
    case 'revoked':
      return { code: 'CONVERSATION_ENDED_CANCELLED', inferred: true };
    case 'draft':
      return { code: 'DRAFT', inferred: true };
    case 'on-hold':
      return { code: 'ON_HOLD', inferred: true };
    case 'entered-in-error':
      return { code: 'ENTERED_IN_ERROR', inferred: true };
    default:
      return { code: 'UNKNOWN', inferred: true };
  }
}

/** The plain-words "who acts next" key for a status and perspective. */
export function whoActsNext(code: AdviceStatusCode, perspective: Perspective): MessageKey {
  return ADVICE_STATUS_TABLE[code].nextText[perspective];
}

/** Perspective from the context setting: primary care asks (requester), secondary care answers (responder). */
export function perspectiveOf(setting: CareSetting | undefined): Perspective {
  return setting === 'secondary' ? 'responder' : 'requester';
}

export type ConversionAuthorisation = 'authorised' | 'not-authorised' | 'unknown';

/** Whether the referrer authorised conversion to a referral (the e-RS conversion extension). */
export function conversionOf(request: CommunicationRequest): ConversionAuthorisation {
  const codes = extensionValue(request?.extension, AG_CONVERSION_EXTENSION).map((c) => c.code);
  if (codes.includes('AUTHORISED_TO_CONVERT')) return 'authorised';
  if (codes.includes('NOT_AUTHORISED_TO_CONVERT')) return 'not-authorised';
  return 'unknown';
}
