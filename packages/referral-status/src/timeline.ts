// A referral's history, oldest first: the referral, each Task's states (and the states its outputs record), the states Provenance records with who made each change, and each appointment's booking and outcome.
import type { Appointment, Provenance, ServiceRequest, Task } from 'fhir/r4.js';
import {
  asArray,
  formatDate,
  formatDateTime,
  isRecord,
  ukDayNumber,
  whenRead,
  type ClinicalRecord,
  type MessageKey,
} from '@joinedcare/core';
import { outcomeOf } from './appointments.js';
import { clinicalInfoFirstSubmittedOf } from './ers-codes.js';
import type { ReferralBundle } from './grouping.js';
import { epochOf, nameOf, organisationNameOf, str } from './names.js';
import { REFERRAL_STATES, referralState, type ReferralStateResult } from './states.js';
import { refMsg } from './messages.js';

export interface TimelineEntry {
  /** FHIR date/dateTime, when known. */
  date?: string;
  dateText: string;
  text: string;
  /** Who made the change (from Provenance `agent`), e.g. "by Dr A Raman, Northbridge Trust". */
  byText?: string;
  /** The state the entry records (a table code), when it records one. */
  code?: string;
}

function ersStateOfCoding(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  for (const c of asArray<Record<string, unknown>>(value['coding'])) {
    const code = str(c?.['code']).toUpperCase();
    if (code in REFERRAL_STATES && str(c?.['system']).toLowerCase().includes('ers-referralstate')) return code;
  }
  return undefined;
}

/** When a Provenance says the change happened: `recorded`, else `occurredDateTime`, else `occurredPeriod.start`. */
function provenanceDate(p: Provenance): string | undefined {
  for (const v of [p.recorded, p.occurredDateTime, isRecord(p.occurredPeriod) ? p.occurredPeriod.start : undefined]) {
    const s = str(v);
    if (s && epochOf(s) !== undefined) return s;
  }
  return undefined;
}

/**
 * The state a Provenance records: an e-RS state coding in `activity`, a FHIR Task or
 * ServiceRequest status coding in `activity`, else the state of the targeted Task /
 * ServiceRequest when the target names the version we hold (`…/_history/N` = `meta.versionId`).
 */
function provenanceState(
  p: Provenance,
  group: ReferralBundle,
  record: ClinicalRecord,
  lang: string | undefined,
): { code: string; label: string } | undefined {
  const o = lang ? { lang } : undefined;
  const known = (s: ReferralStateResult) => (s.code === 'unknown' ? undefined : s);
  const activity: unknown = p.activity;
  const ers = ersStateOfCoding(activity);
  if (ers) return { code: ers, label: refMsg(REFERRAL_STATES[ers as 'BOOKED'].labelKey, undefined, lang) };
  for (const c of asArray<Record<string, unknown>>(isRecord(activity) ? activity['coding'] : undefined)) {
    if (!isRecord(c)) continue;
    const system = str(c['system']).toLowerCase();
    const code = str(c['code']).toLowerCase();
    if (!code) continue;
    const s = system.includes('task-status')
      ? referralState({ task: { resourceType: 'Task', status: code as Task['status'], intent: 'order' } }, o)
      : system.includes('request-status')
        ? referralState(
            { serviceRequest: { resourceType: 'ServiceRequest', status: code as ServiceRequest['status'], intent: 'order', subject: {} } },
            o,
          )
        : undefined;
    if (s && s.code !== 'unknown') return s;
  }
  for (const target of asArray(p.target)) {
    const r = record.resolve(target, p);
    if (r.kind !== 'resource' || !r.version) continue;
    const task = group.tasks.find((t) => t === r.resource);
    if (task && str(task.meta?.versionId) === r.version) return known(referralState({ task }, o));
    const sr = group.serviceRequest;
    if (sr === r.resource && str(sr.meta?.versionId) === r.version) return known(referralState({ serviceRequest: sr }, o));
  }
  return undefined;
}

/** "by Who, Organisation" from the first Provenance agent that names anyone, or undefined. */
function provenanceBy(p: Provenance, record: ClinicalRecord, lang: string | undefined): string | undefined {
  for (const agent of asArray<Record<string, unknown>>(p.agent)) {
    if (!isRecord(agent)) continue;
    const who = nameOf(record, agent['who'], p, lang);
    const org = nameOf(record, agent['onBehalfOf'], p, lang) || organisationNameOf(record, agent['who'], p, lang);
    if (who && org && org !== who) return refMsg('refTimelineByAt', { who, organisation: org }, lang);
    if (who || org) return refMsg('refTimelineBy', { who: who || org }, lang);
  }
  return undefined;
}

