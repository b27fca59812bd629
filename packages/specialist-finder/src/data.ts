/**
 * FHIR queries of both elements. One patient: four small searches. A population: paged searches
 * with progress, cancellation (AbortSignal) and a pause between pages so the page stays responsive.
 *
 * Two strategies (see docs/specialist-finder.md):
 * - a practice (ODS code): practice-wide searches per kind of data, filtered on the server by the
 *   chained parameter `patient.general-practitioner=Organization/{id}`, with `_include` of the
 *   patient; then referrals and advice requests for the candidates only, in chunks.
 * - a Group or a list of patients: chunks of patients, each with `patient=a,b,c` searches.
 */
import type { CommunicationRequest, Encounter, FhirResource, Group, Observation, Organization, Patient, ServiceRequest } from 'fhir/r4.js';
import {
  FhirError,
  NHS_NUMBER_SYSTEM,
  toFhirError,
  patientIdFromReference,
  type FhirClient,
  type PatientInContext,
} from '@joinedcare/core';
import { meetsCriteria, queryPlan, type PatientRecord, type RequestResource } from './rules/engine.js';
import type { Rule } from './rules/schema.js';

const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
/** Patients per chunk in `patient=a,b,c` searches (keeps URLs well under 8 kB). */
export const CHUNK_SIZE = 50;
/** Page size of practice-wide searches. */
export const PAGE_SIZE = 500;
/** Patients evaluated between two pauses. */
const EVALUATE_BATCH = 200;

/** Gives the main thread back to the browser (input, rendering) before going on. */
export function yieldToMain(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new FhirError('aborted', 'The request was aborted');
}

/** The patient id a clinical resource is about (subject or patient reference). */
export function patientIdOf(r: FhirResource): string | undefined {
  const x = r as { subject?: { reference?: string }; patient?: { reference?: string } };
  return patientIdFromReference(x.subject?.reference) ?? patientIdFromReference(x.patient?.reference);
}

/** One patient's data as fetched, before the patient guard. */
export interface PatientData extends PatientRecord {
  patientId: string;
  patient?: Patient;
}

function emptyData(patientId: string): PatientData {
  return { patientId, observations: [], encounters: [], requests: [] };
}

/** Files resources under their patient (a resource naming no patient is kept aside for the guard). */
function distribute(byPatient: Map<string, PatientData>, resources: readonly FhirResource[], create: boolean): FhirResource[] {
  const orphans: FhirResource[] = [];
  for (const r of resources) {
    if (r.resourceType === 'Patient') {
      const d = byPatient.get(r.id ?? '') ?? (create && r.id ? emptyData(r.id) : undefined);
      if (d) {
        d.patient = r;
        byPatient.set(d.patientId, d);
      }
      continue;
    }
    const id = patientIdOf(r);
    let d = id ? byPatient.get(id) : undefined;
    if (!d && id && create) {
      d = emptyData(id);
      byPatient.set(id, d);
    }
    if (!d) {
      orphans.push(r);
      continue;
    }
    if (r.resourceType === 'Observation') (d.observations as Observation[]).push(r);
    else if (r.resourceType === 'Encounter') (d.encounters as Encounter[]).push(r);
    else if (r.resourceType === 'ServiceRequest' || r.resourceType === 'CommunicationRequest') (d.requests as RequestResource[]).push(r);
  }
  return orphans;
}

// ---------- one patient ----------

/** Everything the rules read for the patient in context (to be run through the patient guard). */
export async function loadPatientRecord(
  client: FhirClient,
  patient: PatientInContext,
  rules: readonly Rule[],
  now: Date,
  signal: AbortSignal,
): Promise<FhirResource[]> {
  const plan = queryPlan(rules, now);
  const who = patient.id ? { patient: patient.id } : { 'patient.identifier': `${NHS_NUMBER_SYSTEM}|${patient.nhsNumber ?? ''}` };
  const opts = { signal, maxPages: 20 };
  const searches: Array<Promise<{ resources: FhirResource[]; error?: FhirError }>> = [];
  if (plan.observationCodes.length) {
    searches.push(
      client.searchAll(
        'Observation',
        { ...who, code: plan.observationCodes.join(','), date: `ge${plan.observationSince ?? ''}`, _count: 200 },
        opts,
      ),
    );
  }
  if (plan.encounterSince) searches.push(client.searchAll('Encounter', { ...who, date: `ge${plan.encounterSince}`, _count: 200 }, opts));
  for (const type of plan.requestTypes) searches.push(client.searchAll(type, { ...who, _count: 200 }, opts));
  const results = await Promise.all(searches);
  // a later page that failed would leave the record incomplete: never evaluate rules on part of it
  const broken = results.find((r) => r.error);
  if (broken?.error) throw broken.error;
  return results.flatMap((r) => r.resources);
}

// ---------- a population ----------

