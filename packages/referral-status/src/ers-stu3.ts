/**
 * e-RS STU3 resources as the widget's R4 readers read them. The STU3 ReferralRequest (A005, A014,
 * A028, A036 …) becomes a ServiceRequest and the STU3 Appointment (A038, or contained in the
 * referral) an R4 Appointment; e-RS's own extensions are kept exactly as sent, so every reader
 * that knows an e-RS fact reads it from the same place in both versions.
 *
 * What changes, and why (the e-RS STU3 profiles, `specification/components/stu3/schemas`):
 * - the ReferralRequest's `id` IS the UBRN: it is added as a UBRN identifier (the `identifier` e-RS
 *   sends is its `ers-request-id`, kept);
 * - `status` `cancelled` is R4 `revoked`, `suspended` is `on-hold`;
 * - `specialty` is R4's `performerType`, `serviceRequested` its `code`, `type` its `category`,
 *   `recipient` its `performer`;
 * - `requester` {agent, onBehalfOf} is one R4 reference: a PractitionerRole (contained) when it
 *   names both, so the organisation is still read from the clinical field;
 * - an Appointment's `incomingReferral` is R4 `basedOn`; its STU3 `reason` is R4
 *   `cancelationReason` on a cancelled appointment coded from a cancellation-reason system, else
 *   `reasonCode`.
 * References to `ReferralRequest/…` are rewritten to `ServiceRequest/…` (same id, same version).
 */
import { asArray, isRecord, plainText, SYSTEM } from '@joinedcare/core';

const str = (v: unknown): string => plainText(v);
type Json = Record<string, unknown>;

/** `ReferralRequest/1/_history/2` → `ServiceRequest/1/_history/2` (relative or absolute). */
export function retypeReference(ref: unknown): unknown {
  if (!isRecord(ref) || typeof ref['reference'] !== 'string') return ref;
  const reference = ref['reference'].replace(/(^|\/)ReferralRequest\//, '$1ServiceRequest/');
  return reference === ref['reference'] ? ref : { ...ref, reference };
}

const STATUS: Record<string, string> = {
  draft: 'draft',
  active: 'active',
  suspended: 'on-hold',
  cancelled: 'revoked',
  completed: 'completed',
  'entered-in-error': 'entered-in-error',
  unknown: 'unknown',
};

/** Whether a resource is in e-RS (or any) STU3 shape: a ReferralRequest, or an Appointment with `incomingReferral`. */
export function isStu3(resource: unknown): boolean {
  if (!isRecord(resource)) return false;
  if (resource['resourceType'] === 'ReferralRequest') return true;
  return resource['resourceType'] === 'Appointment' && Array.isArray(resource['incomingReferral']);
}

/** An STU3 Appointment (top-level or contained) as R4. */
export function stu3AppointmentToR4(appt: Json): Json {
  const { incomingReferral, reason, ...rest } = appt;
  const out: Json = { ...rest };
  const basedOn = [...asArray(appt['basedOn']), ...asArray(incomingReferral)].map(retypeReference);
  if (basedOn.length) out['basedOn'] = basedOn;
  const reasons = asArray<Json>(reason).filter(isRecord);
  const cancellation =
    str(appt['status']) === 'cancelled' &&
    reasons.some((r) => asArray<Json>(r['coding']).some((c) => isRecord(c) && /cancellation-reason/i.test(str(c['system']))));
  if (cancellation && !appt['cancelationReason']) out['cancelationReason'] = reasons[0];
  else if (reasons.length) out['reasonCode'] = [...asArray(appt['reasonCode']), ...reasons];
  return out;
}

/** A requester {agent, onBehalfOf}: one reference, through a contained PractitionerRole when it names both. */
function requesterOf(rr: Json): { requester?: unknown; contained: Json[] } {
  const req = rr['requester'];
  if (!isRecord(req)) return { contained: [] };
  const agent = req['agent'];
  const onBehalfOf = req['onBehalfOf'];
  if (!isRecord(agent)) return isRecord(onBehalfOf) ? { requester: onBehalfOf, contained: [] } : { contained: [] };
  const agentType = str(agent['reference']).split('/')[0] || str(agent['type']);
  if (!isRecord(onBehalfOf) || agentType === 'Organization' || agentType === 'PractitionerRole') return { requester: agent, contained: [] };
  const role: Json = { resourceType: 'PractitionerRole', id: 'jc-stu3-requester', practitioner: agent, organization: onBehalfOf };
  return { requester: { reference: '#jc-stu3-requester', ...(agent['display'] ? { display: agent['display'] } : {}) }, contained: [role] };
}

/** An e-RS STU3 ReferralRequest as an R4 ServiceRequest (its e-RS extensions and contained resources kept). */
export function stu3ReferralToR4(rr: Json): Json {
  const id = str(rr['id']);
  const identifier = asArray<Json>(rr['identifier']).filter(isRecord);
  const hasUbrn = identifier.some((i) => str(i['system']) === SYSTEM.ubrn);
  // the e-RS STU3 ReferralRequest's id is the UBRN (A005 is read by UBRN)
  if (!hasUbrn && /^\d{12}$/.test(id)) identifier.push({ system: SYSTEM.ubrn, value: id });
  const { requester, contained: extra } = requesterOf(rr);
  const contained = asArray<Json>(rr['contained'])
    .filter(isRecord)
    .map((c) => (c['resourceType'] === 'Appointment' ? stu3AppointmentToR4(c) : c));
  const serviceRequested = asArray(rr['serviceRequested'])[0];
  const out: Json = {
    resourceType: 'ServiceRequest',
    ...(id ? { id } : {}),
    ...(isRecord(rr['meta']) ? { meta: rr['meta'] } : {}),
    ...(Array.isArray(rr['extension']) ? { extension: rr['extension'] } : {}),
    ...(contained.length || extra.length ? { contained: [...contained, ...extra] } : {}),
    ...(identifier.length ? { identifier } : {}),
    status: STATUS[str(rr['status'])] ?? 'unknown',
    intent: str(rr['intent']) || 'order',
    ...(isRecord(rr['type']) ? { category: [rr['type']] } : {}),
    ...(str(rr['priority']) ? { priority: str(rr['priority']) } : {}),
    ...(isRecord(serviceRequested) ? { code: serviceRequested } : {}),
    ...(isRecord(rr['specialty']) ? { performerType: rr['specialty'] } : {}),
    subject: isRecord(rr['subject']) ? rr['subject'] : {},
    ...(str(rr['authoredOn']) ? { authoredOn: str(rr['authoredOn']) } : {}),
    ...(requester ? { requester } : {}),
    ...(Array.isArray(rr['recipient']) ? { performer: rr['recipient'] } : {}),
    ...(Array.isArray(rr['reasonCode']) ? { reasonCode: rr['reasonCode'] } : {}),
    ...(Array.isArray(rr['supportingInfo']) ? { supportingInfo: rr['supportingInfo'] } : {}),
    ...(Array.isArray(rr['note']) ? { note: rr['note'] } : {}),
    ...(Array.isArray(rr['basedOn']) ? { basedOn: rr['basedOn'].map(retypeReference) } : {}),
    ...(str(rr['occurrenceDateTime']) ? { occurrenceDateTime: str(rr['occurrenceDateTime']) } : {}),
    ...(isRecord(rr['occurrencePeriod']) ? { occurrencePeriod: rr['occurrencePeriod'] } : {}),
  };
  return out;
}
