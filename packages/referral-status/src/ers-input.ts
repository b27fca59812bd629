/**
 * What a host hands the widget (resources, a Bundle) or a server returns, read into what the
 * model reads: e-RS STU3 referrals and appointments as R4 (`ers-stu3.ts`), worklist entries as
 * summary referrals (`ers-worklist.ts`), e-RS Parameters responses (A036 cancel, A014 reject, …)
 * unwrapped, CodeSystems as reference data (`ers-reference.ts`). Nothing is dropped silently:
 * what is not shown as a referral is counted in `notShown`, and the widget says so.
 */
import type { FhirResource } from 'fhir/r4.js';
import { asArray, isRecord, plainText } from '@joinedcare/core';
import { isAdviceRequest } from './ers-codes.js';
import { emptyReference, readCodeSystem, type ErsReference } from './ers-reference.js';
import { isStu3, stu3AppointmentToR4, stu3ReferralToR4 } from './ers-stu3.js';
import { isWorklist, worklistReferrals } from './ers-worklist.js';

const str = (v: unknown): string => plainText(v);
type Json = Record<string, unknown>;

/** What was read but is not listed as a referral, by kind. */
export interface NotShown {
  /** Advice & Guidance: R4 ServiceRequests (code advice-and-guidance / category request) and STU3 CommunicationRequests (shown in the advice panel). */
  adviceRequests: number;
  /** Advice & Guidance messages (Communication; shown in the advice panel). */
  adviceMessages: number;
  /** ServiceRequests that are not referrals (a test, a procedure). */
  otherRequests: number;
  /** e-RS worklist entries for other patients. */
  worklistOtherPatients: number;
  /** Entries, parameters or resources that could not be read at all. */
  unreadable: number;
  /** An earlier version of a referral or appointment also handed in (the newest is shown). */
  olderVersions: number;
}

export const noneNotShown = (): NotShown => ({
  adviceRequests: 0,
  adviceMessages: 0,
  otherRequests: 0,
  worklistOtherPatients: 0,
  unreadable: 0,
  olderVersions: 0,
});

export interface ReadInput {
  resources: FhirResource[];
  /** Bundle entries' `fullUrl`s, for `urn:uuid:` and absolute references. */
  fullUrls: Map<string, FhirResource>;
  notShown: NotShown;
  reference: ErsReference;
}

export interface ReadOptions {
  /** The patient's NHS number (normalised): worklist entries for other patients are counted, not read. */
  nhsNumber?: string;
}

/** Unwraps Bundles and Parameters into resources, keeping each Bundle entry's fullUrl. */
function flatten(items: readonly unknown[], out: { resource: Json; fullUrl?: string }[], notShown: NotShown, depth = 0): void {
  for (const item of items) {
    if (!isRecord(item) || typeof item['resourceType'] !== 'string') {
      if (item !== undefined && item !== null) notShown.unreadable++;
      continue;
    }
    if (depth < 3 && item['resourceType'] === 'Bundle') {
      for (const e of asArray<Json>(item['entry'])) {
        const r = isRecord(e) ? e['resource'] : undefined;
        if (!isRecord(r)) {
          notShown.unreadable++;
          continue;
        }
        if (r['resourceType'] === 'Bundle' || r['resourceType'] === 'Parameters') flatten([r], out, notShown, depth + 1);
        else out.push({ resource: r, ...(str(e['fullUrl']) ? { fullUrl: str(e['fullUrl']) } : {}) });
      }
    } else if (depth < 3 && item['resourceType'] === 'Parameters') {
      const inner = asArray<Json>(item['parameter']).flatMap((p) => (isRecord(p) ? [p, ...asArray<Json>(p['part'])] : []));
      const resources = inner.map((p) => (isRecord(p) ? p['resource'] : undefined)).filter(isRecord);
      if (!resources.length) notShown.unreadable++;
      flatten(resources, out, notShown, depth + 1);
    } else out.push({ resource: item });
  }
}

const version = (r: Json): number => {
  const meta = r['meta'];
  const v = Number(isRecord(meta) ? meta['versionId'] : NaN);
  return Number.isFinite(v) ? v : -1;
};

/**
 * Reads resources (and Bundles, Parameters, Lists, CodeSystems among them) into R4 referral data.
 * Never throws on bad input: what cannot be read is counted.
 */
export function readReferralInput(items: readonly unknown[], options: ReadOptions = {}): ReadInput {
  const notShown = noneNotShown();
  const reference = emptyReference();
  const flat: { resource: Json; fullUrl?: string }[] = [];
  flatten(Array.isArray(items) ? items : [], flat, notShown);
  const converted: { resource: Json; fullUrl?: string }[] = [];
  const summaries: Json[] = [];
  for (const { resource: r, fullUrl } of flat) {
    const type = r['resourceType'];
    const keep = (resource: Json) => converted.push({ resource, ...(fullUrl ? { fullUrl } : {}) });
    if (type === 'CodeSystem') readCodeSystem(r, reference);
    else if (type === 'CommunicationRequest') notShown.adviceRequests++;
    else if (type === 'Communication') notShown.adviceMessages++;
    else if (type === 'ServiceRequest' && isAdviceRequest(r)) notShown.adviceRequests++;
    else if (type === 'ReferralRequest') keep(stu3ReferralToR4(r));
    else if (type === 'Appointment' && isStu3(r)) keep(stu3AppointmentToR4(r));
    else if (type === 'List' && isWorklist(r)) {
      const w = worklistReferrals(r, options.nhsNumber);
      notShown.worklistOtherPatients += w.otherPatients;
      notShown.unreadable += w.unreadable;
      summaries.push(...w.referrals);
    } else keep(r);
  }
  // one resource per Type/id: the newest version (a referral handed in as retrieved and as updated)
  const byKey = new Map<string, { resource: Json; fullUrl?: string }>();
  const resources: FhirResource[] = [];
  const fullUrls = new Map<string, FhirResource>();
  const ordered: { resource: Json; fullUrl?: string }[] = [];
  for (const c of converted) {
    const id = str(c.resource['id']);
    const k = id ? `${str(c.resource['resourceType'])}/${id}` : undefined;
    const seen = k ? byKey.get(k) : undefined;
    if (!k || !seen) {
      if (k) byKey.set(k, c);
      ordered.push(c);
      continue;
    }
    // the same version twice (an included resource that was also fetched) is one resource, not an older version
    if (version(c.resource) === version(seen.resource) && JSON.stringify(c.resource) === JSON.stringify(seen.resource)) continue;
    notShown.olderVersions++;
    if (version(c.resource) > version(seen.resource)) {
      ordered[ordered.indexOf(seen)] = c;
      byKey.set(k, c);
    }
  }
  // a worklist entry for a referral also handed in full adds its item (the UBRN conversion date) to it
  for (const s of summaries) {
    const full = byKey.get(`ServiceRequest/${str(s['id'])}`);
    // a copy: the host's resource is never changed
    if (full) full.resource = { ...full.resource, extension: [...asArray(full.resource['extension']), asArray(s['extension'])[0]] };
    else ordered.push({ resource: s });
  }
  for (const { resource, fullUrl } of ordered) {
    resources.push(resource as unknown as FhirResource);
    if (fullUrl) fullUrls.set(fullUrl, resource as unknown as FhirResource);
  }
  return { resources, fullUrls, notShown, reference };
}
