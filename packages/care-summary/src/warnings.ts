import type { List } from 'fhir/r4.js';
import { plainText, type MessageKey } from '@joinedcare/core';
import type { SectionWarning } from './model-shared.js';
import type { SectionKey } from './sections.js';
import { csMsg } from './messages.js';

/** GP Connect list warning codes a consumer must show, with our wording. */
export const GP_CONNECT_WARNINGS: Record<string, MessageKey> = {
  'confidential-items': 'csWarnConfidential',
  'data-in-transit': 'csWarnInTransit',
  'data-awaiting-filing': 'csWarnAwaitingFiling',
};

/** SNOMED CT codes of GP Connect Lists, mapped onto our sections. */
export const GP_CONNECT_LIST_CODES: Record<string, SectionKey> = {
  '933361000000108': 'medicines', // Medications and medical devices
  '717711000000103': 'problems', // Problems
  '886921000000105': 'allergies', // Allergies and adverse reactions
  '1102181000000102': 'immunisations', // Immunisations
  '887191000000108': 'encounters', // Glossary of encounters
  '1051671000000106': 'documents', // Outbound referrals/documents
  '826501000000100': 'results', // Miscellaneous record / investigations
};

const WARNING_EXTENSION = /ListWarningCode/i;

function sectionOfList(list: List): SectionKey | undefined {
  for (const c of list.code?.coding ?? []) {
    const key = c?.code ? GP_CONNECT_LIST_CODES[c.code] : undefined;
    if (key) return key;
  }
  const title = `${list.title ?? ''} ${list.code?.text ?? ''}`.toLowerCase();
  if (/medic/.test(title)) return 'medicines';
  if (/allerg/.test(title)) return 'allergies';
  if (/problem/.test(title)) return 'problems';
  return undefined;
}

/**
 * The GP Connect warnings carried by Lists (extension `Extension-CareConnect-GPC-ListWarningCode-1`),
 * by the section they affect. `List.note` text is kept as the warning's detail (plain text).
 */
export function listWarnings(lists: readonly List[], lang?: string): Map<SectionKey, SectionWarning[]> {
  const out = new Map<SectionKey, SectionWarning[]>();
  const add = (section: SectionKey, warning: SectionWarning) => {
    const list2 = out.get(section) ?? [];
    if (!list2.some((w) => w.code === warning.code)) list2.push(warning);
    out.set(section, list2);
  };
  for (const list of lists) {
    let section: SectionKey | undefined;
    try {
      if (list?.resourceType !== 'List' || list.status === 'entered-in-error') continue;
      section = sectionOfList(list);
      if (!section) continue;
      const note = (Array.isArray(list.note) ? list.note : [])
        .map((n) => plainText(n?.text))
        .filter(Boolean)
        .join(' ');
      for (const ext of Array.isArray(list.extension) ? list.extension : []) {
        if (!ext || typeof ext.url !== 'string' || !WARNING_EXTENSION.test(ext.url)) continue;
        const code = ext.valueCode ?? ext.valueCoding?.code ?? ext.valueCodeableConcept?.coding?.[0]?.code;
        if (typeof code !== 'string') continue;
        const key = GP_CONNECT_WARNINGS[code];
        const warning: SectionWarning = { code, title: key ? csMsg(key, undefined, lang) : csMsg('csWarnOther', undefined, lang) };
        if (note) warning.detail = note;
        add(section, warning);
      }
    } catch {
      // a malformed List may still have meant a warning: say the section may be incomplete
      if (section) add(section, { code: 'unreadable', title: csMsg('csWarnOther', undefined, lang) });
    }
  }
  return out;
}
