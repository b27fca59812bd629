// A referral's history, oldest first: the referral, each Task's states (and the states its outputs record), the states Provenance records with who made each change, and each appointment's booking and outcome.
import type { Provenance, ServiceRequest, Task } from 'fhir/r4.js';
import { asArray, formatDate, formatDateTime, isRecord, ukDayNumber, type ClinicalRecord, type MessageKey } from '@joinedcare/core';
import { outcomeOf } from './appointments.js';
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

const APPOINTMENT_OUTCOME_TEXT: Partial<Record<ReturnType<typeof outcomeOf>, MessageKey>> = {
  'did-not-attend': 'refTimelineApptDna',
  'cancelled-by-provider': 'refTimelineApptCancelledProvider',
  'cancelled-by-patient': 'refTimelineApptCancelledPatient',
  cancelled: 'refTimelineApptCancelled',
  attended: 'refTimelineApptAttended',
};

/**
 * The timeline, oldest first, from whatever the data holds: the referral date; each Task's
 * state at its last change; Task outputs whose `type` is an e-RS state and whose value is the
 * dateTime it was reached (`valueDateTime`); each Provenance that records a state (with who
 * made the change); and each appointment's booking and outcome. One entry per state per UK day:
 * when two sources say the same, the first kept takes the other's "by …" if it has none.
 */
export function timelineOf(group: ReferralBundle, record: ClinicalRecord, lang: string | undefined): TimelineEntry[] {
  const entries: Array<TimelineEntry & { t: number; key: string }> = [];
  const push = (date: string | undefined, text: string, key: string, byText?: string) => {
    const t = date ? (epochOf(date) ?? Infinity) : Infinity;
    entries.push({
      ...(date ? { date } : {}),
      dateText: date ? formatDateTime(date, lang ? { lang } : undefined) : refMsg('notKnown', undefined, lang),
      text,
      ...(byText ? { byText } : {}),
      t,
      key,
    });
  };
  const sr = group.serviceRequest;
  push(str(sr.authoredOn) || undefined, refMsg('refTimelineReferred', undefined, lang), 'referred');
  for (const task of group.tasks) {
    for (const out of asArray<Record<string, unknown>>(task.output)) {
      const code = ersStateOfCoding(isRecord(out) ? out['type'] : undefined);
      if (!code) continue;
      const date = str(out['valueDateTime']) || str(out['valueInstant']) || undefined;
      push(date, refMsg(REFERRAL_STATES[code as 'BOOKED'].labelKey, undefined, lang), `${code}|${ukDayNumber(date) ?? ''}`);
    }
    const state = referralState({ task }, lang ? { lang } : undefined);
    if (state.code !== 'unknown') {
      const date = str(task.lastModified) || str(task.meta?.lastUpdated) || str(task.authoredOn) || undefined;
      push(date, state.label, `${state.code}|${ukDayNumber(date) ?? ''}`);
    }
  }
  for (const p of group.provenances ?? []) {
    const state = provenanceState(p, group, record, lang);
    if (!state) continue;
    const date = provenanceDate(p);
    push(date, state.label, `${state.code}|${ukDayNumber(date) ?? ''}`, provenanceBy(p, record, lang));
  }
  for (const a of group.appointments) {
    const start = str(a.start) || undefined;
    const date = dayOf(start, lang);
    const created = str(a.created) || str(a.meta?.lastUpdated) || undefined;
    if (created) push(created, refMsg('refTimelineApptBooked', { date }, lang), `appt-booked|${str(a.id)}`);
    const outcome = outcomeOf(a);
    const key = APPOINTMENT_OUTCOME_TEXT[outcome];
    if (key) {
      const when = outcome === 'did-not-attend' || outcome === 'attended' ? start : str(a.meta?.lastUpdated) || start;
      push(when, refMsg(key, { date }, lang), `appt-${outcome}|${str(a.id)}`);
    }
  }
  // one entry per state per day (Task outputs and the Task's own state often say the same thing)
  const seen = new Map<string, TimelineEntry>();
  const out: TimelineEntry[] = [];
  for (const { t: _t, key, ...e } of entries.sort((x, y) => x.t - y.t)) {
    const kept = seen.get(key);
    if (!kept) {
      seen.set(key, e);
      out.push(e);
    } else if (!kept.byText && e.byText) kept.byText = e.byText;
  }
  return out;
}

/** When the current state was reached: the newest timeline entry with that state's label, else the Task's change time. */
export function stateSince(state: ReferralStateResult, task: Task | undefined, timeline: readonly TimelineEntry[]): string | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e.text === state.label && e.date) return e.date;
  }
  return task ? str(task.lastModified) || str(task.meta?.lastUpdated) || str(task.authoredOn) || undefined : undefined;
}
