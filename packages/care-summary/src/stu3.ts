// FHIR STU3 resources (GP Connect, e-RS STU3) in the R4 shapes the section builders read. Only the
// fields whose name or shape differ are changed, each by its shape, so an R4 resource passes through
// unchanged; the original is never modified (a copy is returned when anything changes).
import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4.js';
import { isRecord } from '@joinedcare/core';
import { GPC_ALLERGY_PROFILE } from './gpc-codes.js';

type Json = Record<string, unknown>;

const concept = (system: string, code: string): Json => ({ coding: [{ system, code }] });
const SYSTEMS = {
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
};

function hasProfile(r: Json, profile: string): boolean {
  const meta = r['meta'];
  const profiles = isRecord(meta) && Array.isArray(meta['profile']) ? meta['profile'] : [];
  return profiles.includes(profile);
}

/** STU3 `code` statuses become R4 CodeableConcepts; `assertedDate` is R4's `recordedDate`. */
function statusesAndDates(r: Json, clinical: string, verification: string): void {
  if (typeof r['clinicalStatus'] === 'string') r['clinicalStatus'] = concept(clinical, r['clinicalStatus']);
  if (typeof r['verificationStatus'] === 'string') r['verificationStatus'] = concept(verification, r['verificationStatus']);
  if (r['recordedDate'] === undefined && typeof r['assertedDate'] === 'string') r['recordedDate'] = r['assertedDate'];
}

/** An STU3 `note` written as a string (seen in the GP Connect examples) becomes an Annotation. */
function notes(r: Json): void {
  if (typeof r['note'] === 'string') r['note'] = [{ text: r['note'] }];
}

function allergy(r: Json): void {
  statusesAndDates(r, SYSTEMS.allergyClinical, SYSTEMS.allergyVerification);
  // GP Connect: verificationStatus is fixed to `unconfirmed` and "meaning MUST NOT be attributed to
  // this field in consuming systems" (AllergyIntolerance page): it is not read
  if (hasProfile(r, GPC_ALLERGY_PROFILE)) delete r['verificationStatus'];
  // STU3 `resolved` is R4 `resolved`; an ended GP Connect allergy says when and why in allergyEnd
  if (r['category'] !== undefined && !Array.isArray(r['category'])) r['category'] = [r['category']];
  notes(r);
}

function immunization(r: Json): void {
  if (r['occurrenceDateTime'] === undefined && typeof r['date'] === 'string') r['occurrenceDateTime'] = r['date'];
  if (typeof r['notGiven'] === 'boolean') {
    if (r['notGiven']) r['status'] = 'not-done';
    delete r['notGiven'];
  }
  if (r['performer'] === undefined && Array.isArray(r['practitioner'])) {
    r['performer'] = (r['practitioner'] as unknown[]).filter(isRecord).map((p) => ({ actor: p['actor'], function: p['role'] }));
  }
  if (r['protocolApplied'] === undefined && Array.isArray(r['vaccinationProtocol'])) {
    r['protocolApplied'] = (r['vaccinationProtocol'] as unknown[]).filter(isRecord).map((p) => ({
      ...(typeof p['doseSequence'] === 'number' ? { doseNumberPositiveInt: p['doseSequence'] } : {}),
      ...(p['targetDisease'] !== undefined ? { targetDisease: p['targetDisease'] } : {}),
      ...(typeof p['series'] === 'string' ? { series: p['series'] } : {}),
    }));
  }
  notes(r);
}

function observation(r: Json): void {
  if (isRecord(r['interpretation'])) r['interpretation'] = [r['interpretation']];
  if (r['note'] === undefined && typeof r['comment'] === 'string') r['note'] = [{ text: r['comment'] }];
  if (r['hasMember'] === undefined && Array.isArray(r['related'])) {
    const members = (r['related'] as unknown[]).filter((x) => isRecord(x) && x['type'] === 'has-member' && isRecord(x['target']));
    if (members.length) r['hasMember'] = members.map((x) => (x as Json)['target']);
  }
}

function diagnosticReport(r: Json): void {
  if (Array.isArray(r['performer']) && (r['performer'] as unknown[]).some((p) => isRecord(p) && isRecord(p['actor']))) {
    r['performer'] = (r['performer'] as unknown[]).map((p) => (isRecord(p) && isRecord(p['actor']) ? p['actor'] : p));
  }
  if (r['conclusionCode'] === undefined && Array.isArray(r['codedDiagnosis'])) r['conclusionCode'] = r['codedDiagnosis'];
}

function encounter(r: Json): void {
  if (r['reasonCode'] === undefined && Array.isArray(r['reason'])) r['reasonCode'] = r['reason'];
}

function procedure(r: Json): void {
  if (r['notDone'] === true) r['status'] = 'not-done';
}

const FIXES: Record<string, (r: Json) => void> = {
  AllergyIntolerance: allergy,
  Condition: (r) => {
    statusesAndDates(r, SYSTEMS.conditionClinical, SYSTEMS.conditionVerification);
    if (typeof r['category'] === 'string') r['category'] = [{ coding: [{ code: r['category'] }] }];
    notes(r);
  },
  Immunization: immunization,
  Observation: observation,
  DiagnosticReport: diagnosticReport,
  Encounter: encounter,
  Procedure: procedure,
};

/**
 * One resource in R4 shape: a copy with STU3 field names and shapes replaced (AllergyIntolerance and
 * Condition `assertedDate`, code statuses; Immunization `date`, `notGiven`, `practitioner`,
 * `vaccinationProtocol`; Observation `related` has-member, single `interpretation`, `comment`;
 * DiagnosticReport `performer.actor`, `codedDiagnosis`; Encounter `reason`; Procedure `notDone`),
 * or the resource itself when nothing needs changing. MedicationStatement and MedicationRequest
 * are read in both shapes by the builders and are not copied. Never throws.
 */
export function toR4<T>(resource: T): T {
  if (!isRecord(resource)) return resource;
  const fix = FIXES[resource['resourceType'] as string];
  if (!fix) return resource;
  try {
    const copy: Json = { ...resource };
    fix(copy);
    const keys = Object.keys(copy);
    const same = keys.length === Object.keys(resource).length && keys.every((k) => copy[k] === resource[k]);
    return same ? resource : (copy as T);
  } catch {
    return resource;
  }
}

/** Whether a resource looks like STU3 in a field the builders read (for tests and the docs). */
export function changedByToR4(resource: unknown): boolean {
  return toR4(resource) !== resource;
}

/** A Bundle whose entries (and the resources contained in them) are in R4 shape, keeping each entry's `fullUrl`. */
export function bundleToR4(bundle: Bundle): Bundle {
  if (!isRecord(bundle) || !Array.isArray(bundle.entry)) return bundle;
  const entry = bundle.entry.map((e): BundleEntry => {
    if (!isRecord(e) || !isRecord(e['resource'])) return e;
    const r = toR4(e['resource']) as Json;
    const contained = r['contained'];
    if (!Array.isArray(contained)) return r === e['resource'] ? e : { ...e, resource: r as unknown as FhirResource };
    const fixed = (contained as unknown[]).map((c) => toR4(c));
    const changed = fixed.some((c, i) => c !== contained[i]);
    const out = changed ? { ...r, contained: fixed } : r;
    return out === e['resource'] ? e : { ...e, resource: out as unknown as FhirResource };
  });
  return { ...bundle, entry };
}
