import type { Bundle, FhirResource } from 'fhir/r4.js';

/** The resources in a Bundle's entries (skipping empty entries), optionally of one type. */
export function bundleResources<T extends FhirResource = FhirResource>(bundle: Bundle | undefined | null, type?: T['resourceType']): T[] {
  if (!bundle || !Array.isArray(bundle.entry)) return [];
  const out: T[] = [];
  for (const e of bundle.entry) {
    const r = e?.resource;
    if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string') continue;
    if (type && r.resourceType !== type) continue;
    out.push(r as T);
  }
  return out;
}

/** Indexes resources by `Type/id` for resolving references. */
export function indexResources(resources: readonly FhirResource[]): Map<string, FhirResource> {
  const map = new Map<string, FhirResource>();
  for (const r of resources) if (r?.resourceType && r.id) map.set(`${r.resourceType}/${r.id}`, r);
  return map;
}
