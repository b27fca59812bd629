// Senders of <jc-advice-panel>: who wrote a message, their role in the conversation, job and organisation, resolved through the record.
import type { CodeableConcept, Communication, CommunicationRequest, Practitioner, PractitionerRole } from 'fhir/r4.js';
import {
  asArray,
  describeOrganisation,
  formatCodeableConcept,
  formatName,
  isRecord,
  odsFromMetaSource,
  organisationByOds,
  organisationOf,
  rolesOfPractitioner,
  type ClinicalRecord,
  type OrganisationInfo,
} from '@joinedcare/core';
import { AG_SENDER_ROLE_EXTENSION } from './status.js';
import { extensionValue, missingIdOf, str } from './values.js';

/** A sender's role in the conversation. */
export type ConversationRole = 'REQUESTER' | 'RESPONDER';

export interface SenderView {
  name: string | undefined;
  /** Role in the conversation. */
  conversationRole: ConversationRole | undefined;
  /** Job role, e.g. "Consultant physician". */
  jobRole: string | undefined;
  /**
   * The sender's organisation as core describes it: its kind (GP practice, NHS trust, …) comes from
   * its ODS role only, never from the conversation role; undefined when nothing names one.
   */
  organisation: OrganisationInfo | undefined;
}

/**
 * The sender's role in the conversation: the e-RS sender-role extension, else whether the sender
 * is the request's requester (compared through the record; references local to one resource,
 * such as contained ones, are not compared).
 */
export function senderRoleOf(record: ClinicalRecord, comm: Communication, request: CommunicationRequest): ConversationRole | undefined {
  const code = extensionValue(comm.extension, AG_SENDER_ROLE_EXTENSION)[0]?.code;
  if (code === 'REQUESTER' || code === 'RESPONDER') return code;
  const s = record.targetKey(comm.sender, comm);
  const r = record.targetKey(request.requester, request);
  if (!s || !r || s.startsWith('#') || r.startsWith('#')) return undefined;
  return s === r ? 'REQUESTER' : 'RESPONDER';
}

const jobRoleOf = (role: PractitionerRole | undefined): string | undefined => {
  const code = asArray<CodeableConcept>(role?.code)[0];
  const text = code ? formatCodeableConcept(code) : undefined;
  return text && text !== 'Not Known' ? text : undefined;
};

/**
 * Describes a sender (a Practitioner, PractitionerRole or Organization reference held by `from`):
 * name, job role and organisation from the record. A Practitioner's job and organisation come from
 * their PractitionerRole; when nothing names an organisation, the one the server wrote in
 * `meta.source` (`urn:ods:…`) is used if the record holds it.
 */
export function describeSender(
  record: ClinicalRecord,
  sender: unknown,
  from: Communication | CommunicationRequest,
  role: ConversationRole | undefined,
): SenderView {
  const r = record.resolve(sender, from);
  const type = r.kind === 'resource' ? r.resource.resourceType : r.type;
  let practitionerRole: PractitionerRole | undefined;
  let practitioner: Practitioner | undefined;
  if (r.kind === 'resource' && r.resource.resourceType === 'PractitionerRole') practitionerRole = r.resource;
  if (r.kind === 'resource' && r.resource.resourceType === 'Practitioner') practitioner = r.resource;
  if (type === 'Practitioner') practitionerRole = rolesOfPractitioner(record, record.targetKey(sender, from))[0];
  const display = isRecord(sender) ? str(sender['display']) : undefined;
  const name =
    display ??
    (practitioner ? formatName(practitioner.name) : undefined) ??
    (practitionerRole ? str(practitionerRole.practitioner?.display) : undefined);
  const roleOrg = practitionerRole?.organization;
  const organisation =
    organisationOf(record, sender, from) ??
    (practitionerRole ? organisationOf(record, roleOrg, practitionerRole) : undefined) ??
    (str(roleOrg?.display) ? describeOrganisation(undefined, { display: str(roleOrg?.display) }) : undefined) ??
    heldAt(record, from);
  return { name, conversationRole: role, jobRole: jobRoleOf(practitionerRole), organisation };
}

/** The organisation a server named in `meta.source` (`urn:ods:…`), when the record holds it. */
function heldAt(record: ClinicalRecord, from: Communication | CommunicationRequest): OrganisationInfo | undefined {
  const org = organisationByOds(record, odsFromMetaSource(from.meta?.source));
  return org ? describeOrganisation(org) : undefined;
}

/** Ids of the Practitioners who sent messages or requested advice that the record does not hold (to load their roles). */
export function referencedPractitionerIds(record: ClinicalRecord): string[] {
  const ids = new Set<string>();
  for (const r of record.ofType<CommunicationRequest>('CommunicationRequest'))
    ids.add(missingIdOf(record, r.requester, r, 'Practitioner') ?? '');
  for (const c of record.ofType<Communication>('Communication')) ids.add(missingIdOf(record, c.sender, c, 'Practitioner') ?? '');
  ids.delete('');
  return [...ids];
}
