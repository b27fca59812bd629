// The e-Referral Service's Advice & Guidance fields, as the e-RS FHIR API publishes them (STU3
// A024/A025/A026, and the R4 A&G ServiceRequest of A041): one place that knows where e-RS says what.
import type { Coding, CommunicationRequest, Reference } from 'fhir/r4.js';
import { asArray, isRecord, isUbrnSystem } from '@joinedcare/core';
import { codingsOf, extensionValue, multiline, str } from './values.js';

const STU3 = 'https://fhir.nhs.uk/STU3';

/** `CommunicationRequest.category`: the A&G status (eRS-AdviceAndGuidanceStatus-1). */
export const AG_STATUS_SYSTEM = `${STU3}/CodeSystem/eRS-AdviceAndGuidanceStatus-1`;
/** `Communication.category`: who sent a message (eRS-CommunicationSentBy-1). */
export const AG_SENT_BY_SYSTEM = `${STU3}/CodeSystem/eRS-CommunicationSentBy-1`;
/** Whether the referrer allowed the provider to convert the request into a referral. */
export const AG_CONVERSION_EXTENSION = `${STU3}/StructureDefinition/Extension-eRS-ProviderConversionAuthorisation-1`;
export const AG_CONVERSION_SYSTEM = `${STU3}/CodeSystem/eRS-ProviderConversionAuthorisation-1`;
/** The request's specialty (a Coding). */
export const ERS_SPECIALTY_EXTENSION = `${STU3}/StructureDefinition/Extension-eRS-Specialty-1`;
/** The request's e-RS priority (ROUTINE, URGENT, TWO_WEEK_WAIT). */
export const ERS_PRIORITY_EXTENSION = `${STU3}/StructureDefinition/Extension-eRS-ReferralPriority-1`;
/** A DocumentReference attachment's availability (AVAILABLE, PENDING, THREATS_FOUND, VALIDATION_FAILED). */
export const ERS_AVAILABILITY_EXTENSION = `${STU3}/StructureDefinition/Extension-eRS-AvailabilityStatus-1`;
/** e-RS names people and services through these extensions on an otherwise empty Reference. */
const ACTOR_EXTENSIONS = [
  `${STU3}/StructureDefinition/Extension-PractitionerRole-Reference-1`,
  `${STU3}/StructureDefinition/Extension-HealthcareService-Reference-1`,
];
/** Profile of an e-RS A&G request: its id is the UBRN (A024 reads `CommunicationRequest/{ubrn}`). */
const ERS_REQUEST_PROFILE = `${STU3}/StructureDefinition/eRS-CommunicationRequest-1`;
/** The e-RS service identifier system (a HealthcareService named by its e-RS id). */
const ERS_SERVICE_SYSTEM = 'http://fhir.nhs.net/Id/ers-service';

/** R4 (A041): an A&G request is a ServiceRequest coded advice-and-guidance, category `request`; a referral has category `referral`. */
export const SR_CATEGORY_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/message-category-servicerequest';
export const SR_CODE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/servicerequest-code';

/** Who sent a message, as e-RS says it. */
export type SentBy = 'REQUESTER' | 'RESPONDER' | 'REFERRER_CLINICAL_INFORMATION_UPDATED';
const SENT_BY = new Set<string>(['REQUESTER', 'RESPONDER', 'REFERRER_CLINICAL_INFORMATION_UPDATED']);

/** The codings of `system` in a list of CodeableConcepts. */
function codesIn(concepts: unknown, system: string): string[] {
  return asArray(concepts)
    .flatMap((c) => codingsOf(c))
    .filter((c) => c.system === system)
    .map((c) => str(c.code) ?? '')
    .filter(Boolean);
}

/** The A&G status code a request carries in `category` (eRS-AdviceAndGuidanceStatus-1), if any. */
export function statusCodeOf(request: unknown): string | undefined {
  return isRecord(request) ? codesIn(request['category'], AG_STATUS_SYSTEM)[0] : undefined;
}

/** Who sent a message: `Communication.category` (eRS-CommunicationSentBy-1); undefined when it does not say. */
export function sentByOf(message: unknown): SentBy | undefined {
  const code = isRecord(message) ? codesIn(message['category'], AG_SENT_BY_SYSTEM)[0] : undefined;
  return code && SENT_BY.has(code) ? (code as SentBy) : undefined;
}

/**
 * The Reference an actor field really names: e-RS wraps it in a PractitionerRole or
 * HealthcareService reference extension; any other Reference is itself.
 */
export function actorRef(ref: unknown): Reference | undefined {
  if (!isRecord(ref)) return undefined;
  for (const e of asArray<Record<string, unknown>>(ref['extension'])) {
    if (isRecord(e) && ACTOR_EXTENSIONS.includes(e['url'] as string) && isRecord(e['valueReference'])) {
      const inner = e['valueReference'] as Reference;
      const display = str(ref['display']);
      return display && !inner.display ? { ...inner, display } : inner;
    }
  }
  return ref;
}

