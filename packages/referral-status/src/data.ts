/**
 * Loading referral data through the client: one paged search with `_revinclude` for Tasks,
 * Appointments and the referrals' Provenance; best-effort follow-up searches for the Tasks'
 * Provenance (`searchParts`) and for the people, roles and organisations no response named (core's
 * `loadReferenced`); and cheap
 * change checks (`_lastUpdated=gt…` with `_summary=count`) for polling.
 */
import type { FhirResource } from 'fhir/r4.js';
import {
  ClinicalRecord,
  isAbort,
  loadReferenced,
  odsCodeOf,
  odsFromMetaSource,
  resolvePatient,
  refuseForeignAnswer,
  searchParts,
  SYSTEM,
  type FhirClient,
  type PatientInContext,
  type RequestOptions,
  type SearchPart,
} from '@joinedcare/core';
import { emptyReference, type ErsReference } from './ers-reference.js';
import { noneNotShown, type NotShown } from './ers-input.js';
import { newestLastUpdated } from './lists.js';

export interface ReferralLoad {
  /** ServiceRequests, Tasks, Appointments, Provenance and directory resources (not yet guarded). */
  resources: FhirResource[];
  /** False when some pages could not be fetched. */
  complete: boolean;
  /** The Patient id searched by. */
  patientId: string;
  /** What the server said it left out of the referral search (searchset OperationOutcome text). */
  withheld: string[];
}

export interface LoadOptions {
  signal?: AbortSignal;
  /** Skip the page-wide response cache (polling). */
  fresh?: boolean;
}

/** Types the widget reads; anything else in a response is refused by the guard as unexpected. */
export const REFERRAL_TYPES = [
  'ServiceRequest',
  'Task',
  'Appointment',
  'Provenance',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'HealthcareService',
] as const;

/** References to people and places the clinical fields do not list but the widget names: performers, appointment actors, Provenance agents. */
function namedReferences(resources: readonly FhirResource[]): unknown[] {
  const refs: unknown[] = [];
  for (const r of resources) {
    if (r.resourceType === 'ServiceRequest') refs.push(...(r.performer ?? []));
    else if (r.resourceType === 'Appointment') refs.push(...(r.participant ?? []).map((p) => p.actor));
    else if (r.resourceType === 'Provenance') for (const a of r.agent ?? []) refs.push(a.who, a.onBehalfOf);
    else if (r.resourceType === 'PractitionerRole') refs.push(r.organization, r.practitioner);
  }
  return refs.filter((ref) => ref && typeof ref === 'object' && !(ref as { display?: unknown }).display);
}

/** Task ids per Provenance search (keeps the URL short). */
const PROVENANCE_CHUNK = 40;

/** What best-effort searches found, in the order of the parts (a part that failed found nothing). */
async function bestEffort(client: FhirClient, parts: readonly SearchPart[], request: RequestOptions): Promise<FhirResource[]> {
  if (!parts.length) return [];
  const { results } = await searchParts(client, parts, request);
  return parts.flatMap((p) => results.get(p.label)?.resources ?? []);
}

/**
 * Provenance targeting the Tasks (the first search brings only the referrals' own): one
 * `Provenance?target=Task/a,Task/b,…` search per chunk of Tasks, best effort (a failure leaves the
 * timeline to what the Tasks themselves say).
 */
async function taskProvenance(client: FhirClient, resources: readonly FhirResource[], request: RequestOptions): Promise<FhirResource[]> {
  const have = new Set(resources.filter((r) => r.resourceType === 'Provenance').map((r) => r.id));
  const tasks = [...new Set(resources.filter((r) => r.resourceType === 'Task' && r.id).map((r) => `Task/${r.id}`))];
  const parts: SearchPart[] = [];
  for (let i = 0; i < tasks.length; i += PROVENANCE_CHUNK) {
    parts.push({
      label: `provenance-${i}`,
      type: 'Provenance',
      params: { target: tasks.slice(i, i + PROVENANCE_CHUNK).join(','), _count: 100 },
    });
  }
  const out: FhirResource[] = [];
  for (const p of await bestEffort(client, parts, request)) {
    if (p.resourceType !== 'Provenance' || have.has(p.id)) continue;
    have.add(p.id);
    out.push(p);
  }
  return out;
}

