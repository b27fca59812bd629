import type { FhirResource, Patient, Reference } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM, nhsNumberOf, normaliseNhsNumber } from './patient.js';

/** Who a resource is about, as far as the patient guard is concerned. */
export interface PatientIdentity {
  id?: string | undefined;
  nhsNumber?: string | undefined;
}

/** Why the guard refused a resource. */
export type RejectionReason = 'other-patient' | 'no-subject' | 'unexpected-type';

/** A refused resource, described without any clinical content. */
export interface RejectedResource {
  resourceType: string;
  id: string;
  reason: RejectionReason;
}

export interface GuardResult<T> {
  accepted: T[];
  rejected: RejectedResource[];
}

/** Resource types that are not about one patient (shared reference data). */
const SHARED_TYPES = new Set([
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'Medication',
  'HealthcareService',
  'Endpoint',
  'Substance',
  'Device',
  'OperationOutcome',
  'Binary',
]);

/** Where each patient-specific type names its patient. */
const SUBJECT_PATHS: Record<string, readonly string[]> = {
  AllergyIntolerance: ['patient'],
  Immunization: ['patient'],
  Appointment: ['participant.actor'],
  Task: ['for'],
  Account: ['subject'],
  Coverage: ['beneficiary'],
  Consent: ['patient'],
  DiagnosticReport: ['subject'],
  EpisodeOfCare: ['patient'],
  Flag: ['subject'],
};

function refs(resource: Record<string, unknown>, path: string): unknown[] {
  let current: unknown[] = [resource];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const c of current) {
      if (!c || typeof c !== 'object') continue;
      const v = (c as Record<string, unknown>)[part];
      if (Array.isArray(v)) next.push(...(v as unknown[]));
      else if (v !== undefined) next.push(v);
    }
    current = next;
  }
  return current;
}

/** The id in a Patient reference (`Patient/1`, `https://x/fhir/Patient/1/_history/2`), or undefined. */
export function patientIdFromReference(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return undefined;
  const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return m?.[1];
}

type Verdict = 'match' | 'mismatch' | 'unknown' | 'not-a-patient-ref';

function checkReference(ref: unknown, who: PatientIdentity): Verdict {
  if (!ref || typeof ref !== 'object') return 'unknown';
  const r = ref as Reference;
  const refId = patientIdFromReference(r.reference);
  const ident = r.identifier;
  const refNhs = ident?.system === NHS_NUMBER_SYSTEM ? normaliseNhsNumber(ident.value) : undefined;
  if (refId === undefined && refNhs === undefined) {
    const pointsElsewhere =
      (typeof r.reference === 'string' && !r.reference.startsWith('#') && !r.reference.includes('Patient/')) ||
      (typeof r.type === 'string' && r.type !== 'Patient');
    return pointsElsewhere ? 'not-a-patient-ref' : 'unknown';
  }
  if (refId !== undefined && who.id !== undefined && refId !== who.id) return 'mismatch';
  if (refNhs !== undefined && who.nhsNumber !== undefined && refNhs !== who.nhsNumber) return 'mismatch';
  if ((refId !== undefined && refId === who.id) || (refNhs !== undefined && refNhs === who.nhsNumber)) return 'match';
  return 'unknown';
}

/**
 * Decides whether `resource` is about the patient `who`.
 * - `yes`: its subject matches by id or NHS number (and nothing contradicts it);
 * - `no`: its subject names a different patient;
 * - `unknown`: it names no patient we can check;
 * - `shared`: a type that is not about one patient (Organization, Medication, …).
 */
export function belongsToPatient(resource: unknown, who: PatientIdentity): 'yes' | 'no' | 'unknown' | 'shared' {
  if (!resource || typeof resource !== 'object') return 'unknown';
  const r = resource as FhirResource;
  const type = typeof r.resourceType === 'string' ? r.resourceType : '';
  if (SHARED_TYPES.has(type)) return 'shared';
  if (type === 'Patient') {
    const p = r as Patient;
    const n = nhsNumberOf(p);
    if (who.id !== undefined && p.id !== undefined && p.id !== who.id) return 'no';
    if (who.nhsNumber !== undefined && n !== undefined && n !== who.nhsNumber) return 'no';
    if ((who.id !== undefined && p.id === who.id) || (who.nhsNumber !== undefined && n === who.nhsNumber)) return 'yes';
    return 'unknown';
  }
  const paths = SUBJECT_PATHS[type] ?? ['subject', 'patient'];
  let matched = false;
  for (const path of paths) {
    for (const ref of refs(r as unknown as Record<string, unknown>, path)) {
      const v = checkReference(ref, who);
      if (v === 'not-a-patient-ref') continue;
      if (v === 'mismatch') return 'no';
      if (v === 'match') matched = true;
    }
  }
  return matched ? 'yes' : 'unknown';
}

/**
 * The patient guard every widget runs on what it is about to render. Keeps resources about `who`
 * and shared reference data; refuses resources about another patient, resources that name no
 * checkable patient, and (when `expectedTypes` is given) resources of other types.
 */
export function guardResources<T extends { resourceType?: unknown; id?: unknown }>(
  resources: readonly T[],
  who: PatientIdentity,
  options: { expectedTypes?: readonly string[] } = {},
): GuardResult<T> {
  const out: GuardResult<T> = { accepted: [], rejected: [] };
  for (const res of resources) {
    if (!res || typeof res !== 'object') continue;
    const resourceType = typeof res.resourceType === 'string' ? res.resourceType : 'Unknown';
    const id = typeof res.id === 'string' ? res.id : '(no id)';
    const verdict = belongsToPatient(res, who);
    if (options.expectedTypes && !options.expectedTypes.includes(resourceType) && verdict !== 'shared') {
      out.rejected.push({ resourceType, id, reason: 'unexpected-type' });
      continue;
    }
    if (verdict === 'yes' || verdict === 'shared') out.accepted.push(res);
    else out.rejected.push({ resourceType, id, reason: verdict === 'no' ? 'other-patient' : 'no-subject' });
  }
  return out;
}