/** The requester of an A&G request: R4 `requester`, or STU3 `requester.agent`. */
export function requesterOf(request: unknown): Reference | undefined {
  if (!isRecord(request) || !isRecord(request['requester'])) return undefined;
  const r = request['requester'];
  return actorRef(isRecord(r['agent']) ? r['agent'] : r);
}

/** A message's or request's sender. */
export function senderOf(resource: unknown): Reference | undefined {
  return isRecord(resource) ? actorRef(resource['sender']) : undefined;
}

/** A request's recipients, unwrapped. */
export function recipientsOf(resource: unknown): Reference[] {
  return isRecord(resource)
    ? asArray(resource['recipient'])
        .map(actorRef)
        .filter((r): r is Reference => !!r)
    : [];
}

/** A message's text: `payload.contentString`, and e-RS's `note.text` (where e-RS puts the message). */
export function messageTextOf(resource: unknown): string | undefined {
  if (!isRecord(resource)) return undefined;
  const parts = [
    ...asArray<Record<string, unknown>>(resource['payload']).map((p) => (isRecord(p) ? multiline(p['contentString']) : undefined)),
    ...(isErsMessage(resource)
      ? asArray<Record<string, unknown>>(resource['note']).map((n) => (isRecord(n) ? multiline(n['text']) : undefined))
      : []),
  ].filter((s): s is string => !!s);
  return parts.length ? parts.join('\n\n') : undefined;
}

/** An e-RS message carries its text in `note` (it says who sent it in its e-RS category, or has the e-RS profile). */
function isErsMessage(resource: Record<string, unknown>): boolean {
  return sentByOf(resource) !== undefined || hasProfile(resource, 'eRS-Communication-1');
}

function hasProfile(resource: Record<string, unknown>, name: string): boolean {
  const meta = resource['meta'];
  return isRecord(meta) && asArray<string>(meta['profile']).some((p) => typeof p === 'string' && p.endsWith(`/${name}`));
}

/** The UBRN: a UBRN identifier, else the id of an e-RS A&G request (e-RS addresses it by UBRN). */
export function ubrnOf(request: unknown): string | undefined {
  if (!isRecord(request)) return undefined;
  const id = asArray<Record<string, unknown>>(request['identifier']).find((i) => isRecord(i) && isUbrnSystem(i['system']));
  const value = str(id?.['value']);
  if (value) return value;
  const meta = request['meta'];
  const ers = isRecord(meta) && asArray<string>(meta['profile']).includes(ERS_REQUEST_PROFILE);
  return ers ? str(request['id']) : undefined;
}

/** The e-RS priority code (ROUTINE, URGENT, TWO_WEEK_WAIT) of the request's priority extension. */
export function ersPriorityOf(request: unknown): string | undefined {
  const c = isRecord(request) ? extensionValue(request['extension'], ERS_PRIORITY_EXTENSION)[0] : undefined;
  return str(c?.code);
}

/** The specialty e-RS names in its specialty extension (display, else code). */
export function ersSpecialtyOf(request: unknown): string | undefined {
  const c: Coding | undefined = isRecord(request) ? extensionValue(request['extension'], ERS_SPECIALTY_EXTENSION)[0] : undefined;
  return str(c?.display) ?? str(c?.code);
}

/**
 * The name of an e-RS service named only by its e-RS id: the display the request's own shortlist
 * (a contained List) gives that same service id.
 */
export function ersServiceName(request: CommunicationRequest, service: Reference | undefined): string | undefined {
  const id = isRecord(service?.identifier) && service.identifier.system === ERS_SERVICE_SYSTEM ? str(service.identifier.value) : undefined;
  if (!id) return undefined;
  for (const c of asArray<Record<string, unknown>>(request.contained)) {
    if (!isRecord(c) || c['resourceType'] !== 'List') continue;
    for (const e of asArray<Record<string, unknown>>(c['entry'])) {
      const item = isRecord(e) ? e['item'] : undefined;
      if (
        isRecord(item) &&
        isRecord(item['identifier']) &&
        item['identifier']['system'] === ERS_SERVICE_SYSTEM &&
        str(item['identifier']['value']) === id
      )
        return str(item['display']);
    }
  }
  return undefined;
}

/** e-RS's availability code of an attachment (the extension on `content.attachment`). */
export function ersAvailabilityOf(attachment: unknown): string | undefined {
  const c = isRecord(attachment) ? extensionValue(attachment['extension'], ERS_AVAILABILITY_EXTENSION)[0] : undefined;
  return str(c?.code);
}

/** Whether a ServiceRequest is an A&G request (R4 e-RS: code advice-and-guidance, category `request`). */
export function isAdviceServiceRequest(sr: unknown): boolean {
  if (!isRecord(sr) || sr['resourceType'] !== 'ServiceRequest') return false;
  const coded = codingsOf(sr['code']).some((c) => c.system === SR_CODE_SYSTEM && c.code === 'advice-and-guidance');
  return coded && codesIn(sr['category'], SR_CATEGORY_SYSTEM).includes('request');
}
