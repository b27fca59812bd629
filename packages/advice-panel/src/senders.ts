// Senders of <jc-advice-panel>: who wrote a message, their role in the conversation, job and organisation, resolved through the record.
import type { CodeableConcept, Communication, CommunicationRequest, Practitioner, PractitionerRole } from 'fhir/r4.js';
import {
  asArray,
  describeOrganisation,
  formatName,
  isRecord,
  organisationOf,
  rolesOfPractitioner,
  type ClinicalRecord,
  type OrganisationInfo,
} from '@joinedcare/core';
import { requesterOf, senderOf, sentByOf, type SentBy } from './ers.js';
import { codingsOf, conceptText, missingIdOf, str } from './values.js';

/** A sender's role in the conversation, as e-RS names it. */
export type ConversationRole = SentBy;

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
 * The sender's role in the conversation: what e-RS says (`Communication.category`,
 * eRS-CommunicationSentBy-1). Where it says nothing, the sender is the requester only when the
 * message's sender is the request's requester (compared through the record; references local to one
 * resource, such as contained ones, are not compared); anyone else is not known, never "the specialist".
 */
export function senderRoleOf(record: ClinicalRecord, comm: Communication, request: CommunicationRequest): ConversationRole | undefined {
  const said = sentByOf(comm);
  if (said) return said;
  const s = record.targetKey(senderOf(comm), comm);
  const r = record.targetKey(requesterOf(request), request);
  if (!s || !r || s.startsWith('#') || r.startsWith('#')) return undefined;
  return s === r ? 'REQUESTER' : undefined;
}

/** e-RS business functions (REFERRING_CLINICIAN, …) as words, when the coding has no display. */
const BUSINESS_FUNCTION_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-BusinessFunction-1';

const jobRoleOf = (role: PractitionerRole | undefined): string | undefined => {
  const code = asArray<CodeableConcept>(role?.code)[0];
  const fn = codingsOf(code).find((c) => c.system === BUSINESS_FUNCTION_SYSTEM && !str(c.display) && str(c.code));
  if (fn && !str(code?.text)) {
    const words = (str(fn.code) ?? '').toLowerCase().replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return conceptText(code);
};

/**
 * Describes a sender (a Practitioner, PractitionerRole or Organization reference held by `from`):
 * name, job role and organisation from the record. A Practitioner's job and organisation come from
 * their PractitionerRole. `meta.source` is never read: it says where a record was held, not who wrote it.
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
    (str(roleOrg?.display) ? describeOrganisation(undefined, { display: str(roleOrg?.display) }) : undefined);
  return { name, conversationRole: role, jobRole: jobRoleOf(practitionerRole), organisation };
}

/** Ids of the Practitioners who sent messages or requested advice that the record does not hold (to load their roles). */
export function referencedPractitionerIds(record: ClinicalRecord): string[] {
  const ids = new Set<string>();
  for (const r of record.ofType<CommunicationRequest>('CommunicationRequest'))
    ids.add(missingIdOf(record, requesterOf(r), r, 'Practitioner') ?? '');
  for (const c of record.ofType<Communication>('Communication')) ids.add(missingIdOf(record, senderOf(c), c, 'Practitioner') ?? '');
  ids.delete('');
  return [...ids];
}
