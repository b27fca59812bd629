/**
 * The e-Referral Service's vocabulary, as the e-RS FHIR API publishes it (NHSDigital
 * e-referrals-service-api, `specification/components/stu3|r4`), and the small readers that find
 * each e-RS fact on a referral. Both versions: STU3 (A005, A008, A036, …) and R4 (A041).
 *
 * Also the three inputs this project defines (there is no national FHIR binding for them that we
 * know of; documented in docs/referral-status.md): the RTT period status, the cancer waiting
 * times (Faster Diagnosis Standard) source, and the e-RS worklist item a summary referral came from.
 */
import { asArray, isRecord, plainText } from '@joinedcare/core';

const STU3_SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';

/** e-RS extension URLs, identifier and code systems. */
export const ERS = {
  /** STU3 ReferralRequest state, with `state`, `reason` and `comments` sub-extensions. */
  stateExtension: `${STU3_SD}Extension-eRS-ReferralState-1`,
  stateSystemStu3: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralState-1',
  /** STU3 priority (valueCodeableConcept in `eRS-Priority-1`). */
  priorityExtensionStu3: `${STU3_SD}Extension-eRS-ReferralPriority-1`,
  prioritySystemStu3: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-Priority-1',
  /** R4 priority (valueCoding in `eRS-Priority`), as NHS England's R4 assets publish it. */
  priorityExtensionR4: 'https://fhir.nhs.uk/StructureDefinition/Extension-ServiceRequest-Priority',
  prioritySystemR4: 'https://fhir.nhs.uk/CodeSystem/eRS-Priority',
  pathwayStart: `${STU3_SD}Extension-eRS-eReferralPathwayStart-1`,
  clinicalInfoFirstSubmitted: `${STU3_SD}Extension-eRS-ClinicalInfoFirstSubmitted-1`,
  clinicalInfoLastUpdated: `${STU3_SD}Extension-eRS-ClinicalInfoLastUpdated-1`,
  /** The referral's appointment, contained (`#appointment`). */
  appointment: `${STU3_SD}Extension-eRS-Appointment-1`,
  /** The same appointment on the e-RS server (`Appointment/70009`). */
  appointmentReference: `${STU3_SD}Extension-eRS-Appointment-Reference-1`,
  shortlist: `${STU3_SD}Extension-eRS-ReferralShortlist-1`,
  /** e-RS's own id of a ReferralRequest (the STU3 resource id is the UBRN). */
  requestId: 'https://fhir.nhs.uk/Id/ers-request-id',
  serviceId: 'http://fhir.nhs.net/Id/ers-service',
  /** R4 ServiceRequest.category: `referral` or `request` (Advice & Guidance). */
  categorySystem: 'https://fhir.nhs.uk/CodeSystem/message-category-servicerequest',
  /** R4 ServiceRequest.code: `advice-and-guidance`. */
  codeSystem: 'https://fhir.nhs.uk/CodeSystem/servicerequest-code',
  worklistProfile: 'https://fhir.nhs.uk/STU3/StructureDefinition/eRS-FetchWorklist-List-1',
} as const;

/** Inputs this project defines (design choices, documented). */
export const JC_EXT = {
  /** A summary referral made from an e-RS worklist entry (A008): the entry's item extension, as sent. */
  worklistItem: 'urn:joinedcare:extension:ers-worklist-item',
  /** RTT period status: `status` (valueCoding in RTT_PERIOD_STATUS_SYSTEM), `date`, optional `source`. */
  rttPeriodStatus: 'urn:joinedcare:extension:rtt-period-status',
  /** Cancer waiting times (28-day FDS): `periodStart`, `outcomeDate`, optional `outcome` and `source`. */
  cancerWaitingTimes: 'urn:joinedcare:extension:cancer-waiting-times',
} as const;

/** The NHS Data Dictionary's REFERRAL TO TREATMENT PERIOD STATUS national codes (10 … 99). */
export const RTT_PERIOD_STATUS_SYSTEM = 'https://www.datadictionary.nhs.uk/attributes/referral_to_treatment_period_status';

const str = (v: unknown): string => plainText(v);
const lower = (v: unknown): string => str(v).toLowerCase();

/** The extensions of a resource (or of an extension), never throwing. */
export function extensionsOf(value: unknown): Record<string, unknown>[] {
  return isRecord(value) ? asArray<Record<string, unknown>>(value['extension']).filter(isRecord) : [];
}

/** The first extension whose url (case-insensitive) ends with one of `suffixes`. */
export function extensionEndingWith(value: unknown, ...suffixes: string[]): Record<string, unknown> | undefined {
  const wanted = suffixes.map((s) => s.toLowerCase());
  return extensionsOf(value).find((e) => wanted.some((s) => lower(e['url']).endsWith(s)));
}

/** A sub-extension of a complex extension, by its (relative) url. */
export function subExtension(ext: unknown, url: string): Record<string, unknown> | undefined {
  return extensionsOf(ext).find((e) => str(e['url']) === url);
}

