/**
 * One referral's view model (pure, no DOM, never throws on bad data): everything
 * `<jc-referral-status>` shows for a ServiceRequest, with its Tasks, Appointments and Provenance
 * (grouped by `groupReferrals`), every string ready to show (never "undefined").
 *
 * The data path: the clinical record (core) resolves references → `grouping.ts` groups → this
 * file reads each group through `referral-state.ts`, `appointments.ts`, `timeline.ts`,
 * `priorities.ts` and `clock.ts` → `lists.ts` sorts, filters and compares lists.
 */
import type { FhirResource, ServiceRequest, Task } from 'fhir/r4.js';
import { asArray, formatDate, formatDateLong, formatRelative, isRecord, organisationLabel, type ClinicalRecord } from '@joinedcare/core';
import { appointmentView, currentAppointment, type AppointmentView } from './appointments.js';
import { waitingClock, type WaitingClock } from './clock.js';
import type { ReferralBundle } from './grouping.js';
import { concept, epochOf, nameOf, organisationName, organisationNameOf, sourceOrganisation, str, targetType } from './names.js';
import { referralPriority, type ReferralPriorityResult } from './priorities.js';
import {
  attentionOf,
  clockText,
  DEFAULT_TRIAGE_ALERT_DAYS,
  latestTask,
  reasonOf,
  stateOfReferral,
  stopDateOf,
  type Attention,
} from './referral-state.js';
import type { ReferralStateResult } from './states.js';
import { refMsg } from './messages.js';
import { stateSince, timelineOf, type TimelineEntry } from './timeline.js';
import { formatUbrn, ubrnOf } from './ubrn.js';

export interface ReferralView {
  /** ServiceRequest id (its `fullUrl` when it has none). */
  id: string;
  /** UBRN digits (or the value as recorded), if any. */
  ubrn?: string;
  /** `0000 0000 0000`, the value as recorded when it is not 12 digits, or Not Known. */
  ubrnText: string;
  service: string;
  requester: string;
  requesterOrganisation: string;
  performer: string;
  priority: ReferralPriorityResult;
  referredText: string;
  referredLong: string;
  state: ReferralStateResult;
  /** Rejection / cancellation reason, when the state is one. */
  reason?: string;
  /** Free-text comments that go with the reason. */
  comments: string[];
  appointment?: AppointmentView;
  timeline: TimelineEntry[];
  clock: WaitingClock;
  /** The clock as text: `Day 97 of 126` or why it is not known. */
  clockText: string;
  attention?: Attention;
  phase: 'active' | 'completed';
  /** "Updated 20-Nov-2026 (2 days ago) by Northbridge … (NHS trust)". */
  updatedText: string;
}

export interface ReferralModelOptions {
  now: Date;
  lang?: string;
  /** At-risk threshold as a fraction of the standard, in (0, 1]; default 0.8. */
  atRiskFraction?: number;
  /** Days awaiting triage after which a referral needs attention (default 7). */
  triageAlertDays?: number;
}

/**
 * "Updated <date> (<relative>) by <organisation (setting)>": the newest `meta.lastUpdated` of the
 * referral, its Tasks and Appointments, and the organisation in that resource's `meta.source`,
 * named through core's `organisationLabel` (the one wording every widget uses).
 */
function updatedText(group: ReferralBundle, record: ClinicalRecord, now: Date, lang: string | undefined): string {
  const all: FhirResource[] = [group.serviceRequest, ...group.tasks, ...group.appointments];
  let latest: FhirResource | undefined;
  let latestT = -Infinity;
  for (const r of all) {
    const t = epochOf(r.meta?.lastUpdated);
    if (t !== undefined && t > latestT) {
      latest = r;
      latestT = t;
    }
  }
  const source = organisationLabel(sourceOrganisation(record, latest ?? group.serviceRequest), lang) ?? refMsg('notKnown', undefined, lang);
  if (!latest) return refMsg('refUpdatedNoDate', { source }, lang);
  const lu = str(latest.meta?.lastUpdated);
  const o = { now, ...(lang ? { lang } : {}) };
  return refMsg('refUpdated', { date: formatDate(lu, o), relative: formatRelative(lu, o), source }, lang);
}

