import type { Bundle, FhirResource, Resource } from 'fhir/r4.js';
import { FhirError, isAbort, toFhirError } from './errors.js';
import { RequestCache, sharedRequestCache } from './request-cache.js';
import { isFhirId } from '../record/ids.js';

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
}

/** Called before every request. `forceRefresh` is true after a 401, once. */
export type GetAccessToken = (options: { forceRefresh: boolean }) => Promise<string | undefined | null> | string | undefined | null;

export interface FetchFhirClientOptions {
  /** Base URL of the FHIR R4 server, e.g. `https://fhir.example.nhs.uk/R4` or `/fhir`. */
  baseUrl: string;
  /** Supplies a bearer token for each request. */
  getAccessToken?: GetAccessToken;
  /** Per-request timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Default page cap for `searchAll` (default 20). */
  maxPages?: number;
  /** The page-wide cache to use (default: shared by every client on the page), or `false` for none. */
  cache?: RequestCache | false;
  /**
   * Who the cached responses belong to. Clients share cached GETs only within one scope, so two
   * users (two token callbacks) on one page never see each other's responses. Default: one scope
   * per `getAccessToken` function (clients without one share the public scope). Give the same value
   * (e.g. the signed-in user's id) to clients of one user that have different callbacks.
   */
  cacheScope?: string;
  /** Retries for 429 / 503 on reads (default 2), honouring Retry-After, capped at `maxRetryDelayMs`. */
  retries?: number;
  /** Longest wait between retries, ms (default 10 000). */
  maxRetryDelayMs?: number;
  /** Injected fetch (defaults to the global one). */
  fetch?: typeof fetch;
}

const FHIR_JSON = 'application/fhir+json';

