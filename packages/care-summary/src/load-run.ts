// The care summary's server load run (one per patient) and its Organisation look-up for sources named only by ODS code.
import type { FhirResource, List, Organization } from 'fhir/r4.js';
import type { FhirClient, PatientIdentity } from '@joinedcare/core';
import { ODS_SYSTEM, buildOrgDirectory, odsFromMetaSource } from './source.js';

/** One load of every section for one patient: what its searches share. */
export interface LoadRun {
  client: FhirClient;
  patientId: string;
  who: PatientIdentity;
  key: string;
  signal: AbortSignal;
  lists?: Promise<List[]>;
  orgs: Map<string, Promise<Organization[]>>;
}

/** Organisations named only by `meta.source` ODS codes: one search for the codes not yet known. */
export async function lookupOrganisations(resources: readonly FhirResource[], run: LoadRun): Promise<Organization[]> {
  const known = buildOrgDirectory(resources);
  const codes = new Set<string>();
  for (const r of resources) {
    const ods = odsFromMetaSource(r.meta?.source);
    if (ods && !known.byOds.has(ods)) codes.add(ods);
  }
  const missing = [...codes].filter((c) => !run.orgs.has(c));
  if (missing.length) {
    const search = run.client
      .searchAll<Organization>(
        'Organization',
        { identifier: missing.map((c) => `${ODS_SYSTEM}|${c}`).join(','), _count: 50 },
        { signal: run.signal },
      )
      .then((r) => r.resources.filter((o) => o.resourceType === 'Organization'))
      .catch(() => [] as Organization[]); // a name we cannot find falls back to the ODS code
    for (const c of missing) run.orgs.set(c, search);
  }
  const lists = await Promise.all([...codes].map((c) => run.orgs.get(c) ?? Promise.resolve([])));
  return [...new Map(lists.flat().map((o) => [o.id, o])).values()];
}