function dayOf(value: string | undefined, lang: string | undefined): string {
  return value ? formatDate(value, lang ? { lang } : undefined) : refMsg('notKnown', undefined, lang);
}

type Outcome = ReturnType<typeof outcomeOf>;

/** Appointment outcomes in their own words, and the e-RS state each is (when it is one). */
const APPOINTMENT_OUTCOME: Partial<Record<Outcome, { text: MessageKey; state?: string }>> = {
  'did-not-attend': { text: 'refTimelineApptDna', state: 'DID_NOT_ATTEND' },
  'cancelled-by-provider': { text: 'refTimelineApptCancelledProvider', state: 'APPT_CANCELLED_BY_PROVIDER' },
  'cancelled-by-patient': { text: 'refTimelineApptCancelledPatient', state: 'APPT_CANCELLED_BY_PATIENT' },
  cancelled: { text: 'refTimelineApptCancelled' },
  attended: { text: 'refTimelineApptAttended' },
};

/** The appointment detail a state entry takes when the two say the same (no double entry). */
const MERGED_DETAIL: Record<string, MessageKey> = {
  BOOKED: 'refTimelineDetailBooked',
  DID_NOT_ATTEND: 'refTimelineDetailDna',
  APPT_CANCELLED_BY_PROVIDER: 'refTimelineDetailCancelled',
  APPT_CANCELLED_BY_PATIENT: 'refTimelineDetailCancelled',
};

interface Draft extends Omit<TimelineEntry, 'dateText'> {
  t: number;
  key: string;
  /** An appointment event that is an e-RS state (to merge with that state's entry). */
  apptState?: string;
  apptDate?: string;
}

/** Days within which an appointment event and a state entry that say the same are one event. */
const SAME_EVENT_DAYS = 7;

/**
 * The timeline, oldest first, from whatever the data holds: the referral date; when the clinical
 * information was first submitted (e-RS); each Task's state at its last change; Task outputs whose
 * `type` is an e-RS state and whose value is the dateTime it was reached; each Provenance that
 * records a state (with who made the change); and each appointment's booking and outcome.
 *
 * No event twice: one entry per state per UK day (the first kept takes another's "by …"), and an
 * appointment's booking, missed attendance or cancellation that a state entry also records (the
 * same state within 7 days, or, when the appointment does not say when, the nearest) is one entry
 * in e-RS's words with the appointment's date: "Appointment Cancelled By Provider: the appointment
 * for 06-Dec-2026". `outcome` reads an appointment's outcome (the model's, with e-RS reference data).
 */
export function timelineOf(
  group: ReferralBundle,
  record: ClinicalRecord,
  lang: string | undefined,
  outcome: (a: Appointment) => Outcome = (a) => outcomeOf(a),
): TimelineEntry[] {
  const entries: Draft[] = [];
  const push = (date: string | undefined, text: string, key: string, extra: Partial<Draft> = {}) => {
    const t = date ? (epochOf(date) ?? Infinity) : Infinity;
    entries.push({
      ...(date ? { date } : {}),
      text,
      t,
      key,
      ...extra,
    });
  };
  const stateText = (code: string) => refMsg(REFERRAL_STATES[code as 'BOOKED'].labelKey, undefined, lang);
  const sr = group.serviceRequest;
  const referred = str(sr.authoredOn) || undefined;
  if (referred) push(referred, refMsg('refTimelineReferred', undefined, lang), 'referred');
  const submitted = clinicalInfoFirstSubmittedOf(sr);
  if (submitted) push(submitted, refMsg('refTimelineClinicalInfo', undefined, lang), 'clinical-info');
  for (const task of group.tasks) {
    for (const out of asArray<Record<string, unknown>>(task.output)) {
      const code = ersStateOfCoding(isRecord(out) ? out['type'] : undefined);
      if (!code) continue;
      const date = str(out['valueDateTime']) || str(out['valueInstant']) || undefined;
      push(date, stateText(code), `${code}|${ukDayNumber(date) ?? ''}`, { code });
    }
    const state = referralState({ task }, lang ? { lang } : undefined);
    if (state.code !== 'unknown') {
      const date = str(task.lastModified) || str(task.meta?.lastUpdated) || str(task.authoredOn) || undefined;
      push(date, state.label, `${state.code}|${ukDayNumber(date) ?? ''}`, { code: state.code });
    }
  }
  for (const p of group.provenances ?? []) {
    const state = provenanceState(p, group, record, lang);
    if (!state) continue;
    const date = provenanceDate(p);
    const byText = provenanceBy(p, record, lang);
    push(date, state.label, `${state.code}|${ukDayNumber(date) ?? ''}`, { code: state.code, ...(byText ? { byText } : {}) });
  }
  for (const a of group.appointments) {
    const start = str(a.start) || undefined;
    const date = dayOf(start, lang);
    const created = str(a.created) || undefined;
    // an appointment made with a date is a booking; without one (an e-RS deferral), only its creation
    if (created && start)
      push(created, refMsg('refTimelineApptBooked', { date }, lang), `appt-booked|${str(a.id)}`, { apptState: 'BOOKED', apptDate: date });
    else if (created) push(created, refMsg('refTimelineApptCreated', undefined, lang), `appt-created|${str(a.id)}`);
    const o = outcome(a);
    const said = APPOINTMENT_OUTCOME[o];
    if (said) {
      // a missed or attended appointment happened at its start; a cancellation when the data says (never meta.lastUpdated)
      const when = o === 'did-not-attend' || o === 'attended' ? start : cancellationDate(a);
      push(when, refMsg(said.text, { date }, lang), `appt-${o}|${str(a.id)}`, {
        ...(said.state ? { apptState: said.state } : {}),
        apptDate: date,
      });
    }
  }
  return merged(entries, lang);
}

