// Data loading of <jc-advice-panel>: the A&G requests and messages of the patient, with their attachments and senders, as one record. The element's patient task runs it.
import type { Communication, CommunicationRequest, DocumentReference, FhirResource } from 'fhir/r4.js';
import {
  ClinicalRecord,
  FhirError,
  loadReferenced,
  resolvePatient,
  searchParts,
  type GuardOptions,
  type MessageKey,
  type PatientIdentity,
  type PatientLoadInput,
  type SearchPart,
} from '@joinedcare/core';
import { referencedDocumentIds } from './attachments.js';
import { referencedPractitionerIds } from './senders.js';

/** What the panel loaded for one patient (every resource has passed the patient guard). */
export interface Loaded {
  patientId: string;
  who: PatientIdentity;
  /** The requests, messages, attachments, and the senders' PractitionerRoles and Organizations. */
  record: ClinicalRecord;
  /** What could not be loaded, in words for "some information could not be loaded: …". */
  failed: MessageKey[];
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
 * Loads the patient's requests and messages (these must load), then their attachments and the
 * senders' roles and organisations (these may fail, and the panel says which).
 */
export async function loadAdvice({ client, patient, signal }: PatientLoadInput, guard: PatientGuard): Promise<Loaded> {
  const patientId = patient.id ?? (await resolvePatient(client, patient, { signal })).id;
  if (!patientId) throw new FhirError('not-found', 'The patient has no id');
  const who: PatientIdentity = { id: patientId, nhsNumber: patient.nhsNumber };
  const baseUrl = client.baseUrl;
  const failed: MessageKey[] = [];
  const [reqs, comms] = await Promise.all([
    client.searchAll<CommunicationRequest>('CommunicationRequest', { patient: patientId, _count: 100 }, { signal }),
    client.searchAll<Communication>('Communication', { patient: patientId, _count: 200 }, { signal }),
  ]);
  if (!reqs.complete) failed.push('apPartialRequests');
  if (!comms.complete) failed.push('apPartialMessages');
  const threads: FhirResource[] = [
    ...guard(reqs.resources, who, { expectedTypes: ['CommunicationRequest'], baseUrl }),
    ...guard(comms.resources, who, { expectedTypes: ['Communication'], baseUrl }),
  ];
  const found = await searchParts(client, detailParts(new ClinicalRecord(threads, { baseUrl })), { signal });
  for (const label of [...found.failed.map((f) => f.label), ...found.incomplete]) {
    if (!failed.includes(partialKey(label))) failed.push(partialKey(label));
  }
  const details: FhirResource[] = [];
  for (const [label, r] of found.results) {
    if (label.startsWith('attachments')) {
      details.push(...guard(r.resources as DocumentReference[], who, { expectedTypes: ['DocumentReference'], baseUrl }));
    } else {
      // PractitionerRoles and their Organizations are shared reference data, about no patient
      details.push(...r.resources.filter((x) => x.resourceType === 'PractitionerRole'));
      details.push(...r.included.filter((x) => x.resourceType === 'Organization'));
    }
  }
  // the people and organisations the messages name by reference and the searches above did not bring
  details.push(...(await loadReferenced(client, [...threads, ...details], { signal })));
  return { patientId, who, record: new ClinicalRecord([...threads, ...details], { baseUrl }), failed };
}
