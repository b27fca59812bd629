/**
 * e-RS worklists (A008 `$ers.fetchworklist`, STU3 `eRS-FetchWorklist-List-1`): one entry per
 * referral, across patients, each an `Extension-eRS-<Worklist>-WorkListItem-1` with the fields that
 * worklist carries (patient, priority, state, reason, dates, service). Each entry becomes a summary
 * referral (a ServiceRequest whose id is the UBRN), its fields put where the readers find them
 * (priority and state in the e-RS extensions, `referralCreated` as `authoredOn`), and the item
 * itself kept as sent (`JC_EXT.worklistItem`), so that nothing in it is lost: `ubrnReceived` (the
 * UBRN conversion, a clock start) is read from there.
 *
 * Entries for another patient than the one asked for are not made into referrals: they are
 * counted (a worklist lists many patients; this widget shows one).
 */
import { asArray, isNhsNumberSystem, isRecord, normaliseNhsNumber, plainText, SYSTEM } from '@joinedcare/core';
import { codingsOf, dateValue, ERS, extensionsOf, JC_EXT, subExtension } from './ers-codes.js';

const str = (v: unknown): string => plainText(v);
type Json = Record<string, unknown>;

/** Whether a resource is an e-RS worklist (by profile, or by its entries' WorkListItem extensions). */
export function isWorklist(resource: unknown): boolean {
  if (!isRecord(resource) || resource['resourceType'] !== 'List') return false;
  const meta = resource['meta'];
  if (isRecord(meta) && asArray(meta['profile']).includes(ERS.worklistProfile)) return true;
  return asArray<Json>(resource['entry']).some((e) => itemOf(e) !== undefined);
}

function itemOf(entry: unknown): Json | undefined {
  return extensionsOf(entry).find((x) => /-WorkListItem-1$/i.test(str(x['url'])));
}

/** The patient an entry names: its NHS number identifier, directly or through a Patient the List contains. */
function patientOf(item: Json, list: Json): Json | undefined {
  const ref = subExtension(item, 'patient')?.['valueReference'];
  if (!isRecord(ref)) return undefined;
  if (isRecord(ref['identifier'])) return { identifier: ref['identifier'] };
  const id = /^#(.+)$/.exec(str(ref['reference']))?.[1];
  const patient = id
    ? asArray<Json>(list['contained']).find((c) => isRecord(c) && c['resourceType'] === 'Patient' && c['id'] === id)
    : undefined;
  const ident = patient ? asArray<Json>(patient['identifier']).find((i) => isRecord(i) && isNhsNumberSystem(i['system'])) : undefined;
  return ident ? { identifier: ident } : undefined;
}

export interface WorklistResult {
  referrals: Json[];
  /** Entries naming another patient than the one asked for. */
  otherPatients: number;
  /** Entries that are not referrals the widget can read (no ReferralRequest item, no item extension). */
  unreadable: number;
}

/** The summary referrals of a worklist; `nhsNumber` (normalised) keeps only that patient's entries. */
export function worklistReferrals(list: Json, nhsNumber: string | undefined): WorklistResult {
  const out: WorklistResult = { referrals: [], otherPatients: 0, unreadable: 0 };
  for (const entry of asArray<Json>(list['entry'])) {
    const item = itemOf(entry);
    const ubrn = /(?:^|\/)ReferralRequest\/([^/]+)/.exec(
      str(isRecord(entry) && isRecord(entry['item']) ? entry['item']['reference'] : ''),
    )?.[1];
    if (!item || !ubrn) {
      out.unreadable++;
      continue;
    }
    const subject = patientOf(item, list);
    const entryNhs = subject ? normaliseNhsNumber((subject['identifier'] as Json)['value']) : undefined;
    if (nhsNumber && entryNhs && entryNhs !== nhsNumber) {
      out.otherPatients++;
      continue;
    }
    out.referrals.push(summaryReferral(ubrn, item, subject));
  }
  return out;
}

function summaryReferral(ubrn: string, item: Json, subject: Json | undefined): Json {
  const field = (name: string) => subExtension(item, name);
  const coding = (name: string) => codingsOf(field(name))[0];
  const status = coding('status');
  const reason = coding('reason');
  const priority = field('priority')?.['valueCodeableConcept'];
  const start = dateValue(field('eReferralPathwayStart'));
  const firstSubmitted = dateValue(field('clinicalInfoFirstSubmitted'));
  const specialty = field('specialty')?.['valueCodeableConcept'];
  const context = str(field('clinicalContext')?.['valueString']);
  const service = field('service')?.['valueReference'];
  const referrer = field('referrer')?.['valueReference'];
  const created = dateValue(field('referralCreated'));
  const updated = dateValue(field('referralLastUpdated'));
  const extension: Json[] = [
    { url: JC_EXT.worklistItem, extension: [item] },
    ...(isRecord(priority) ? [{ url: ERS.priorityExtensionStu3, valueCodeableConcept: priority }] : []),
    ...(status
      ? [
          {
            url: ERS.stateExtension,
            extension: [{ url: 'state', valueCoding: status }, ...(reason ? [{ url: 'reason', valueCoding: reason }] : [])],
          },
        ]
      : []),
    ...(start ? [{ url: ERS.pathwayStart, valueDateTime: start }] : []),
    ...(firstSubmitted ? [{ url: ERS.clinicalInfoFirstSubmitted, valueDateTime: firstSubmitted }] : []),
  ];
  return {
    resourceType: 'ServiceRequest',
    id: ubrn,
    ...(updated ? { meta: { lastUpdated: updated } } : {}),
    extension,
    identifier: [{ system: SYSTEM.ubrn, value: ubrn }],
    // the worklist says nothing of the request status: the e-RS state (when the worklist gives it) speaks
    status: 'unknown',
    intent: 'order',
    ...(context ? { code: { text: context } } : {}),
    ...(isRecord(specialty) ? { performerType: specialty } : {}),
    subject: subject ?? {},
    ...(created ? { authoredOn: created } : {}),
    ...(isRecord(referrer) ? { requester: referrer } : {}),
    ...(isRecord(service) ? { performer: [service] } : {}),
  };
}
