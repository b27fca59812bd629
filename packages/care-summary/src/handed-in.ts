// Handed-in data (a `resources` array or a `bundle`: any Bundle, an IPS document, a GP Connect
// structured record), in R4 shape, checked by the patient guard and ready for the same section
// builds as data from the server.
import type { Bundle, FhirResource, List, Patient } from 'fhir/r4.js';
import {
  ClinicalRecord,
  ForeignRecord,
  isRecord,
  nhsNumberOf,
  type GuardOptions,
  type PatientIdentity,
  type PatientInContext,
} from '@joinedcare/core';
import { acceptedRecord, readBundle, type BundleContents } from './ips.js';
import { summaryExtras } from './model.js';
import type { ModelOptions, SectionWarning } from './model-shared.js';
import type { SectionExtras } from './section-build.js';
import type { SectionKey } from './sections.js';
import { bundleToR4, toR4 } from './stu3.js';
import { isGpConnectBundle, readGpConnect } from './gpc-record.js';

/** The patient guard, as the element runs it (it shows and announces what it refuses). */
export type Guard = <T extends FhirResource>(resources: readonly T[], who: PatientIdentity, options?: GuardOptions) => T[];

/** Where handed-in data came from: it decides the default sections and the wording of what is missing. */
export type HandedSource = 'resources' | 'bundle' | 'ips' | 'gp-connect';

/** What the summary says about the handed-in record as a whole. */
export interface RecordNotices {
  /** Warnings on the whole record (GP Connect `data-in-transit`). */
  warnings: SectionWarning[];
  /** GP Connect Lists that could not be shown (unknown code, malformed). */
  unreadableLists: number;
  /** GP Connect OperationOutcome issues that name no clinical area. */
  outcomes: string[];
  /** The whole GP Connect record was refused: its Patient is not the patient in context. */
  refused: boolean;
}

/** Handed-in resources after the patient guard: what every section builds from. */
export interface HandedInput {
  readonly kind: 'handed';
  source: HandedSource;
  /** The resources the guard accepted. */
  accepted: FhirResource[];
  /** Build options, with the record of the accepted resources. */
  options: ModelOptions & { record: ClinicalRecord };
  /** Each section's warnings, members and what its source says about it. */
  extras: Map<SectionKey, SectionExtras>;
  /** The Bundle's timestamp, else when the data was handed in. */
  asOf: Date | string;
  /** Whose data it is, by ids only; undefined for an unidentified set (which never keeps a previous list on screen). */
  whoKey: string | undefined;
  notices: RecordNotices;
}

/** Whom handed-in data is about: the patient in context, else the Bundle's subject, else its only Patient. */
function whoOf(contents: BundleContents, patient: PatientInContext | undefined): PatientIdentity | undefined {
  if (patient) return { id: patient.id, nhsNumber: patient.nhsNumber };
  if (contents.subject) return contents.subject;
  const patients = contents.resources.filter((r) => r?.resourceType === 'Patient');
  return patients.length === 1 && patients[0].id ? { id: patients[0].id } : undefined;
}

/** The resources contained in GP Connect Lists (ended allergies are sent only there): guarded with the rest. */
function containedInLists(resources: readonly FhirResource[]): FhirResource[] {
  return resources
    .filter((r): r is List => r.resourceType === 'List' && Array.isArray(r.contained))
    .flatMap((l) => (l.contained ?? []).filter((c): c is FhirResource => isRecord(c) && typeof c.resourceType === 'string'));
}

function fullUrlsOf(bundle: Bundle): Map<string, FhirResource> {
  const out = new Map<string, FhirResource>();
  for (const e of Array.isArray(bundle.entry) ? bundle.entry : []) {
    if (isRecord(e) && typeof e.fullUrl === 'string' && e.fullUrl.trim() && isRecord(e.resource))
      out.set(e.fullUrl.trim(), e.resource as unknown as FhirResource);
  }
  return out;
}

/**
 * Runs the patient guard on handed-in data and prepares it for the builds. STU3 resources are read in
 * R4 shape first (see stu3.ts). References resolve through the Bundle's record, so an IPS document
 * written with `urn:uuid:` references is read, not refused. A GP Connect record comes from the GP
 * practice's system: its ids are that system's (its Patient is checked by NHS number, never by the
 * id this server gives the patient), and when its Patient is not the patient in context nothing of
 * it is shown (`notices.refused`).
 */
export function prepareHandedIn(
  data: { resources?: FhirResource[] | undefined; bundle?: Bundle | undefined },
  context: { patient: PatientInContext | undefined; now: Date; lang: string | undefined },
  guard: Guard,
): HandedInput {
  const bundle = data.bundle && isRecord(data.bundle) ? bundleToR4(data.bundle) : undefined;
  const gpConnect = isGpConnectBundle(bundle);
  const contents: BundleContents = bundle ? readBundle(bundle) : { resources: (data.resources ?? []).map((r) => toR4(r)) };
  const source: HandedSource = gpConnect ? 'gp-connect' : contents.composition ? 'ips' : bundle ? 'bundle' : 'resources';
  const who = whoOf(contents, context.patient);
  const record =
    gpConnect && bundle
      ? new ForeignRecord(contents.resources, { fullUrls: fullUrlsOf(bundle) })
      : (contents.record ?? new ClinicalRecord(contents.resources));
  const input = gpConnect ? [...contents.resources, ...containedInLists(contents.resources)] : contents.resources;
  let accepted = guard(input, who ?? {}, { record });
  const notices: RecordNotices = { warnings: [], unreadableLists: 0, outcomes: [], refused: false };
  if (gpConnect) {
    // the Bundle's Patient is checked like any other resource; a record for another patient is refused
    // whole, and so is one whose Patient has no NHS number (GP Connect always sends it; its ids are
    // another system's and never confirm who the patient is)
    const patients = contents.resources.filter((r): r is Patient => r.resourceType === 'Patient');
    if (patients.some((p) => !accepted.includes(p) || !nhsNumberOf(p))) {
      accepted = [];
      notices.refused = true;
    }
  }
  const modelRecord = acceptedRecord(accepted, bundle);
  const options = { now: context.now, lang: context.lang, record: modelRecord };
  const gpc = gpConnect ? readGpConnect(accepted, modelRecord, context.lang) : undefined;
  if (gpc) Object.assign(notices, { warnings: gpc.recordWarnings, unreadableLists: gpc.unreadableLists, outcomes: gpc.otherOutcomes });
  const extras = summaryExtras(accepted, {
    lang: context.lang,
    ...(contents.composition ? { composition: contents.composition } : {}),
    ...(gpc ? { gpConnect: gpc } : {}),
  });
  const whoKey = who?.id || who?.nhsNumber ? `${context.patient?.key ?? ''}|${who.id ?? ''}|${who.nhsNumber ?? ''}` : undefined;
  return { kind: 'handed', source, accepted, options, extras, asOf: contents.asOf || context.now, whoKey, notices };
}
