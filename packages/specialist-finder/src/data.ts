/**
 * FHIR queries of both elements. One patient: four small searches. A population: paged searches
 * with progress, cancellation (AbortSignal) and a pause between pages so the page stays responsive.
 *
 * Two strategies (see docs/specialist-finder.md):
 * - a practice (ODS code): practice-wide searches per kind of data, filtered on the server by the
 *   chained parameter `patient.general-practitioner=Organization/{id}`, with `_include` of the
 *   patient; then referrals and advice requests for the candidates only, in chunks.
 * - a Group or a list of patients: chunks of patients, each with `patient=a,b,c` searches.
 *
 * Whom a resource (or a Group member) is about is read through core's `ClinicalRecord`, so relative,
 * versioned and same-server absolute references all name the same patient.
 */
import type { Encounter, FhirResource, Group, Observation, Organization, Patient } from 'fhir/r4.js';
import {
  ClinicalRecord,
  FhirError,
  SYSTEM,
  isAbort,
  mapChunked,
  searchParts,
  throwIfAborted,
  toFhirError,
  yieldToMain,
  type FhirClient,
  type PatientInContext,
  type SearchAllOptions,
  type SearchPart,
} from '@joinedcare/core';
import { meetsCriteria, queryPlan, type PatientRecord, type RequestResource } from './rules/engine.js';
import type { Rule } from './rules/schema.js';

/** Patients per chunk in `patient=a,b,c` searches (keeps URLs well under 8 kB). */
export const CHUNK_SIZE = 50;
/** Page size of practice-wide searches. */
export const PAGE_SIZE = 500;
/** Patients evaluated between two pauses. */
const EVALUATE_BATCH = 200;

/** The server id of the patient `ref` names, resolved through `record`; undefined for another server's or a document-local patient. */
function patientIdIn(record: ClinicalRecord, ref: unknown, from: unknown): string | undefined {
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
}

function emptyData(patientId: string): PatientData {
  return { patientId, observations: [], encounters: [], requests: [] };
}

/** Files resources under their patient (the record resolves their references); a resource about no patient here is left out. */
function distribute(byPatient: Map<string, PatientData>, resources: readonly FhirResource[], create: boolean, baseUrl?: string): void {
  const record = new ClinicalRecord(resources, baseUrl ? { baseUrl } : {});
  for (const r of resources) {
    if (r.resourceType === 'Patient') {
      const d = byPatient.get(r.id ?? '') ?? (create && r.id ? emptyData(r.id) : undefined);
      if (d) {
        d.patient = r;
        byPatient.set(d.patientId, d);
      }
      continue;
    }
    const id = patientIdOf(r, record);
    let d = id ? byPatient.get(id) : undefined;
    if (!d && id && create) {
      d = emptyData(id);
      byPatient.set(id, d);
    }
    if (!d) continue;
    if (r.resourceType === 'Observation') (d.observations as Observation[]).push(r);
    else if (r.resourceType === 'Encounter') (d.encounters as Encounter[]).push(r);
    else if (r.resourceType === 'ServiceRequest' || r.resourceType === 'CommunicationRequest') (d.requests as RequestResource[]).push(r);
  }
}

/**
 * Runs the searches (core's `searchParts`) and returns what they found, in the order of `parts`
 * (included resources first). A part that failed, or whose later pages failed, throws why: rules
 * are never evaluated on part of a record. A part stopped by the page cap throws too unless `capOk`.
 */
