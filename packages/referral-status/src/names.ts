// Small readers over the clinical record: clean text, dates, concepts, and the names of the people, places and organisations references point at.
import type { FhirResource, Practitioner, PractitionerRole } from 'fhir/r4.js';
import {
  describeOrganisation,
  formatCodeableConcept,
  formatName,
  isOdsSystem,
  isRecord,
  odsFromMetaSource,
  organisationByOds,
  organisationOf,
  parseFhirDate,
  plainText,
  type ClinicalRecord,
  type OrganisationInfo,
} from '@joinedcare/core';
import { refMsg } from './messages.js';

/** Untrusted text as one clean line: bidi controls and invisible characters removed. */
export const str = (v: unknown): string => plainText(v);

/** The epoch ms of a FHIR date/dateTime, or undefined. */
export function epochOf(value: unknown): number | undefined {
  const p = parseFhirDate(value);
  return p ? p.date.getTime() : undefined;
}

/** A CodeableConcept as text, or '' when it says nothing. */
export function concept(value: unknown, lang: string | undefined): string {
  if (!isRecord(value)) return '';
  const text = formatCodeableConcept(value, lang ? { lang } : undefined);
  return text === refMsg('notKnown', undefined, lang) ? '' : text;
}

/** The type of what a reference names: the resolved resource's, else the type it declares or implies (an ODS code names an organisation). */
export function targetType(
  record: ClinicalRecord,
  ref: Record<string, unknown>,
  from: unknown,
): { type?: string; resource?: FhirResource } {
  const r = record.resolve(ref, from);
  if (r.kind === 'resource') return { type: r.resource.resourceType, resource: r.resource };
  const declared = str(ref['type']) || undefined;
  const type =
    r.kind === 'identifier' ? (r.type ?? declared ?? (isOdsSystem(r.system) ? 'Organization' : undefined)) : (r.type ?? declared);
  return type ? { type } : {};
}

/** Name of whatever a reference points at (display first: it is what the sender chose to show). */
export function nameOf(record: ClinicalRecord, ref: unknown, from: unknown, lang: string | undefined, depth = 0): string {
  if (!isRecord(ref) || depth > 3) return '';
  const display = str(ref['display']);
  if (display) return display;
  const { type, resource } = targetType(record, ref, from);
  switch (type) {
    case 'Practitioner': {
      if (!resource) return '';
      const n = formatName((resource as Practitioner).name, lang ? { lang } : undefined);
      return n === refMsg('notKnown', undefined, lang) ? '' : n;
    }
    case 'PractitionerRole':
      return resource ? nameOf(record, (resource as PractitionerRole).practitioner, resource, lang, depth + 1) : '';
    case 'Organization':
      return organisationName(organisationOf(record, ref, from));
    case 'Location':
    case 'HealthcareService':
      return resource ? str((resource as { name?: unknown }).name) : '';
    default:
      return '';
  }
}

/** An organisation's name, else its ODS code, else ''. */
export const organisationName = (info: OrganisationInfo | undefined): string => info?.name ?? info?.odsCode ?? '';

/**
 * The organisation a person reference belongs to: a PractitionerRole's organisation, or the
 * Organization itself (by reference, identifier or declared type). '' for anything else.
 */
export function organisationNameOf(record: ClinicalRecord, ref: unknown, from: unknown, lang: string | undefined): string {
  if (!isRecord(ref)) return '';
  const { type } = targetType(record, ref, from);
  if (type === 'Organization') return nameOf(record, ref, from, lang);
  if (type === 'PractitionerRole') return organisationName(organisationOf(record, ref, from));
  return '';
}

/** The organisation a server named in a resource's `meta.source` (`urn:ods:<code>`): where the record was held. */
export function sourceOrganisation(record: ClinicalRecord, resource: FhirResource): OrganisationInfo | undefined {
  const ods = odsFromMetaSource(resource.meta?.source);
  return ods ? describeOrganisation(organisationByOds(record, ods), { odsCode: ods }) : undefined;
}
