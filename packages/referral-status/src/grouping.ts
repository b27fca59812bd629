// Grouping: the referrals among the ServiceRequests, and the Tasks, Appointments and Provenance of each, through the clinical record.
import type { Appointment, FhirResource, Provenance, ServiceRequest, Task } from 'fhir/r4.js';
import {
  asArray,
  ClinicalRecord,
  isNhsNumberSystem,
  isRecord,
  normaliseNhsNumber,
  patientIdFromReference,
  plainText,
} from '@joinedcare/core';
import { ERS, extensionEndingWith, isAdviceRequest, isErsReferralCategory } from './ers-codes.js';
import { readReferralInput } from './ers-input.js';
import type { ErsReference } from './ers-reference.js';
import { ubrnOf } from './ubrn.js';

/** SNOMED CT concepts that mark a ServiceRequest as a referral (category). */
const REFERRAL_CATEGORY_CODES = new Set(['3457005', '306206005']);

/**
 * Whether a ServiceRequest is a referral: never an e-RS Advice & Guidance request (code
 * advice-and-guidance, category `request`: the advice panel shows those); else e-RS's `referral`
 * category, a referral category, a UBRN, or no category at all.
 */
export function isReferral(sr: unknown): sr is ServiceRequest {
  if (!isRecord(sr) || sr['resourceType'] !== 'ServiceRequest') return false;
  if (isAdviceRequest(sr)) return false;
  if (isErsReferralCategory(sr) || ubrnOf(sr as unknown as ServiceRequest)) return true;
  const categories = asArray(sr['category']);
  if (categories.length === 0) return true;
  return categories.some((c) =>
    asArray(isRecord(c) ? c['coding'] : undefined).some(
      (coding) => isRecord(coding) && REFERRAL_CATEGORY_CODES.has(plainText(coding['code'])),
    ),
  );
}

/**
 * What the model reads: resources, in any shape `readReferralInput` reads (R4, e-RS STU3,
 * worklists, Bundles, Parameters, CodeSystems; a record is made of them, absolute references
 * matched by type and id), or a `ClinicalRecord` of R4 resources already read (a Bundle's, with
 * its `fullUrl`s, or one that knows the server's base URL).
 */
export type ReferralInput = readonly unknown[] | ClinicalRecord;

/** The record of an input, and the e-RS reference data read from it. */
function readInput(input: ReferralInput): { record: ClinicalRecord; reference?: ErsReference } {
  if (input instanceof ClinicalRecord) return { record: input };
  const read = readReferralInput(Array.isArray(input) ? input : []);
  return { record: new ClinicalRecord(read.resources, { fullUrls: read.fullUrls }), reference: read.reference };
}

const recordOf = (input: ReferralInput): ClinicalRecord => readInput(input).record;

export interface ReferralBundle {
  serviceRequest: ServiceRequest;
  tasks: Task[];
  appointments: Appointment[];
  /** Provenance targeting the ServiceRequest, one of its Tasks or one of its Appointments. */
  provenances?: Provenance[];
}

