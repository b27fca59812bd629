// Data loading of <jc-advice-panel>: the A&G requests and messages of the patient, with their attachments and senders, as one record. The element's patient task runs it.
import type { Communication, CommunicationRequest, DocumentReference, FhirResource } from 'fhir/r4.js';
import {
  ClinicalRecord,
  loadReferenced,
  patientScopeKey,
  refuseForeignAnswer,
  searchParts,
  type GuardOptions,
  type MessageKey,
  type PatientIdentity,
  type PatientLoadInput,
  type SearchPart,
} from '@joinedcare/core';
import { referencedDocumentIds } from './attachments.js';
import { referencedPractitionerIds } from './senders.js';
import { requestIdOf } from './conversations.js';
import { guardWithAttachments } from './guard-attachments.js';

/** What the panel shows for one patient (every resource has passed the patient guard). */
export interface Loaded {
  /** From the FHIR server (replies and new requests can be written), or handed in by the host (read only). */
  source: 'server' | 'handed';
  /** The patient's id on the server (what writes name); undefined for handed-in data. */
  patientId: string | undefined;
  who: PatientIdentity;
  /** What drafts are kept under: core's `patientScopeKey` (server, confirmed patient, user); undefined for handed-in data. */
  scope: string | undefined;
  /** The requests, messages, attachments, and the senders' PractitionerRoles and Organizations. */
  record: ClinicalRecord;
  /** What could not be loaded, in words for "some information could not be loaded: …". */
  failed: MessageKey[];
  /** What the server said it left out of the request and message searches (searchset OperationOutcome text). */
  withheld: string[];
  /** Handed-in ServiceRequests that are referrals, not A&G: counted, and shown by the referral status widget. */
  referrals: number;
}

/** The element's patient guard: keeps the resources about `who`, shows a warning for the rest. */
export type PatientGuard = <T extends { resourceType?: unknown; id?: unknown }>(
  resources: readonly T[],
  who: PatientIdentity,
  options?: GuardOptions,
) => T[];

const chunk = <T>(a: T[], n: number): T[][] => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n));

/** The best-effort searches: attachments and senders, in chunks of 50 ids. */
type DetailLabel = `attachments-${number}` | `senders-${number}`;

function detailParts(record: ClinicalRecord): SearchPart<DetailLabel>[] {
  return [
    ...chunk(referencedDocumentIds(record), 50).map((ids, i): SearchPart<DetailLabel> => ({
      label: `attachments-${i}`,
      type: 'DocumentReference',
      params: { _id: ids.join(',') },
    })),
    ...chunk(referencedPractitionerIds(record), 50).map((ids, i): SearchPart<DetailLabel> => ({
      label: `senders-${i}`,
      type: 'PractitionerRole',
      params: { practitioner: ids.map((id) => `Practitioner/${id}`).join(','), _include: 'PractitionerRole:organization' },
    })),
  ];
}

const partialKey = (label: DetailLabel): MessageKey => (label.startsWith('attachments') ? 'apPartialAttachments' : 'apPartialSenders');

/**
 * The messages of requests the patient search found none for, by `based-on` (e-RS sends messages
 * with no subject: a server that holds them as e-RS does finds them only through their request).
 */
async function messagesByRequest(
  input: PatientLoadInput,
  requests: readonly CommunicationRequest[],
  messages: readonly Communication[],
): Promise<{ resources: Communication[]; complete: boolean }> {
  const record = new ClinicalRecord([...requests, ...messages], { baseUrl: input.client.baseUrl });
  const withMessages = new Set(messages.map((m) => requestIdOf(m, record)));
  const bare = requests.map((r) => r.id).filter((id): id is string => typeof id === 'string' && !withMessages.has(id));
  const out: Communication[] = [];
  let complete = true;
  for (const ids of chunk(bare, 50)) {
    const r = await input.client.searchAll<Communication>(
      'Communication',
      { 'based-on': ids.map((id) => `CommunicationRequest/${id}`).join(','), _count: 200 },
      { signal: input.signal },
    );
    out.push(...r.resources);
    complete &&= r.complete;
  }
  return { resources: out, complete };
}

/**
 * Runs searches side by side; when one fails, the others are stopped before the failure is thrown.
 * Left running, a failing sibling stays in flight in the page-wide request cache, and the Retry that
 * follows would join it and fail with its stale answer, without asking the server again (the
 * faults suite's "the first Retry makes no request").
 */
async function allOrNone<T extends readonly Promise<unknown>[]>(
  signal: AbortSignal,
  start: (signal: AbortSignal) => readonly [...T],
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const stop = new AbortController();
  try {
    return await Promise.all(start(AbortSignal.any([signal, stop.signal])));
  } catch (e) {
    stop.abort();
    throw e;
  }
}

/**
 * Loads the patient's requests and messages (these must load), then their attachments and the
 * senders' roles and organisations (these may fail, and the panel says which). Requests and
 * messages are guarded together: a message that names no patient (as e-RS sends them) belongs to
 * the request it is part of.
 */
export async function loadAdvice(input: PatientLoadInput, guard: PatientGuard): Promise<Loaded> {
  const { client, signal, who } = input;
  const patientId = input.identity.id;
  const baseUrl = client.baseUrl;
  const failed: MessageKey[] = [];
  const [scope, reqs, comms] = await allOrNone(signal, (both) => [
    patientScopeKey(client, who),
    client.searchAll<CommunicationRequest>('CommunicationRequest', { patient: patientId, _count: 100 }, { signal: both }),
    client.searchAll<Communication>('Communication', { patient: patientId, _count: 200 }, { signal: both }),
  ]);
  const more = await messagesByRequest(input, reqs.resources, comms.resources);
  if (!reqs.complete) failed.push('apPartialRequests');
  if (!comms.complete || !more.complete) failed.push('apPartialMessages');
  const answered = [...reqs.resources, ...comms.resources, ...more.resources];
  const threads: FhirResource[] = guard(answered, who, { expectedTypes: ['CommunicationRequest', 'Communication'], baseUrl });
  // an answer for this patient that holds another patient's request or message: the server ignored the patient, so the list failed
  refuseForeignAnswer(answered, who, { expectedTypes: ['CommunicationRequest', 'Communication'], baseUrl });
  const found = await searchParts(client, detailParts(new ClinicalRecord(threads, { baseUrl })), { signal });
  for (const label of [...found.failed.map((f) => f.label), ...found.incomplete]) {
    if (!failed.includes(partialKey(label))) failed.push(partialKey(label));
  }
  const details: FhirResource[] = [];
  for (const [label, r] of found.results) {
    if (label.startsWith('attachments')) {
      const docs = r.resources as DocumentReference[];
      details.push(...guardWithAttachments(docs, threads, (rs, o) => guard(rs, who, { ...o, baseUrl })));
    } else {
      // PractitionerRoles and their Organizations are shared reference data, about no patient
      details.push(...r.resources.filter((x) => x.resourceType === 'PractitionerRole'));
      details.push(...r.included.filter((x) => x.resourceType === 'Organization'));
    }
  }
  // the people and organisations the messages name by reference and the searches above did not bring
  details.push(...(await loadReferenced(client, [...threads, ...details], { signal })));
  return {
    source: 'server',
    patientId,
    who,
    scope,
    record: new ClinicalRecord([...threads, ...details], { baseUrl }),
    failed,
    withheld: [...new Set([...reqs.warnings, ...comms.warnings])],
    referrals: 0,
  };
}
