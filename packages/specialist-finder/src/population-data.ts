/**
 * A population check: paged searches with progress, cancellation (AbortSignal) and a pause between
 * pages so the page stays responsive. Two strategies (see docs/specialist-finder.md):
 * - a practice (ODS code): practice-wide searches per kind of trigger data, filtered on the server by
 *   the chained parameter `patient.general-practitioner=Organization/{id}`, with `_include` of the
 *   patient; then the candidates' Patient (when not included) and specialist contact, in chunks. A
 *   server may ignore the chained parameter (some do with unknown parameters), so every patient
 *   listed is checked: one whose `Patient.generalPractitioner` does not name the practice is left
 *   out and counted, never shown.
 * - a Group or a list of patients: chunks of patients, each with `patient=a,b,c` searches.
 */
import type { Group, Organization, Patient } from 'fhir/r4.js';
import {
  ClinicalRecord,
  FhirError,
  SYSTEM,
  isAbort,
  isOdsSystem,
  throwIfAborted,
  toFhirError,
  yieldToMain,
  type FhirClient,
  type SearchPart,
} from '@joinedcare/core';
import { meetsCriteria, queryPlan } from './rules/engine.js';
import type { Rule } from './rules/schema.js';
import {
  CHUNK_MAX_PAGES,
  CHUNK_SIZE,
  PAGE_SIZE,
  PRACTICE_MAX_PAGES,
  distribute,
  emptyData,
  filer,
  patientIdIn,
  patientParts,
  searchWhole,
  type PatientData,
} from './data.js';

/** Patients handed to `onPatients` at a time. */
const HAND_OVER = 10;
/** The longest stretch (ms) of filing or evaluating before the scan gives the main thread back. */
const SLICE_MS = 10;

/**
 * Runs `f` over `items`, giving the main thread back whenever a slice has run `SLICE_MS`: however
 * slow the machine (or busy its other tabs), a practice's thousands of patients never freeze the page.
 */
async function forEachSliced<T>(items: readonly T[], f: (item: T) => void, signal: AbortSignal): Promise<void> {
  let start = performance.now();
  for (const item of items) {
    f(item);
    if (performance.now() - start < SLICE_MS) continue;
    await yieldToMain();
    throwIfAborted(signal);
    start = performance.now();
  }
}

export type PopulationSource =
  | { kind: 'practice'; odsCode: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'patients'; patients: ReadonlyArray<string | Patient> };

