/**
 * The one mapping table from referral states (NHS e-RS states, FHIR ServiceRequest.status and
 * FHIR Task.status) to what users see, and the reader that picks the state a referral is in.
 * Keys are the raw codes: e-RS states in upper case, FHIR statuses in lower case, so they never
 * collide; a FHIR code shared by ServiceRequest and Task (draft, on-hold, completed,
 * entered-in-error) has one entry with the same meaning for both.
 *
 * Labels are e-RS's own displays (the `eRS-ReferralState-1` code system as the e-RS FHIR API
 * publishes it, "Cancelled Referral" included); tag colours, `whoActs`, `phase` and the kind of
 * attention are design choices (documented in docs/referral-status.md). What a state does to the
 * waiting clock is in the clock rules (`clock-rules.ts`), not here.
 */
import type { ServiceRequest, Task } from 'fhir/r4.js';
import { isRecord, plainText, type MessageKey } from '@joinedcare/core';
import { refMsg } from './messages.js';

/** NHS.UK design system tag colours. */
export type TagColour = 'grey' | 'green' | 'blue' | 'purple' | 'red' | 'orange' | 'yellow';
export const TAG_COLOURS: readonly TagColour[] = ['grey', 'green', 'blue', 'purple', 'red', 'orange', 'yellow'];

/**
 * What a state asks of the side that acts (`whoActs`). Did not attend and a provider's cancellation
 * (a patient who may be lost) need attention whoever looks; the others need the attention of the
 * side whose move it is (see `attention.ts`).
 */
export type NeedsAttention =
  | 'rejected'
  | 'did-not-attend'
  | 'cancelled-by-provider'
  | 'triage-response'
  | 'assessment-result'
  | 'awaiting-triage'
  | 'provider-to-action'
  | 'deferred-to-provider'
  | 'awaiting-acceptance'
  | 'draft'
  | 'failed';
export type WhoActs = 'referrer' | 'provider' | 'patient' | 'nobody';

export interface ReferralStateEntry {
  /** The words users know (en-GB; `referralState()` localises through `labelKey`). */
  label: string;
  labelKey: MessageKey;
  tag: TagColour;
  phase: 'active' | 'completed';
  /** What the state asks of the side that acts, if anything. */
  needsAttention?: NeedsAttention;
  /** Whose move it is. */
  whoActs: WhoActs;
}

export const ERS_REFERRAL_STATES = [
  'NOT_BOOKED',
  'BOOKED',
  'AWAITING_TRIAGE',
  'TRIAGE_RESPONSE',
  'TRIAGED_PROVIDER_TO_ACTION',
  'DEFERRED_TO_PROVIDER',
  'APPT_CANCELLED_BY_PROVIDER',
  'APPT_CANCELLED_BY_PATIENT',
  'DID_NOT_ATTEND',
  'ASSESSMENT_RESULT',
  'REJECTED',
  'CANCELLED_REFERRAL',
] as const;
export type ErsReferralState = (typeof ERS_REFERRAL_STATES)[number];

export const SERVICE_REQUEST_STATUSES = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] as const;
export type ServiceRequestStatus = (typeof SERVICE_REQUEST_STATUSES)[number];

export const TASK_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'ready',
  'cancelled',
  'in-progress',
  'on-hold',
  'failed',
  'completed',
  'entered-in-error',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type ReferralStateCode = ErsReferralState | ServiceRequestStatus | TaskStatus;

function entry(
  labelKey: MessageKey,
  tag: TagColour,
  phase: 'active' | 'completed',
  whoActs: WhoActs,
  needsAttention?: NeedsAttention,
): ReferralStateEntry {
  return Object.freeze({
    label: refMsg(labelKey),
    labelKey,
    tag,
    phase,
    whoActs,
    ...(needsAttention ? { needsAttention } : {}),
  });
}

