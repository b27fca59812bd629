import { FhirError } from '../fhir/errors.js';
import type { FhirResource, Patient } from 'fhir/r4.js';
import { nhsNumberOf, normaliseNhsNumber } from './patient.js';
import { isRecord, valuesAt } from '../format/shared.js';
import { ClinicalRecord } from '../record/record.js';
import { parseReference } from '../record/reference.js';
import { isNhsNumberSystem } from '../record/systems.js';

/** Who a resource is about, as far as the patient guard is concerned. */
export interface PatientIdentity {
  id?: string | undefined;
  nhsNumber?: string | undefined;
  /** The server the id is an id on: references by id to any other server are not this patient. */
  baseUrl?: string | undefined;
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

/**
 * Types that may name no patient of their own and belong to a parent resource instead (e-RS sends
 * Communications with no subject, as part of their CommunicationRequest): where they name the parent.
 */
const PARENT_PATHS: Record<string, readonly string[]> = {
  Communication: ['partOf', 'basedOn', 'inResponseTo'],
};

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

/**
 * The id in a Patient reference string (`Patient/1`, `https://x/fhir/Patient/1/_history/2`), or
 * undefined. Says nothing about which server: whom data is about is decided by `belongsToPatient`.
 */
export function patientIdFromReference(reference: unknown): string | undefined {
  const p = parseReference(reference);
  return p?.type === 'Patient' ? p.id : undefined;
}

type Verdict = 'match' | 'mismatch' | 'unknown' | 'not-a-patient-ref';

/**
 * Compares a Patient resource with `who`. A Patient whose id is local to its document (a `urn:`
 * fullUrl, or contained) is compared by NHS number; its id is compared only when neither side has
 * an NHS number, and then only to confirm (a different local id is "cannot tell", not "another patient").
 */
function comparePatient(p: Patient, who: PatientIdentity, local: boolean): Verdict {
  const n = nhsNumberOf(p);
  const id = typeof p.id === 'string' ? p.id : undefined;
  if (who.nhsNumber !== undefined && n !== undefined && n !== who.nhsNumber) return 'mismatch';
  if (!local && who.id !== undefined && id !== undefined && id !== who.id) return 'mismatch';
  if (who.nhsNumber !== undefined && n === who.nhsNumber) return 'match';
  if (who.id !== undefined && id === who.id) return 'match';
  return 'unknown';
}

function compareNhsNumber(ident: unknown, who: PatientIdentity): Verdict | undefined {
  if (!isRecord(ident) || !isNhsNumberSystem(ident['system'])) return undefined;
  const n = normaliseNhsNumber(ident['value']);
  if (n === undefined || who.nhsNumber === undefined) return 'unknown';
  return n === who.nhsNumber ? 'match' : 'mismatch';
}

/** Decides what one patient reference (resolved through the record) says about `who`. */
function checkReference(ref: unknown, who: PatientIdentity, record: ClinicalRecord, from: unknown): Verdict {
  if (!isRecord(ref)) return 'unknown';
  // the Reference's own NHS number contradicting `who` is decisive, whatever `reference` says
  const byIdentifier = compareNhsNumber(ref['identifier'], who);
  if (byIdentifier === 'mismatch') return 'mismatch';
  const r = record.resolve(ref, from);
  let verdict: Verdict;
  switch (r.kind) {
    case 'resource':
      verdict = r.resource.resourceType === 'Patient' ? comparePatient(r.resource, who, r.local) : 'not-a-patient-ref';
      break;
    case 'identifier':
      verdict = byIdentifier ?? (r.type === undefined || r.type === 'Patient' ? 'unknown' : 'not-a-patient-ref');
      break;
    case 'unresolvable': {
      const declared = typeof ref['type'] === 'string' ? ref['type'] : undefined;
      const type = r.type ?? declared;
      if (type !== undefined && type !== 'Patient') {
        verdict = 'not-a-patient-ref';
      } else if (r.reason === 'not-in-record' && r.type === 'Patient' && r.id !== undefined) {
        // a reference by id to this server: the id is the server's
        verdict = who.id === undefined ? 'unknown' : r.id === who.id ? 'match' : 'mismatch';
      } else {
        // another server's patient, a contained or urn: patient not in the record, a malformed reference
        verdict = 'unknown';
      }
      break;
    }
  }
  if (verdict === 'mismatch') return 'mismatch';
  if (byIdentifier === 'match') return 'match';
  return verdict;
}

/**
 * Decides whether `resource` is about the patient `who`, resolving its patient references through
 * `record` (by default a record of the resource alone: relative, versioned and absolute references,
 * contained patients and identifiers still resolve).
 * - `yes`: its subject matches by id or NHS number (and nothing contradicts it);
 * - `no`: its subject names a different patient;
 * - `unknown`: it names no patient we can check;
 * - `shared`: a type that is not about one patient (Organization, Medication, …).
 */
export function belongsToPatient(resource: unknown, who: PatientIdentity, record?: ClinicalRecord): 'yes' | 'no' | 'unknown' | 'shared' {
  if (!resource || typeof resource !== 'object') return 'unknown';
  const r = resource as FhirResource;
  const type = typeof r.resourceType === 'string' ? r.resourceType : '';
  if (SHARED_TYPES.has(type)) return 'shared';
  const rec = record ?? new ClinicalRecord([r]);
  if (type === 'Patient') {
    const v = comparePatient(r as Patient, who, rec.isLocal(r));
    return v === 'match' ? 'yes' : v === 'mismatch' ? 'no' : 'unknown';
  }
  const paths = SUBJECT_PATHS[type] ?? ['subject', 'patient'];
  let matched = false;
  for (const path of paths) {
    for (const ref of valuesAt(r, path)) {
      const v = checkReference(ref, who, rec, r);
      if (v === 'not-a-patient-ref') continue;
      if (v === 'mismatch') return 'no';
      if (v === 'match') matched = true;
    }
  }
  return matched ? 'yes' : 'unknown';
}

/** Options of the patient guard. */
export interface GuardOptions {
  /** Types the caller reads; resources of other types are refused as `unexpected-type` (shared types are always kept). */
  expectedTypes?: readonly string[];
  /**
   * The record the resources belong to (with the Bundle's `fullUrl`s and the server's base URL), so
   * that `urn:uuid:` and absolute references resolve. Default: a record of `resources`, with `baseUrl`.
   */
  record?: ClinicalRecord;
  /** The FHIR base URL the resources were read from (ignored when `record` is given). */
  baseUrl?: string;
}

/**
 * The patient guard every widget runs on what it is about to render. Keeps resources about `who`
 * and shared reference data; refuses resources about another patient, resources that name no
 * checkable patient, and (when `expectedTypes` is given) resources of other types.
 *
 * A Communication that names no patient (as e-RS sends them) belongs to the CommunicationRequest or
 * message it is `partOf` / `basedOn` / `inResponseTo`: accepted when that parent is accepted by this
 * same call, refused as another patient's when the parent is. Guard parents and children together.
 *
 * A Provenance names no patient of its own: it is about its `target`s. It is decided in a last
 * pass, after everything else, and accepted only when it has at least one target and EVERY target
 * (resolved through the record: versioned, absolute and `urn:` references allowed) is a resource
 * this same call accepted. Otherwise it
 * is refused: `other-patient` when a target is another patient's (a refused resource, or a
 * Patient reference that does not match `who`), else `no-subject`.
 */
export function guardResources<T extends { resourceType?: unknown; id?: unknown }>(
  resources: readonly T[],
  who: PatientIdentity,
  options: GuardOptions = {},
): GuardResult<T> {
  const baseUrl = options.baseUrl ?? who.baseUrl;
  const record = options.record ?? new ClinicalRecord(resources, baseUrl ? { baseUrl } : {});
  type Decision = { accepted: true; res: T } | { accepted: false; rejected: RejectedResource };
  const decisions: Array<Decision | undefined> = [];
  const provenances: Array<{ at: number; res: T; resourceType: string; id: string }> = [];
  const acceptedKeys = new Set<string>();
  const otherPatientKeys = new Set<string>();
  resources.forEach((res, at) => {
    if (!res || typeof res !== 'object') return;
    const resourceType = typeof res.resourceType === 'string' ? res.resourceType : 'Unknown';
    const id = typeof res.id === 'string' ? res.id : '(no id)';
    const verdict = belongsToPatient(res, who, record);
    if (options.expectedTypes && !options.expectedTypes.includes(resourceType) && verdict !== 'shared') {
      decisions[at] = { accepted: false, rejected: { resourceType, id, reason: 'unexpected-type' } };
      return;
    }
    if (resourceType === 'Provenance') {
      provenances.push({ at, res, resourceType, id });
      return;
    }
    const key = record.keyOf(res);
    if (verdict === 'yes' || verdict === 'shared') {
      decisions[at] = { accepted: true, res };
      if (key) acceptedKeys.add(key);
    } else {
      decisions[at] = { accepted: false, rejected: { resourceType, id, reason: verdict === 'no' ? 'other-patient' : 'no-subject' } };
      if (key && verdict === 'no') otherPatientKeys.add(key);
    }
  });
  // second pass: a resource that names no patient of its own but belongs to a parent (an e-RS
  // Communication carries no subject: it is part of its CommunicationRequest) stands or falls with that
  // parent, when the parent is guarded in the same call; chains (a reply `inResponseTo` a message) too
  for (let changed = true; changed;) {
    changed = false;
    resources.forEach((res, at) => {
      const d = decisions[at];
      if (!d || d.accepted || d.rejected.reason !== 'no-subject') return;
      const paths = PARENT_PATHS[d.rejected.resourceType];
      if (!paths) return;
      const parents = paths.flatMap((path) => valuesAt(res, path)).map((ref) => record.targetKey(ref, res));
      if (parents.some((k) => k !== undefined && otherPatientKeys.has(k))) {
        decisions[at] = { accepted: false, rejected: { ...d.rejected, reason: 'other-patient' } };
        const key = record.keyOf(res);
        if (key) otherPatientKeys.add(key);
        changed = true;
      } else if (parents.some((k) => k !== undefined && acceptedKeys.has(k))) {
        decisions[at] = { accepted: true, res };
        const key = record.keyOf(res);
        if (key) acceptedKeys.add(key);
        changed = true;
      }
    });
  }
  // third pass: a Provenance stands or falls with every one of its targets
  for (const { at, res, resourceType, id } of provenances) {
    const targets = valuesAt(res, 'target');
    let allAccepted = targets.length > 0;
    let otherPatient = false;
    for (const target of targets) {
      const key = record.targetKey(target, res);
      if (key === undefined || !acceptedKeys.has(key)) allAccepted = false;
      if ((key !== undefined && otherPatientKeys.has(key)) || checkReference(target, who, record, res) === 'mismatch') otherPatient = true;
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

/** The refusals in `next` that `known` does not already hold (same reason, type and id). */
export function newRejections(known: readonly RejectedResource[], next: readonly RejectedResource[]): RejectedResource[] {
  const seen = new Set(known.map((r) => `${r.reason}|${r.resourceType}/${r.id}`));
  return next.filter((r) => !seen.has(`${r.reason}|${r.resourceType}/${r.id}`));
}

/**
 * Refuses a whole answer to a search made for one patient when it holds another patient's resource:
 * the server ignored the patient parameter (or mixed records), so nothing else in that answer can be
 * trusted either. Throws a `foreign-records` FhirError, which the widgets show as a failed section
 * or list ("none of it is shown"), never as a complete one with some records hidden (issue 15).
 * Resources that name no patient, or are of another type, are left to the guard.
 */
export function refuseForeignAnswer(resources: readonly unknown[], who: PatientIdentity, options: GuardOptions = {}): void {
  const { rejected } = guardResources(resources as Array<{ resourceType?: unknown; id?: unknown }>, who, options);
  const foreign = rejected.filter((r) => r.reason === 'other-patient').length;
  if (foreign) throw new FhirError('foreign-records', `The answer held ${foreign} resource(s) about another patient`);
}
