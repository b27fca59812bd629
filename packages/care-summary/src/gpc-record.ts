// A GP Connect structured record (the STU3 Bundle `$gpc.getstructuredrecord` returns), read through
// its Lists: which resources each clinical area holds, the warnings on each, what the sender says is
// empty or switched off, and what could not be read. See docs/care-summary.md for the mapping.
import type { Bundle, CodeableConcept, FhirResource, List, OperationOutcome } from 'fhir/r4.js';
import { asArray, isRecord, plainText, type ClinicalRecord } from '@joinedcare/core';
import type { SectionWarning } from './model-shared.js';
import type { SectionKey } from './sections.js';
import {
  GPC_AREA_PARAMETERS,
  GPC_BUNDLE_PROFILE,
  GPC_CONSULTATION,
  GPC_HEADING,
  GPC_PRIMARY_LISTS,
  GPC_PROFILE_PREFIX,
  GPC_TOPIC,
  GPC_SECONDARY_LIST_SYSTEM,
} from './gpc-codes.js';
import { listNote, listWarnings, sectionOfList } from './warnings.js';

/** One clinical area of a GP Connect record: what its primary Lists say. */
export interface GpcSection {
  /** The resources its primary Lists name (contained ones included), in List order. */
  members: FhirResource[];
  warnings: SectionWarning[];
  /** The primary List's `emptyReason`, when it has no entries. */
  emptyReason?: CodeableConcept;
  /** The sender's notes: `List.note`, and entries that name no resource but say something ("Referral items have been disabled"). */
  notes: string[];
  /** Entries that name a resource the Bundle does not hold (or that was refused), or are malformed. */
  missing: number;
  /** Why the sender did not send the area (an OperationOutcome issue naming its parameter). */
  outcome?: string;
}

/** A GP Connect record, read. */
export interface GpcRecord {
  /** The areas whose primary List (or OperationOutcome issue) is in the Bundle. */
  sections: Map<SectionKey, GpcSection>;
  /** Warnings on the whole record (`data-in-transit`). */
  recordWarnings: SectionWarning[];
  /** Lists that could not be shown: an unknown code, or data too malformed to read. */
  unreadableLists: number;
  /** OperationOutcome issues that name no clinical area, as text. */
  otherOutcomes: string[];
}

const profilesOf = (r: unknown): unknown[] => {
  const meta = isRecord(r) ? r['meta'] : undefined;
  return isRecord(meta) ? asArray(meta['profile']) : [];
};

/** Whether a Bundle is a GP Connect structured record: its profile says so, or its resources carry GP Connect profiles. */
export function isGpConnectBundle(bundle: Bundle | undefined | null): boolean {
  if (!isRecord(bundle)) return false;
  if (profilesOf(bundle).includes(GPC_BUNDLE_PROFILE)) return true;
  return asArray<Record<string, unknown>>(bundle.entry).some((e) =>
    profilesOf(isRecord(e) ? e['resource'] : undefined).some(
      (p) => typeof p === 'string' && p.startsWith(`${GPC_PROFILE_PREFIX}CareConnect-GPC-`),
    ),
  );
}

const codesOf = (list: List): string[] =>
  asArray<Record<string, unknown>>(list.code?.coding)
    .map((c) => (isRecord(c) ? plainText(c['code']) : ''))
    .filter(Boolean);

/** Lists that structure consultations (consultation, topic, heading): read by the consultations builder, never "unknown". */
const STRUCTURE = new Set([GPC_CONSULTATION, GPC_TOPIC, GPC_HEADING]);

function isPrimary(list: List): boolean {
  return codesOf(list).some((c) => GPC_PRIMARY_LISTS[c] !== undefined);
}

function isKnownList(list: List): boolean {
  if (isPrimary(list) || codesOf(list).some((c) => STRUCTURE.has(c))) return true;
  return asArray<Record<string, unknown>>(list.code?.coding).some((c) => isRecord(c) && c['system'] === GPC_SECONDARY_LIST_SYSTEM);
}

/** The section an OperationOutcome issue is about (it names the area's `include…` parameter), and its text. */
function outcomeIssues(outcome: OperationOutcome): Array<{ section?: SectionKey; text: string }> {
  return asArray<Record<string, unknown>>(outcome.issue)
    .filter(isRecord)
    .map((issue) => {
      const details = isRecord(issue['details']) ? issue['details'] : {};
      const diagnostics = plainText(issue['diagnostics']);
      const text = plainText(details['text']) || diagnostics || plainText(issue['code']);
      const param = Object.keys(GPC_AREA_PARAMETERS).find((p) => diagnostics === p || new RegExp(`\\b${p}\\b`).test(text));
      return { ...(param ? { section: GPC_AREA_PARAMETERS[param] } : {}), text };
    })
    .filter((i) => i.text);
}

/**
 * Reads a GP Connect record from the resources the patient guard accepted (`accepted`, contained
 * ones included) and their record. Each primary List (by its SNOMED code: see `GPC_PRIMARY_LISTS`)
 * gives its area's members, warnings, `emptyReason` and notes; `data-in-transit` is a warning on the
 * whole record; an OperationOutcome issue naming an area's parameter is the reason that area is
 * missing; Lists with an unknown code or malformed data are counted. Never throws.
 */
export function readGpConnect(accepted: readonly FhirResource[], record: ClinicalRecord, lang?: string): GpcRecord {
  const keep = new Set<unknown>(accepted);
  const lists = accepted.filter((r): r is List => r.resourceType === 'List');
  const warnings = listWarnings(lists, lang);
  const out: GpcRecord = { sections: new Map(), recordWarnings: warnings.record, unreadableLists: 0, otherOutcomes: [] };
  const sectionOf = (key: SectionKey): GpcSection => {
    let s = out.sections.get(key);
    if (!s) out.sections.set(key, (s = { members: [], warnings: [...(warnings.sections.get(key) ?? [])], notes: [], missing: 0 }));
    return s;
  };
  for (const list of lists) {
    try {
      if (!isKnownList(list)) {
        out.unreadableLists++;
        continue;
      }
      if (!isPrimary(list)) continue;
      const key = sectionOfList(list);
      if (!key) continue;
      const s = sectionOf(key);
      const entries = asArray<Record<string, unknown>>(list.entry);
      const note = listNote(list);
      if (note && !s.notes.includes(note)) s.notes.push(note);
      if (!entries.length && isRecord(list.emptyReason)) s.emptyReason = list.emptyReason;
      for (const entry of entries) {
        const item = isRecord(entry) ? entry['item'] : undefined;
        const resource = record.resource(item, list);
        if (resource && keep.has(resource)) {
          if (!s.members.includes(resource)) s.members.push(resource);
        } else if (isRecord(item) && item['reference'] === undefined && plainText(item['display'])) {
          const said = plainText(item['display']);
          if (!s.notes.includes(said)) s.notes.push(said);
        } else s.missing++;
      }
    } catch {
      out.unreadableLists++;
    }
  }
  // a warning on a List of an area whose primary List is not here (a secondary List) still shows
  for (const key of warnings.sections.keys()) sectionOf(key);
  for (const outcome of accepted.filter((r): r is OperationOutcome => r.resourceType === 'OperationOutcome')) {
    for (const issue of outcomeIssues(outcome)) {
      if (issue.section) {
        const s = sectionOf(issue.section);
        s.outcome = s.outcome ? `${s.outcome} ${issue.text}` : issue.text;
      } else out.otherOutcomes.push(issue.text);
    }
  }
  return out;
}