/** Who the referral is to: an organisation performer first, else the first performer, else the Task's owner. */
function performerOf(sr: ServiceRequest, task: Task | undefined, record: ClinicalRecord, lang: string | undefined): string {
  const performers = asArray(sr.performer);
  const ref = performers.find((p) => isRecord(p) && targetType(record, p, sr).type === 'Organization') ?? performers[0];
  return organisationNameOf(record, ref, sr, lang) || nameOf(record, ref, sr, lang) || nameOf(record, task?.owner, task, lang);
}

/** One referral's view model. */
export function referralView(group: ReferralBundle, record: ClinicalRecord, options: ReferralModelOptions): ReferralView {
  const lang = options.lang;
  const o = lang ? { lang } : undefined;
  const notKnown = refMsg('notKnown', undefined, lang);
  const sr = group.serviceRequest;
  const task = latestTask(group.tasks);
  const appointmentResource = currentAppointment(group.appointments);
  const appointment = appointmentResource ? appointmentView(appointmentResource, group.appointments, record, lang) : undefined;
  const state = stateOfReferral(sr, task, appointment, lang);
  const priority = referralPriority(sr, o);
  const timeline = timelineOf(group, record, lang);
  const referred = str(sr.authoredOn) || undefined;

  const stoppedAt = state.stopsClock ? stopDateOf(group, task) : undefined;
  let clock = waitingClock({
    ...(referred ? { referred } : {}),
    ...(stoppedAt ? { stoppedAt } : {}),
    priority: priority.code,
    now: options.now,
    ...(options.atRiskFraction !== undefined ? { atRiskFraction: options.atRiskFraction } : {}),
    ...(lang ? { lang } : {}),
  });
  if (state.stopsClock && !stoppedAt && clock.state !== 'unknown') clock = { state: 'unknown', reason: 'invalid-stop-date' };

  const { reason, comments } = reasonOf(state, sr, task, appointmentResource, lang);
  const ubrn = ubrnOf(sr);
  const triageAlertDays =
    typeof options.triageAlertDays === 'number' && Number.isFinite(options.triageAlertDays) && options.triageAlertDays >= 0
      ? options.triageAlertDays
      : DEFAULT_TRIAGE_ALERT_DAYS;
  const attention =
    state.phase === 'active'
      ? attentionOf(state, appointment, stateSince(state, task, timeline), referred, options.now, triageAlertDays, lang)
      : undefined;
  const requesterOrganisation =
    organisationNameOf(record, sr.requester, sr, lang) || organisationName(sourceOrganisation(record, sr)) || notKnown;
  const service =
    concept(sr.code, lang) ||
    (sr.performerType ? concept(sr.performerType, lang) : '') ||
    concept(asArray(sr.orderDetail)[0], lang) ||
    notKnown;

  return {
    id: str(sr.id) || (record.keyOf(sr) ?? ''),
    ...(ubrn ? { ubrn } : {}),
    ubrnText: formatUbrn(ubrn, lang),
    service,
    requester: nameOf(record, sr.requester, sr, lang) || notKnown,
    requesterOrganisation,
    performer: performerOf(sr, task, record, lang) || notKnown,
    priority,
    referredText: referred ? formatDate(referred, o) : notKnown,
    referredLong: referred ? formatDateLong(referred, o) : notKnown,
    state,
    ...(reason ? { reason } : {}),
    comments,
    ...(appointment ? { appointment } : {}),
    timeline,
    clock,
    clockText: clockText(clock, lang),
    ...(attention ? { attention } : {}),
    phase: state.phase,
    updatedText: updatedText(group, record, options.now, lang),
  };
}