/** The resources of one type that the record can name, once each (the first of two with one `Type/id`, as references resolve). */
function listed<T extends FhirResource>(record: ClinicalRecord, type: T['resourceType']): T[] {
  const seen = new Set<string>();
  return record.ofType<T>(type).filter((r) => {
    const key = record.keyOf(r);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Groups Tasks (focus or basedOn) and Appointments (basedOn) under their ServiceRequest, and
 * Provenance under the referral whose ServiceRequest, Task or Appointment it targets. Every
 * reference resolves through the record: relative, versioned, absolute to the same server,
 * contained, `urn:uuid:` through a Bundle's `fullUrl`, or a UBRN identifier.
 */
export function groupReferrals(input: ReferralInput): { groups: ReferralBundle[]; record: ClinicalRecord; reference?: ErsReference } {
  const { record, reference } = readInput(input);
  const groups = new Map<FhirResource, ReferralBundle>();
  for (const sr of listed<ServiceRequest>(record, 'ServiceRequest')) {
    if (isReferral(sr)) groups.set(sr, { serviceRequest: sr, tasks: [], appointments: [] });
  }
  const groupOf = (ref: unknown, from: FhirResource): ReferralBundle | undefined => {
    const target = record.resource(ref, from);
    return target ? groups.get(target) : undefined;
  };
  for (const t of listed<Task>(record, 'Task')) {
    for (const g of new Set([groupOf(t.focus, t), ...asArray(t.basedOn).map((b) => groupOf(b, t))])) g?.tasks.push(t);
  }
  for (const a of listed<Appointment>(record, 'Appointment')) {
    for (const g of new Set(asArray(a.basedOn).map((b) => groupOf(b, a)))) g?.appointments.push(a);
  }
  for (const g of groups.values()) addErsAppointment(g, record);
  // Provenance: through the resource it targets (ServiceRequest, or a Task / Appointment of a referral)
  const owners = new Map<FhirResource, ReferralBundle[]>();
  for (const g of groups.values()) {
    for (const r of [g.serviceRequest, ...g.tasks, ...g.appointments]) owners.set(r, [...(owners.get(r) ?? []), g]);
  }
  for (const p of listed<Provenance>(record, 'Provenance')) {
    const found = new Set<ReferralBundle>();
    for (const target of asArray(p.target)) {
      const r = record.resource(target, p);
      for (const g of (r && owners.get(r)) ?? []) found.add(g);
    }
    for (const g of found) (g.provenances ??= []).push(p);
  }
  return { groups: [...groups.values()], record, ...(reference ? { reference } : {}) };
}

/**
 * The appointment e-RS names on the referral: `Extension-eRS-Appointment-Reference-1` (the
 * appointment on the e-RS server) when the record holds it, else the contained one
 * (`Extension-eRS-Appointment-1`, `#appointment`): the same appointment, listed once.
 */
function addErsAppointment(g: ReferralBundle, record: ClinicalRecord): void {
  const sr = g.serviceRequest;
  const byRef = record.resource<Appointment>(
    extensionEndingWith(sr, ERS.appointmentReference.toLowerCase())?.['valueReference'],
    sr,
    'Appointment',
  );
  const contained = record.resource<Appointment>(
    extensionEndingWith(sr, ERS.appointment.toLowerCase())?.['valueReference'],
    sr,
    'Appointment',
  );
  const appt = byRef ?? contained;
  if (appt && !g.appointments.includes(appt)) g.appointments.push(appt);
}

/** ServiceRequests of an input that are not referrals: Advice & Guidance requests, and other requests (tests, procedures). */
export function countNotReferrals(input: ReferralInput): { adviceRequests: number; otherRequests: number } {
  const out = { adviceRequests: 0, otherRequests: 0 };
  for (const sr of recordOf(input).ofType<ServiceRequest>('ServiceRequest')) {
    if (isReferral(sr)) continue;
    if (isAdviceRequest(sr)) out.adviceRequests++;
    else out.otherRequests++;
  }
  return out;
}

/** How many ServiceRequests an input holds (a cheap upper bound on the referrals). */
export function countServiceRequests(input: ReferralInput): number {
  if (input instanceof ClinicalRecord) return input.ofType('ServiceRequest').length;
  let n = 0;
  for (const r of Array.isArray(input) ? input : []) {
    if (isRecord(r) && (r['resourceType'] === 'ServiceRequest' || r['resourceType'] === 'ReferralRequest')) n++;
  }
  return n;
}

/** The Patient id a ServiceRequest is about, if it names one by reference. */
export function subjectIdOf(sr: ServiceRequest): string | undefined {
  return isRecord(sr) && isRecord(sr.subject) ? patientIdFromReference(sr.subject.reference) : undefined;
}

/** The NHS number a ServiceRequest's subject names (R4 or STU3 system), normalised, if it names one. */
export function subjectNhsNumberOf(sr: ServiceRequest): string | undefined {
  const ident: unknown = isRecord(sr) && isRecord(sr.subject) ? sr.subject.identifier : undefined;
  return isRecord(ident) && isNhsNumberSystem(ident['system']) ? normaliseNhsNumber(ident['value']) : undefined;
}
