// One section's data from the FHIR server: its searches, the patient guard, the GP Connect warnings
// of its List, and the Organisations named only by ODS code; everything as one record.
import type { FhirResource, List, Organization } from 'fhir/r4.js';
import {
  refuseForeignAnswer,
  ClinicalRecord,
  SYSTEM,
  isAbort,
  loadReferenced,
  odsFromMetaSource,
  organisationByOds,
  type FhirClient,
  type PatientIdentity,
} from '@joinedcare/core';
import type { Guard } from './handed-in.js';
import type { SectionExtras } from './section-build.js';
import type { SectionWarning } from './model-shared.js';
import { listQuery, sectionQueries } from './queries.js';
import { SECTION_TYPES, type SectionKey } from './sections.js';
import { csMsg } from './messages.js';
import { listWarnings } from './warnings.js';

/** The patient in context, resolved to the server's id: what every section's searches for that patient share. */
export interface LoadRun {
  readonly kind: 'server';
  client: FhirClient;
  patientId: string;
  who: PatientIdentity;
  /** Aborts on a patient switch (and when the patient is resolved again). */
  signal: AbortSignal;
  /** The GP Connect Lists (one search for every section that shows their warnings). */
  lists?: Promise<List[]> | undefined;
  /** Organisations looked up by ODS code, by code. */
  orgs: Map<string, Promise<Organization[]>>;
}

/** One section's resources as the model reads them. */
export interface ServerSection {
  resources: FhirResource[];
  record: ClinicalRecord;
  extras: SectionExtras;
  /** What the section could not load or check (truncated, incomplete, warnings unchecked), in words. */
  note?: string;
  /** Warnings on the whole record (`data-in-transit`). */
  recordWarnings?: SectionWarning[];
}

/** Sections that GP Connect Lists can carry warnings for (every section a GP Connect List code maps to). */
const WARNED_SECTIONS: readonly SectionKey[] = ['problems', 'medicines', 'allergies', 'results', 'immunisations', 'uncategorised'];

/** Organisations named only by `meta.source` ODS codes: one search for the codes not yet known. */
export async function lookupOrganisations(resources: readonly FhirResource[], run: LoadRun): Promise<Organization[]> {
  const known = new ClinicalRecord(resources);
  const codes = new Set<string>();
  for (const r of resources) {
    const ods = odsFromMetaSource(r.meta?.source);
    if (ods && !organisationByOds(known, ods)) codes.add(ods);
  }
  const missing = [...codes].filter((c) => !run.orgs.has(c));
  if (missing.length) {
    const search = run.client
      .searchAll<Organization>(
        'Organization',
        { identifier: missing.map((c) => `${SYSTEM.ods}|${c}`).join(','), _count: 50 },
        { signal: run.signal },
      )
      .then((r) => r.resources.filter((o) => o.resourceType === 'Organization'))
      .catch(() => [] as Organization[]); // a name we cannot find falls back to the ODS code
    for (const c of missing) run.orgs.set(c, search);
  }
  const lists = await Promise.all([...codes].map((c) => run.orgs.get(c) ?? Promise.resolve([])));
  return [...new Map(lists.flat().map((o) => [o.id, o])).values()];
}

async function loadLists(run: LoadRun, guard: Guard): Promise<List[]> {
  const q = listQuery(run.patientId);
  const r = await run.client.searchAll<List>(q.type, q.params, { signal: run.signal });
  return guard(r.resources, run.who);
}

/**
 * Loads one section for the run's patient: every search of the section (a failure rejects), the
 * patient guard on what came back, the warnings of its GP Connect List, and the Organisations its
 * resources name only by ODS code.
 */
export async function loadServerSection(
  key: SectionKey,
  run: LoadRun,
  guard: Guard,
  lang: string | undefined,
  signal: AbortSignal,
): Promise<ServerSection> {
  const queries = sectionQueries(key, run.patientId);
  const results = await Promise.all(
    queries.map((q) => run.client.searchAll(q.type, q.params, { signal, ...(q.maxPages ? { maxPages: q.maxPages } : {}) })),
  );
  const found = results.flatMap((r) => r.resources).filter((r) => SECTION_TYPES[key].includes(r.resourceType));
  const included = results.flatMap((r) => r.included);
  const baseUrl = run.client.baseUrl ? { baseUrl: run.client.baseUrl } : {};
  const fetched = new ClinicalRecord([...found, ...included], baseUrl);
  const accepted = [...guard(found, run.who, { record: fetched }), ...guard(included, run.who, { record: fetched })];
  // an answer for this patient that holds another patient's records: the server ignored the patient, so the section failed
  refuseForeignAnswer(found, run.who, { record: fetched, ...baseUrl });
  // who recorded each item, and where: the people and organisations the clinical fields name
  const referenced = guard(await loadReferenced(run.client, accepted, { signal }), run.who);
  accepted.push(...referenced);
  const notes: string[] = [];
  const truncated = results.find((r) => r.truncated);
  const failedLater = results.find((r) => r.error);
  if (truncated) notes.push(csMsg('csTruncated', { count: truncated.resources.length }, lang));
  else if (failedLater) notes.push(csMsg('csIncomplete', { count: failedLater.resources.length }, lang));
  // what the server said it left out (searchset OperationOutcome entries, e.g. withheld by consent)
  const withheld = [...new Set(results.flatMap((r) => r.warnings))];
  if (withheld.length) notes.push(csMsg('csServerWithheld', { text: withheld.join(' ') }, lang));
  const extras: SectionExtras = {};
  let recordWarnings: SectionWarning[] | undefined;
  if (WARNED_SECTIONS.includes(key)) {
    try {
      const lists = await (run.lists ??= loadLists(run, guard));
      const found = listWarnings(lists, lang);
      const warnings = found.sections.get(key);
      if (warnings) extras.warnings = warnings;
      if (found.record.length) recordWarnings = found.record;
    } catch (e) {
      if (isAbort(e)) throw e;
      run.lists = undefined; // a Retry checks again
      notes.push(csMsg('csWarningsUnchecked', undefined, lang));
    }
  }
  const orgs = await lookupOrganisations(accepted, run);
  const resources = [...accepted, ...orgs];
  return {
    resources,
    record: new ClinicalRecord(resources, baseUrl),
    extras,
    ...(notes.length ? { note: notes.join(' ') } : {}),
    ...(recordWarnings ? { recordWarnings } : {}),
  };
}
