// Data loading of <jc-advice-panel>: the A&G requests and messages of the patient, with their attachments and senders. The element's patient task runs it.
import type { Communication, CommunicationRequest, DocumentReference, Organization, PractitionerRole } from 'fhir/r4.js';
import { FhirError, resolvePatient, type MessageKey, type PatientIdentity, type PatientLoadInput } from '@joinedcare/core';
import { referencedDocumentIds, referencedPractitionerIds } from './model.js';

/** What the panel loaded for one patient (every resource has passed the patient guard). */
export interface Loaded {
  patientId: string;
  who: PatientIdentity;
  requests: CommunicationRequest[];
  communications: Communication[];
  documents: DocumentReference[];
  roles: PractitionerRole[];
  organisations: Organization[];
  failed: MessageKey[];
}

const chunk = <T>(a: T[], n: number): T[][] => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n));

/** The element's patient guard: keeps the resources about `who`, shows a warning for the rest. */
export type PatientGuard = <T extends { resourceType?: unknown; id?: unknown }>(
  resources: readonly T[],
  who: PatientIdentity,
  options?: { expectedTypes?: readonly string[] },
) => T[];

/** Loads the patient's requests and messages, then (in chunks of 50 ids) their attachments and senders; those two may fail partially. */
export async function loadAdvice({ client, patient, signal }: PatientLoadInput, guard: PatientGuard): Promise<Loaded> {
  const patientId = patient.id ?? (await resolvePatient(client, patient, { signal })).id;
  if (!patientId) throw new FhirError('not-found', 'The patient has no id');
  const who: PatientIdentity = { id: patientId, nhsNumber: patient.nhsNumber };
  const failed: MessageKey[] = [];
  const [reqs, comms] = await Promise.all([
    client.searchAll<CommunicationRequest>('CommunicationRequest', { patient: patientId, _count: 100 }, { signal }),
    client.searchAll<Communication>('Communication', { patient: patientId, _count: 200 }, { signal }),
  ]);
  if (!reqs.complete) failed.push('apPartialRequests');
  if (!comms.complete) failed.push('apPartialMessages');
  const requests = guard(reqs.resources, who, { expectedTypes: ['CommunicationRequest'] });
  const communications = guard(comms.resources, who, { expectedTypes: ['Communication'] });
  const documents: DocumentReference[] = [];
  const roles: PractitionerRole[] = [];
  const organisations: Organization[] = [];
  const docIds = referencedDocumentIds(requests, communications);
  const pracIds = referencedPractitionerIds(requests, communications);
  await Promise.all([
    ...chunk(docIds, 50).map(async (ids) => {
      try {
        const r = await client.searchAll<DocumentReference>('DocumentReference', { _id: ids.join(',') }, { signal });
        documents.push(...guard(r.resources, who, { expectedTypes: ['DocumentReference'] }));
      } catch (e) {
        if (signal.aborted) throw e;
        if (!failed.includes('apPartialAttachments')) failed.push('apPartialAttachments');
      }
    }),
    ...chunk(pracIds, 50).map(async (ids) => {
      try {
        const r = await client.searchAll<PractitionerRole>(
          'PractitionerRole',
          { practitioner: ids.map((id) => `Practitioner/${id}`).join(','), _include: 'PractitionerRole:organization' },
          { signal },
        );
        roles.push(...r.resources.filter((x) => x.resourceType === 'PractitionerRole'));
        organisations.push(...r.included.filter((x): x is Organization => x.resourceType === 'Organization'));
      } catch (e) {
        if (signal.aborted) throw e;
        if (!failed.includes('apPartialSenders')) failed.push('apPartialSenders');
      }
    }),
  ]);
  return { patientId, who, requests, communications, documents, roles, organisations, failed };
}
