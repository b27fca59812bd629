// Handed-in Bundles (searchset, collection, or an IPS document): their record, whose they are, and
// the document's Composition sections mapped onto ours.
import type { Bundle, CodeableConcept, Composition, FhirResource, Patient } from 'fhir/r4.js';
import {
  ClinicalRecord,
  isNhsNumberSystem,
  isRecord,
  narrativeText,
  nhsNumberOf,
  normaliseNhsNumber,
  plainText,
  type PatientIdentity,
} from '@joinedcare/core';
import { IPS_SECTION_CODES, type SectionKey } from './sections.js';

/** One of our sections as an IPS document gives it (one or more Composition sections). */
export interface DocumentSection {
  /** Why the section is empty (the first Composition section's `emptyReason`). */
  emptyReason?: CodeableConcept;
  title?: string;
  /** How many entries are references (held in the document or not). */
  entries: number;
  /** The resources its entries name, in order. */
  members: FhirResource[];
  /** Each member's Composition section title (several IPS sections can share one of ours). */
  groups: Map<FhirResource, string>;
  /** The narrative of a section that has no entries, as plain text. */
  text?: string;
  /** The section has narrative with words in it that could not be read here (a Trusted Types page that refuses core's policy). */
  textUnreadable?: boolean;
}

/** The plain text of a narrative, or '' (where no DOM is available to sanitise it). */
function textOf(div: unknown): string {
  try {
    return narrativeText(div);
  } catch {
    return '';
  }
}

/** What a handed-in Bundle contributes. */
export interface BundleContents {
  resources: FhirResource[];
  /**
   * The Bundle as a record: every reference between its entries resolves through it (`urn:uuid:`
   * through `fullUrl`, contained, relative, …). Absent for something that is not a Bundle.
   */
  record?: ClinicalRecord;
  /** The time the data was assembled: `Bundle.timestamp`, else `Composition.date`, else `meta.lastUpdated`. */
  asOf?: string;
  /** The patient the Bundle is about (Composition.subject, else the only Patient in it). */
  subject?: PatientIdentity;
  /** For a document Bundle: the sections its Composition covers, with their entries and emptyReason (if empty). */
  composition?: Map<SectionKey, DocumentSection>;
}

/** Who a Composition's subject is: the Patient it resolves to (its id and NHS number), and the reference's own NHS number. */
function subjectOf(comp: Composition, record: ClinicalRecord): PatientIdentity | undefined {
  const ref = comp.subject;
  if (!ref || typeof ref !== 'object') return undefined;
  const patient = record.resource<Patient>(ref, comp, 'Patient');
  const ident = ref.identifier;
  const nhsNumber = nhsNumberOf(patient) ?? (isNhsNumberSystem(ident?.system) ? normaliseNhsNumber(ident?.value) : undefined);
  const unresolved = record.resolve(ref, comp);
  const id =
    typeof patient?.id === 'string'
      ? patient.id
      : unresolved.kind === 'unresolvable' && unresolved.type === 'Patient'
        ? unresolved.id
        : undefined;
  if (!id && !nhsNumber) return undefined;
  return { ...(id ? { id } : {}), ...(nhsNumber ? { nhsNumber } : {}) };
}

/**
 * Unpacks any Bundle (searchset, collection, or an IPS `document`) through core's record. For a
 * document, the first Composition's sections are mapped onto ours by LOINC section code (see
 * `IPS_SECTION_CODES`).
 */
export function readBundle(bundle: Bundle | undefined | null): BundleContents {
  if (!bundle || typeof bundle !== 'object' || !Array.isArray(bundle.entry)) return { resources: [] };
  const record = ClinicalRecord.fromBundle(bundle);
  const comp = record.ofType<Composition>('Composition')[0];
  const out: BundleContents = { resources: record.resources.filter((r) => r.resourceType !== 'Composition'), record };
  const asOf = bundle.timestamp ?? comp?.date ?? bundle.meta?.lastUpdated;
  if (asOf) out.asOf = asOf;
  let subject = comp ? subjectOf(comp, record) : undefined;
  if (!subject) {
    const patients = record.ofType('Patient');
    if (patients.length === 1 && patients[0].id) subject = { id: patients[0].id };
  }
  if (subject) out.subject = subject;
  if (comp && bundle.type === 'document') out.composition = documentSections(comp, record);
  return out;
}

/** The Composition's sections mapped onto ours by LOINC section code (several may share one of ours). */
function documentSections(comp: Composition, record: ClinicalRecord): Map<SectionKey, DocumentSection> {
  const map = new Map<SectionKey, DocumentSection>();
  for (const s of Array.isArray(comp.section) ? comp.section : []) {
    if (!s || typeof s !== 'object') continue;
    const key = (s.code?.coding ?? []).map((c) => (c?.code ? IPS_SECTION_CODES[c.code] : undefined)).find((k) => k);
    if (!key) continue;
    const prev = map.get(key);
    const next: DocumentSection = prev ?? { entries: 0, members: [], groups: new Map() };
    const title = plainText(s.title) || undefined;
    for (const r of Array.isArray(s.entry) ? s.entry : []) {
      const res = record.resolve(r, comp);
      // entries that are references (held in the document or not), not malformed ones
      if (res.kind === 'unresolvable' && (res.reason === 'malformed' || res.reason === 'absent')) continue;
      next.entries++;
      if (res.kind === 'resource' && !next.members.includes(res.resource)) {
        next.members.push(res.resource);
        if (title) next.groups.set(res.resource, title);
      }
    }
    if (!next.emptyReason && s.emptyReason) next.emptyReason = s.emptyReason;
    if (!next.title && title) next.title = title;
    if (!(Array.isArray(s.entry) && s.entry.length) && !next.text) {
      const div = s.text?.div;
      const text = textOf(div);
      if (text) {
        next.text = text;
        delete next.textUnreadable;
      } else if (typeof div === 'string' && /[^\s<>]/.test(div.replace(/<[^>]*>/g, ''))) next.textUnreadable = true;
    }
    map.set(key, next);
  }
  return map;
}

/**
 * A record of the accepted resources only (with their `fullUrl`s in `bundle`), so that nothing the
 * patient guard refused can name an item's source.
 */
export function acceptedRecord(accepted: readonly FhirResource[], bundle?: Bundle): ClinicalRecord {
  if (!bundle || !Array.isArray(bundle.entry)) return new ClinicalRecord(accepted);
  const keep = new Set<unknown>(accepted);
  const fullUrls = new Map<string, FhirResource>();
  for (const e of bundle.entry) {
    const url = isRecord(e) && typeof e.fullUrl === 'string' ? e.fullUrl.trim() : '';
    if (url && keep.has(e.resource)) fullUrls.set(url, e.resource as FhirResource);
  }
  return new ClinicalRecord(accepted, { fullUrls });
}
