/**
 * Referral priorities: the three the NHS uses (routine, urgent, two week wait), how each is shown
 * (never by colour alone), and the reader that finds a referral's priority wherever e-RS or FHIR
 * puts it.
 */
import type { Coding, ServiceRequest } from 'fhir/r4.js';
import { isRecord, plainText, type MessageKey } from '@joinedcare/core';
import type { TagColour } from './states.js';
import { refMsg } from './messages.js';

const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => plainText(v);

export type ReferralPriorityCode = 'routine' | 'urgent' | 'two-week-wait';

export interface PriorityEntry {
  label: string;
  labelKey: MessageKey;
  /** A short text marker shown beside the label, so priorities never differ by colour alone. */
  shortLabel: string;
  /** Icon hint for the element (distinct shape per priority). */
  icon: 'none' | 'arrow-up' | 'double-arrow-up';
  tag: TagColour;
  /** Sort rank, most urgent first (0). */
  rank: number;
}

export const PRIORITIES: Readonly<Record<ReferralPriorityCode, PriorityEntry>> = Object.freeze({
  'two-week-wait': Object.freeze({
    label: refMsg('refPriorityTwoWeekWait'),
    labelKey: 'refPriorityTwoWeekWait' as const,
    shortLabel: refMsg('refPriorityTwoWeekWaitShort'),
    icon: 'double-arrow-up' as const,
    tag: 'red' as const,
    rank: 0,
  }),
  urgent: Object.freeze({
    label: refMsg('refPriorityUrgent'),
    labelKey: 'refPriorityUrgent' as const,
    shortLabel: refMsg('refPriorityUrgentShort'),
    icon: 'arrow-up' as const,
    tag: 'orange' as const,
    rank: 1,
  }),
  routine: Object.freeze({
    label: refMsg('refPriorityRoutine'),
    labelKey: 'refPriorityRoutine' as const,
    shortLabel: refMsg('refPriorityRoutineShort'),
    icon: 'none' as const,
    tag: 'grey' as const,
    rank: 2,
  }),
});

export interface ReferralPriorityResult extends PriorityEntry {
  code: ReferralPriorityCode;
  /** `ers`: an e-RS priority coding; `fhir`: ServiceRequest.priority; `default`: none given (FHIR: normal priority). */
  source: 'ers' | 'fhir' | 'default';
}

export interface PriorityOptions {
  lang?: string;
  /**
   * What FHIR `asap` means. The e-RS FHIR API sends two week wait as `asap`, so the default is
   * `two-week-wait`; set `urgent` for systems that use `asap` generically.
   */
  asap?: 'two-week-wait' | 'urgent';
}

function ersPriority(code: unknown): ReferralPriorityCode | undefined {
  switch (
    str(code)
      .toUpperCase()
      .replace(/[\s-]+/g, '_')
  ) {
    case 'TWO_WEEK_WAIT':
    case '2WW':
      return 'two-week-wait';
    case 'URGENT':
      return 'urgent';
    case 'ROUTINE':
      return 'routine';
    default:
      return undefined;
  }
}

/** Every coding in the places an e-RS priority may travel: priority extensions, category, orderDetail. */
function priorityCodings(sr: Record<string, unknown>): { codings: unknown[]; fromPriorityExtension: boolean }[] {
  const groups: { codings: unknown[]; fromPriorityExtension: boolean }[] = [];
  const walk = (ext: unknown, depth: number): void => {
    if (!isRecord(ext) || depth > 3) return;
    const isPriority = str(ext['url']).toLowerCase().includes('priority');
    const concept = ext['valueCodeableConcept'];
    groups.push({
      codings: [
        ...(isRecord(concept) ? arrayOf(concept['coding']) : []),
        ext['valueCoding'],
        ...(isPriority ? [{ code: ext['valueCode'] }, { code: ext['valueString'] }] : []),
      ],
      fromPriorityExtension: isPriority,
    });
    for (const inner of arrayOf(ext['extension'])) walk(inner, depth + 1);
  };
  for (const ext of arrayOf(sr['extension'])) walk(ext, 0);
  for (const concept of [...arrayOf(sr['category']), ...arrayOf(sr['orderDetail'])]) {
    if (isRecord(concept)) groups.push({ codings: arrayOf(concept['coding']), fromPriorityExtension: false });
  }
  return groups;
}

function priorityResult(
  code: ReferralPriorityCode,
  source: ReferralPriorityResult['source'],
  lang: string | undefined,
): ReferralPriorityResult {
  const e = PRIORITIES[code];
  return { ...e, label: refMsg(e.labelKey, undefined, lang), code, source };
}

/**
 * A referral's priority. An e-RS TWO_WEEK_WAIT coding anywhere we look (a priority extension, or
 * a category / orderDetail coding) wins; within a priority extension ROUTINE / URGENT codes count
 * too. Otherwise ServiceRequest.priority: routine → Routine, urgent → Urgent, stat → Urgent,
 * asap → Two week wait (see `PriorityOptions.asap`). Missing or unrecognised → Routine with
 * source `default` (FHIR: a request without a priority has normal priority).
 */
export function referralPriority(sr: ServiceRequest | unknown, options?: PriorityOptions): ReferralPriorityResult {
  const lang = typeof options?.lang === 'string' ? options.lang : undefined;
  try {
    if (isRecord(sr)) {
      const groups = priorityCodings(sr);
      let fromExtension: ReferralPriorityCode | undefined;
      for (const { codings, fromPriorityExtension } of groups) {
        for (const coding of codings) {
          const code = isRecord(coding) ? ersPriority((coding as Coding).code) : undefined;
          if (code === 'two-week-wait') return priorityResult(code, 'ers', lang);
          if (code && fromPriorityExtension && !fromExtension) fromExtension = code;
        }
      }
      if (fromExtension) return priorityResult(fromExtension, 'ers', lang);
      switch (str(sr['priority']).toLowerCase()) {
        case 'routine':
          return priorityResult('routine', 'fhir', lang);
        case 'urgent':
        case 'stat':
          return priorityResult('urgent', 'fhir', lang);
        case 'asap':
          return priorityResult(options?.asap === 'urgent' ? 'urgent' : 'two-week-wait', 'fhir', lang);
        default:
          break;
      }
    }
  } catch {
    // hostile input: fall through
  }
  return priorityResult('routine', 'default', lang);
}
