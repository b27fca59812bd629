// Paging a search: link[next] followed up to a cap, only under the server's base, never in a loop.
import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4.js';
import type { SearchAllOptions, SearchAllResult } from './types.js';
import { FhirError, isAbort, operationOutcomeText, toFhirError } from './errors.js';

export interface PagingOptions<T extends FhirResource> {
  maxPages: number;
  /** The client's base URL (with a trailing slash): next links must stay under it… */
  base: URL;
  /** …or on one of these origins. */
  trustedOrigins: readonly string[];
  /** Fetches one page. */
  page: (url: URL | { url: URL; form: URLSearchParams }) => Promise<Bundle<T>>;
  onPage?: SearchAllOptions['onPage'];
}

/** Whether a paging link may be followed: under the base URL, or on a trusted origin. */
export function pagingLinkAllowed(link: URL, base: URL, trustedOrigins: readonly string[]): boolean {
  if (link.origin === base.origin && link.pathname.startsWith(base.pathname)) return true;
  return trustedOrigins.some((o) => {
    try {
      return new URL(o).origin === link.origin;
    } catch {
      return false;
    }
  });
}

/**
 * Collects every page of a search. A later page that fails keeps what came before (`error`). A next
 * link outside the base URL (the token would go there), or one already followed (a server in a loop),
 * stops paging with `error`. OperationOutcome entries (`search.mode: outcome`, e.g. "3 withheld by
 * consent") are kept in `outcomes` and their text in `warnings`, so the list never looks complete
 * when the server said it is not.
 */
export async function collectPages<T extends FhirResource>(
  first: URL | { url: URL; form: URLSearchParams },
  options: PagingOptions<T>,
): Promise<SearchAllResult<T>> {
  const result: SearchAllResult<T> = {
    resources: [],
    included: [],
    pages: 0,
    complete: false,
    truncated: false,
    outcomes: [],
    warnings: [],
  };
  const seen = new Set<string>();
  const followed = new Set<string>();
  let next: URL | { url: URL; form: URLSearchParams } | undefined = first;
  while (next) {
    let bundle: Bundle<T>;
    try {
      bundle = await options.page(next);
    } catch (e) {
      if (result.pages === 0 || isAbort(e)) throw toFhirError(e);
      result.error = toFhirError(e);
      return result;
    }
    result.pages++;
    if (result.pages === 1 && typeof bundle.total === 'number') result.total = bundle.total;
    for (const entry of Array.isArray(bundle.entry) ? bundle.entry : []) {
      const res = entry?.resource;
      if (!res || typeof res !== 'object') continue;
      if (entry.search?.mode === 'outcome' || (res.resourceType === 'OperationOutcome' && entry.search?.mode !== 'include')) {
        const oo = res as unknown as OperationOutcome;
        result.outcomes.push(oo);
        const text = operationOutcomeText(oo);
        if (text && !result.warnings.includes(text)) result.warnings.push(text);
        continue;
      }
      const key = `${res.resourceType}/${res.id ?? entry.fullUrl ?? Math.random()}`;
      if (seen.has(key)) continue; // a server that shifts pages while we read must not double items
      seen.add(key);
      if (entry.search?.mode === 'include') result.included.push(res);
      else result.resources.push(res);
    }
    options.onPage?.({
      pages: result.pages,
      resources: result.resources.length,
      ...(result.total !== undefined ? { total: result.total } : {}),
    });
    followed.add(next instanceof URL ? next.href : `${next.url.href}?${next.form.toString()}`);
    const nextHref = Array.isArray(bundle.link) ? bundle.link.find((l) => l?.relation === 'next')?.url : undefined;
    next = undefined;
    if (typeof nextHref === 'string' && nextHref) {
      let candidate: URL;
      try {
        candidate = new URL(nextHref, options.base);
      } catch {
        result.error = new FhirError('unexpected', 'The server returned a paging link that is not a URL');
        return result;
      }
      if (!pagingLinkAllowed(candidate, options.base, options.trustedOrigins)) {
        // never send the token (or the search) anywhere but the server that was configured
        result.error = new FhirError('config', 'The server returned a next link outside its base URL');
        return result;
      }
      if (followed.has(candidate.href)) {
        result.error = new FhirError('unexpected', 'The server returned a paging link it had already returned (a loop)');
        return result;
      }
      if (result.pages >= options.maxPages) {
        result.truncated = true;
        return result;
      }
      next = candidate;
    }
  }
  result.complete = true;
  return result;
}