export type PopulationSource =
  | { kind: 'practice'; odsCode: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'patients'; patients: ReadonlyArray<string | Patient> };

export interface ScanProgress {
  /** `patients`: chunks of patients; `results`: practice-wide result pages; `candidates`: requests of candidates. */
  phase: 'starting' | 'patients' | 'results' | 'candidates';
  done: number;
  total?: number;
}

export interface ScanOptions {
  rules: readonly Rule[];
  now: Date;
  signal: AbortSignal;
  onProgress: (p: ScanProgress) => void;
  /** Patients whose data is complete. Called between pauses; may be async. */
  onPatients: (batch: PatientData[]) => void | Promise<void>;
  /** Patients per chunk (default 50). */
  chunkSize?: number;
}

export interface ScanResult {
  /** Patients in the population. */
  population: number;
  /** Patients that could not be checked (a chunk failed): retry these. */
  failedPatientIds: string[];
  /** A practice-wide search stopped early: some patients (unknown which) were not checked. */
  incomplete: boolean;
  /** Why the last failure happened (shown in words with the partial notice). */
  lastError?: FhirError;
}

/** Why a population could not be scanned at all (shown in words by the element). */
export class ScanError extends Error {
  constructor(
    readonly kind: 'practice-not-found' | 'group-empty',
    message: string,
  ) {
    super(message);
    this.name = 'ScanError';
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Checks a population against the rules, reporting progress and handing over patients as they complete. */
export async function scanPopulation(client: FhirClient, source: PopulationSource, options: ScanOptions): Promise<ScanResult> {
  options.onProgress({ phase: 'starting', done: 0 });
  if (source.kind === 'practice') return scanPractice(client, source.odsCode, options);
  let patients: ReadonlyArray<string | Patient>;
  if (source.kind === 'group') {
    const group = await client.read<Group>('Group', source.groupId, { signal: options.signal, cache: 'no-cache' });
    patients = (group.member ?? [])
      .filter((m) => !m.inactive)
      .map((m) => patientIdFromReference(m.entity?.reference))
      .filter((id): id is string => !!id);
    if (!patients.length) throw new ScanError('group-empty', 'The group has no patient members');
  } else patients = source.patients;
  return scanPatients(client, patients, options);
}

const OPTS = (signal: AbortSignal) => ({ signal, cache: 'no-cache' as const, maxPages: 10_000 });

/** Referrals and advice requests (and missing Patient resources) for these patients. */
async function completeCandidates(client: FhirClient, data: PatientData[], options: ScanOptions): Promise<void> {
  if (!data.length) return;
  const plan = queryPlan(options.rules, options.now);
  const ids = data.map((d) => d.patientId);
  const byPatient = new Map(data.map((d) => [d.patientId, d]));
  const missing = data.filter((d) => !d.patient).map((d) => d.patientId);
  const searches: Array<Promise<{ resources: FhirResource[]; included?: FhirResource[]; complete: boolean; error?: FhirError }>> = [];
  for (const type of plan.requestTypes) {
    searches.push(
      client.searchAll<ServiceRequest | CommunicationRequest>(type, { patient: ids.join(','), _count: PAGE_SIZE }, OPTS(options.signal)),
    );
  }
  if (missing.length)
    searches.push(client.searchAll<Patient>('Patient', { _id: missing.join(','), _count: PAGE_SIZE }, OPTS(options.signal)));
  const results = await Promise.all(searches);
  const failed = results.find((r) => !r.complete);
  if (failed) throw failed.error ?? new FhirError('http', 'A search stopped early');
  for (const r of results) distribute(byPatient, r.resources, false);
}

async function scanPatients(client: FhirClient, input: ReadonlyArray<string | Patient>, options: ScanOptions): Promise<ScanResult> {
  const { signal, rules, now } = options;
  const plan = queryPlan(rules, now);
  const seen = new Set<string>();
  const entries: PatientData[] = [];
  for (const p of input) {
    const id = typeof p === 'string' ? p : p?.id;
    if (!id || seen.has(id)) continue;
    seen.add(id);
    entries.push(typeof p === 'string' ? emptyData(id) : { ...emptyData(id), patient: p });
  }
  const failed: string[] = [];
  let lastError: FhirError | undefined;
  let done = 0;
  const total = entries.length;
  options.onProgress({ phase: 'patients', done, total });
  for (const chunk of chunks(entries, options.chunkSize ?? CHUNK_SIZE)) {
    throwIfAborted(signal);
    const byPatient = new Map(chunk.map((d) => [d.patientId, d]));
    const ids = chunk.map((d) => d.patientId).join(',');
    try {
      const searches: Array<Promise<{ resources: FhirResource[]; complete: boolean; error?: FhirError }>> = [];
      if (plan.observationCodes.length) {
        searches.push(
          client.searchAll<Observation>(
            'Observation',
            { code: plan.observationCodes.join(','), date: `ge${plan.observationSince ?? ''}`, patient: ids, _count: PAGE_SIZE },
            OPTS(signal),
          ),
        );
      }
      if (plan.encounterSince) {
        searches.push(
          client.searchAll<Encounter>('Encounter', { date: `ge${plan.encounterSince}`, patient: ids, _count: PAGE_SIZE }, OPTS(signal)),
        );
      }
      const results = await Promise.all(searches);
      const broken = results.find((r) => !r.complete);
      if (broken) throw broken.error ?? new FhirError('http', 'A search stopped early');
      for (const r of results) distribute(byPatient, r.resources, false);
      const candidates = chunk.filter((d) => rules.some((rule) => meetsCriteria(rule, d, now)));
      await completeCandidates(client, candidates, options);
      await options.onPatients(candidates);
    } catch (e) {
      if (signal.aborted || (e instanceof FhirError && e.kind === 'aborted')) throw e;
      failed.push(...chunk.map((d) => d.patientId));
      lastError = toFhirError(e);
    }
    done += chunk.length;
    options.onProgress({ phase: 'patients', done, total });
    await yieldToMain();
  }
  return { population: total, failedPatientIds: failed, incomplete: false, ...(lastError ? { lastError } : {}) };
}

async function scanPractice(client: FhirClient, odsCode: string, options: ScanOptions): Promise<ScanResult> {
  const { signal, rules, now } = options;
  const plan = queryPlan(rules, now);
  const orgs = await client.search<Organization>('Organization', { identifier: `${ODS_SYSTEM}|${odsCode}` }, { signal });
  const org = (orgs.entry ?? []).map((e) => e.resource).find((r): r is Organization => r?.resourceType === 'Organization' && !!r.id);
  if (!org?.id) throw new ScanError('practice-not-found', 'No practice with this ODS code');
  const practice = `Organization/${org.id}`;
  const count = await client.search('Patient', { 'general-practitioner': practice, _summary: 'count' }, { signal, cache: 'no-cache' });
  const population = typeof count.total === 'number' ? count.total : 0;

  // 1. practice-wide searches for the rules' trigger data
  const byPatient = new Map<string, PatientData>();
  let incomplete = false;
  let lastError: FhirError | undefined;
  const queries: Array<[string, Record<string, string | number>]> = [];
  if (plan.observationCodes.length) {
    queries.push([
      'Observation',
      {
        code: plan.observationCodes.join(','),
        date: `ge${plan.observationSince ?? ''}`,
        'patient.general-practitioner': practice,
        _include: 'Observation:patient',
        _count: PAGE_SIZE,
      },
    ]);
  }
  if (plan.encounterSince) {
    queries.push([
      'Encounter',
      { date: `ge${plan.encounterSince}`, 'patient.general-practitioner': practice, _include: 'Encounter:patient', _count: PAGE_SIZE },
    ]);
  }
  const totals: number[] = queries.map(() => 0);
  const dones: number[] = queries.map(() => 0);
  const report = () =>
    options.onProgress({
      phase: 'results',
      done: dones.reduce((a, b) => a + b, 0),
      total: totals.reduce((a, b) => a + b, 0),
    });
  for (const [i, [type, params]] of queries.entries()) {
    const result = await client.searchAll(type, params, {
      ...OPTS(signal),
      onPage: (p) => {
        totals[i] = p.total ?? p.resources;
        dones[i] = p.resources;
        report();
      },
    });
    if (!result.complete) {
      incomplete = true;
      if (result.error) lastError = toFhirError(result.error);
    }
    distribute(byPatient, [...result.included, ...result.resources], true);
    throwIfAborted(signal);
    await yieldToMain();
  }

  // 2. candidates: trigger data meets a rule (evaluated in batches, pausing between them)
  const all = [...byPatient.values()];
  const candidates: PatientData[] = [];
  for (const batch of chunks(all, EVALUATE_BATCH)) {
    for (const d of batch) if (rules.some((rule) => meetsCriteria(rule, d, now))) candidates.push(d);
    await yieldToMain();
    throwIfAborted(signal);
  }

  // 3. their referrals and advice requests, in chunks
  const failed: string[] = [];
  let done = 0;
  options.onProgress({ phase: 'candidates', done, total: candidates.length });
  for (const chunk of chunks(candidates, options.chunkSize ?? CHUNK_SIZE)) {
    throwIfAborted(signal);
    try {
      await completeCandidates(client, chunk, options);
      await options.onPatients(chunk);
    } catch (e) {
      if (signal.aborted || (e instanceof FhirError && e.kind === 'aborted')) throw e;
      failed.push(...chunk.map((d) => d.patientId));
      lastError = toFhirError(e);
    }
    done += chunk.length;
    options.onProgress({ phase: 'candidates', done, total: candidates.length });
    await yieldToMain();
  }
  return { population, failedPatientIds: failed, incomplete, ...(lastError ? { lastError } : {}) };
}
