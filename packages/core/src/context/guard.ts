import type { FhirResource, Patient, Reference } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM, nhsNumberOf, normaliseNhsNumber } from './patient.js';
import { valuesAt } from '../format/shared.js';

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
    for (const ref of valuesAt(r, path)) {
      const v = checkReference(ref, who);
      if (v === 'not-a-patient-ref') continue;
      if (v === 'mismatch') return 'no';
      if (v === 'match') matched = true;
    }
  }
  return matched ? 'yes' : 'unknown';
}

/** `Type/id` of a reference (relative, absolute or versioned: `…/Task/t1/_history/3`), or undefined. */
function referenceTypeId(ref: unknown): string | undefined {
  if (!ref || typeof ref !== 'object') return undefined;
  const reference = (ref as Reference).reference;
  if (typeof reference !== 'string' || reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference.replace(/[?#].*$/, ''));
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/**
 * The patient guard every widget runs on what it is about to render. Keeps resources about `who`
 * and shared reference data; refuses resources about another patient, resources that name no
 * checkable patient, and (when `expectedTypes` is given) resources of other types.
 *
 * A Provenance names no patient of its own: it is about its `target`s. It is decided in a second
 * pass, after everything else, and accepted only when it has at least one target and EVERY target
 * (by `Type/id`, versioned references allowed) is a resource this same call accepted. Otherwise it
 * is refused: `other-patient` when a target is another patient's (a refused resource, or a
 * Patient reference that does not match `who`), else `no-subject`.
 */
export function guardResources<T extends { resourceType?: unknown; id?: unknown }>(
  resources: readonly T[],
  who: PatientIdentity,
  options: { expectedTypes?: readonly string[] } = {},
): GuardResult<T> {
  type Decision = { accepted: true; res: T } | { accepted: false; rejected: RejectedResource };
  const decisions: Array<Decision | undefined> = [];
  const provenances: Array<{ at: number; res: T; resourceType: string; id: string }> = [];
  const acceptedKeys = new Set<string>();
  const otherPatientKeys = new Set<string>();
  resources.forEach((res, at) => {
    if (!res || typeof res !== 'object') return;
    const resourceType = typeof res.resourceType === 'string' ? res.resourceType : 'Unknown';
    const id = typeof res.id === 'string' ? res.id : '(no id)';
    const verdict = belongsToPatient(res, who);
    if (options.expectedTypes && !options.expectedTypes.includes(resourceType) && verdict !== 'shared') {
      decisions[at] = { accepted: false, rejected: { resourceType, id, reason: 'unexpected-type' } };
      return;
    }
    if (resourceType === 'Provenance') {
      provenances.push({ at, res, resourceType, id });
      return;
    }
    const key = typeof res.id === 'string' ? `${resourceType}/${res.id}` : undefined;
    if (verdict === 'yes' || verdict === 'shared') {
      decisions[at] = { accepted: true, res };
      if (key) acceptedKeys.add(key);
    } else {
      decisions[at] = { accepted: false, rejected: { resourceType, id, reason: verdict === 'no' ? 'other-patient' : 'no-subject' } };
      if (key && verdict === 'no') otherPatientKeys.add(key);
    }
  });
  // second pass: a Provenance stands or falls with every one of its targets
  for (const { at, res, resourceType, id } of provenances) {
    const targets = valuesAt(res, 'target');
    let allAccepted = targets.length > 0;
    let otherPatient = false;
    for (const target of targets) {
      const key = referenceTypeId(target);
      if (key === undefined || !acceptedKeys.has(key)) allAccepted = false;
      if ((key !== undefined && otherPatientKeys.has(key)) || checkReference(target, who) === 'mismatch') otherPatient = true;
    }
    decisions[at] =
      allAccepted && !otherPatient
        ? { accepted: true, res }
        : { accepted: false, rejected: { resourceType, id, reason: otherPatient ? 'other-patient' : 'no-subject' } };
  }
  const out: GuardResult<T> = { accepted: [], rejected: [] };
  for (const d of decisions) {
    if (!d) continue;
    if (d.accepted) out.accepted.push(d.res);
    else out.rejected.push(d.rejected);
  }
  return out;
}
