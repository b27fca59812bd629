import type { Bundle, CodeableConcept, Composition, FhirResource, Reference } from 'fhir/r4.js';
import { parseReference, patientIdFromReference, type PatientIdentity } from '@joinedcare/core';
import { IPS_SECTION_CODES, type SectionKey } from './sections.js';

/** What a handed-in Bundle contributes. */
export interface BundleContents {
  resources: FhirResource[];
  /** The time the data was assembled: `Bundle.timestamp`, else `Composition.date`, else `meta.lastUpdated`. */
  asOf?: string;
  /** The patient the Bundle is about (Composition.subject, else the only Patient in it). */
  subject?: PatientIdentity;
  /** For a document Bundle: the sections its Composition covers, with their emptyReason (if empty). */
  composition?: Map<SectionKey, { emptyReason?: CodeableConcept; title?: string; entries: number }>;
}

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

function identityOf(ref: Reference | undefined): PatientIdentity | undefined {
  if (!ref) return undefined;
  const id = patientIdFromReference(ref.reference);
  const raw = ref.identifier?.system === NHS ? ref.identifier.value?.replace(/\s/g, '') : undefined;
  const nhsNumber = raw && /^\d{10}$/.test(raw) ? raw : undefined;
  if (!id && !nhsNumber) return undefined;
  return { ...(id ? { id } : {}), ...(nhsNumber ? { nhsNumber } : {}) };
}

/**
 * Unpacks any Bundle (searchset, collection, or an IPS `document`). For a document, the first
 * Composition's sections are mapped onto ours by LOINC section code (see `IPS_SECTION_CODES`).
 */
export function readBundle(bundle: Bundle | undefined | null): BundleContents {
  if (!bundle || typeof bundle !== 'object' || !Array.isArray(bundle.entry)) return { resources: [] };
  const resources: FhirResource[] = [];
  const byFullUrl = new Map<string, FhirResource>();
  for (const e of bundle.entry) {
    const r = e?.resource;
    if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string') continue;
    resources.push(r);
    if (typeof e.fullUrl === 'string') byFullUrl.set(e.fullUrl, r);
  }
  const comp = resources.find((r): r is Composition => r.resourceType === 'Composition');
  const out: BundleContents = { resources: resources.filter((r) => r.resourceType !== 'Composition') };
  const asOf = bundle.timestamp ?? comp?.date ?? bundle.meta?.lastUpdated;
  if (asOf) out.asOf = asOf;
  let subject: PatientIdentity | undefined;
  if (comp?.subject) {
    const viaUrl = typeof comp.subject.reference === 'string' ? byFullUrl.get(comp.subject.reference) : undefined;
    const ref: Reference =
      viaUrl?.resourceType === 'Patient' && viaUrl.id ? { ...comp.subject, reference: `Patient/${viaUrl.id}` } : comp.subject;
    subject = identityOf(ref);
  }
  if (!subject) {
    const patients = resources.filter((r) => r.resourceType === 'Patient');
    if (patients.length === 1 && patients[0].id) subject = { id: patients[0].id };
  }
  if (subject) out.subject = subject;
  if (comp && bundle.type === 'document') {
    const map = new Map<SectionKey, { emptyReason?: CodeableConcept; title?: string; entries: number }>();
    for (const s of comp.section ?? []) {
      const key = (s?.code?.coding ?? []).map((c) => (c?.code ? IPS_SECTION_CODES[c.code] : undefined)).find((k) => k);
      if (!key) continue;
      const prev = map.get(key);
      const entries =
        (prev?.entries ?? 0) +
        (s.entry ?? []).filter((r) => r?.reference && (byFullUrl.has(r.reference) || parseReference(r.reference))).length;
      const next: { emptyReason?: CodeableConcept; title?: string; entries: number } = { entries };
      const emptyReason = prev?.emptyReason ?? s.emptyReason;
      if (emptyReason) next.emptyReason = emptyReason;
      const title = prev?.title ?? s.title;
      if (title) next.title = title;
      map.set(key, next);
    }
    out.composition = map;
  }
  return out;
}