/** The mapping table. */
export const REFERRAL_STATES: Readonly<Record<ReferralStateCode, ReferralStateEntry>> = Object.freeze({
  // NHS e-Referral Service states
  NOT_BOOKED: entry('refStateNotBooked', 'grey', 'active', 'patient'),
  BOOKED: entry('refStateBooked', 'green', 'active', 'provider'),
  AWAITING_TRIAGE: entry('refStateAwaitingTriage', 'blue', 'active', 'provider', 'awaiting-triage'),
  TRIAGE_RESPONSE: entry('refStateTriageResponse', 'yellow', 'active', 'referrer', 'triage-response'),
  TRIAGED_PROVIDER_TO_ACTION: entry('refStateTriagedProviderToAction', 'purple', 'active', 'provider', 'provider-to-action'),
  DEFERRED_TO_PROVIDER: entry('refStateDeferredToProvider', 'purple', 'active', 'provider', 'deferred-to-provider'),
  APPT_CANCELLED_BY_PROVIDER: entry('refStateApptCancelledByProvider', 'orange', 'active', 'provider', 'cancelled-by-provider'),
  APPT_CANCELLED_BY_PATIENT: entry('refStateApptCancelledByPatient', 'yellow', 'active', 'patient'),
  DID_NOT_ATTEND: entry('refStateDidNotAttend', 'red', 'active', 'provider', 'did-not-attend'),
  ASSESSMENT_RESULT: entry('refStateAssessmentResult', 'blue', 'active', 'referrer', 'assessment-result'),
  // Returned to the referrer, who must act: still active, and the patient is still waiting.
  REJECTED: entry('refStateRejected', 'red', 'active', 'referrer', 'rejected'),
  CANCELLED_REFERRAL: entry('refStateCancelledReferral', 'grey', 'completed', 'nobody'),
  // FHIR ServiceRequest.status (request status)
  draft: entry('refStateDraft', 'grey', 'active', 'referrer', 'draft'),
  active: entry('refStateActive', 'blue', 'active', 'provider'),
  'on-hold': entry('refStateOnHold', 'yellow', 'active', 'provider'),
  revoked: entry('refStateRevoked', 'grey', 'completed', 'nobody'),
  completed: entry('refStateCompleted', 'green', 'completed', 'nobody'),
  'entered-in-error': entry('refStateEnteredInError', 'grey', 'completed', 'nobody'),
  unknown: entry('notKnown', 'grey', 'active', 'nobody'),
  // FHIR Task.status (draft, on-hold, completed, entered-in-error shared above)
  requested: entry('refStateRequested', 'blue', 'active', 'provider', 'awaiting-acceptance'),
  received: entry('refStateReceived', 'blue', 'active', 'provider', 'awaiting-acceptance'),
  accepted: entry('refStateAccepted', 'purple', 'active', 'provider'),
  rejected: entry('refStateRejected', 'red', 'active', 'referrer', 'rejected'),
  ready: entry('refStateReady', 'purple', 'active', 'provider'),
  cancelled: entry('refStateCancelled', 'grey', 'completed', 'nobody'),
  'in-progress': entry('refStateInProgress', 'blue', 'active', 'provider'),
  failed: entry('refStateFailed', 'red', 'active', 'referrer', 'failed'),
});

/**
 * A state's label in running text, in sentence case ("Triaged - provider to action",
 * "Cancelled referral"): the e-RS display with every word after the first in lower case.
 */
export function stateInText(label: string): string {
  const [first = '', ...rest] = label.split(' ');
  return [first, ...rest.map((w) => (/^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w))].join(' ');
}

/**
 * Where the state came from. `appointment-status` is set by the widget's model (not by
 * `referralState`): with no e-RS state in the data, a booked, missed or cancelled Appointment
 * gives the e-RS word for it.
 */
export type ReferralStateSource =
  'ers-extension' | 'task-business-status' | 'fhir-task-status' | 'fhir-request-status' | 'appointment-status' | 'unknown';

export interface ReferralStateResult extends ReferralStateEntry {
  /** The table key (`unknown` when nothing recognisable was found). */
  code: ReferralStateCode;
  source: ReferralStateSource;
}

export const ERS_REFERRAL_STATE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState';

const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => plainText(v);

/** Liberal: the official system, STU3-era variants (`…/eRS-ReferralState-1`) and any case. */
function isErsStateSystem(system: unknown): boolean {
  return str(system).toLowerCase().includes('ers-referralstate');
}

const ERS_SET = new Set<string>(ERS_REFERRAL_STATES);
const SR_SET = new Set<string>(SERVICE_REQUEST_STATUSES);
const TASK_SET = new Set<string>(TASK_STATUSES);

function ersCode(code: unknown): ErsReferralState | undefined {
  const c = str(code).toUpperCase();
  return ERS_SET.has(c) ? (c as ErsReferralState) : undefined;
}

