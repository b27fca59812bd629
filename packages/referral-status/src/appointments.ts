// Appointments of a referral: what happened to each (booked, attended, missed, cancelled by whom), which one to show, and where it is.
import type { Appointment } from 'fhir/r4.js';
import { asArray, formatDate, formatDateLong, formatTime, isRecord, type ClinicalRecord, type MessageKey } from '@joinedcare/core';
import { dateValue, ERS, extensionEndingWith } from './ers-codes.js';
import { cancellationReasonOwner, type ErsReference } from './ers-reference.js';
import { epochOf, nameOf, str } from './names.js';
import { refMsg } from './messages.js';

export type AppointmentOutcome =
  'booked' | 'proposed' | 'attended' | 'did-not-attend' | 'cancelled-by-provider' | 'cancelled-by-patient' | 'cancelled' | 'other';

export interface AppointmentView {
  id: string;
  outcome: AppointmentOutcome;
  /** e.g. "Booked", "Did not attend", "Cancelled by the provider". */
  statusText: string;
  /** `12-Mar-2026 at 10:30`, or Not known. */
  when: string;
  /** Long date for screen readers. */
  whenLong: string;
  place: string;
  /** A cancelled appointment was followed by a new one. */
  rebooked: boolean;
  start?: string;
  /** The service booked (an e-RS service, a HealthcareService), or ''. */
  service: string;
  /** When it was cancelled, when the data says (the R5 `cancellationDate`, carried as an extension in R4). */
  cancelledOn?: string;
}

/** Who cancelled, when the appointment does not say but the e-RS state does (Appointment Cancelled By Provider / Patient). */
export type CancelledByHint = 'provider' | 'patient' | undefined;

function appointmentTime(a: Appointment): number {
  return epochOf(a.start) ?? epochOf(a.created) ?? epochOf(a.meta?.lastUpdated) ?? -Infinity;
}

/**
 * Who cancelled: the HL7 cancellation reason codes (`prov…`, `pat…`), e-RS reference data
 * (`appointmentBookingCancellationReasonType` of the reason), the reason's words, else what the
 * e-RS state says.
 */
function cancelledBy(a: Appointment, reference: ErsReference | undefined, hint: CancelledByHint): 'provider' | 'patient' | undefined {
  const codings = asArray<Record<string, unknown>>(a.cancelationReason?.coding);
  for (const c of codings) {
    const code = str(c?.['code']).toLowerCase();
    if (code === 'prov' || code.startsWith('prov-')) return 'provider';
    if (code === 'pat' || code.startsWith('pat-')) return 'patient';
    const owner = cancellationReasonOwner(reference, c);
    if (owner) return owner;
  }
  const text = `${str(a.cancelationReason?.text)} ${codings.map((c) => str(c?.['display'])).join(' ')}`.toLowerCase();
  if (/\bprovider\b|\bhospital\b|\bclinic\b/.test(text)) return 'provider';
  if (/\bpatient\b/.test(text)) return 'patient';
  return hint;
}

const LIVE_APPOINTMENT = new Set(['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'checked-in', 'waitlist']);

export function outcomeOf(a: Appointment, reference?: ErsReference, hint?: CancelledByHint): AppointmentOutcome {
  switch (str(a.status)) {
    case 'booked':
      return 'booked';
    case 'pending':
    case 'proposed':
    case 'waitlist':
      // with a start it is a booking on its way; without one (an e-RS deferral) nothing is booked yet
      return str(a.start) ? 'booked' : 'proposed';
    case 'arrived':
    case 'checked-in':
    case 'fulfilled':
      return 'attended';
    case 'noshow':
      return 'did-not-attend';
    case 'cancelled': {
      const by = cancelledBy(a, reference, hint);
      return by === 'provider' ? 'cancelled-by-provider' : by === 'patient' ? 'cancelled-by-patient' : 'cancelled';
    }
    default:
      return 'other';
  }
}

const OUTCOME_TEXT: Record<AppointmentOutcome, MessageKey> = {
  booked: 'refApptStatusBooked',
  proposed: 'refApptStatusProposed',
  attended: 'refApptStatusAttended',
  'did-not-attend': 'refApptStatusDna',
  'cancelled-by-provider': 'refApptStatusCancelledProvider',
  'cancelled-by-patient': 'refApptStatusCancelledPatient',
  cancelled: 'refApptStatusCancelled',
  other: 'refApptStatusOther',
};

/** The name of the first participant that is a Location (resolved through the record, or declared so). */
function placeOf(a: Appointment, record: ClinicalRecord, lang: string | undefined): string {
  for (const p of asArray<Record<string, unknown>>(a.participant)) {
    const actor = isRecord(p) ? p['actor'] : undefined;
    if (!isRecord(actor)) continue;
    const r = record.resolve(actor, a);
    const type = r.kind === 'resource' ? r.resource.resourceType : r.kind === 'unresolvable' ? r.type : undefined;
    if (type === 'Location' || str(actor['type']) === 'Location') {
      const n = nameOf(record, actor, a, lang);
      if (n) return n;
    }
  }
  return '';
}

/** The service an appointment is with: a participant that is an e-RS service or a HealthcareService. */
function serviceOf(a: Appointment, record: ClinicalRecord, lang: string | undefined): string {
  for (const p of asArray<Record<string, unknown>>(a.participant)) {
    const actor = isRecord(p) ? p['actor'] : undefined;
    if (!isRecord(actor)) continue;
    const ident = actor['identifier'];
    const isService = (isRecord(ident) && str(ident['system']) === ERS.serviceId) || str(actor['type']) === 'HealthcareService';
    const r = record.resolve(actor, a);
    if (isService || (r.kind === 'resource' && r.resource.resourceType === 'HealthcareService')) {
      const n = str(actor['display']) || nameOf(record, actor, a, lang);
      if (n) return n;
    }
  }
  return '';
}

const CANCELLATION_DATE = 'extension-appointment.cancellationdate';

export function appointmentView(
  a: Appointment,
  all: readonly Appointment[],
  record: ClinicalRecord,
  lang: string | undefined,
  reference?: ErsReference,
  hint?: CancelledByHint,
): AppointmentView {
  const outcome = outcomeOf(a, reference, hint);
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
    place: placeOf(a, record, lang) || refMsg('notKnown', undefined, lang),
    rebooked,
    ...(start ? { start } : {}),
    service: serviceOf(a, record, lang),
    ...(outcome.startsWith('cancelled') && dateValue(extensionEndingWith(a, CANCELLATION_DATE))
      ? { cancelledOn: dateValue(extensionEndingWith(a, CANCELLATION_DATE)) }
      : {}),
  };
}

/**
 * The appointment to show: a live one (booked / attended) if any, the latest by start; else the
 * latest of the others (did not attend, cancelled).
 */
export function currentAppointment(appointments: readonly Appointment[]): Appointment | undefined {
  const usable = appointments.filter((a) => str(a.status) !== 'entered-in-error');
  const byTime = [...usable].sort((x, y) => appointmentTime(y) - appointmentTime(x));
  return byTime.find((a) => LIVE_APPOINTMENT.has(str(a.status))) ?? byTime[0];
}
