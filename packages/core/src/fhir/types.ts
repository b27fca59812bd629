// The data layer's contract: what every widget needs from a FHIR data source, and the options and results of its calls.
import type { Bundle, FhirResource, OperationOutcome, Resource } from 'fhir/r4.js';
import type { FhirError } from './errors.js';

/** Search parameters. Arrays repeat the parameter (`_include=a&_include=b`). `undefined` values are skipped. */
export type SearchParams =
  | Record<string, string | number | boolean | ReadonlyArray<string | number> | undefined>
  | URLSearchParams
  | ReadonlyArray<readonly [string, string]>;

export interface RequestOptions {
  /** Aborts the request (e.g. when the patient in context changes). */
  signal?: AbortSignal;
  /** Overrides the client's timeout, in ms. */
  timeoutMs?: number;
  /** `no-cache` skips the page-wide cache (still merges with an identical request in flight). */
  cache?: 'default' | 'no-cache';
  /** Extra request headers (e.g. `If-None-Match`). */
  headers?: Record<string, string>;
}

export interface SearchAllOptions extends RequestOptions {
  /** Stop after this many pages (default: the client's `maxPages`). */
  maxPages?: number;
  /** Called after each page with the running count, for progress displays. */
  onPage?: (progress: { pages: number; resources: number; total?: number }) => void;
}

/** What `searchAll` collected. When a later page fails, what came before is kept and `error` says why. */
export interface SearchAllResult<T extends Resource = FhirResource> {
  /** Entries with `search.mode` match (or no mode). */
  resources: T[];
  /** Entries with `search.mode` include (from `_include` / `_revinclude`). */
  included: FhirResource[];
  /** `Bundle.total` of the first page, when the server gave it. */
  total?: number;
  /** Pages fetched. */
  pages: number;
  /** True when every page was fetched (no error, and the page cap was not reached). */
  complete: boolean;
  /** True when paging stopped at the cap with more pages left. */
  truncated: boolean;
  /** The error that stopped paging after the first page. */
  error?: FhirError;
  /** OperationOutcome entries of the searchset (`search.mode: outcome`): the server saying the list is not the whole story. */
  outcomes: OperationOutcome[];
  /** The text of those outcomes (redacted), each once: what a section shows as "some items withheld". */
  warnings: string[];
}

export interface CreateOptions extends RequestOptions {
  /** Conditional create: `identifier=system|value`. The server returns the existing resource instead of a duplicate. */
  ifNoneExist?: string;
}

/**
 * What every widget needs from a FHIR data source. `FetchFhirClient` implements it over `fetch`;
 * anything else (a SMART `fhirclient` wrapper, a test double) can implement it too.
 * Every method rejects only with `FhirError`.
 */
export interface FhirClient {
  /** Base URL of the server, when there is one (used in cache keys and for display). */
  readonly baseUrl?: string;
  read<T extends FhirResource = FhirResource>(type: T['resourceType'], id: string, options?: RequestOptions): Promise<T>;
  /** One page of a search. */
  search<T extends FhirResource = FhirResource>(type: string, params?: SearchParams, options?: RequestOptions): Promise<Bundle<T>>;
  /** A search, following `link[next]` up to a cap. */
  searchAll<T extends FhirResource = FhirResource>(
    type: string,
    params?: SearchParams,
    options?: SearchAllOptions,
  ): Promise<SearchAllResult<T>>;
  create<T extends FhirResource>(resource: T, options?: CreateOptions): Promise<T>;
  /** Optional: replaces a resource (PUT). */
  update?<T extends FhirResource>(resource: T, options?: RequestOptions & { ifMatch?: string }): Promise<T>;
  batch(bundle: Bundle, options?: RequestOptions): Promise<Bundle>;
  transaction(bundle: Bundle, options?: RequestOptions): Promise<Bundle>;
  /**
   * Optional: an opaque key for the user this client acts for (the host's user key, else a digest of
   * the current access token; never the token). Widgets keep drafts and dismissals per server, patient
   * and this key. A client without it is one anonymous user.
   */
  userScope?(): Promise<string>;
}

/** Called before every request. `forceRefresh` is true after a 401, once. */
export type GetAccessToken = (options: { forceRefresh: boolean }) => Promise<string | undefined | null> | string | undefined | null;
