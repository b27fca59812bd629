/**
 * Referral priorities: e-RS's three (routine, urgent, two week wait) and FHIR's two that e-RS does
 * not use (asap, stat), how each is shown (never by colour alone), and the reader that finds a
 * referral's priority.
 *
 * Urgent suspected cancer (2WW) comes only from a TWO_WEEK_WAIT coding: in an e-RS priority
 * extension (STU3 `Extension-eRS-ReferralPriority-1`, R4 `Extension-ServiceRequest-Priority`), or a
 * coding in an e-RS priority code system (`eRS-Priority-1`, `eRS-Priority`). FHIR's own `priority`
 * says nothing about cancer: `asap` is "ASAP" (urgent), `stat` ranks highest.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import { asArray, isRecord, plainText, type MessageKey } from '@joinedcare/core';
import { codingsOf, extensionsOf, isErsPrioritySystem } from './ers-codes.js';
import type { TagColour } from './states.js';
import { refMsg } from './messages.js';

const str = (v: unknown): string => plainText(v);

export type ReferralPriorityCode = 'stat' | 'two-week-wait' | 'asap' | 'urgent' | 'routine';

export interface PriorityEntry {
  label: string;
  labelKey: MessageKey;
  /** A short text marker shown beside the label, so priorities never differ by colour alone. */
  shortLabel: string;
  /** Icon hint for the element (distinct shape per priority). */
  icon: 'none' | 'arrow-up' | 'arrow-up-bar' | 'double-arrow-up' | 'bolt';
  tag: TagColour;
  /** Sort rank, most urgent first (0). */
  rank: number;
}

function priority(labelKey: MessageKey, shortKey: MessageKey, icon: PriorityEntry['icon'], tag: TagColour, rank: number): PriorityEntry {
  return Object.freeze({ label: refMsg(labelKey), labelKey, shortLabel: refMsg(shortKey), icon, tag, rank });
}

/** The table (ranks: stat, then 2WW, then asap, urgent, routine; a design choice, documented). */
export const PRIORITIES: Readonly<Record<ReferralPriorityCode, PriorityEntry>> = Object.freeze({
  stat: priority('refPriorityStat', 'refPriorityStatShort', 'bolt', 'red', 0),
  'two-week-wait': priority('refPriorityTwoWeekWait', 'refPriorityTwoWeekWaitShort', 'double-arrow-up', 'red', 1),
  asap: priority('refPriorityAsap', 'refPriorityAsapShort', 'arrow-up-bar', 'orange', 2),
  urgent: priority('refPriorityUrgent', 'refPriorityUrgentShort', 'arrow-up', 'orange', 3),
  routine: priority('refPriorityRoutine', 'refPriorityRoutineShort', 'none', 'grey', 4),
});

export interface ReferralPriorityResult extends PriorityEntry {
  code: ReferralPriorityCode;
  /** `ers`: an e-RS priority coding; `fhir`: ServiceRequest.priority; `default`: none given (FHIR: normal priority). */
  source: 'ers' | 'fhir' | 'default';
}

export interface PriorityOptions {
  lang?: string;
}

/** An e-RS priority code (ROUTINE, URGENT, TWO_WEEK_WAIT), exactly. */
function ersPriority(code: unknown): ReferralPriorityCode | undefined {
  switch (str(code).toUpperCase()) {
    case 'TWO_WEEK_WAIT':
      return 'two-week-wait';
    case 'URGENT':
      return 'urgent';
    case 'ROUTINE':
      return 'routine';
    default:
      return undefined;
  }
}

/** The e-RS priority codes a referral carries: in priority extensions (any system), and in e-RS priority systems anywhere. */
function ersCodes(sr: Record<string, unknown>): ReferralPriorityCode[] {
  const found: ReferralPriorityCode[] = [];
  const walk = (ext: Record<string, unknown>, depth: number): void => {
    if (depth > 3) return;
    const inPriorityExtension = str(ext['url']).toLowerCase().includes('priority');
    for (const c of codingsOf(ext)) {
      const code = inPriorityExtension || isErsPrioritySystem(c['system']) ? ersPriority(c['code']) : undefined;
      if (code) found.push(code);
    }
    if (inPriorityExtension) {
      const code = ersPriority(ext['valueCode']);
      if (code) found.push(code);
    }
    for (const inner of extensionsOf(ext)) walk(inner, depth + 1);
  };
  for (const ext of extensionsOf(sr)) walk(ext, 0);
  for (const concept of [...asArray(sr['category']), ...asArray(sr['orderDetail'])]) {
    for (const c of asArray<Record<string, unknown>>(isRecord(concept) ? concept['coding'] : undefined)) {
      const code = isRecord(c) && isErsPrioritySystem(c['system']) ? ersPriority(c['code']) : undefined;
      if (code) found.push(code);
    }
  }
  return found;
}

function priorityResult(
  code: ReferralPriorityCode,
  source: ReferralPriorityResult['source'],
  lang: string | undefined,
): ReferralPriorityResult {
  const e = PRIORITIES[code];
  return {
    ...e,
    label: refMsg(e.labelKey, undefined, lang),
    shortLabel: refMsg(`${e.labelKey}Short` as MessageKey, undefined, lang),
    code,
    source,
  };
}

/**
 * A referral's priority. An e-RS priority coding wins (TWO_WEEK_WAIT over URGENT over ROUTINE when
 * several are given); otherwise ServiceRequest.priority: routine, urgent, asap (ASAP), stat (STAT).
 * Missing or unrecognised → Routine with source `default` (FHIR: a request without a priority has
 * normal priority). Never throws.
 */
export function referralPriority(sr: ServiceRequest | unknown, options?: PriorityOptions): ReferralPriorityResult {
  const lang = typeof options?.lang === 'string' ? options.lang : undefined;
  try {
    if (isRecord(sr)) {
      const codes = ersCodes(sr);
      const best = (['two-week-wait', 'urgent', 'routine'] as const).find((c) => codes.includes(c));
      if (best) return priorityResult(best, 'ers', lang);
      const fhir = str(sr['priority']).toLowerCase();
      if (fhir === 'routine' || fhir === 'urgent' || fhir === 'asap' || fhir === 'stat') return priorityResult(fhir, 'fhir', lang);
    }
  } catch {
    // hostile input: fall through
  }
  return priorityResult('routine', 'default', lang);
}