/** Builds URLSearchParams from any accepted shape, skipping undefined values. */
export function toSearchParams(params: SearchParams | undefined): URLSearchParams {
  if (!params) return new URLSearchParams();
  if (params instanceof URLSearchParams) return new URLSearchParams(params);
  const out = new URLSearchParams();
  if (Array.isArray(params)) {
    for (const [k, v] of params as ReadonlyArray<readonly [string, string]>) out.append(k, v);
    return out;
  }
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) out.append(k, String(item));
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.append(k, String(v));
  }
  return out;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const when = Date.parse(value);
  return Number.isNaN(when) ? undefined : Math.max(0, when - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new FhirError('aborted', 'The request was aborted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new FhirError('aborted', 'The request was aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const scopes = new WeakMap<object, number>();
let nextScope = 0;
/** A stable number per token callback (never the token itself). */
function scopeOf(fn: object): number {
  let n = scopes.get(fn);
  if (n === undefined) scopes.set(fn, (n = ++nextScope));
  return n;
}

/** A FHIR R4 REST client over `fetch`. See `FhirClient`. */
export class FetchFhirClient implements FhirClient {
  readonly baseUrl: string;
  private readonly base: URL;
  private readonly opts: Required<Pick<FetchFhirClientOptions, 'timeoutMs' | 'maxPages' | 'retries' | 'maxRetryDelayMs'>> &
    FetchFhirClientOptions;
  private readonly cache: RequestCache | undefined;

  constructor(options: FetchFhirClientOptions) {
    const origin = typeof location !== 'undefined' ? location.href : 'http://localhost/';
    this.base = new URL(options.baseUrl.replace(/\/+$/, '') + '/', origin);
    this.baseUrl = this.base.href.replace(/\/$/, '');
    this.opts = { timeoutMs: 30_000, maxPages: 20, retries: 2, maxRetryDelayMs: 10_000, ...options };
    this.cache = options.cache === false ? undefined : (options.cache ?? sharedRequestCache);
    this.cacheScope = options.cacheScope ?? (options.getAccessToken ? `token-${scopeOf(options.getAccessToken)}` : 'public');
  }

  private readonly cacheScope: string;

  /** Resolves a relative FHIR path (e.g. `Patient/1`) against the base URL. */
  url(path: string, params?: SearchParams): URL {
    const u = new URL(path.replace(/^\/+/, ''), this.base);
    const sp = toSearchParams(params);
    sp.forEach((v, k) => u.searchParams.append(k, v));
    return u;
  }

  read<T extends FhirResource = FhirResource>(type: T['resourceType'], id: string, options: RequestOptions = {}): Promise<T> {
    if (!isFhirId(id)) {
      return Promise.reject(new FhirError('config', 'Invalid resource id'));
    }
    return this.get<T>(this.url(`${encodeURIComponent(type)}/${id}`), options).then((r) => {
      if (!r || r.resourceType !== type) throw new FhirError('unexpected', `Expected a ${type}`);
      return r;
    });
  }

  search<T extends FhirResource = FhirResource>(type: string, params?: SearchParams, options: RequestOptions = {}): Promise<Bundle<T>> {
    return this.getBundle<T>(this.url(encodeURIComponent(type), params), options);
  }

  async searchAll<T extends FhirResource = FhirResource>(
    type: string,
    params?: SearchParams,
    options: SearchAllOptions = {},
  ): Promise<SearchAllResult<T>> {
    const maxPages = options.maxPages ?? this.opts.maxPages;
    const result: SearchAllResult<T> = { resources: [], included: [], pages: 0, complete: false, truncated: false };
    const seen = new Set<string>();
    let next: URL | undefined = this.url(encodeURIComponent(type), params);
    while (next) {
      let bundle: Bundle<T>;
      try {
        bundle = await this.getBundle<T>(next, options);
      } catch (e) {
        if (result.pages === 0 || isAbort(e)) throw toFhirError(e);
        result.error = toFhirError(e);
        return result;
      }
      result.pages++;
      if (result.pages === 1 && typeof bundle.total === 'number') result.total = bundle.total;
      for (const entry of bundle.entry ?? []) {
        const res = entry?.resource;
        if (!res || typeof res !== 'object') continue;
        const key = `${res.resourceType}/${res.id ?? entry.fullUrl ?? Math.random()}`;
        if (seen.has(key)) continue; // a server that shifts pages while we read must not double items
        seen.add(key);
        if (entry.search?.mode === 'include' || entry.search?.mode === 'outcome') {
          if (entry.search.mode === 'include') result.included.push(res);
        } else result.resources.push(res);
      }
      options.onPage?.({
        pages: result.pages,
        resources: result.resources.length,
        ...(result.total !== undefined ? { total: result.total } : {}),
      });
      const nextHref = bundle.link?.find((l) => l?.relation === 'next')?.url;
      next = undefined;
      if (nextHref) {
        const candidate = new URL(nextHref, this.base);
        if (candidate.origin !== this.base.origin) {
          // never send the token to another origin
          result.error = new FhirError('config', 'The server returned a next link to another origin');
          return result;
        }
        if (result.pages >= maxPages) {
          result.truncated = true;
          return result;
        }
        next = candidate;
      }
    }
    result.complete = true;
    return result;
  }

  async create<T extends FhirResource>(resource: T, options: CreateOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.ifNoneExist) headers['If-None-Exist'] = options.ifNoneExist;
    const out = await this.send<T>('POST', this.url(encodeURIComponent(resource.resourceType)), { ...options, headers }, resource);
    this.cache?.invalidate(this.baseUrl);
    return out ?? resource;
  }

  async update<T extends FhirResource>(resource: T, options: RequestOptions & { ifMatch?: string } = {}): Promise<T> {
    if (!resource.id || !isFhirId(resource.id)) throw new FhirError('config', 'update needs a valid resource id');
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    const out = await this.send<T>('PUT', this.url(`${resource.resourceType}/${resource.id}`), { ...options, headers }, resource);
    this.cache?.invalidate(this.baseUrl);
    return out ?? resource;
  }

  batch(bundle: Bundle, options: RequestOptions = {}): Promise<Bundle> {
    return this.postBundle({ ...bundle, type: 'batch' }, options);
  }

  transaction(bundle: Bundle, options: RequestOptions = {}): Promise<Bundle> {
    return this.postBundle({ ...bundle, type: 'transaction' }, options);
  }

  /** Forgets cached responses from this server. */
  clearCache(): void {
    this.cache?.invalidate(this.baseUrl);
  }

  private async postBundle(bundle: Bundle, options: RequestOptions): Promise<Bundle> {
    const out = await this.send<Bundle>('POST', new URL(this.base.href), options, bundle);
    this.cache?.invalidate(this.baseUrl);
    if (!out || out.resourceType !== 'Bundle') throw new FhirError('unexpected', 'Expected a Bundle');
    return out;
  }

  private async getBundle<T extends FhirResource>(url: URL, options: RequestOptions): Promise<Bundle<T>> {
    const b = await this.get<Bundle<T>>(url, options);
    if (!b || b.resourceType !== 'Bundle') throw new FhirError('unexpected', 'Expected a Bundle');
    return b;
  }

  private get<T>(url: URL, options: RequestOptions): Promise<T> {
    const hasHeaders = options.headers && Object.keys(options.headers).length > 0;
    if (!this.cache || hasHeaders) return this.send<T>('GET', url, options) as Promise<T>;
    return this.cache.get<T>(
      // the scope is a suffix so that invalidating by base URL (a prefix) still clears every scope
      `${url.href}#jc-scope=${this.cacheScope}`,
      (signal) => this.send<T>('GET', url, { ...options, signal }) as Promise<T>,
      options.signal,
      options.cache === 'no-cache',
    );
  }

  /** One HTTP exchange with auth refresh, bounded retries, timeout and abort. Rejects only with FhirError. */
  private async send<T>(method: string, url: URL, options: RequestOptions, body?: unknown): Promise<T | undefined> {
    const doFetch = this.opts.fetch ?? globalThis.fetch.bind(globalThis);
    let refreshed = false;
    let attempt = 0;
    for (;;) {
      const timeoutMs = options.timeoutMs ?? this.opts.timeoutMs;
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const signals = [timeout.signal, ...(options.signal ? [options.signal] : [])];
      const signal = AbortSignal.any(signals);
      let response: Response;
      try {
        if (options.signal?.aborted) throw new FhirError('aborted', 'The request was aborted');
        let token: string | undefined | null;
        try {
          token = this.opts.getAccessToken ? await this.opts.getAccessToken({ forceRefresh: refreshed }) : undefined;
        } catch (e) {
          throw new FhirError('auth', 'The access token could not be obtained', { cause: e });
        }
        const headers: Record<string, string> = { Accept: FHIR_JSON, ...(options.headers ?? {}) };
        if (token) headers['Authorization'] = `Bearer ${token}`;
        if (body !== undefined) headers['Content-Type'] = FHIR_JSON;
        response = await doFetch(url.href, {
          method,
          headers,
          signal,
          credentials: 'same-origin',
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch (e) {
        clearTimeout(timer);
        if (options.signal?.aborted) throw new FhirError('aborted', 'The request was aborted', { cause: e });
        if (timeout.signal.aborted) throw new FhirError('timeout', `No answer within ${timeoutMs} ms`, { cause: e });
        throw toFhirError(e);
      }
      let text: string;
      try {
        text = response.status === 204 || response.status === 304 ? '' : await response.text();
      } catch (e) {
        if (options.signal?.aborted) throw new FhirError('aborted', 'The request was aborted', { cause: e });
        if (timeout.signal.aborted) throw new FhirError('timeout', `No answer within ${timeoutMs} ms`, { cause: e });
        throw new FhirError('network', 'The connection was lost while reading the answer', { cause: e, status: response.status });
      } finally {
        clearTimeout(timer);
      }

      if (response.status === 401 && this.opts.getAccessToken && !refreshed) {
        refreshed = true; // fetch a fresh token and try once more
        continue;
      }
      if ((response.status === 429 || response.status === 503) && method === 'GET' && attempt < this.opts.retries) {
        attempt++;
        const asked = parseRetryAfter(response.headers.get('Retry-After'));
        const backoff = 500 * 2 ** (attempt - 1);
        await sleep(Math.min(asked ?? backoff, this.opts.maxRetryDelayMs), options.signal ?? new AbortController().signal);
        continue;
      }
      if (response.status === 304) return undefined;
      let json: unknown;
      if (text) {
        try {
          json = JSON.parse(text);
        } catch (e) {
          if (response.ok) throw new FhirError('parse', 'The server sent a reply that is not JSON', { status: response.status, cause: e });
        }
      }
      if (!response.ok) {
        const oo = json && typeof json === 'object' && (json as Resource).resourceType === 'OperationOutcome' ? (json as never) : undefined;
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
        const init = {
          status: response.status,
          ...(oo ? { operationOutcome: oo } : {}),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        };
        const s = response.status;
        const kind = s === 401 || s === 403 ? 'auth' : s === 404 || s === 410 ? 'not-found' : s === 429 ? 'rate-limited' : 'http';
        throw new FhirError(kind, `HTTP ${s}`, init);
      }
      if (text && (json === undefined || typeof json !== 'object' || json === null)) {
        throw new FhirError('parse', 'The server sent a reply that is not a FHIR resource', { status: response.status });
      }
      return json as T | undefined;
    }
  }
}