/** When an appointment was cancelled, when it says (the R5 `cancellationDate`, as an extension in R4). */
function cancellationDate(a: Appointment): string | undefined {
  const ext = asArray<Record<string, unknown>>(a.extension).find(
    (e) => isRecord(e) && str(e['url']).toLowerCase().endsWith('cancellationdate'),
  );
  return ext ? str(ext['valueDateTime']) || str(ext['valueDate']) || undefined : undefined;
}

/** Same state same day once; appointment events folded into the state entries that record them; oldest first. */
function merged(entries: Draft[], lang: string | undefined): TimelineEntry[] {
  const seen = new Map<string, Draft>();
  const kept: Draft[] = [];
  for (const e of [...entries].sort((x, y) => x.t - y.t)) {
    const k = seen.get(e.key);
    if (!k) {
      seen.set(e.key, e);
      kept.push(e);
    } else if (!k.byText && e.byText) k.byText = e.byText;
  }
  const claimed = new Set<Draft>();
  const appts = kept.filter((e) => e.apptState);
  // closest pairs first, so a rebooking and a first booking each find their own state entry
  const pairs: { appt: Draft; state: Draft; gap: number }[] = [];
  for (const appt of appts) {
    for (const state of kept) {
      if (state.apptState || state.code !== appt.apptState) continue;
      const gap =
        Number.isFinite(appt.t) && Number.isFinite(state.t)
          ? Math.abs(appt.t - state.t)
          : Number.isFinite(state.t)
            ? Number.MAX_SAFE_INTEGER - state.t
            : Infinity;
      if (Number.isFinite(appt.t) && gap > SAME_EVENT_DAYS * 86_400_000) continue;
      pairs.push({ appt, state, gap });
    }
  }
  const folded = new Set<Draft>();
  for (const { appt, state } of pairs.sort((x, y) => x.gap - y.gap)) {
    if (claimed.has(state) || folded.has(appt)) continue;
    claimed.add(state);
    folded.add(appt);
    state.text = refMsg(
      'refTimelineMerged',
      { state: state.text, detail: refMsg(MERGED_DETAIL[appt.apptState!], { date: appt.apptDate ?? '' }, lang) },
      lang,
    );
    if (!state.byText && appt.byText) state.byText = appt.byText;
  }
  return kept.filter((e) => !folded.has(e)).map(({ t: _t, key: _k, apptState: _s, apptDate: _d, ...e }) => withDateText(e, lang));
}

/**
 * The entry with its `dateText`, formatted when first read: the history is drawn only in a
 * referral's open details, and a long list has thousands of entries (issue 18, render cost).
 */
function withDateText(e: Omit<TimelineEntry, 'dateText'>, lang: string | undefined): TimelineEntry {
  return whenRead(e, 'dateText', () =>
    e.date ? formatDateTime(e.date, lang ? { lang } : undefined) : refMsg('refDateNotRecorded', undefined, lang),
  );
}

/** When the current state was reached: the newest timeline entry of that state, else the Task's change time. */
export function stateSince(state: ReferralStateResult, task: Task | undefined, timeline: readonly TimelineEntry[]): string | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if ((e.code ?? '') === state.code && e.date) return e.date;
  }
  return task ? str(task.lastModified) || str(task.meta?.lastUpdated) || str(task.authoredOn) || undefined : undefined;
}
