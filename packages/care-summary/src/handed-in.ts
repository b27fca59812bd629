// Handed-in data (a `resources` array or a `bundle`), checked by the patient guard and ready for the
// same section builds as data from the server.
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { ClinicalRecord, type GuardOptions, type PatientIdentity, type PatientInContext } from '@joinedcare/core';
import { acceptedRecord, readBundle, type BundleContents } from './ips.js';
import { summaryExtras } from './model.js';
import type { ModelOptions } from './model-shared.js';
import type { SectionExtras } from './section-build.js';
import type { SectionKey } from './sections.js';

/** The patient guard, as the element runs it (it shows and announces what it refuses). */
export type Guard = <T extends FhirResource>(resources: readonly T[], who: PatientIdentity, options?: GuardOptions) => T[];

/** Handed-in resources after the patient guard: what every section builds from. */
export interface HandedInput {
  readonly kind: 'handed';
  /** The resources the guard accepted. */
  accepted: FhirResource[];
  /** Build options, with the record of the accepted resources. */
  options: ModelOptions & { record: ClinicalRecord };
  /** Each section's warnings and IPS Composition section. */
  extras: Map<SectionKey, SectionExtras>;
  /** The Bundle's timestamp, else when the data was handed in. */
  asOf: Date | string;
  /** Whose data it is, by ids only; undefined for an unidentified set (which never keeps a previous list on screen). */
  whoKey: string | undefined;
}

/** Whom handed-in data is about: the patient in context, else the Bundle's subject, else its only Patient. */
function whoOf(contents: BundleContents, patient: PatientInContext | undefined): PatientIdentity | undefined {
  if (patient) return { id: patient.id, nhsNumber: patient.nhsNumber };
  if (contents.subject) return contents.subject;
  const patients = contents.resources.filter((r) => r?.resourceType === 'Patient');
  return patients.length === 1 && patients[0].id ? { id: patients[0].id } : undefined;
}

/**
 * Runs the patient guard on handed-in data (resolving references through the Bundle's record, so an
 * IPS document written with `urn:uuid:` references is read, not refused) and prepares it for the builds.
 */
export function prepareHandedIn(
  data: { resources?: FhirResource[] | undefined; bundle?: Bundle | undefined },
  context: { patient: PatientInContext | undefined; now: Date; lang: string | undefined },
  guard: Guard,
): HandedInput {
  const contents: BundleContents = data.bundle ? readBundle(data.bundle) : { resources: [...(data.resources ?? [])] };
  const who = whoOf(contents, context.patient);
  const record = contents.record ?? new ClinicalRecord(contents.resources);
  const accepted = guard(contents.resources, who ?? {}, { record });
  const options = { now: context.now, lang: context.lang, record: acceptedRecord(accepted, data.bundle) };
  const extras = summaryExtras(accepted, { lang: context.lang, ...(contents.composition ? { composition: contents.composition } : {}) });
  const whoKey = who?.id || who?.nhsNumber ? `${context.patient?.key ?? ''}|${who.id ?? ''}|${who.nhsNumber ?? ''}` : undefined;
  return { kind: 'handed', accepted, options, extras, asOf: contents.asOf || context.now, whoKey };
}
