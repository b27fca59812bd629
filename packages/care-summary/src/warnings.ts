// GP Connect List warnings: on the section their List belongs to, and `data-in-transit` (an
// incomplete GP2GP transfer) on the whole record.
import type { List } from 'fhir/r4.js';
import { asArray, isRecord, plainText, type MessageKey } from '@joinedcare/core';
import type { SectionWarning } from './model-shared.js';
import type { SectionKey } from './sections.js';
import { GPC_LIST_WARNING, GPC_PRIMARY_LISTS, GPC_SECONDARY_LIST_SYSTEM, secondaryListSection } from './gpc-codes.js';
import { csMsg } from './messages.js';

/** GP Connect list warning codes a consumer must show, with our wording. */
export const GP_CONNECT_WARNINGS: Record<string, MessageKey> = {
  'confidential-items': 'csWarnConfidential',
  'data-in-transit': 'csWarnInTransit',
  'data-awaiting-filing': 'csWarnAwaitingFiling',
};

/** Warning codes that apply to the whole record, not to the List they are carried on. */
const RECORD_WIDE = new Set(['data-in-transit']);

/** SNOMED CT codes of GP Connect primary Lists, mapped onto our sections (see gpc-codes.ts). */
export const GP_CONNECT_LIST_CODES: Readonly<Record<string, SectionKey>> = GPC_PRIMARY_LISTS;

/** The section a GP Connect List belongs to, by its code (a primary List's SNOMED code, or a secondary List's code). Nothing is guessed from titles. */
export function sectionOfList(list: List): SectionKey | undefined {
  for (const c of asArray<Record<string, unknown>>(list.code?.coding)) {
    const code = isRecord(c) ? plainText(c['code']) : '';
    if (!code) continue;
    if (c['system'] === GPC_SECONDARY_LIST_SYSTEM) return secondaryListSection(code);
    const key = GPC_PRIMARY_LISTS[code];
    if (key) return key;
  }
  return undefined;
}

/** The warning codes a List carries (its warning extensions), in order, once each. */
export function warningCodesOf(list: List): string[] {
  const out: string[] = [];
  for (const ext of asArray<unknown>(list.extension)) {
    if (!isRecord(ext) || typeof ext['url'] !== 'string' || !/ListWarningCode/i.test(ext['url'])) continue;
    const coding = isRecord(ext['valueCoding']) ? ext['valueCoding'] : undefined;
    const cc = isRecord(ext['valueCodeableConcept'])
      ? asArray<Record<string, unknown>>(ext['valueCodeableConcept']['coding'])[0]
      : undefined;
    const code = ext['valueCode'] ?? coding?.['code'] ?? (isRecord(cc) ? cc['code'] : undefined);
    if (typeof code === 'string' && code && !out.includes(code)) out.push(code);
  }
  return out;
}

/** A List's `note` texts as one plain line. */
export function listNote(list: List): string {
  return asArray<Record<string, unknown>>(list.note)
    .map((n) => (isRecord(n) ? plainText(n['text']) : ''))
    .filter(Boolean)
    .join(' ');
}

/** The sentence of a concatenated List note that goes with the record transfer warning (its date), else the whole note. */
function inTransitDetail(note: string): string {
  const m = /patient record transfer[^.]*\./i.exec(note);
  return m ? m[0] : note;
}

/** Warnings by section, and those for the whole record. */
export interface ListWarnings {
  sections: Map<SectionKey, SectionWarning[]>;
  record: SectionWarning[];
}

/** The one warning for a code, with the sender's own note as its detail. */
export function warningOf(code: string, note: string, lang?: string): SectionWarning {
  const key = GP_CONNECT_WARNINGS[code];
  const warning: SectionWarning = { code, title: csMsg(key ?? 'csWarnOther', undefined, lang) };
  const detail = code === 'data-in-transit' ? inTransitDetail(note) : note;
  if (detail) warning.detail = detail;
  return warning;
}

function addOnce(list: SectionWarning[], w: SectionWarning): void {
  if (!list.some((x) => x.code === w.code)) list.push(w);
}

/**
 * The warnings carried by GP Connect Lists (`Extension-CareConnect-GPC-ListWarningCode-1`): each on
 * the section its List's code maps to, except `data-in-transit`, which is on the whole record (all
 * Lists carry it when a GP2GP transfer is incomplete). `List.note` text is the warning's detail
 * (plain text). A List too malformed to read that belongs to a section still flags that section.
 */
export function listWarnings(lists: readonly List[], lang?: string): ListWarnings {
  const out: ListWarnings = { sections: new Map(), record: [] };
  const add = (section: SectionKey, warning: SectionWarning) => {
    const l = out.sections.get(section) ?? [];
    addOnce(l, warning);
    out.sections.set(section, l);
  };
  for (const list of lists) {
    let section: SectionKey | undefined;
    try {
      if (list?.resourceType !== 'List' || list.status === 'entered-in-error') continue;
      section = sectionOfList(list);
      const note = listNote(list);
      for (const code of warningCodesOf(list)) {
        const warning = warningOf(code, note, lang);
        if (RECORD_WIDE.has(code)) addOnce(out.record, warning);
        else if (section) add(section, warning);
      }
    } catch {
      // a malformed List may still have meant a warning: say the section may be incomplete
      if (section) add(section, { code: 'unreadable', title: csMsg('csWarnOther', undefined, lang) });
    }
  }
  return out;
}

/** The List warning extension URL (exact), for builders of test data. */
export const LIST_WARNING_URL = GPC_LIST_WARNING;
