/**
 * One referral's view model (pure, no DOM, never throws on bad data): everything
 * `<jc-referral-status>` shows for a ServiceRequest, with its Tasks, Appointments and Provenance
 * (grouped by `groupReferrals`), every string ready to show (never "undefined").
 *
 * The data path: what the host hands in or the server returns is read by `ers-input.ts` (e-RS
 * STU3 and worklists as R4) → the clinical record (core) resolves references → `grouping.ts`
 * groups → this file reads each group through `referral-state.ts`, `appointments.ts`,
 * `timeline.ts`, `priorities.ts`, `clock-facts.ts` + `clock-rules.ts` and `attention.ts` →
 * `lists.ts` sorts, filters and compares lists.
 */
import type { FhirResource, ServiceRequest, Task } from 'fhir/r4.js';
import {
  asArray,
  formatDate,
  formatDateLong,
  formatRelative,
  isRecord,
  organisationLabel,
  originOf,
  type CareSetting,
  type ClinicalRecord,
  type MessageKey,
} from '@joinedcare/core';
import { appointmentView, currentAppointment, type AppointmentView, type CancelledByHint } from './appointments.js';
import { attentionOf, canChase, triageDaysFor, type Attention, type TriageDays } from './attention.js';
import type { WaitingClock } from './clock.js';
import { clockFactsOf } from './clock-facts.js';
import { referralClock, type ClockRules, type FdsLine, type ReferralClock } from './clock-rules.js';
import { clinicalInfoFirstSubmittedOf, worklistItemOf, worklistName } from './ers-codes.js';
import type { ErsReference } from './ers-reference.js';
import type { ReferralBundle } from './grouping.js';
import { concept, epochOf, nameOf, organisationNameOf, str, targetType } from './names.js';
import { referralPriority, type ReferralPriorityResult } from './priorities.js';
import { latestTask, reasonOf, stateOfReferral } from './referral-state.js';
import type { ReferralStateResult } from './states.js';
import { refMsg } from './messages.js';
import { referralStatusStrings } from './strings.js';
import { shortlistText } from './shortlist.js';
import { stateSince, timelineOf, type TimelineEntry } from './timeline.js';
import { formatUbrn, ubrnOf } from './ubrn.js';

export interface ReferralView {
  /** ServiceRequest id (its `fullUrl` when it has none). */
  id: string;
  /** UBRN digits (or the value as recorded), if any. */
  ubrn?: string;
  /** `0000 0000 0000`, the value as recorded when it is not 12 digits, or Not known. */
  ubrnText: string;
  service: string;
  requester: string;
  requesterOrganisation: string;
  performer: string;
  priority: ReferralPriorityResult;
  referredText: string;
  referredLong: string;
  /** When the clinical information was first submitted (e-RS), if it says. */
  clinicalInfoText?: string;
  state: ReferralStateResult;
  /** The state's reason (e-RS's own, else a rejection's or cancellation's). */
  reason?: string;
  /** Free-text comments that go with the reason. */
  comments: string[];
  appointment?: AppointmentView;
  /** When the shown appointment was cancelled, when the data says. */
  cancelledOnText?: string;
  timeline: TimelineEntry[];
  /** The RTT clock for sorting and its state ("unknown" / `no-clock` when there is none). */
  clock: WaitingClock;
  /** What the waiting-time field says: the RTT clock by the clock rules. */
  clockView: ReferralClock;
  /** The 28-day FDS line, for urgent suspected cancer referrals or with a cancer waiting-times source. */
  fds?: FdsLine;
  /** The clock as text: `Day 97 of 126 (13w 6d of 18 weeks)`, or what stands instead. */
  clockText: string;
  attention?: Attention;
  /** The viewer may ask the other side to act (`Chase referral`). */
  chase: boolean;
  phase: 'active' | 'completed';
  /** "Updated 20-Nov-2026 (2 days ago) by Northbridge … (NHS trust)", or "…; record held by …" when only the server says. */
  updatedText: string;
  /** The same without who or where: "Updated 20-Nov-2026 (2 days ago)" (a group that says its source once). */
  updatedDateText: string;
  /** Who or where the last change came from, on its own: "Last changed by Northbridge … (NHS trust)". */
  updatedSource: string;
  /** "Summary from the e-RS worklist …" for a referral known only from a worklist entry. */
  worklistText?: string;
}

export interface ReferralModelOptions {
  now: Date;
  lang?: string;
  /** At-risk threshold as a fraction of the standard, in (0, 1]; default 0.8. */
  atRiskFraction?: number;
  /** Triage days per priority (default e-RS's: 40 / 5 / 2). */
  triageDays?: TriageDays;
  /** Triage days for every priority not in `triageDays`. */
  triageAlertDays?: number;
  /** The viewer's setting: `primary` (the referrer's side, and the default) or `secondary` (the provider's). */
  setting?: CareSetting;
  /** e-RS reference data (code systems) handed in. */
  reference?: ErsReference;
  /** Overrides of the clock rules. */
  clockRules?: Partial<ClockRules>;
}