async function searchWhole(
  client: FhirClient,
  parts: readonly SearchPart[],
  options: SearchAllOptions,
  capOk = false,
): Promise<FhirResource[]> {
  const { results, failed, incomplete } = await searchParts(client, parts, options);
  if (failed[0]) throw failed[0].error;
  for (const label of incomplete) {
    const error = results.get(label)?.error;
    if (error) throw error;
    if (!capOk) throw new FhirError('http', 'A search stopped early');
  }
  return parts.flatMap((p) => {
    const r = results.get(p.label);
    return r ? [...r.included, ...r.resources] : [];
  });
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
  const who = patient.id ? { patient: patient.id } : { 'patient.identifier': `${SYSTEM.nhsNumber}|${patient.nhsNumber ?? ''}` };
  const parts: SearchPart[] = [];
  if (plan.observationCodes.length) {
    parts.push({
      label: 'Observation',
      type: 'Observation',
      params: { ...who, code: plan.observationCodes.join(','), date: `ge${plan.observationSince ?? ''}`, _count: 200 },
    });
  }
  if (plan.encounterSince)
    parts.push({ label: 'Encounter', type: 'Encounter', params: { ...who, date: `ge${plan.encounterSince}`, _count: 200 } });
  for (const type of plan.requestTypes) parts.push({ label: type, type, params: { ...who, _count: 200 } });
  // a later page that failed would leave the record incomplete: never evaluate rules on part of it
  return searchWhole(client, parts, { signal, maxPages: 20 }, true);
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

const recordOptions = (client: FhirClient) => (client.baseUrl ? { baseUrl: client.baseUrl } : {});

/** Checks a population against the rules, reporting progress and handing over patients as they complete. */
export async function scanPopulation(client: FhirClient, source: PopulationSource, options: ScanOptions): Promise<ScanResult> {
  options.onProgress({ phase: 'starting', done: 0 });
  if (source.kind === 'practice') return scanPractice(client, source.odsCode, options);
  let patients: ReadonlyArray<string | Patient>;
  if (source.kind === 'group') {
    const group = await client.read<Group>('Group', source.groupId, { signal: options.signal, cache: 'no-cache' });
    // members as the server writes them: relative, versioned or absolute to this server
    const record = new ClinicalRecord([group], recordOptions(client));
    patients = (group.member ?? [])
      .filter((m) => !m.inactive)
      .map((m) => patientIdIn(record, m.entity, group))
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
  const ids = data.map((d) => d.patientId).join(',');
  const missing = data.filter((d) => !d.patient).map((d) => d.patientId);
  const parts: SearchPart[] = plan.requestTypes.map((type) => ({ label: type, type, params: { patient: ids, _count: PAGE_SIZE } }));
  if (missing.length) parts.push({ label: 'Patient', type: 'Patient', params: { _id: missing.join(','), _count: PAGE_SIZE } });
  const found = await searchWhole(client, parts, OPTS(options.signal));
  distribute(new Map(data.map((d) => [d.patientId, d])), found, false, client.baseUrl);
}

/**
 * Works through the patients a chunk at a time (network work, so not core's `runChunked`, whose
 * steps are synchronous): `check` fetches a chunk's data and returns its patients with findings. A
 * chunk that fails is recorded (Retry checks those patients) and the others go on; only an abort
 * stops the run.
 */
async function checkInChunks(
  items: readonly PatientData[],
  phase: 'patients' | 'candidates',
  options: ScanOptions,
  check: (chunk: PatientData[]) => Promise<PatientData[]>,
): Promise<Pick<ScanResult, 'failedPatientIds' | 'lastError'>> {
  const { signal } = options;
  const failed: string[] = [];
  let lastError: FhirError | undefined;
  let done = 0;
  const total = items.length;
  options.onProgress({ phase, done, total });
  for (const chunk of chunks(items, options.chunkSize ?? CHUNK_SIZE)) {
    throwIfAborted(signal);
    try {
      await options.onPatients(await check(chunk));
    } catch (e) {
      if (signal.aborted || isAbort(e)) throw e;
      failed.push(...chunk.map((d) => d.patientId));
      lastError = toFhirError(e);
    }
    done += chunk.length;
    options.onProgress({ phase, done, total });
    await yieldToMain();
  }
  return { failedPatientIds: failed, ...(lastError ? { lastError } : {}) };
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
  const result = await checkInChunks(entries, 'patients', options, async (chunk) => {
    const patient = chunk.map((d) => d.patientId).join(',');
    const parts: SearchPart[] = [];
    if (plan.observationCodes.length) {
      const params = { code: plan.observationCodes.join(','), date: `ge${plan.observationSince ?? ''}`, patient, _count: PAGE_SIZE };
      parts.push({ label: 'Observation', type: 'Observation', params });
    }
    if (plan.encounterSince) {
      parts.push({ label: 'Encounter', type: 'Encounter', params: { date: `ge${plan.encounterSince}`, patient, _count: PAGE_SIZE } });
    }
    distribute(new Map(chunk.map((d) => [d.patientId, d])), await searchWhole(client, parts, OPTS(signal)), false, client.baseUrl);
    const candidates = chunk.filter((d) => rules.some((rule) => meetsCriteria(rule, d, now)));
    await completeCandidates(client, candidates, options);
    return candidates;
  });
  return { population: entries.length, incomplete: false, ...result };
}

async function scanPractice(client: FhirClient, odsCode: string, options: ScanOptions): Promise<ScanResult> {
  const { signal, rules, now } = options;
  const plan = queryPlan(rules, now);
  const orgs = await client.search<Organization>('Organization', { identifier: `${SYSTEM.ods}|${odsCode}` }, { signal });
  const org = (orgs.entry ?? []).map((e) => e.resource).find((r): r is Organization => r?.resourceType === 'Organization' && !!r.id);
  if (!org?.id) throw new ScanError('practice-not-found', 'No practice with this ODS code');
  const practice = `Organization/${org.id}`;
  const count = await client.search('Patient', { 'general-practitioner': practice, _summary: 'count' }, { signal, cache: 'no-cache' });
  const population = typeof count.total === 'number' ? count.total : 0;

  // 1. practice-wide searches for the rules' trigger data, one after another (progress adds up their pages)
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
    distribute(byPatient, [...result.included, ...result.resources], true, client.baseUrl);
    throwIfAborted(signal);
    await yieldToMain();
  }

  // 2. candidates: trigger data meets a rule (evaluated in chunks by core's runner, pausing between them)
  const all = [...byPatient.values()];
  const meets = await mapChunked(all, (d) => rules.some((rule) => meetsCriteria(rule, d, now)), { chunkSize: EVALUATE_BATCH, signal });
  const candidates = all.filter((_, i) => meets[i]);

  // 3. their referrals and advice requests, in chunks
  const result = await checkInChunks(candidates, 'candidates', options, async (chunk) => {
    await completeCandidates(client, chunk, options);
    return chunk;
  });
  // the newest failure says why (a candidates' chunk after a practice-wide search)
  const why = result.lastError ?? lastError;
  return { population, incomplete, failedPatientIds: result.failedPatientIds, ...(why ? { lastError: why } : {}) };
}
