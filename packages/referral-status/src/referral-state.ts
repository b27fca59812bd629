// A referral's state and what goes with it: the Task that speaks for it, the state an appointment implies, the reason and comments, whether someone must act, and when its clock stopped.
import type { Appointment, Extension, ServiceRequest, Task } from 'fhir/r4.js';
import { asArray, formatDate, isRecord, ukDayNumber, type MessageKey } from '@joinedcare/core';
import type { AppointmentView } from './appointments.js';
import type { WaitingClock } from './clock.js';
import type { ReferralBundle } from './grouping.js';
import { concept, epochOf, str } from './names.js';
import { REFERRAL_STATES, referralState, type ReferralStateResult } from './states.js';
import { refMsg } from './messages.js';

/** Default days a referral may wait for triage before it needs attention (design choice). */
export const DEFAULT_TRIAGE_ALERT_DAYS = 7;

export type AttentionKind = 'rejected' | 'awaiting-triage' | 'did-not-attend' | 'cancelled-by-provider';

export interface Attention {
  kind: AttentionKind;
  /** One sentence saying why. */
  reason: string;
}

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

/** The reason and comments of a rejection, cancellation, missed appointment or hold; none for other states. */
export function reasonOf(
  state: ReferralStateResult,
  sr: ServiceRequest,
  task: Task | undefined,
  appointment: Appointment | undefined,
  lang: string | undefined,
): { reason?: string; comments: string[] } {
  if (!REASON_STATES.has(state.code)) return { comments: [] };
  const fromAppointment = appointment && state.code.startsWith('APPT_') ? appointment : undefined;
  const reason =
    concept(task?.statusReason, lang) ||
    srStatusReason(sr, lang) ||
    (fromAppointment ? concept(fromAppointment.cancelationReason, lang) : '');
  const comments = [...notesOf(task?.note), ...(fromAppointment ? [str(fromAppointment.comment)].filter(Boolean) : [])];
  return { ...(reason ? { reason } : {}), comments };
}

/** Why a referral needs someone to act, if it does. */
export function attentionOf(
  state: ReferralStateResult,
  appt: AppointmentView | undefined,
  since: string | undefined,
  referred: string | undefined,
  now: Date,
  triageAlertDays: number,
  lang: string | undefined,
): Attention | undefined {
  const apptDate = appt?.start ? formatDate(appt.start, lang ? { lang } : undefined) : refMsg('notKnown', undefined, lang);
  if (state.needsAttention === 'rejected') return { kind: 'rejected', reason: refMsg('refAttentionRejected', undefined, lang) };
  if (
    state.needsAttention === 'did-not-attend' ||
    (state.phase === 'active' && appt?.outcome === 'did-not-attend' && state.code !== 'BOOKED')
  ) {
    return { kind: 'did-not-attend', reason: refMsg('refAttentionDna', { date: apptDate }, lang) };
  }
  if (
    (state.needsAttention === 'cancelled-by-provider' && !appt?.rebooked) ||
    (state.phase === 'active' && appt?.outcome === 'cancelled-by-provider' && !appt.rebooked && state.code !== 'BOOKED')
  ) {
    return { kind: 'cancelled-by-provider', reason: refMsg('refAttentionProviderCancelled', { date: apptDate }, lang) };
  }
  if (state.code === 'AWAITING_TRIAGE') {
    const from = ukDayNumber(since ?? referred) ?? ukDayNumber(referred);
    const today = ukDayNumber(now);
    if (typeof from === 'number' && typeof today === 'number') {
      const days = today - from;
      if (days > triageAlertDays) {
        return { kind: 'awaiting-triage', reason: refMsg('refAttentionTriage', { days, limit: triageAlertDays }, lang) };
      }
    }
  }
  return undefined;
}

/** When a referral that has ended stopped its clock: the latest of the Task's change, the ServiceRequest's occurrence and its update. */
export function stopDateOf(group: ReferralBundle, task: Task | undefined): string | undefined {
  const candidates = [
    task ? str(task.lastModified) || str(task.meta?.lastUpdated) : '',
    str(group.serviceRequest.occurrenceDateTime),
    str(group.serviceRequest.meta?.lastUpdated),
  ].filter(Boolean);
  let best: string | undefined;
  for (const c of candidates) if (epochOf(c) !== undefined && (!best || (epochOf(c) as number) > (epochOf(best) as number))) best = c;
  return best ?? candidates[0];
}

/** The clock as text: its label, or why it is not known. */
export function clockText(clock: WaitingClock, lang: string | undefined): string {
  if (clock.state === 'unknown') {
    const reason: MessageKey =
      clock.reason === 'missing-referral-date'
        ? 'refClockMissingDate'
        : clock.reason === 'referral-date-in-future'
          ? 'refClockFuture'
          : clock.reason === 'invalid-stop-date' || clock.reason === 'stop-before-referral'
            ? 'refClockStopUnknown'
            : 'refClockInvalidDate';
    return refMsg('refClockUnknown', { reason: refMsg(reason, undefined, lang) }, lang);
  }
  return clock.label;
}
