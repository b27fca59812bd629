/**
 * Pure FHIR → view-model functions for `<jc-referral-status>` (no DOM, never throws on bad data).
 *
 * Input: ServiceRequests (the referrals), Tasks whose `focus` or `basedOn` points at one,
 * Appointments whose `basedOn` points at one, Provenance whose `target` points at any of these
 * (already accepted by the patient guard), plus directory resources (Organization,
 * Practitioner, PractitionerRole, Location) used to name people and places.
 * Output: one `ReferralView` per referral, with every string ready to show (never "undefined").
 */
import type {
  Appointment,
  CodeableConcept,
  Extension,
  FhirResource,
  Organization,
  Practitioner,
  PractitionerRole,
  Provenance,
  Resource,
  ServiceRequest,
  Task,
} from 'fhir/r4.js';
import {
  asArray,
  formatCodeableConcept,
  formatDate,
  formatDateLong,
  formatDateTime,
  formatName,
  formatRelative,
  formatTime,
  isRecord,
  parseFhirDate,
  plainText,
  throwIfAborted,
  yieldToMain,
  type MessageKey,
} from '@joinedcare/core';
import { waitingClock, ukDayNumber, type WaitingClock } from './clock.js';
import { referralPriority, referralState, REFERRAL_STATES, type ReferralPriorityResult, type ReferralStateResult } from './states.js';
import { refMsg } from './strings.js';

export const UBRN_SYSTEM = 'https://fhir.nhs.uk/Id/UBRN';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const APPOINTMENT_CANCELLATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason';
/** SNOMED CT concepts that mark a ServiceRequest as a referral (category). */
const REFERRAL_CATEGORY_CODES = new Set(['3457005', '306206005']);

/** Default days a referral may wait for triage before it needs attention (design choice). */
export const DEFAULT_TRIAGE_ALERT_DAYS = 7;

export type ReferralFilter = 'active' | 'completed' | 'all';
export const REFERRAL_FILTERS: readonly ReferralFilter[] = ['active', 'completed', 'all'];

export type AttentionKind = 'rejected' | 'awaiting-triage' | 'did-not-attend' | 'cancelled-by-provider';

export interface Attention {
  kind: AttentionKind;
  /** One sentence saying why. */
  reason: string;
}

export type AppointmentOutcome =
  'booked' | 'attended' | 'did-not-attend' | 'cancelled-by-provider' | 'cancelled-by-patient' | 'cancelled' | 'other';

export interface AppointmentView {
  id: string;
  outcome: AppointmentOutcome;
  /** e.g. "Booked", "Did not attend", "Cancelled by the provider". */
  statusText: string;
  /** `12-Mar-2026 at 10:30`, or Not Known. */
  when: string;
  /** Long date for screen readers. */
  whenLong: string;
  place: string;
  /** A cancelled appointment was followed by a new one. */
  rebooked: boolean;
  start?: string;
}

export interface TimelineEntry {
  /** FHIR date/dateTime, when known. */
  date?: string;
  dateText: string;
  text: string;
  /** Who made the change (from Provenance `agent`), e.g. "by Dr A Raman, Northbridge Trust". */
  byText?: string;
}

export interface ReferralView {
  /** ServiceRequest id. */
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
  /** "Updated 20-Nov-2026 (2 days ago) by X (hospital)". */
  updatedText: string;
  /** Changes whenever anything shown changes (for change detection). */
  signature: string;
}

export interface ReferralModelOptions {
  now: Date;
  lang?: string;
  /** At-risk threshold as a fraction of the standard, in (0, 1]; default 0.8. */
  atRiskFraction?: number;
  /** Days awaiting triage after which a referral needs attention (default 7). */
  triageAlertDays?: number;
}

// ---------------------------------------------------------------------------------------------
// small readers

const arr = asArray;
/** Untrusted text as one clean line: bidi controls and invisible characters removed. */
const str = (v: unknown): string => plainText(v);

