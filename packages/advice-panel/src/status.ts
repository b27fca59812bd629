// The e-RS Advice & Guidance statuses of <jc-advice-panel>: THE status table, how a request's status is read, who acts next, and conversion authorisation.
import type { CommunicationRequest } from 'fhir/r4.js';
import { type CareSetting, type MessageKey } from '@joinedcare/core';
import { extensionValue } from './values.js';
import { AG_CONVERSION_EXTENSION, AG_CONVERSION_SYSTEM, AG_SENT_BY_SYSTEM, AG_STATUS_SYSTEM, statusCodeOf } from './ers.js';

export { AG_CONVERSION_EXTENSION, AG_CONVERSION_SYSTEM, AG_SENT_BY_SYSTEM, AG_STATUS_SYSTEM };
/** Identifier system of the client-generated id of every message and request the panel sends. */
export const CLIENT_ID_SYSTEM = 'urn:ietf:rfc:3986';

/** The six e-RS A&G statuses, plus what a plain FHIR status says when e-RS gives none. */
export type AdviceStatusCode =
  | 'PROVIDER_RESPONSE_REQUIRED'
  | 'REFERRER_TO_SUBMIT_FURTHER_INFORMATION'
  | 'REFERRER_TO_REVIEW_RESPONSE'
  | 'CONVERSATION_ENDED_CANCELLED'
  | 'CONVERSATION_ENDED_CLOSED'
  | 'ADVICE_CONVERTED'
  | 'OPEN'
  | 'COMPLETED'
  | 'CANCELLED'
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
  OPEN: {
    label: 'apStatusOpen',
    next: 'unknown',
    open: true,
    tone: 'blue',
    nextText: { requester: 'apNextUnknown', responder: 'apNextUnknown' },
  },
  COMPLETED: {
    label: 'apStatusCompleted',
    next: 'none',
    open: false,
    tone: 'grey',
    nextText: { requester: 'apNextCompleted', responder: 'apNextCompleted' },
  },
  CANCELLED: {
    label: 'apStatusCancelled',
    next: 'none',
    open: false,
    tone: 'grey',
    nextText: { requester: 'apNextEndedCancelled', responder: 'apNextEndedCancelled' },
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

export interface ResolvedStatus {
  code: AdviceStatusCode;
  /** True when e-RS gave no A&G status and the FHIR status was read instead. */
  inferred: boolean;
}

/**
 * The A&G status of a request, where e-RS says it: `category` coded in eRS-AdviceAndGuidanceStatus-1.
 * Without one, the FHIR `status` says only whether the request is open, completed or cancelled
 * (`inferred`): not whose turn it is, and never from who sent the last message.
 */
export function resolveStatus(request: CommunicationRequest): ResolvedStatus {
  const code = statusCodeOf(request);
  if (code && AG_CODES.has(code as AdviceStatusCode)) return { code: code as AdviceStatusCode, inferred: false };
  switch (request?.status as string) {
    case 'active':
      return { code: 'OPEN', inferred: true };
    case 'completed':
      return { code: 'COMPLETED', inferred: true };
    case 'revoked':
    case 'cancelled': // STU3
      return { code: 'CANCELLED', inferred: true };
    case 'draft':
      return { code: 'DRAFT', inferred: true };
    case 'on-hold':
    case 'suspended': // STU3
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

/** Whether the referrer authorised conversion to a referral (Extension-eRS-ProviderConversionAuthorisation-1). */
export function conversionOf(request: CommunicationRequest): ConversionAuthorisation {
  const codes = extensionValue(request?.extension, AG_CONVERSION_EXTENSION)
    .filter((c) => c.system === undefined || c.system === AG_CONVERSION_SYSTEM)
    .map((c) => c.code);
  if (codes.includes('AUTHORISED_TO_CONVERT')) return 'authorised';
  if (codes.includes('NOT_AUTHORISED_TO_CONVERT')) return 'not-authorised';
  return 'unknown';
}
