// What the data says about a referral's clock (the clock rules in clock-rules.ts decide what it means): the candidate start dates, the RTT period status and the cancer waiting-times source.
import type { FhirResource } from 'fhir/r4.js';
import { isRecord, plainText } from '@joinedcare/core';
import type { ClockFacts } from './clock-rules.js';
import { codingsOf, dateValue, extensionsOf, JC_EXT, pathwayStartOf, subExtension, worklistField } from './ers-codes.js';
import type { ReferralBundle } from './grouping.js';
import { concept, epochOf } from './names.js';
import type { ReferralPriorityCode } from './priorities.js';
import type { ReferralStateCode } from './states.js';

const str = (v: unknown): string => plainText(v);

/** The earliest valid date among `values`, as recorded. */
function earliest(values: readonly unknown[]): string | undefined {
  let best: string | undefined;
  for (const v of values) {
    const s = str(v);
    const t = epochOf(s);
    if (t !== undefined && (best === undefined || t < (epochOf(best) as number))) best = s;
  }
  return best;
}

/** Every `JC_EXT.rttPeriodStatus` on the referral, its Tasks and Appointments: the latest dated one (else the last given). */
function rttStatusOf(resources: readonly FhirResource[]): ClockFacts['rtt'] {
  let best: { code: string; date?: string; t: number } | undefined;
  for (const r of resources) {
    for (const ext of extensionsOf(r)) {
      if (str(ext['url']) !== JC_EXT.rttPeriodStatus) continue;
      const code = str(codingsOf(subExtension(ext, 'status'))[0]?.['code']);
      if (!code) continue;
      const date = dateValue(subExtension(ext, 'date'));
      const t = (date ? epochOf(date) : undefined) ?? -Infinity;
      if (!best || t >= best.t) best = { code, ...(date ? { date } : {}), t };
    }
  }
  return best ? { code: best.code, ...(best.date ? { date: best.date } : {}) } : undefined;
}

/** The first `JC_EXT.cancerWaitingTimes` source on the referral, its Tasks or Appointments. */
function cwtOf(resources: readonly FhirResource[], lang: string | undefined): ClockFacts['cwt'] {
  for (const r of resources) {
    const ext = extensionsOf(r).find((e) => str(e['url']) === JC_EXT.cancerWaitingTimes);
    if (!ext) continue;
    const periodStart = dateValue(subExtension(ext, 'periodStart'));
    const outcomeDate = dateValue(subExtension(ext, 'outcomeDate'));
    const o = subExtension(ext, 'outcome');
    const outcome = str(o?.['valueString']) || (isRecord(o) ? concept(o['valueCodeableConcept'], lang) : '');
    return { ...(periodStart ? { periodStart } : {}), ...(outcomeDate ? { outcomeDate } : {}), ...(outcome ? { outcome } : {}) };
  }
  return undefined;
}

/** The clock facts of one referral. */
export function clockFactsOf(
  group: ReferralBundle,
  state: ReferralStateCode,
  priority: ReferralPriorityCode,
  lang: string | undefined,
): ClockFacts {
  const sr = group.serviceRequest;
  const all: FhirResource[] = [sr, ...group.tasks, ...group.appointments];
  const pathway = pathwayStartOf(sr);
  const conversion = dateValue(worklistField(sr, 'ubrnReceived'));
  const booking = earliest(group.appointments.map((a) => a.created));
  const referred = str(sr.authoredOn);
  const rtt = rttStatusOf(all);
  const cwt = cwtOf(all, lang);
  return {
    state,
    priority,
    starts: {
      ...(pathway ? { 'ers-pathway-start': pathway } : {}),
      ...(conversion ? { 'ubrn-conversion': conversion } : {}),
      ...(booking ? { booking } : {}),
      ...(referred ? { 'referral-date': referred } : {}),
    },
    ...(rtt ? { rtt } : {}),
    ...(cwt ? { cwt } : {}),
  };
}
