// Who recorded an item, fetched: the people and organisations that clinical fields name by reference
// but a search did not include, so that an item can say who recorded it and where.
import type { FhirResource, PractitionerRole } from 'fhir/r4.js';
import type { FhirClient, RequestOptions } from '../fhir/types.js';
import { isAbort } from '../fhir/errors.js';
import { valuesAt } from '../format/shared.js';
import { ATTRIBUTION_FIELDS } from './provenance.js';
import { ClinicalRecord } from './record.js';

/** The types a clinical field names people and places by. */
const ACTOR_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'HealthcareService']);
const DEFAULT_FIELDS = ['author', 'performer', 'recorder', 'asserter'];
/** Ids per search (keeps URLs short). */
export const REFERENCED_CHUNK = 50;

export interface LoadReferencedOptions extends RequestOptions {
  /** Extra references to fetch besides the clinical fields' (e.g. a referral's performer). */
  also?: readonly unknown[];
}

/**
 * Fetches, best effort, what the clinical fields of `resources` name but the record does not hold:
 * Practitioners, PractitionerRoles, Organizations, Locations and HealthcareServices by `_id`; the
 * PractitionerRoles of named practitioners (with their organisation), so a practitioner's organisation
 * is known; and the organisations of the roles found. A search that fails leaves those names unknown
 * (the item then says so); only an abort rejects. Returns the resources found, not `resources`.
 */
export async function loadReferenced(
  client: FhirClient,
  resources: readonly FhirResource[],
  options: LoadReferencedOptions = {},
): Promise<FhirResource[]> {
  const { also = [], ...request } = options;
  const found: FhirResource[] = [];
  const recordOf = () => new ClinicalRecord([...resources, ...found], client.baseUrl ? { baseUrl: client.baseUrl } : {});
  let record = recordOf();
  const missing = (refs: Iterable<{ ref: unknown; from?: unknown }>): Map<string, Set<string>> => {
    const wanted = new Map<string, Set<string>>();
    for (const { ref, from } of refs) {
      const r = record.resolve(ref, from);
      if (r.kind !== 'unresolvable' || r.reason !== 'not-in-record' || !r.type || !r.id || !ACTOR_TYPES.has(r.type)) continue;
      const ids = wanted.get(r.type) ?? new Set<string>();
      ids.add(r.id);
      wanted.set(r.type, ids);
    }
    return wanted;
  };
  const searchInto = async (type: string, params: Record<string, string>): Promise<void> => {
    try {
      const r = await client.searchAll<FhirResource>(type, params, request);
      found.push(...r.resources, ...r.included);
    } catch (e) {
      if (isAbort(e) || request.signal?.aborted) throw e;
      // best effort: the names stay unknown, and the items say so
    }
  };
  const fetchById = (wanted: Map<string, Set<string>>) =>
    Promise.all(
      [...wanted].flatMap(([type, ids]) => {
        const list = [...ids];
        const chunks: string[][] = [];
        for (let i = 0; i < list.length; i += REFERENCED_CHUNK) chunks.push(list.slice(i, i + REFERENCED_CHUNK));
        return chunks.map((chunk) => searchInto(type, { _id: chunk.join(',') }));
      }),
    );

  // 1. what the clinical fields name
  const refs: Array<{ ref: unknown; from?: unknown }> = also.map((ref) => ({ ref }));
  for (const r of resources)
    for (const field of ATTRIBUTION_FIELDS[r.resourceType] ?? DEFAULT_FIELDS)
      for (const ref of valuesAt(r, field)) refs.push({ ref, from: r });
  const first = missing(refs);
  await fetchById(first);
  record = recordOf();
  // 2. the roles of the practitioners named (their organisation is what says where an item came from)
  const practitioners = new Set([...(first.get('Practitioner') ?? [])]);
  for (const r of resources)
    for (const field of ATTRIBUTION_FIELDS[r.resourceType] ?? DEFAULT_FIELDS)
      for (const ref of valuesAt(r, field)) {
        const res = record.resolve(ref, r);
        if (res.kind === 'resource' && res.resource.resourceType === 'Practitioner' && res.resource.id) practitioners.add(res.resource.id);
      }
  const withRoles = new Set(record.ofType<PractitionerRole>('PractitionerRole').map((pr) => record.targetKey(pr.practitioner, pr)));
  const ids = [...practitioners].filter((id) => !withRoles.has(`Practitioner/${id}`));
  await Promise.all(
    Array.from({ length: Math.ceil(ids.length / REFERENCED_CHUNK) }, (_, i) =>
      searchInto('PractitionerRole', {
        practitioner: ids
          .slice(i * REFERENCED_CHUNK, (i + 1) * REFERENCED_CHUNK)
          .map((id) => `Practitioner/${id}`)
          .join(','),
        _include: 'PractitionerRole:organization',
      }),
    ),
  );
  record = recordOf();
  // 3. the organisations of the roles found, when they did not come with them
  await fetchById(missing(record.ofType<PractitionerRole>('PractitionerRole').map((pr) => ({ ref: pr.organization, from: pr }))));
  const seen = new Set<string>();
  return found.filter((r) => {
    const key = `${r.resourceType}/${r.id ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
