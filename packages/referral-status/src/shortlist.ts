// The services an e-RS referral was shortlisted to (`Extension-eRS-ReferralShortlist-1`, a contained List), when no service is booked.
import type { ServiceRequest } from 'fhir/r4.js';
import { asArray, isRecord, type ClinicalRecord } from '@joinedcare/core';
import { ERS, extensionEndingWith } from './ers-codes.js';
import { str } from './names.js';
import { refMsg } from './messages.js';

/** "Shortlisted: Good Cardiology Business Service" (services by their display), or ''. */
export function shortlistText(sr: ServiceRequest, record: ClinicalRecord, lang: string | undefined): string {
  const ref = extensionEndingWith(sr, ERS.shortlist.toLowerCase())?.['valueReference'];
  const list = record.resource(ref, sr);
  if (!list || list.resourceType !== 'List') return '';
  const names = asArray<Record<string, unknown>>(list.entry)
    .map((e) => (isRecord(e) && isRecord(e['item']) ? str(e['item']['display']) : ''))
    .filter(Boolean);
  return names.length ? refMsg('refShortlisted', { services: names.join(', ') }, lang) : '';
}