/** The e-RS state in a coding, if its system is e-RS (or absent, when `lenient`). */
function ersFromCoding(coding: unknown, lenient: boolean): ErsReferralState | undefined {
  if (!isRecord(coding)) return undefined;
  if (!isErsStateSystem(coding['system']) && !(lenient && !str(coding['system']))) return undefined;
  return ersCode(coding['code']);
}

/** Searches an extension (and its nested extensions) for an e-RS referral state. */
function ersFromExtension(ext: unknown, depth = 0): ErsReferralState | undefined {
  if (!isRecord(ext) || depth > 3) return undefined;
  const stateUrl = str(ext['url']).toLowerCase().includes('referralstate');
  const concept = ext['valueCodeableConcept'];
  const codings: unknown[] = [...(isRecord(concept) ? arrayOf(concept['coding']) : []), ext['valueCoding']];
  for (const coding of codings) {
    const found = ersFromCoding(coding, stateUrl);
    if (found) return found;
  }
  if (stateUrl) {
    const found = ersCode(ext['valueCode']) ?? ersCode(ext['valueString']);
    if (found) return found;
  }
  for (const inner of arrayOf(ext['extension'])) {
    const found = ersFromExtension(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Compares labels ignoring case, spacing, dashes and underscores ("Triaged - Provider to action"). */
const squash = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[\s_\-–—]+/g, ' ')
    .trim();
const ERS_BY_LABEL = new Map<string, ErsReferralState>();
for (const code of ERS_REFERRAL_STATES) {
  ERS_BY_LABEL.set(squash(REFERRAL_STATES[code].label), code);
  ERS_BY_LABEL.set(squash(code), code);
}

function ersFromBusinessStatus(status: unknown): ErsReferralState | undefined {
  if (!isRecord(status)) return undefined;
  for (const coding of arrayOf(status['coding'])) {
    const found = ersFromCoding(coding, true);
    if (found) return found;
  }
  const text = str(status['text']);
  if (text) {
    const found = ERS_BY_LABEL.get(squash(text));
    if (found) return found;
  }
  for (const coding of arrayOf(status['coding'])) {
    const display = isRecord(coding) ? str(coding['display']) : '';
    const found = display ? ERS_BY_LABEL.get(squash(display)) : undefined;
    if (found) return found;
  }
  return undefined;
}

function result(code: ReferralStateCode, source: ReferralStateSource, lang: string | undefined): ReferralStateResult {
  const e = REFERRAL_STATES[code];
  return { ...e, label: refMsg(e.labelKey, undefined, lang), code, source };
}

/**
 * The state a referral is in, in the words users know. Precedence:
 * 1. an e-RS state on the ServiceRequest (an extension with a coding in the e-RS ReferralState
 *    code system, or any extension whose url contains `ReferralState`);
 * 2. Task.businessStatus: an e-RS coding, or text (or display) matching an e-RS label or code;
 * 3. Task.status;
 * 4. ServiceRequest.status;
 * 5. otherwise "Not known" (grey). Unrecognised codes fall through; a raw code is never a label.
 * Never throws.
 */
export function referralState(
  input: { serviceRequest?: ServiceRequest; task?: Task } | undefined,
  options?: { lang?: string },
): ReferralStateResult {
  const lang = typeof options?.lang === 'string' ? options.lang : undefined;
  try {
    const sr: unknown = input?.serviceRequest;
    const task: unknown = input?.task;
    if (isRecord(sr)) {
      for (const ext of [...arrayOf(sr['extension']), ...arrayOf(sr['modifierExtension'])]) {
        const found = ersFromExtension(ext);
        if (found) return result(found, 'ers-extension', lang);
      }
    }
    if (isRecord(task)) {
      const fromBusiness = ersFromBusinessStatus(task['businessStatus']);
      if (fromBusiness) return result(fromBusiness, 'task-business-status', lang);
      const status = str(task['status']).toLowerCase();
      if (TASK_SET.has(status)) return result(status as TaskStatus, 'fhir-task-status', lang);
    }
    if (isRecord(sr)) {
      const status = str(sr['status']).toLowerCase();
      // ServiceRequest `unknown` is a real status, but it says no more than the fallback does.
      if (SR_SET.has(status) && status !== 'unknown') return result(status as ServiceRequestStatus, 'fhir-request-status', lang);
    }
  } catch {
    // hostile or malformed input: fall through to Not known
  }
  return result('unknown', 'unknown', lang);
}
