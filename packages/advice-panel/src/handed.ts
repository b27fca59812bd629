// Data the host hands to <jc-advice-panel> (e-RS responses: A024, A025, A026, A041), unpacked and checked by the patient guard.
import type { Bundle, DocumentReference, FhirResource } from 'fhir/r4.js';
import { asArray, ClinicalRecord, isRecord, type PatientIdentity } from '@joinedcare/core';
import { isAdviceServiceRequest } from './ers.js';
import { guardWithAttachments } from './guard-attachments.js';
import type { Loaded, PatientGuard } from './load.js';

/** What the panel reads from handed-in data; anything else is refused as an unexpected type, and counted. */
const READ_TYPES = ['CommunicationRequest', 'Communication', 'ServiceRequest', 'ReferralRequest'];

/**
 * The resources in what the host handed in: resources as they are; a Bundle's entries (A025's
 * searchset, A041's), with their `fullUrl`s; a Parameters' resources (A026's answer). Nested one level.
 */
function unpack(items: readonly unknown[]): { resources: FhirResource[]; fullUrls: Map<string, FhirResource> } {
  const resources: FhirResource[] = [];
  const fullUrls = new Map<string, FhirResource>();
  const add = (r: unknown, depth: number): void => {
    if (!isRecord(r) || typeof r['resourceType'] !== 'string') return;
    if (r['resourceType'] === 'Bundle' && depth < 2) {
      for (const e of asArray<Record<string, unknown>>(r['entry'])) {
        if (!isRecord(e)) continue;
        add(e['resource'], depth + 1);
        const url = typeof e['fullUrl'] === 'string' ? e['fullUrl'].trim() : '';
        if (url && isRecord(e['resource'])) fullUrls.set(url, e['resource'] as unknown as FhirResource);
      }
      return;
    }
    if (r['resourceType'] === 'Parameters' && depth < 2) {
      for (const p of asArray<Record<string, unknown>>(r['parameter'])) if (isRecord(p)) add(p['resource'], depth + 1);
      return;
    }
    resources.push(r as unknown as FhirResource);
  };
  for (const item of items) add(item, 0);
  return { resources, fullUrls };
}

/**
 * Handed-in data, checked: requests, messages and R4 A&G ServiceRequests about `who` (a message
 * that names no patient belongs to its request); their attachments; the senders' roles. A referral
 * (an R4 ServiceRequest of category `referral`, an STU3 ReferralRequest) is not A&G: it is counted
 * (`referrals`), not shown. Other types are refused as
 * unexpected (the panel says how many).
 */
export function prepareHanded(
  data: { resources?: readonly unknown[] | undefined; bundle?: Bundle | undefined },
  who: PatientIdentity,
  guard: PatientGuard,
): Loaded {
  const { resources, fullUrls } = unpack([...(data.resources ?? []), ...(data.bundle ? [data.bundle] : [])]);
  const record = new ClinicalRecord(resources, { fullUrls });
  const docs = resources.filter((r): r is DocumentReference => r.resourceType === 'DocumentReference');
  const others = resources.filter((r) => r.resourceType !== 'DocumentReference');
  const accepted = guard(others, who, { expectedTypes: READ_TYPES, record });
  // a referral (R4 ServiceRequest with category referral, STU3 ReferralRequest) is the referral status widget's
  const isReferral = (r: FhirResource) =>
    (r.resourceType as string) === 'ReferralRequest' || (r.resourceType === 'ServiceRequest' && !isAdviceServiceRequest(r));
  const referrals = accepted.filter(isReferral).length;
  const kept = accepted.filter((r) => !isReferral(r));
  const attachments = guardWithAttachments(docs, kept, (rs, o) => guard(rs, who, { ...o, record }));
  const shown = [...kept, ...attachments];
  return {
    source: 'handed',
    patientId: undefined,
    who,
    scope: undefined,
    record: new ClinicalRecord(shown, { fullUrls: new Map([...fullUrls].filter(([, r]) => shown.includes(r))) }),
    failed: [],
    withheld: [],
    referrals,
  };
}
