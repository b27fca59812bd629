/**
 * FHIR queries of both elements, and what they share: whom a resource is about, filing resources
 * under their patient, and searches that are either whole or an error. One patient: a handful of
 * small searches (below). A population: population-data.ts.
 *
 * Paging is bounded everywhere: core's client stops on a repeated or foreign next link, and every
 * search here has a page cap. A search stopped by its cap is never taken for the whole record: the
 * prompt shows an error, a chunk of the population is reported as not checked, and a practice-wide
 * search marks the check incomplete.
 */
import type { Condition, Encounter, EpisodeOfCare, FhirResource, Observation, Patient } from 'fhir/r4.js';
import {
  ClinicalRecord,
  FhirError,
  searchParts,
  type FhirClient,
  type PatientInContext,
  type SearchAllOptions,
  type SearchPart,
} from '@joinedcare/core';
import { queryPlan, type PatientRecord, type RequestResource } from './rules/engine.js';
import type { Rule } from './rules/schema.js';

/** Patients per chunk in `patient=a,b,c` searches (keeps URLs well under 8 kB). */
export const CHUNK_SIZE = 50;
/** Page size of practice-wide and chunk searches. */
export const PAGE_SIZE = 500;
/** Page cap of one patient's searches (200 a page). */
export const PATIENT_MAX_PAGES = 20;
/** Page cap of a chunk's searches (20 x 500 results for 50 patients). */
export const CHUNK_MAX_PAGES = 20;
/** Page cap of a practice-wide search (200 x 500 = 100,000 results). */
export const PRACTICE_MAX_PAGES = 200;

/** The server id of the patient `ref` names, resolved through `record`; undefined for another server's or a document-local patient. */
export function patientIdIn(record: ClinicalRecord, ref: unknown, from: unknown): string | undefined {
  const r = record.resolve(ref, from);
  if (r.kind === 'resource') return r.resource.resourceType === 'Patient' && !r.local ? r.resource.id : undefined;
  return r.kind === 'unresolvable' && r.reason === 'not-in-record' && r.type === 'Patient' ? r.id : undefined;
}

/**
 * The patient id a clinical resource is about (its `subject`, else its `patient`), resolved through
 * `record` (default: a record of the resource alone, which reads an absolute reference by type and id).
 */
export function patientIdOf(r: FhirResource, record: ClinicalRecord = new ClinicalRecord([r])): string | undefined {
  const x = r as { subject?: unknown; patient?: unknown };
  return patientIdIn(record, x.subject, r) ?? patientIdIn(record, x.patient, r);
}

/** One patient's data as fetched, before the patient guard. */
export interface PatientData extends PatientRecord {
  patientId: string;
  patient?: Patient;
  conditions: readonly Condition[];
  episodes: readonly EpisodeOfCare[];
}

export function emptyData(patientId: string): PatientData {
  return { patientId, observations: [], conditions: [], encounters: [], episodes: [], requests: [] };
}

/** Files resources under their patient (the record resolves their references); a resource about no patient here is left out. */
export function distribute(
  byPatient: Map<string, PatientData>,
  resources: readonly FhirResource[],
  create: boolean,
  baseUrl?: string,
): void {
  resources.forEach(filer(byPatient, resources, create, baseUrl));
}

/**
 * `distribute` one resource at a time: the returned function files one of `resources` (whose record
 * resolves the references) under its patient. For long lists worked through in slices.
 */
export function filer(
  byPatient: Map<string, PatientData>,
  resources: readonly FhirResource[],
  create: boolean,
  baseUrl?: string,
): (r: FhirResource) => void {
  const record = new ClinicalRecord(resources, baseUrl ? { baseUrl } : {});
  return (r) => {
    if (r.resourceType === 'Patient') {
      const d = byPatient.get(r.id ?? '') ?? (create && r.id ? emptyData(r.id) : undefined);
      if (d) {
        d.patient = r;
        byPatient.set(d.patientId, d);
      }
      return;
    }
    const id = patientIdOf(r, record);
    let d = id ? byPatient.get(id) : undefined;
    if (!d && id && create) {
      d = emptyData(id);
      byPatient.set(id, d);
    }
    if (!d) return;
    if (r.resourceType === 'Observation') (d.observations as Observation[]).push(r);
    else if (r.resourceType === 'Condition') (d.conditions as Condition[]).push(r);
    else if (r.resourceType === 'Encounter') (d.encounters as Encounter[]).push(r);
    else if (r.resourceType === 'EpisodeOfCare') (d.episodes as EpisodeOfCare[]).push(r);
    else if (r.resourceType === 'ServiceRequest' || r.resourceType === 'CommunicationRequest') (d.requests as RequestResource[]).push(r);
  };
}

/**
 * Runs the searches (core's `searchParts`) and returns what they found, in the order of `parts`
 * (included resources first). A part that failed, whose later pages failed, or that its page cap
 * stopped throws why: rules are never evaluated on part of a record.
 */
export async function searchWhole(client: FhirClient, parts: readonly SearchPart[], options: SearchAllOptions): Promise<FhirResource[]> {
  const { results, failed, incomplete } = await searchParts(client, parts, options);
  if (failed[0]) throw failed[0].error;
  for (const label of incomplete) {
    const error = results.get(label)?.error;
    throw (
      error ?? new FhirError('unexpected', `The ${label} search stopped at its page limit (${options.maxPages ?? 'client default'} pages)`)
    );
  }
  return parts.flatMap((p) => {
    const r = results.get(p.label);
    return r ? [...r.included, ...r.resources] : [];
  });
}

/** The searches of a set of patients (`who`: `patient=id` or `patient=a,b,c`): trigger data and/or specialist contact. */
export function patientParts(
  rules: readonly Rule[],
  now: Date,
  who: Record<string, string>,
  what: { trigger: boolean; contact: boolean },
  count: number,
): SearchPart[] {
  const plan = queryPlan(rules, now);
  const parts: SearchPart[] = [];
  const triggerEncounters = rules.some((r) => r.criteria.kind === 'encounter-count');
  if (what.trigger && plan.observationCodes.length) {
    parts.push({
      label: 'Observation',
      type: 'Observation',
      params: { ...who, code: plan.observationCodes.join(','), date: `ge${plan.observationSince ?? ''}`, _count: count },
    });
  }
  if (what.trigger && plan.conditionCodes.length) {
    parts.push({ label: 'Condition', type: 'Condition', params: { ...who, code: plan.conditionCodes.join(','), _count: count } });
  }
  const encounters =
    plan.encounterSince && ((what.trigger && triggerEncounters) || (what.contact && plan.contactTypes.includes('Encounter')));
  if (encounters)
    parts.push({ label: 'Encounter', type: 'Encounter', params: { ...who, date: `ge${plan.encounterSince}`, _count: count } });
  if (what.contact) {
    for (const type of plan.contactTypes) if (type !== 'Encounter') parts.push({ label: type, type, params: { ...who, _count: count } });
  }
  return parts;
}

// ---------- one patient ----------

/**
 * Everything the rules read for the patient in context (to be run through the patient guard): the
 * rules' results and diagnoses, and the patient's specialist contact. `patient.id` must be the
 * confirmed id.
 */
export async function loadPatientRecord(
  client: FhirClient,
  patient: Pick<PatientInContext, 'id'>,
  rules: readonly Rule[],
  now: Date,
  signal: AbortSignal,
): Promise<FhirResource[]> {
  const parts = patientParts(rules, now, { patient: patient.id ?? '' }, { trigger: true, contact: true }, 200);
  return searchWhole(client, parts, { signal, maxPages: PATIENT_MAX_PAGES });
}