/**
 * The organisation an item came from, by core's `originOf` and on its basis: a Provenance agent
 * made the change ("by"); a clinical field names where the item came from ("from"); only the
 * server's `meta.source` names one: where the record was held, never who changed it.
 */
function originText(record: ClinicalRecord, resource: FhirResource, lang: string | undefined): Origin {
  // asked twice for most referrals (who referred, and who changed it last): read once per record, resource and language
  let byResource = origins.get(record);
  if (!byResource) origins.set(record, (byResource = new WeakMap()));
  const id = lang ?? '';
  const hit = byResource.get(resource);
  if (hit?.lang === id) return hit.origin;
  const origin = readOrigin(record, resource, lang);
  byResource.set(resource, { lang: id, origin });
  return origin;
}

type Origin = { by?: string; from?: string; heldBy?: string };
const origins = new WeakMap<ClinicalRecord, WeakMap<FhirResource, { lang: string; origin: Origin }>>();

function readOrigin(record: ClinicalRecord, resource: FhirResource, lang: string | undefined): Origin {
  const origin = originOf(record, resource, lang);
  const label = origin ? organisationLabel(origin.organisation, lang) : undefined;
  if (!origin || !label) return {};
  return origin.basis === 'server' ? { heldBy: label } : origin.basis === 'provenance' ? { by: label } : { from: label };
}

/** When a referral was last changed, and by whom or from where, as separate phrases and as one line. */
interface Updated {
  /** "Updated 20-Nov-2026 (2 days ago) by Northbridge … (NHS trust)". */
  text: string;
  /** "Updated 20-Nov-2026 (2 days ago)", or that the date is not known. */
  date: string;
  /** "Last changed by Northbridge … (NHS trust)", "From …", "Record held by …; who changed it is not recorded". */
  source: string;
}

/**
 * "Updated <date> (<relative>) by <organisation>": the newest `meta.lastUpdated` of the referral,
 * its Tasks and Appointments, and where that resource came from (`originText`).
 */
function updatedOf(group: ReferralBundle, record: ClinicalRecord, now: Date, lang: string | undefined): Updated {
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
  const { by, from, heldBy } = originText(record, latest ?? group.serviceRequest, lang);
  const [whoKey, sourceKey, org]: [MessageKey, MessageKey, string | undefined] = by
    ? ['refUpdatedBy', 'refSourceBy', by]
    : from
      ? ['refUpdatedFrom', 'refSourceFrom', from]
      : heldBy
        ? ['refUpdatedHeldBy', 'refSourceHeldBy', heldBy]
        : ['refUpdatedByNotKnown', 'refSourceNotKnown', undefined];
  const who = refMsg(whoKey, org ? { source: org } : undefined, lang);
  const source = refMsg(sourceKey, org ? { source: org } : undefined, lang);
  if (!latest) return { text: refMsg('refUpdatedNoDate', { who }, lang), date: refMsg('refUpdatedNoDate', { who: '' }, lang), source };
  const lu = str(latest.meta?.lastUpdated);
  const o = { now, ...(lang ? { lang } : {}) };
  const params = { date: formatDate(lu, o), relative: formatRelative(lu, o) };
  return { text: refMsg('refUpdated', { ...params, who }, lang), date: refMsg('refUpdated', { ...params, who: '' }, lang), source };
}

/** Who the referral is to: an organisation performer first, else the first performer, else the Task's owner, else the booked service. */
function performerOf(
  sr: ServiceRequest,
  task: Task | undefined,
  appointment: AppointmentView | undefined,
  record: ClinicalRecord,
  lang: string | undefined,
): string {
  const performers = asArray(sr.performer);
  const ref = performers.find((p) => isRecord(p) && targetType(record, p, sr).type === 'Organization') ?? performers[0];
  return (
    organisationNameOf(record, ref, sr, lang) ||
    nameOf(record, ref, sr, lang) ||
    nameOf(record, task?.owner, task, lang) ||
    appointment?.service ||
    shortlistText(sr, record, lang)
  );
}

/** A worklist's name in words ("AwaitingBooking" → "Awaiting booking"); an unknown one as sent. */
function worklistWords(name: string | undefined, lang: string | undefined): string {
  const key = `refWorklist${name ?? ''}`;
  return name && key in referralStatusStrings ? refMsg(key as MessageKey, undefined, lang) : (name ?? refMsg('notKnown', undefined, lang));
}

const CANCELLED_BY: Partial<Record<string, CancelledByHint>> = {
  APPT_CANCELLED_BY_PROVIDER: 'provider',
  APPT_CANCELLED_BY_PATIENT: 'patient',
};

