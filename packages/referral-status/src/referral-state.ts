// A referral's state and what goes with it: the Task that speaks for it, the state an appointment implies, and the reason and comments (e-RS's own, else the Task's and the appointment's).
import type { Appointment, Extension, ServiceRequest, Task } from 'fhir/r4.js';
import { asArray, isRecord } from '@joinedcare/core';
import type { AppointmentView } from './appointments.js';
import { ersStateFacts } from './ers-codes.js';
import { conceptOf, type ErsReference } from './ers-reference.js';
import { concept, epochOf, str } from './names.js';
import { REFERRAL_STATES, referralState, type ReferralStateResult } from './states.js';
import { refMsg } from './messages.js';

/** When a Task last changed: lastModified, else meta.lastUpdated, else authoredOn. */
function taskTime(t: Task): number {
  return epochOf(t.lastModified) ?? epochOf(t.meta?.lastUpdated) ?? epochOf(t.authoredOn) ?? -Infinity;
}

/** The most recently changed Task: the one that says where the referral is. */
export function latestTask(tasks: readonly Task[]): Task | undefined {
  let best: Task | undefined;
  for (const t of tasks) if (!best || taskTime(t) >= taskTime(best)) best = t;
  return best;
}

/** e-RS state words inferred from the appointment, when the data carries no e-RS state. */
function stateFromAppointment(appt: AppointmentView | undefined, lang: string | undefined): ReferralStateResult | undefined {
  if (!appt) return undefined;
  const code =
    appt.outcome === 'booked'
      ? 'BOOKED'
      : appt.outcome === 'did-not-attend'
        ? 'DID_NOT_ATTEND'
        : appt.outcome === 'cancelled-by-provider' && !appt.rebooked
          ? 'APPT_CANCELLED_BY_PROVIDER'
          : appt.outcome === 'cancelled-by-patient' && !appt.rebooked
            ? 'APPT_CANCELLED_BY_PATIENT'
            : undefined;
  if (!code) return undefined;
  const e = REFERRAL_STATES[code];
  return { ...e, label: refMsg(e.labelKey, undefined, lang), code, source: 'appointment-status' };
}

/** The state of a referral: `referralState`, else (with no e-RS state in the data) the e-RS words for its appointment. */
export function stateOfReferral(
  sr: ServiceRequest,
  task: Task | undefined,
  appointment: AppointmentView | undefined,
  lang: string | undefined,
): ReferralStateResult {
  const state = referralState({ serviceRequest: sr, ...(task ? { task } : {}) }, lang ? { lang } : undefined);
  if (state.source !== 'ers-extension' && state.source !== 'task-business-status' && state.phase === 'active') {
    return stateFromAppointment(appointment, lang) ?? state;
  }
  return state;
}

/**
 * A coded value as text: its own text or display, else the display e-RS reference data gives for
 * its code, else the code itself said as a code ("code NO_SLOTS_AT_SERVICE, no description given").
 */
export function codedText(value: unknown, reference: ErsReference | undefined, lang: string | undefined): string {
  if (!isRecord(value)) return '';
  const codings = 'coding' in value ? asArray<Record<string, unknown>>(value['coding']).filter(isRecord) : [value];
  const own = str(value['text']) || codings.map((c) => str(c['display'])).find(Boolean);
  if (own) return own;
  for (const c of codings) {
    const display = conceptOf(reference, c)?.display;
    if (display) return display;
  }
  const code = codings.map((c) => str(c['code'])).find(Boolean);
  return code ? refMsg('refReasonCodeOnly', { code }, lang) : '';
}

const REASON_STATES = new Set([
  'REJECTED',
  'rejected',
  'CANCELLED_REFERRAL',
  'cancelled',
  'revoked',
  'failed',
  'APPT_CANCELLED_BY_PROVIDER',
  'APPT_CANCELLED_BY_PATIENT',
  'DID_NOT_ATTEND',
  'on-hold',
]);

function notesOf(notes: unknown): string[] {
  return asArray<Record<string, unknown>>(notes)
    .map((n) => (isRecord(n) ? str(n['text']) : ''))
    .filter(Boolean);
}

/** ServiceRequest status reason travels in an extension in R4 (no element): any `…statusReason…` extension. */
function srStatusReason(sr: ServiceRequest, lang: string | undefined): string {
  for (const ext of asArray<Extension>(sr.extension)) {
    if (!isRecord(ext) || !str(ext.url).toLowerCase().includes('statusreason')) continue;
    const text = concept(ext.valueCodeableConcept, lang) || str(ext.valueString);
    if (text) return text;
  }
  return '';
}

/**
 * The reason and comments of a referral's state. e-RS's own first: the `reason` and `comments` of
 * `Extension-eRS-ReferralState-1`, whatever the state (a deferral's "no slots", a triage outcome).
 * Then, for a rejection, cancellation, missed appointment or hold: `Task.statusReason`, a
 * `…statusReason…` extension on the ServiceRequest, the cancelled appointment's reason; and
 * `Task.note` and the appointment's comment.
 */
export function reasonOf(
  state: ReferralStateResult,
  sr: ServiceRequest,
  task: Task | undefined,
  appointment: Appointment | undefined,
  lang: string | undefined,
  reference?: ErsReference,
): { reason?: string; comments: string[] } {
  const ers = state.source === 'ers-extension' ? ersStateFacts(sr) : {};
  const ersReason = ers.reason ? codedText(ers.reason, reference, lang) : '';
  const ersComments = ers.comments ? [ers.comments] : [];
  if (!REASON_STATES.has(state.code)) return { ...(ersReason ? { reason: ersReason } : {}), comments: ersComments };
  const fromAppointment = appointment && state.code.startsWith('APPT_') ? appointment : undefined;
  const reason =
    ersReason ||
    concept(task?.statusReason, lang) ||
    srStatusReason(sr, lang) ||
    (fromAppointment ? codedText(fromAppointment.cancelationReason, reference, lang) : '');
  const comments = [
    ...ersComments,
    ...notesOf(task?.note),
    ...(fromAppointment ? [str(fromAppointment.comment)].filter((c) => c && !ersComments.includes(c)) : []),
  ];
  return { ...(reason ? { reason } : {}), comments };
}