/** Loads every referral of the patient, with their Tasks, Appointments and the names they refer to. */
export async function loadReferrals(client: FhirClient, patient: PatientInContext, options: LoadOptions = {}): Promise<ReferralLoad> {
  const request = { ...(options.signal ? { signal: options.signal } : {}), ...(options.fresh ? { cache: 'no-cache' as const } : {}) };
  const patientId = patient.id ?? (await resolvePatient(client, patient, request)).id ?? '';
  const result = await client.searchAll<FhirResource>(
    'ServiceRequest',
    {
      patient: patientId,
      _revinclude: ['Task:focus', 'Task:based-on', 'Appointment:based-on', 'Provenance:target'],
      _include: ['ServiceRequest:requester', 'ServiceRequest:performer'],
      _sort: '-authored',
      _count: 50,
    },
    request,
  );
  // an answer for this patient that holds another patient's referral: the server ignored the patient, so the list failed
  refuseForeignAnswer(result.resources, { id: patientId, nhsNumber: patient.nhsNumber }, client.baseUrl ? { baseUrl: client.baseUrl } : {});
  const resources = [...result.resources, ...result.included];
  resources.push(...(await taskProvenance(client, resources, request)));
  // the people, roles and organisations the referrals name that the first search did not bring (core's
  // loadReferenced, best effort: names then say Not known), so each says who referred and from where
  const names = await loadReferenced(client, resources, { ...request, also: namedReferences(resources) });
  // organisations named only by the ODS code in meta.source (where each record came from)
  const known = new Set([...resources, ...names].map((r) => (r.resourceType === 'Organization' ? odsCodeOf(r) : undefined)));
  const codes = [...new Set(resources.map((r) => odsFromMetaSource(r.meta?.source)).filter((c): c is string => !!c && !known.has(c)))];
  const identifier = codes
    .slice(0, 50)
    .map((c) => `${SYSTEM.ods}|${c}`)
    .join(',');
  // the same query the care summary makes, so the page-wide cache can share it
  const orgs = await bestEffort(
    client,
    codes.length ? [{ label: 'organisations', type: 'Organization', params: { identifier, _count: 50 }, maxPages: 1 }] : [],
    request,
  );
  return { resources: [...resources, ...names, ...orgs], complete: result.complete, patientId, withheld: result.warnings };
}

/**
 * Whether any ServiceRequest, Task or Appointment of the patient changed after `since` (a FHIR
 * instant), asking only for counts. A server that rejects the check makes the caller reload.
 */
export async function changedSince(client: FhirClient, patientId: string, since: string, options: LoadOptions = {}): Promise<boolean> {
  const request = { cache: 'no-cache' as const, ...(options.signal ? { signal: options.signal } : {}) };
  const counts = await Promise.all(
    ['ServiceRequest', 'Task', 'Appointment'].map((type) =>
      client
        .search(type, { patient: patientId, _lastUpdated: `gt${since}`, _summary: 'count' }, request)
        .then((b) => (b.total ?? 0) + (b.entry?.length ?? 0)),
    ),
  );
  return counts.some((n) => n > 0);
}

/**
 * Whether a live-update check must reload the data: when a count says something changed after the
 * newest `meta.lastUpdated` on screen, when the server cannot answer the count, and on every tenth
 * check anyway (counts cannot see deletions). Rejects only when aborted.
 */
export async function needsReload(
  client: FhirClient,
  data: Pick<ReferralData, 'patientId' | 'watermark'>,
  checkNumber: number,
  signal: AbortSignal,
): Promise<boolean> {
  if (!data.watermark || checkNumber % 10 === 0) return true;
  try {
    return await changedSince(client, data.patientId, data.watermark, { signal });
  } catch (e) {
    if (isAbort(e) || signal.aborted) throw e;
    return true;
  }
}

/** A stable fingerprint of a set of resources (order does not matter). */
export function fingerprint(resources: readonly FhirResource[]): string {
  return resources
    .map((r) => JSON.stringify(r))
    .sort()
    .join('\n');
}

/** Loaded (and guarded) data for one patient: the patient task's value. */
export interface ReferralData {
  patientId: string;
  /** The guarded resources, read through the server's base URL. */
  record: ClinicalRecord;
  complete: boolean;
  loadedAt: Date;
  /** Newest `meta.lastUpdated`, for `_lastUpdated=gt…` checks. */
  watermark?: string;
  fingerprint: string;
  /** Loaded again because a live-update check found a change. */
  fromCheck: boolean;
  /** What was read but is not listed as a referral (Advice & Guidance, other requests, …). */
  notShown: NotShown;
  /** e-RS reference data among the resources. */
  reference: ErsReference;
  /** What the server said it left out of the referral search (searchset OperationOutcome text). */
  withheld: readonly string[];
}

/** The data of resources that passed the patient guard (`accepted`), with their watermark and fingerprint. */
export function referralData(
  patientId: string,
  accepted: FhirResource[],
  complete: boolean,
  loadedAt: Date,
  baseUrl: string | undefined,
  fromCheck = false,
  read: { notShown: NotShown; reference: ErsReference } = { notShown: noneNotShown(), reference: emptyReference() },
  withheld: readonly string[] = [],
): ReferralData {
  const watermark = newestLastUpdated(
    accepted.filter((r) => r.resourceType === 'ServiceRequest' || r.resourceType === 'Task' || r.resourceType === 'Appointment'),
  );
  return {
    patientId,
    record: new ClinicalRecord(accepted, { baseUrl }),
    complete,
    loadedAt,
    ...(watermark ? { watermark } : {}),
    fingerprint: fingerprint(accepted),
    fromCheck,
    notShown: read.notShown,
    reference: read.reference,
    withheld,
  };
}

/** A patient task's data for a patient (kept while a new run is pending), if it has any. */
export function dataFor(
  value: { patientKey: string; value: ReferralData } | undefined,
  patientKey: string | undefined,
): ReferralData | undefined {
  return value && patientKey !== undefined && value.patientKey === patientKey ? value.value : undefined;
}