/** One referral's view model. */
export function referralView(group: ReferralBundle, record: ClinicalRecord, options: ReferralModelOptions): ReferralView {
  const lang = options.lang;
  const o = lang ? { lang } : undefined;
  const notKnown = refMsg('notKnown', undefined, lang);
  const sr = group.serviceRequest;
  const task = latestTask(group.tasks);
  const reference = options.reference;
  const appointmentResource = currentAppointment(group.appointments);
  // who cancelled: e-RS's state says it when the appointment does not
  const bare = appointmentResource ? appointmentView(appointmentResource, group.appointments, record, lang, reference) : undefined;
  const first = stateOfReferral(sr, task, bare, lang);
  const hint = CANCELLED_BY[first.code];
  const appointment =
    appointmentResource && hint ? appointmentView(appointmentResource, group.appointments, record, lang, reference, hint) : bare;
  const state = stateOfReferral(sr, task, appointment, lang);
  const priority = referralPriority(sr, o);
  const timeline = timelineOf(
    group,
    record,
    lang,
    (a) => appointmentView(a, group.appointments, record, lang, reference, a === appointmentResource ? hint : undefined).outcome,
  );
  const referred = str(sr.authoredOn) || undefined;
  const since = stateSince(state, task, timeline);

  const { rtt, fds } = referralClock(clockFactsOf(group, state.code, priority.code, lang), {
    now: options.now,
    ...(lang ? { lang } : {}),
    ...(options.atRiskFraction !== undefined ? { atRiskFraction: options.atRiskFraction } : {}),
    ...(options.clockRules ? { rules: options.clockRules } : {}),
  });
  const clock: WaitingClock = rtt.kind === 'running' || rtt.kind === 'stopped' ? rtt.clock : { state: 'unknown', reason: 'no-clock' };

  const { reason, comments } = reasonOf(state, sr, task, appointmentResource, lang, reference);
  const ubrn = ubrnOf(sr);
  const cancelled = appointment?.outcome.startsWith('cancelled');
  const cancelledOn = cancelled ? (appointment?.cancelledOn ?? (state.code.startsWith('APPT_CANCELLED') ? since : undefined)) : undefined;
  const attention = attentionOf({
    state,
    appointment,
    since,
    clockStart: rtt.kind === 'running' || rtt.kind === 'stopped' ? rtt.start : undefined,
    referred,
    cancelledOn,
    priority,
    triageDays: triageDaysFor(priority.code, { triageDays: options.triageDays, triageAlertDays: options.triageAlertDays, reference }).days,
    now: options.now,
    setting: options.setting,
    lang,
  });
  const origin = originText(record, sr, lang);
  const requesterOrganisation =
    origin.from || origin.by || (origin.heldBy ? refMsg('refNotKnownHeldBy', { source: origin.heldBy }, lang) : notKnown);
  const service =
    concept(sr.code, lang) ||
    (sr.performerType ? concept(sr.performerType, lang) : '') ||
    concept(asArray(sr.orderDetail)[0], lang) ||
    notKnown;
  const submitted = clinicalInfoFirstSubmittedOf(sr);
  const item = worklistItemOf(sr);
  const onlyWorklist = item && str(sr.status) === 'unknown' && !asArray(sr.contained).length;
  const updated = updatedOf(group, record, options.now, lang);

  return {
    id: str(sr.id) || (record.keyOf(sr) ?? ''),
    ...(ubrn ? { ubrn } : {}),
    ubrnText: formatUbrn(ubrn, lang),
    service,
    requester: nameOf(record, sr.requester, sr, lang) || notKnown,
    requesterOrganisation,
    performer: performerOf(sr, task, appointment, record, lang) || notKnown,
    priority,
    referredText: referred ? formatDate(referred, o) : notKnown,
    referredLong: referred ? formatDateLong(referred, o) : notKnown,
    ...(submitted ? { clinicalInfoText: formatDate(submitted, o) } : {}),
    state,
    ...(reason ? { reason } : {}),
    comments,
    ...(appointment ? { appointment } : {}),
    ...(cancelled ? { cancelledOnText: cancelledOn ? formatDate(cancelledOn, o) : refMsg('refDateNotRecorded', undefined, lang) } : {}),
    timeline,
    clock,
    clockView: rtt,
    ...(fds ? { fds } : {}),
    clockText: rtt.text,
    ...(attention ? { attention } : {}),
    chase: canChase(state, options.setting),
    phase: state.phase,
    updatedText: updated.text,
    updatedDateText: updated.date,
    updatedSource: updated.source,
    ...(onlyWorklist ? { worklistText: refMsg('refWorklistSummary', { worklist: worklistWords(worklistName(item), lang) }, lang) } : {}),
  };
}