/** The date an extension carries (`valueInstant`, `valueDateTime` or `valueDate`), as recorded. */
export function dateValue(ext: unknown): string | undefined {
  if (!isRecord(ext)) return undefined;
  return str(ext['valueInstant']) || str(ext['valueDateTime']) || str(ext['valueDate']) || undefined;
}

/** The codings an extension carries (valueCoding, valueCodeableConcept.coding). */
export function codingsOf(ext: unknown): Record<string, unknown>[] {
  if (!isRecord(ext)) return [];
  const concept = ext['valueCodeableConcept'];
  return [ext['valueCoding'], ...(isRecord(concept) ? asArray(concept['coding']) : [])].filter(isRecord);
}

/** Whether a code system is e-RS's priority system (STU3 `eRS-Priority-1` or R4 `eRS-Priority`). */
export function isErsPrioritySystem(system: unknown): boolean {
  const s = lower(system).replace(/-1$/, '');
  return s.endsWith('/codesystem/ers-priority');
}

/** The e-RS state extension of a referral: the state code, its `reason` coding and `comments`, as sent. */
export interface ErsStateFacts {
  code?: string;
  /** The `reason` sub-extension's coding (or concept). */
  reason?: Record<string, unknown>;
  comments?: string;
}

/**
 * The e-RS state, reason and comments of a referral: the STU3 complex extension
 * (`Extension-eRS-ReferralState-1` with `state`, `reason`, `comments`), or any extension whose url
 * contains `ReferralState` carrying a coding directly (older R4-shaped data).
 */
export function ersStateFacts(resource: unknown): ErsStateFacts {
  for (const ext of extensionsOf(resource)) {
    if (!lower(ext['url']).includes('referralstate')) continue;
    const state = subExtension(ext, 'state');
    const coding = codingsOf(state ?? ext)[0];
    const reasonExt = subExtension(ext, 'reason');
    const reason = reasonExt
      ? (codingsOf(reasonExt)[0] ?? (isRecord(reasonExt['valueCodeableConcept']) ? reasonExt['valueCodeableConcept'] : undefined))
      : undefined;
    const comments = str(subExtension(ext, 'comments')?.['valueString']);
    return {
      ...(coding && str(coding['code']) ? { code: str(coding['code']).toUpperCase() } : {}),
      ...(reason ? { reason } : {}),
      ...(comments ? { comments } : {}),
    };
  }
  return {};
}

/** When e-RS says the referral pathway (and so the RTT clock) started. */
export function pathwayStartOf(resource: unknown): string | undefined {
  return dateValue(extensionEndingWith(resource, 'ereferralpathwaystart-1', 'ereferralpathwaystart'));
}

/** When the clinical information was first submitted. */
export function clinicalInfoFirstSubmittedOf(resource: unknown): string | undefined {
  return dateValue(extensionEndingWith(resource, 'clinicalinfofirstsubmitted-1', 'clinicalinfofirstsubmitted'));
}

/** Whether an R4 ServiceRequest is an e-RS Advice & Guidance request (code `advice-and-guidance` or category `request`). */
export function isAdviceRequest(sr: unknown): boolean {
  if (!isRecord(sr)) return false;
  const code = sr['code'];
  const codes = isRecord(code) ? asArray<Record<string, unknown>>(code['coding']) : [];
  if (codes.some((c) => isRecord(c) && lower(c['code']) === 'advice-and-guidance')) return true;
  return asArray<Record<string, unknown>>(sr['category']).some((cat) =>
    asArray<Record<string, unknown>>(isRecord(cat) ? cat['coding'] : undefined).some(
      (c) => isRecord(c) && lower(c['system']) === ERS.categorySystem.toLowerCase() && lower(c['code']) === 'request',
    ),
  );
}

/** Whether an R4 ServiceRequest is in e-RS's `referral` category. */
export function isErsReferralCategory(sr: unknown): boolean {
  return (
    isRecord(sr) &&
    asArray<Record<string, unknown>>(sr['category']).some((cat) =>
      asArray<Record<string, unknown>>(isRecord(cat) ? cat['coding'] : undefined).some(
        (c) => isRecord(c) && lower(c['system']) === ERS.categorySystem.toLowerCase() && lower(c['code']) === 'referral',
      ),
    )
  );
}

/** The e-RS worklist item a summary referral was made from, if it was. */
export function worklistItemOf(resource: unknown): Record<string, unknown> | undefined {
  const holder = extensionsOf(resource).find((e) => str(e['url']) === JC_EXT.worklistItem);
  return holder ? extensionsOf(holder)[0] : undefined;
}

/** One field of the worklist item a summary referral came from. */
export function worklistField(resource: unknown, name: string): Record<string, unknown> | undefined {
  return subExtension(worklistItemOf(resource), name);
}

/** The worklist's name from its item extension url (`…/Extension-eRS-AwaitingBooking-WorkListItem-1` → `AwaitingBooking`). */
export function worklistName(item: unknown): string | undefined {
  const m = /Extension-eRS-(.+?)-WorkListItem/i.exec(isRecord(item) ? str(item['url']) : '');
  return m?.[1];
}
