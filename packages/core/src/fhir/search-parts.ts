// "Search and say what failed": several searches for one view, each of which may fail on its own.
import type { FhirResource } from 'fhir/r4.js';
import type { FhirClient, SearchAllOptions, SearchAllResult, SearchParams } from './types.js';
import { isAbort, toFhirError, type FhirError } from './errors.js';

/** One search of a view, under the name the view reports it by. */
export interface SearchPart<L extends string = string> {
  label: L;
  type: string;
  params: SearchParams;
  /** Page cap (see `searchAll`). */
  maxPages?: number;
}

/** What each part found, and which parts failed or came back incomplete. */
export interface SearchPartsResult<L extends string = string> {
  results: Map<L, SearchAllResult>;
  /** Parts that failed outright, with why. */
  failed: Array<{ label: L; error: FhirError }>;
  /** Parts whose later pages failed or hit the page cap (what came before is in `results`). */
  incomplete: L[];
}

/**
 * Runs the parts in parallel. A part that fails is reported in `failed` and the others are kept;
 * only an abort (the caller's signal) rejects, so a patient switch never reads as a failure.
 */
export async function searchParts<L extends string>(
  client: FhirClient,
  parts: readonly SearchPart<L>[],
  options: SearchAllOptions = {},
): Promise<SearchPartsResult<L>> {
  const out: SearchPartsResult<L> = { results: new Map(), failed: [], incomplete: [] };
  await Promise.all(
    parts.map(async (p) => {
      try {
        const r = await client.searchAll<FhirResource>(p.type, p.params, { ...options, ...(p.maxPages ? { maxPages: p.maxPages } : {}) });
        out.results.set(p.label, r);
        if (!r.complete) out.incomplete.push(p.label);
      } catch (e) {
        if (isAbort(e) || options.signal?.aborted) throw e;
        out.failed.push({ label: p.label, error: toFhirError(e) });
      }
    }),
  );
  return out;
}