/** `Type/id` of a reference (relative, absolute or versioned), or undefined. */
export function referenceKey(ref: unknown): string | undefined {
  if (!isRecord(ref)) return undefined;
  const r = str(ref['reference']);
  if (!r || r.startsWith('#') || r.startsWith('urn:')) return undefined;
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(r.replace(/\?.*$/, ''));
  return m ? `${m[1]}/${m[2]}` : undefined;
}

const keyOf = (r: { resourceType?: unknown; id?: unknown }): string => `${str(r.resourceType)}/${str(r.id)}`;

/** Formats a UBRN as `0000 0000 0000`; other values are shown as recorded; missing is Not Known. */
export function formatUbrn(value: unknown, lang?: string): string {
  const raw = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  const digits = raw.replace(/[\s-]/g, '');
  if (/^\d{12}$/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`;
  return raw || refMsg('notKnown', undefined, lang);
}

export function ubrnOf(sr: ServiceRequest): string | undefined {
  const id = arr<Record<string, unknown>>(sr.identifier).find((i) => isRecord(i) && str(i['system']) === UBRN_SYSTEM);
  const v = id ? str(id['value']) : '';
  return v || undefined;
}

/** Whether a ServiceRequest is a referral: a referral category, a UBRN, or no category at all. */
export function isReferral(sr: unknown): sr is ServiceRequest {
  if (!isRecord(sr) || sr['resourceType'] !== 'ServiceRequest') return false;
  if (ubrnOf(sr as unknown as ServiceRequest)) return true;
  const categories = arr(sr['category']);
  if (categories.length === 0) return true;
  return categories.some((c) =>
    arr(isRecord(c) ? c['coding'] : undefined).some((coding) => isRecord(coding) && REFERRAL_CATEGORY_CODES.has(str(coding['code']))),
  );
}

/** The epoch ms of a FHIR date/dateTime, or undefined. */
function epochOf(value: unknown): number | undefined {
  const p = parseFhirDate(value);
  return p ? p.date.getTime() : undefined;
}

/** Index of the directory (and everything else) by `Type/id`. */
type Index = Map<string, Resource>;

function concept(value: unknown, lang: string | undefined): string {
  if (!isRecord(value)) return '';
  const text = formatCodeableConcept(value, lang ? { lang } : undefined);
  return text === refMsg('notKnown', undefined, lang) ? '' : text;
}

/** Name of whatever a reference points at (display first: it is what the sender chose to show). */
function nameOf(ref: unknown, index: Index, lang: string | undefined): string {
  if (!isRecord(ref)) return '';
  const display = str(ref['display']);
  if (display) return display;
  const target = index.get(referenceKey(ref) ?? '');
  if (!target) return '';
  switch (target.resourceType) {
    case 'Practitioner': {
      const n = formatName((target as Practitioner).name, lang ? { lang } : undefined);
      return n === refMsg('notKnown', undefined, lang) ? '' : n;
    }
    case 'PractitionerRole':
      return nameOf((target as PractitionerRole).practitioner, index, lang);
    case 'Organization':
    case 'Location':
    case 'HealthcareService':
      return str((target as Organization).name);
    default:
      return '';
  }
}

/** The organisation a person reference belongs to (PractitionerRole.organization), if known. */
function organisationOfPerson(ref: unknown, index: Index, lang: string | undefined): string {
  const target = index.get(referenceKey(ref) ?? '');
  if (target?.resourceType === 'PractitionerRole') return nameOf((target as PractitionerRole).organization, index, lang);
  if (target?.resourceType === 'Organization') return nameOf(ref, index, lang);
  if (isRecord(ref) && str(ref['type']) === 'Organization') return nameOf(ref, index, lang);
  return '';
}

/** ODS code -> first Organization with it, per index (built once: a scan per referral was O(n²)). */
const organisationsByOds = new WeakMap<Index, Map<string, Organization>>();

function organisationByOds(ods: string, index: Index): Organization | undefined {
  let byOds = organisationsByOds.get(index);
  if (!byOds) {
    byOds = new Map();
    for (const r of index.values()) {
      if (r.resourceType !== 'Organization') continue;
      for (const i of arr<Record<string, unknown>>((r as Organization).identifier)) {
        const value = isRecord(i) && str(i['system']) === ODS_SYSTEM ? str(i['value']) : '';
        if (value && !byOds.has(value)) byOds.set(value, r as Organization);
      }
    }
    organisationsByOds.set(index, byOds);
  }
  return byOds.get(ods);
}

/** ODS code in `meta.source` (`urn:ods:R9A`, or a URL ending in the code). */
export function odsOfSource(source: unknown): string | undefined {
  const s = str(source);
  const m = /^urn:ods:([A-Za-z0-9]+)$/i.exec(s);
  return m?.[1]?.toUpperCase();
}

/** Care setting of an organisation from its ODS role (RO76 GP practice; RO197 / RO57 / RO172 trusts). */
function settingOfOrganisation(org: Organization | undefined): 'primary' | 'secondary' | undefined {
  for (const t of arr<CodeableConcept>(org?.type)) {
    for (const c of arr<Record<string, unknown>>(t?.coding)) {
      const code = str(c?.['code']).toUpperCase();
      if (code === 'RO76') return 'primary';
      if (code === 'RO197' || code === 'RO57' || code === 'RO172') return 'secondary';
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// grouping

export interface ReferralBundle {
  serviceRequest: ServiceRequest;
  tasks: Task[];
  appointments: Appointment[];
  /** Provenance targeting the ServiceRequest, one of its Tasks or one of its Appointments. */
  provenances?: Provenance[];
}

/**
 * Groups Tasks (focus or basedOn) and Appointments (basedOn) under their ServiceRequest, and
 * Provenance under the referral whose ServiceRequest, Task or Appointment it targets.
 */
export function groupReferrals(resources: readonly unknown[]): { groups: ReferralBundle[]; index: Index } {
  const index: Index = new Map();
  for (const r of resources) {
    if (isRecord(r) && typeof r['resourceType'] === 'string' && typeof r['id'] === 'string') index.set(keyOf(r), r as unknown as Resource);
  }
  const groups = new Map<string, ReferralBundle>();
  for (const r of index.values()) {
    if (r.resourceType === 'ServiceRequest' && isReferral(r)) groups.set(keyOf(r), { serviceRequest: r, tasks: [], appointments: [] });
  }
  for (const r of index.values()) {
    if (r.resourceType === 'Task') {
      const t = r as Task;
      const targets = new Set([referenceKey(t.focus), ...arr(t.basedOn).map(referenceKey)]);
      for (const k of targets) if (k && groups.has(k)) groups.get(k)!.tasks.push(t);
    } else if (r.resourceType === 'Appointment') {
      const a = r as Appointment;
      const targets = new Set(arr(a.basedOn).map(referenceKey));
      for (const k of targets) if (k && groups.has(k)) groups.get(k)!.appointments.push(a);
    }
  }
  // Provenance: through the resource it targets (ServiceRequest, or a Task / Appointment of a referral)
  const owners = new Map<string, ReferralBundle[]>();
  for (const [k, g] of groups) {
    for (const key of [k, ...g.tasks.map(keyOf), ...g.appointments.map(keyOf)]) owners.set(key, [...(owners.get(key) ?? []), g]);
  }
  for (const r of index.values()) {
    if (r.resourceType !== 'Provenance') continue;
    const found = new Set<ReferralBundle>();
    for (const target of arr((r as Provenance).target)) for (const g of owners.get(referenceKey(target) ?? '') ?? []) found.add(g);
    for (const g of found) (g.provenances ??= []).push(r as Provenance);
  }
  return { groups: [...groups.values()], index };
}

/** When a Task last changed: lastModified, else meta.lastUpdated, else authoredOn. */
function taskTime(t: Task): number {
  return epochOf(t.lastModified) ?? epochOf(t.meta?.lastUpdated) ?? epochOf(t.authoredOn) ?? -Infinity;
}

function latestTask(tasks: readonly Task[]): Task | undefined {
  let best: Task | undefined;
  for (const t of tasks) if (!best || taskTime(t) >= taskTime(best)) best = t;
  return best;
}

function appointmentTime(a: Appointment): number {
  return epochOf(a.start) ?? epochOf(a.created) ?? epochOf(a.meta?.lastUpdated) ?? -Infinity;
}

function cancelledBy(a: Appointment): 'provider' | 'patient' | undefined {
  const codings = arr<Record<string, unknown>>(a.cancelationReason?.coding);
  for (const c of codings) {
    const code = str(c?.['code']).toLowerCase();
    if (code === 'prov' || code.startsWith('prov-')) return 'provider';
    if (code === 'pat' || code.startsWith('pat-')) return 'patient';
  }
  const text = `${str(a.cancelationReason?.text)} ${codings.map((c) => str(c?.['display'])).join(' ')}`.toLowerCase();
  if (/\bprovider\b|\bhospital\b|\bclinic\b/.test(text)) return 'provider';
  if (/\bpatient\b/.test(text)) return 'patient';
  return undefined;
}

const LIVE_APPOINTMENT = new Set(['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'checked-in', 'waitlist']);

function outcomeOf(a: Appointment): AppointmentOutcome {
  switch (str(a.status)) {
    case 'booked':
    case 'pending':
    case 'proposed':
    case 'waitlist':
      return 'booked';
    case 'arrived':
    case 'checked-in':
    case 'fulfilled':
      return 'attended';
    case 'noshow':
      return 'did-not-attend';
    case 'cancelled': {
      const by = cancelledBy(a);
      return by === 'provider' ? 'cancelled-by-provider' : by === 'patient' ? 'cancelled-by-patient' : 'cancelled';
    }
    default:
      return 'other';
  }
}

const OUTCOME_TEXT: Record<AppointmentOutcome, MessageKey> = {
  booked: 'refApptStatusBooked',
  attended: 'refApptStatusAttended',
  'did-not-attend': 'refApptStatusDna',
  'cancelled-by-provider': 'refApptStatusCancelledProvider',
  'cancelled-by-patient': 'refApptStatusCancelledPatient',
  cancelled: 'refApptStatusCancelled',
  other: 'refApptStatusOther',
};

function placeOf(a: Appointment, index: Index, lang: string | undefined): string {
  for (const p of arr<Record<string, unknown>>(a.participant)) {
    const actor = isRecord(p) ? p['actor'] : undefined;
    const key = referenceKey(actor) ?? '';
    const type = isRecord(actor) ? str(actor['type']) : '';
    if (key.startsWith('Location/') || type === 'Location') {
      const n = nameOf(actor, index, lang);
      if (n) return n;
    }
  }
  return '';
}

function appointmentView(a: Appointment, all: readonly Appointment[], index: Index, lang: string | undefined): AppointmentView {
  const outcome = outcomeOf(a);
  const o = lang ? { lang } : undefined;
  const start = str(a.start) || undefined;
  const when = start
    ? refMsg('refApptAt', { date: formatDate(start, o), time: formatTime(start, o) }, lang)
    : refMsg('notKnown', undefined, lang);
  const rebooked =
    outcome.startsWith('cancelled') &&
    all.some((b) => b !== a && LIVE_APPOINTMENT.has(str(b.status)) && appointmentTime(b) >= appointmentTime(a));
  return {
    id: str(a.id),
    outcome,
    statusText: refMsg(OUTCOME_TEXT[outcome], { status: str(a.status) || refMsg('notKnown', undefined, lang) }, lang),
    when,
    whenLong: start ? formatDateLong(start, o) : when,
    place: placeOf(a, index, lang) || refMsg('notKnown', undefined, lang),
    rebooked,
    ...(start ? { start } : {}),
  };
}

/**
 * The appointment to show: a live one (booked / attended) if any, the latest by start; else the
 * latest of the others (did not attend, cancelled).
 */
function currentAppointment(appointments: readonly Appointment[]): Appointment | undefined {
  const usable = appointments.filter((a) => str(a.status) !== 'entered-in-error');
  const byTime = [...usable].sort((x, y) => appointmentTime(y) - appointmentTime(x));
  return byTime.find((a) => LIVE_APPOINTMENT.has(str(a.status))) ?? byTime[0];
}

// ---------------------------------------------------------------------------------------------
// state, reason, timeline

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
  return arr<Record<string, unknown>>(notes)
    .map((n) => (isRecord(n) ? str(n['text']) : ''))
    .filter(Boolean);
}

/** ServiceRequest status reason travels in an extension in R4 (no element): any `…statusReason…` extension. */
function srStatusReason(sr: ServiceRequest, lang: string | undefined): string {
  for (const ext of arr<Extension>(sr.extension)) {
    if (!isRecord(ext) || !str(ext.url).toLowerCase().includes('statusreason')) continue;
    const text = concept(ext.valueCodeableConcept, lang) || str(ext.valueString);
    if (text) return text;
  }
  return '';
}

function ersStateOfCoding(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  for (const c of arr<Record<string, unknown>>(value['coding'])) {
    const code = str(c?.['code']).toUpperCase();
    if (code in REFERRAL_STATES && str(c?.['system']).toLowerCase().includes('ers-referralstate')) return code;
  }
  return undefined;
}

/** The version in a versioned reference (`Task/t1/_history/3` -> `3`), or undefined. */
function versionOfReference(ref: unknown): string | undefined {
  if (!isRecord(ref)) return undefined;
  const m = /\/_history\/([A-Za-z0-9\-.]{1,64})$/.exec(str(ref['reference']).replace(/\?.*$/, ''));
  return m?.[1];
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
function provenanceState(p: Provenance, group: ReferralBundle, lang: string | undefined): { code: string; label: string } | undefined {
  const o = lang ? { lang } : undefined;
  const known = (s: ReferralStateResult) => (s.code === 'unknown' ? undefined : s);
  const activity: unknown = p.activity;
  const ers = ersStateOfCoding(activity);
  if (ers) return { code: ers, label: refMsg(REFERRAL_STATES[ers as 'BOOKED'].labelKey, undefined, lang) };
  for (const c of arr<Record<string, unknown>>(isRecord(activity) ? activity['coding'] : undefined)) {
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
  for (const target of arr(p.target)) {
    const version = versionOfReference(target);
    const key = referenceKey(target);
    if (!version || !key) continue;
    const task = group.tasks.find((t) => keyOf(t) === key);
    if (task && str(task.meta?.versionId) === version) return known(referralState({ task }, o));
    const sr = group.serviceRequest;
    if (keyOf(sr) === key && str(sr.meta?.versionId) === version) return known(referralState({ serviceRequest: sr }, o));
  }
  return undefined;
}

/** "by Who, Organisation" from the first Provenance agent that names anyone, or undefined. */
function provenanceBy(p: Provenance, index: Index, lang: string | undefined): string | undefined {
  for (const agent of arr<Record<string, unknown>>(p.agent)) {
    if (!isRecord(agent)) continue;
    const who = nameOf(agent['who'], index, lang);
    const org = nameOf(agent['onBehalfOf'], index, lang) || organisationOfPerson(agent['who'], index, lang);
    if (who && org && org !== who) return refMsg('refTimelineByAt', { who, organisation: org }, lang);
    if (who || org) return refMsg('refTimelineBy', { who: who || org }, lang);
  }
  return undefined;
}

function dayOf(value: string | undefined, lang: string | undefined): string {
  return value ? formatDate(value, lang ? { lang } : undefined) : refMsg('notKnown', undefined, lang);
}

/**
 * The timeline, oldest first, from whatever the data holds: the referral date; each Task's
 * state at its last change; Task outputs whose `type` is an e-RS state and whose value is the
 * dateTime it was reached (`valueDateTime`); each Provenance that records a state (with who
 * made the change); and each appointment's booking and outcome. One entry per state per UK day:
 * when two sources say the same, the first kept takes the other's "by …" if it has none.
 */
function timelineOf(group: ReferralBundle, index: Index, lang: string | undefined): TimelineEntry[] {
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
    for (const out of arr<Record<string, unknown>>(task.output)) {
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
    const state = provenanceState(p, group, lang);
    if (!state) continue;
    const date = provenanceDate(p);
    push(date, state.label, `${state.code}|${ukDayNumber(date) ?? ''}`, provenanceBy(p, index, lang));
  }
  for (const a of group.appointments) {
    const start = str(a.start) || undefined;
    const date = dayOf(start, lang);
    const created = str(a.created) || str(a.meta?.lastUpdated) || undefined;
    if (created) push(created, refMsg('refTimelineApptBooked', { date }, lang), `appt-booked|${str(a.id)}`);
    const outcome = outcomeOf(a);
    const key: MessageKey | undefined =
      outcome === 'did-not-attend'
        ? 'refTimelineApptDna'
        : outcome === 'cancelled-by-provider'
          ? 'refTimelineApptCancelledProvider'
          : outcome === 'cancelled-by-patient'
            ? 'refTimelineApptCancelledPatient'
            : outcome === 'cancelled'
              ? 'refTimelineApptCancelled'
              : outcome === 'attended'
                ? 'refTimelineApptAttended'
                : undefined;
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
function stateSince(state: ReferralStateResult, task: Task | undefined, timeline: readonly TimelineEntry[]): string | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e.text === state.label && e.date) return e.date;
  }
  return task ? str(task.lastModified) || str(task.meta?.lastUpdated) || str(task.authoredOn) || undefined : undefined;
}

function clockText(clock: WaitingClock, lang: string | undefined): string {
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

// ---------------------------------------------------------------------------------------------
// the view model

function updatedText(group: ReferralBundle, index: Index, now: Date, lang: string | undefined): string {
  const all: Resource[] = [group.serviceRequest, ...group.tasks, ...group.appointments];
  let latest: Resource | undefined;
  let latestT = -Infinity;
  for (const r of all) {
    const t = epochOf(r.meta?.lastUpdated);
    if (t !== undefined && t > latestT) {
      latest = r;
      latestT = t;
    }
  }
  const from = latest ?? group.serviceRequest;
  const ods = odsOfSource(from.meta?.source);
  const org = ods ? organisationByOds(ods, index) : undefined;
  const orgName = str(org?.name) || ods || '';
  const setting = settingOfOrganisation(org);
  const source = !orgName
    ? refMsg('notKnown', undefined, lang)
    : setting === 'primary'
      ? refMsg('refSourceGp', { organisation: orgName }, lang)
      : setting === 'secondary'
        ? refMsg('refSourceHospital', { organisation: orgName }, lang)
        : orgName;
  if (!latest) return refMsg('refUpdatedNoDate', { source }, lang);
  const lu = str(latest.meta?.lastUpdated);
  const o = { now, ...(lang ? { lang } : {}) };
  return refMsg('refUpdated', { date: formatDate(lu, o), relative: formatRelative(lu, o), source }, lang);
}

function attentionOf(
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

function stopDateOf(group: ReferralBundle, task: Task | undefined): string | undefined {
  const candidates = [
    task ? str(task.lastModified) || str(task.meta?.lastUpdated) : '',
    str(group.serviceRequest.occurrenceDateTime),
    str(group.serviceRequest.meta?.lastUpdated),
  ].filter(Boolean);
  let best: string | undefined;
  for (const c of candidates) if (epochOf(c) !== undefined && (!best || (epochOf(c) as number) > (epochOf(best) as number))) best = c;
  return best ?? candidates[0];
}

/** One referral's view model. */
export function referralView(group: ReferralBundle, index: Index, options: ReferralModelOptions): ReferralView {
  const lang = options.lang;
  const o = lang ? { lang } : undefined;
  const notKnown = refMsg('notKnown', undefined, lang);
  const sr = group.serviceRequest;
  const task = latestTask(group.tasks);
  const appointmentResource = currentAppointment(group.appointments);
  const appointment = appointmentResource ? appointmentView(appointmentResource, group.appointments, index, lang) : undefined;

  let state = referralState({ serviceRequest: sr, ...(task ? { task } : {}) }, o);
  if (state.source !== 'ers-extension' && state.source !== 'task-business-status' && state.phase === 'active') {
    state = stateFromAppointment(appointment, lang) ?? state;
  }
  const priority = referralPriority(sr, o);
  const timeline = timelineOf(group, index, lang);
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

  let reason: string | undefined;
  let comments: string[] = [];
  if (REASON_STATES.has(state.code)) {
    reason =
      concept(task?.statusReason, lang) ||
      srStatusReason(sr, lang) ||
      (appointmentResource && state.code.startsWith('APPT_') ? concept(appointmentResource.cancelationReason, lang) : '') ||
      undefined;
    comments = [
      ...notesOf(task?.note),
      ...(appointmentResource && state.code.startsWith('APPT_') ? [str(appointmentResource.comment)].filter(Boolean) : []),
    ];
  }

  const ubrn = ubrnOf(sr);
  const referredText = referred ? formatDate(referred, o) : notKnown;
  const triageAlertDays =
    typeof options.triageAlertDays === 'number' && Number.isFinite(options.triageAlertDays) && options.triageAlertDays >= 0
      ? options.triageAlertDays
      : DEFAULT_TRIAGE_ALERT_DAYS;
  const attention =
    state.phase === 'active'
      ? attentionOf(state, appointment, stateSince(state, task, timeline), referred, options.now, triageAlertDays, lang)
      : undefined;

  const performerRef = arr(sr.performer).find((p) => (referenceKey(p) ?? '').startsWith('Organization/')) ?? arr(sr.performer)[0];
  const performer =
    organisationOfPerson(performerRef, index, lang) || nameOf(performerRef, index, lang) || nameOf(task?.owner, index, lang) || notKnown;
  const requesterOrganisation = (() => {
    const viaRole = organisationOfPerson(sr.requester, index, lang);
    if (viaRole) return viaRole;
    const ods = odsOfSource(sr.meta?.source);
    const org = ods ? organisationByOds(ods, index) : undefined;
    return str(org?.name) || ods || notKnown;
  })();
  const service =
    concept(sr.code, lang) ||
    arr(sr.performerType ? [sr.performerType] : []).map((c) => concept(c, lang))[0] ||
    concept(arr(sr.orderDetail)[0], lang) ||
    notKnown;

  const view: Omit<ReferralView, 'signature'> = {
    id: str(sr.id),
    ...(ubrn ? { ubrn } : {}),
    ubrnText: formatUbrn(ubrn, lang),
    service,
    requester: nameOf(sr.requester, index, lang) || notKnown,
    requesterOrganisation,
    performer,
    priority,
    referredText,
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
    updatedText: updatedText(group, index, options.now, lang),
  };
  return { ...view, signature: JSON.stringify(view) };
}

// ---------------------------------------------------------------------------------------------
// lists

/** Urgency order: needs attention first, then two week wait > urgent > routine, then longest wait, then newest. */
export function compareReferrals(a: ReferralView, b: ReferralView): number {
  const att = Number(!!b.attention) - Number(!!a.attention);
  if (att) return att;
  const pr = a.priority.rank - b.priority.rank;
  if (pr) return pr;
  const da = a.clock.state === 'unknown' ? -1 : a.clock.day;
  const db = b.clock.state === 'unknown' ? -1 : b.clock.day;
  if (da !== db) return db - da;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every referral in `resources`, sorted by urgency. */
export function buildReferrals(resources: readonly unknown[], options: ReferralModelOptions): ReferralView[] {
  const { groups, index } = groupReferrals(resources);
  return groups.map((g) => referralView(g, index, options)).sort(compareReferrals);
}

/** Above this many referrals (ServiceRequests), the element builds the views in chunks. */
export const CHUNKED_BUILD_THRESHOLD = 300;
/** Referrals built per chunk before yielding to the main thread. */
export const BUILD_CHUNK_SIZE = 250;

export interface ChunkedBuildOptions {
  /** Referrals per chunk (default 250). */
  chunkSize?: number;
  /** Stops the build: the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after each chunk with how many referrals are built out of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Lets the main thread run between chunks (default: `scheduler.yield()` when available, else a 0 ms timeout). */
  yieldToMain?: () => Promise<void>;
}

/** How many ServiceRequests `resources` holds (a cheap upper bound on the referrals). */
export function countServiceRequests(resources: readonly unknown[]): number {
  let n = 0;
  for (const r of resources) if (isRecord(r) && r['resourceType'] === 'ServiceRequest') n++;
  return n;
}

/** Yields to the main thread (from core; re-exported here for compatibility). */
export { yieldToMain };

/**
 * The same list as `buildReferrals` (same order, same fields), built `chunkSize` referrals at a
 * time with a yield to the main thread between chunks, so a long list never blocks the page.
 */
export async function buildReferralsChunked(
  resources: readonly unknown[],
  options: ReferralModelOptions,
  build: ChunkedBuildOptions = {},
): Promise<ReferralView[]> {
  const size = build.chunkSize && build.chunkSize >= 1 ? Math.floor(build.chunkSize) : BUILD_CHUNK_SIZE;
  const pause = build.yieldToMain ?? yieldToMain;
  throwIfAborted(build.signal);
  const { groups, index } = groupReferrals(resources);
  const out: ReferralView[] = [];
  for (let i = 0; i < groups.length; i += size) {
    if (i > 0) {
      await pause();
      throwIfAborted(build.signal);
    }
    for (const g of groups.slice(i, i + size)) out.push(referralView(g, index, options));
    build.onProgress?.(out.length, groups.length);
  }
  return out.sort(compareReferrals);
}

export function filterReferrals(list: readonly ReferralView[], filter: ReferralFilter): ReferralView[] {
  return filter === 'all' ? [...list] : list.filter((r) => r.phase === filter);
}

/**
 * What changed between two loads, as polite sentences for a live region: new referrals, state
 * changes, referrals no longer listed. Ids only are compared; nothing else is said.
 */
export function referralChanges(before: readonly ReferralView[], after: readonly ReferralView[], lang?: string): string[] {
  const old = new Map(before.map((r) => [r.id, r]));
  const out: string[] = [];
  for (const r of after) {
    const prev = old.get(r.id);
    if (!prev) out.push(refMsg('refAnnounceNew', { service: r.service, state: r.state.label }, lang));
    else if (prev.state.label !== r.state.label) out.push(refMsg('refAnnounceState', { service: r.service, state: r.state.label }, lang));
    old.delete(r.id);
  }
  for (const r of old.values()) out.push(refMsg('refAnnounceRemoved', { service: r.service }, lang));
  return out;
}

/** The newest `meta.lastUpdated` among resources (for `_lastUpdated=gt…` polling), or undefined. */
export function newestLastUpdated(resources: readonly FhirResource[]): string | undefined {
  let best: string | undefined;
  let bestT = -Infinity;
  for (const r of resources) {
    const lu = str(r?.meta?.lastUpdated);
    const t = epochOf(lu);
    if (t !== undefined && t > bestT) {
      best = lu;
      bestT = t;
    }
  }
  return best;
}

/** The Patient id a ServiceRequest is about, if it names one by reference. */
export function subjectIdOf(sr: ServiceRequest): string | undefined {
  const k = referenceKey(sr.subject);
  return k?.startsWith('Patient/') ? k.slice('Patient/'.length) : undefined;
}
