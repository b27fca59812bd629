/**
 * Loading referral data through the client: one paged search with `_revinclude` for Tasks,
 * Appointments and the referrals' Provenance, a follow-up search for the Tasks' Provenance, and cheap change checks (`_lastUpdated=gt…` with `_summary=count`) for polling.
 */
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { resolvePatient, type FhirClient, type PatientInContext } from '@joinedcare/core';
import { newestLastUpdated, ODS_SYSTEM, odsOfSource, referenceKey } from './model.js';

export interface ReferralLoad {
  /** ServiceRequests, Tasks, Appointments, Provenance and directory resources (not yet guarded). */
  resources: FhirResource[];
  /** False when some pages could not be fetched. */
  complete: boolean;
  /** The Patient id searched by. */
  patientId: string;
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

const NAMED_TYPES = new Set(['Location', 'Organization', 'Practitioner', 'PractitionerRole']);

/** References (to people and places) that carry no display and were not included in the response. */
function unnamedReferences(resources: readonly FhirResource[]): Map<string, string[]> {
  const have = new Set(resources.map((r) => `${r.resourceType}/${r.id ?? ''}`));
  const wanted = new Map<string, string[]>();
  const consider = (ref: unknown) => {
    if (!ref || typeof ref !== 'object' || (ref as { display?: unknown }).display) return;
    const key = referenceKey(ref);
    if (!key || have.has(key)) return;
    const [type, id] = key.split('/');
    if (!NAMED_TYPES.has(type)) return;
    have.add(key);
    wanted.set(type, [...(wanted.get(type) ?? []), id]);
  };
  for (const r of resources) {
    if (r.resourceType === 'ServiceRequest') {
      consider(r.requester);
      for (const p of r.performer ?? []) consider(p);
    } else if (r.resourceType === 'Appointment') {
      for (const p of r.participant ?? []) consider(p.actor);
    } else if (r.resourceType === 'Provenance') {
      for (const a of r.agent ?? []) {
        consider(a.who);
        consider(a.onBehalfOf);
      }
    } else if (r.resourceType === 'PractitionerRole') {
      consider(r.organization);
      consider(r.practitioner);
    }
  }
  return wanted;
}

/** Task ids per Provenance search (keeps the URL short). */
export const PROVENANCE_CHUNK = 40;

/**
 * Provenance targeting the Tasks (the first search brings only the referrals' own): one
 * `Provenance?target=Task/a,Task/b,…` search per chunk of Tasks, best effort (a failure leaves the
 * timeline to what the Tasks themselves say).
 */
async function taskProvenance(
  client: FhirClient,
  resources: readonly FhirResource[],
  request: { signal?: AbortSignal; cache?: 'no-cache' },
  signal: AbortSignal | undefined,
): Promise<FhirResource[]> {
  const have = new Set(resources.filter((r) => r.resourceType === 'Provenance').map((r) => r.id));
  const tasks = [...new Set(resources.filter((r) => r.resourceType === 'Task' && r.id).map((r) => `Task/${r.id}`))];
  const chunks: string[][] = [];
  for (let i = 0; i < tasks.length; i += PROVENANCE_CHUNK) chunks.push(tasks.slice(i, i + PROVENANCE_CHUNK));
  const found = await Promise.all(
    chunks.map((chunk) =>
      client
        .searchAll<FhirResource>('Provenance', { target: chunk.join(','), _count: 100 }, request)
        .then((r) => r.resources)
        .catch((e: unknown) => {
          if (signal?.aborted) throw e;
          return [] as FhirResource[];
        }),
    ),
  );
  const out: FhirResource[] = [];
  for (const p of found.flat()) {
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
  const resources = [...result.resources, ...result.included];
  resources.push(...(await taskProvenance(client, resources, request, options.signal)));
  // names of people and places the first search did not bring (one search per type, best effort)
  const missing = unnamedReferences(resources);
  const extra = await Promise.all(
    [...missing].map(([type, ids]) =>
      client
        .search<FhirResource>(type, { _id: ids.slice(0, 100).join(',') }, request)
        .then((b: Bundle<FhirResource>) => (b.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => !!r))
        .catch((e: unknown) => {
          if (options.signal?.aborted) throw e;
          return [] as FhirResource[]; // names then say Not Known
        }),
    ),
  );
  // organisations named only by the ODS code in meta.source (where each record came from)
  const known = new Set(
    [...resources, ...extra.flat()].flatMap((r) =>
      r.resourceType === 'Organization' ? (r.identifier ?? []).filter((i) => i.system === ODS_SYSTEM).map((i) => i.value) : [],
    ),
  );
  const codes = [...new Set(resources.map((r) => odsOfSource(r.meta?.source)).filter((c): c is string => !!c && !known.has(c)))];
  const orgs = codes.length
    ? await client
        .search<FhirResource>(
          'Organization',
          {
            identifier: codes
              .slice(0, 50)
              .map((c) => `${ODS_SYSTEM}|${c}`)
              .join(','),
            // the same query the care summary makes, so the page-wide cache can share it
            _count: 50,
          },
          request,
        )
        .then((b: Bundle<FhirResource>) => (b.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => !!r))
        .catch((e: unknown) => {
          if (options.signal?.aborted) throw e;
          return [] as FhirResource[];
        })
    : [];
  return { resources: [...resources, ...extra.flat(), ...orgs], complete: result.complete, patientId };
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

/** A stable fingerprint of a set of resources (order does not matter). */
export function fingerprint(resources: readonly FhirResource[]): string {
  return resources
    .map((r) => JSON.stringify(r))
    .sort()
    .join('\n');
}

/** Loaded (and guarded) data for one patient. */
export interface Loaded {
  patientKey: string;
  patientId: string;
  resources: FhirResource[];
  complete: boolean;
  loadedAt: Date;
  /** Newest `meta.lastUpdated`, for `_lastUpdated=gt…` checks. */
  watermark?: string;
  fingerprint: string;
}

/** The loaded data for resources that passed the patient guard (`accepted`), with their watermark and fingerprint. */
export function loadedData(patientKey: string, patientId: string, accepted: FhirResource[], complete: boolean, loadedAt: Date): Loaded {
  const watermark = newestLastUpdated(
    accepted.filter((r) => r.resourceType === 'ServiceRequest' || r.resourceType === 'Task' || r.resourceType === 'Appointment'),
  );
  return {
    patientKey,
    patientId,
    resources: accepted,
    complete,
    loadedAt,
    ...(watermark ? { watermark } : {}),
    fingerprint: fingerprint(accepted),
  };
}