export interface ScanProgress {
  /** `patients`: chunks of patients; `results`: practice-wide result pages; `candidates`: contact of candidates. */
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
  /** Patients the server listed for the practice whose Patient names another practice (left out). */
  elsewhere: number;
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
const OPTS = (signal: AbortSignal, maxPages: number) => ({ signal, cache: 'no-cache' as const, maxPages });

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

/** Whether a Patient names the practice as its registered GP (by reference to its Organization, or by ODS code). */
export function registeredWith(patient: Patient, practice: Organization, odsCode: string, baseUrl?: string): boolean {
  const record = new ClinicalRecord([practice, patient], baseUrl ? { baseUrl } : {});
  return (patient.generalPractitioner ?? []).some((ref) => {
    if (ref?.identifier && isOdsSystem(ref.identifier.system) && ref.identifier.value?.toUpperCase() === odsCode) return true;
    const r = record.resolve(ref, patient);
    if (r.kind === 'resource') return r.resource.resourceType === 'Organization' && r.resource.id === practice.id && !r.local;
    if (r.kind === 'identifier') return isOdsSystem(r.system) && r.value.toUpperCase() === odsCode;
    return r.kind === 'unresolvable' && r.reason === 'not-in-record' && r.type === 'Organization' && r.id === practice.id;
  });
}

/** The practice check of a practice scan: registered patients stay; others are counted. */
interface PracticeCheck {
  practice: Organization;
  odsCode: string;
  elsewhere: number;
}

/** Specialist contact (and missing Patient resources) for these patients; in a practice scan, their registration too. */
async function completeCandidates(
  client: FhirClient,
  data: PatientData[],
  options: ScanOptions,
  check?: PracticeCheck,
): Promise<PatientData[]> {
  if (!data.length) return [];
  const ids = data.map((d) => d.patientId).join(',');
  const missing = data.filter((d) => !d.patient).map((d) => d.patientId);
  const parts: SearchPart[] = patientParts(options.rules, options.now, { patient: ids }, { trigger: false, contact: true }, PAGE_SIZE);
  if (missing.length) parts.push({ label: 'Patient', type: 'Patient', params: { _id: missing.join(','), _count: PAGE_SIZE } });
  const found = await searchWhole(client, parts, OPTS(options.signal, CHUNK_MAX_PAGES));
  distribute(new Map(data.map((d) => [d.patientId, d])), found, false, client.baseUrl);
  if (!check) return data;
  const kept: PatientData[] = [];
  for (const d of data) {
    if (!d.patient)
      throw new FhirError(
        'unexpected',
        'The server did not return a patient listed for the practice, so its registration could not be checked',
      );
    if (registeredWith(d.patient, check.practice, check.odsCode, client.baseUrl)) kept.push(d);
    else check.elsewhere++;
  }
  return kept;
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
      // handed over a few at a time: the host evaluates every rule for each and draws the rows
      for (const part of chunks(await check(chunk), HAND_OVER)) {
        await options.onPatients(part);
        await yieldToMain();
      }
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

const candidatesOf = (items: readonly PatientData[], rules: readonly Rule[], now: Date) =>
  items.filter((d) => rules.some((rule) => meetsCriteria(rule, d, now)));

async function scanPatients(client: FhirClient, input: ReadonlyArray<string | Patient>, options: ScanOptions): Promise<ScanResult> {
  const { signal, rules, now } = options;
  const seen = new Set<string>();
  const entries: PatientData[] = [];
  for (const p of input) {
    const id = typeof p === 'string' ? p : p?.id;
    if (!id || seen.has(id)) continue;
    seen.add(id);
    entries.push(typeof p === 'string' ? emptyData(id) : { ...emptyData(id), patient: p });
  }
  const result = await checkInChunks(entries, 'patients', options, async (chunk) => {
    const parts = patientParts(
      rules,
      now,
      { patient: chunk.map((d) => d.patientId).join(',') },
      { trigger: true, contact: false },
      PAGE_SIZE,
    );
    distribute(
      new Map(chunk.map((d) => [d.patientId, d])),
      await searchWhole(client, parts, OPTS(signal, CHUNK_MAX_PAGES)),
      false,
      client.baseUrl,
    );
    return completeCandidates(client, candidatesOf(chunk, rules, now), options);
  });
  return { population: entries.length, incomplete: false, elsewhere: 0, ...result };
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
  const check: PracticeCheck = { practice: org, odsCode, elsewhere: 0 };

  // 1. practice-wide searches for the rules' trigger data, one after another (progress adds up their pages)
  const byPatient = new Map<string, PatientData>();
  let incomplete = false;
  let lastError: FhirError | undefined;
  const chained = { 'patient.general-practitioner': practice, _count: PAGE_SIZE };
  const queries: Array<[string, Record<string, string | number>]> = [];
  if (plan.observationCodes.length) {
    queries.push([
      'Observation',
      { code: plan.observationCodes.join(','), date: `ge${plan.observationSince ?? ''}`, ...chained, _include: 'Observation:patient' },
    ]);
  }
  if (plan.conditionCodes.length)
    queries.push(['Condition', { code: plan.conditionCodes.join(','), ...chained, _include: 'Condition:patient' }]);
  if (plan.encounterSince && rules.some((r) => r.criteria.kind === 'encounter-count')) {
    queries.push(['Encounter', { date: `ge${plan.encounterSince}`, ...chained, _include: 'Encounter:patient' }]);
  }
  const totals: number[] = queries.map(() => 0);
  const dones: number[] = queries.map(() => 0);
  const report = () =>
    options.onProgress({ phase: 'results', done: dones.reduce((a, b) => a + b, 0), total: totals.reduce((a, b) => a + b, 0) });
  for (const [i, [type, params]] of queries.entries()) {
    const result = await client.searchAll(type, params, {
      ...OPTS(signal, PRACTICE_MAX_PAGES),
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
    const found = [...result.included, ...result.resources];
    await forEachSliced(found, filer(byPatient, found, true, client.baseUrl), signal);
    throwIfAborted(signal);
    await yieldToMain();
  }

  // 2. every patient the server listed with their Patient is checked for registration; the candidates are those a rule's criteria meet
  const candidates: PatientData[] = [];
  await forEachSliced(
    [...byPatient.values()],
    (d) => {
      if (d.patient && !registeredWith(d.patient, org, odsCode, client.baseUrl)) check.elsewhere++;
      else if (rules.some((rule) => meetsCriteria(rule, d, now))) candidates.push(d);
    },
    signal,
  );

  // 3. their specialist contact (and registration, for those whose Patient was not included), in chunks
  const result = await checkInChunks(candidates, 'candidates', options, (chunk) => completeCandidates(client, chunk, options, check));
  // the newest failure says why (a candidates' chunk after a practice-wide search)
  const why = result.lastError ?? lastError;
  return {
    population,
    incomplete,
    elsewhere: check.elsewhere,
    failedPatientIds: result.failedPatientIds,
    ...(why ? { lastError: why } : {}),
  };
}
