import type { Bundle, FhirResource } from 'fhir/r4.js';
import type {
  CreateOptions,
  FhirClient,
  GetAccessToken,
  RequestOptions,
  SearchAllOptions,
  SearchAllResult,
  SearchParams,
} from './types.js';
import { FhirError } from './errors.js';
import { exchange, type ExchangeBody } from './http.js';
import { collectPages } from './paging.js';
import { digest } from './digest.js';
import { RequestCache, sharedRequestCache } from './request-cache.js';
import { isFhirId } from '../record/ids.js';

export type {
  CreateOptions,
  FhirClient,
  GetAccessToken,
  RequestOptions,
  SearchAllOptions,
  SearchAllResult,
  SearchParams,
} from './types.js';

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
   * Who the cached responses belong to: clients share cached GETs only within one scope. Give the
   * signed-in user's key (an opaque id) when the host has one. Default: the current access token (a
   * digest of it, never the token): two users never share a response, even when one token callback
   * serves both; without a token callback, the public scope.
   */
  cacheScope?: string;
  /** Retries for 429 / 503 on reads (default 2), honouring Retry-After, capped at `maxRetryDelayMs`. */
  retries?: number;
  /** Longest wait between retries, ms (default 10 000). */
  maxRetryDelayMs?: number;
  /** Injected fetch (defaults to the global one). */
  fetch?: typeof fetch;
  /**
   * Origins besides the base URL's that paging links may point to (an API gateway that rewrites
   * hosts). Default none: a next link must stay under the base URL.
   */
  trustedOrigins?: readonly string[];
  /**
   * `POST` sends every search as `POST [base]/[type]/_search` with the parameters in the body, so
   * NHS numbers and other identifiers stay out of URLs, proxy logs and browser history. Default `GET`.
   */
  searchMethod?: 'GET' | 'POST';
  /** Starts a request's timeout timer (default `setTimeout`) and returns how to cancel it (tests fire timeouts themselves). */
  setTimer?: (fire: () => void, ms: number) => () => void;
}

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
  }

  /** See `FhirClient.userScope`. */
  async userScope(): Promise<string> {
    return (await this.scope()).scope;
  }

  /**
   * The cache scope of a request made now (see `cacheScope`), and the token asked for to know it
   * (handed to the request, so the callback is asked once).
   */
  private async scope(): Promise<{ scope: string; token?: { token: string | undefined | null } }> {
    if (this.opts.cacheScope) return { scope: `user-${this.opts.cacheScope}` };
    if (!this.opts.getAccessToken) return { scope: 'public' };
    let token: string | undefined | null;
    try {
      token = await this.opts.getAccessToken({ forceRefresh: false });
    } catch {
      return { scope: 'no-token' }; // the request asks again and reports the failure
    }
    return { scope: token ? `token-${digest(token)}` : 'no-token', token: { token } };
  }

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
    return this.getBundle<T>(this.firstPage(type, params), options);
  }

  searchAll<T extends FhirResource = FhirResource>(
    type: string,
    params?: SearchParams,
    options: SearchAllOptions = {},
  ): Promise<SearchAllResult<T>> {
    return collectPages<T>(this.firstPage(type, params), {
      maxPages: options.maxPages ?? this.opts.maxPages,
      base: this.base,
      trustedOrigins: this.opts.trustedOrigins ?? [],
      page: (url) => this.getBundle<T>(url, options),
      ...(options.onPage ? { onPage: options.onPage } : {}),
    });
  }

  /** The first page of a search: GET `[base]/[type]?…`, or `POST [base]/[type]/_search` with `searchMethod: 'POST'`. */
  private firstPage(type: string, params: SearchParams | undefined): URL | { url: URL; form: URLSearchParams } {
    if (this.opts.searchMethod === 'POST') return { url: this.url(`${encodeURIComponent(type)}/_search`), form: toSearchParams(params) };
    return this.url(encodeURIComponent(type), params);
  }

  /**
   * Creates a resource. It succeeds only when the server answers with the resource type sent, with an
   * id (a write answered with an OperationOutcome, a Bundle or nothing is not a saved write). A 412 to
   * a conditional create (`ifNoneExist`) means the server already holds matching resources: they are
   * searched for, and the newest is the answer; none found is a failure.
   */
  async create<T extends FhirResource>(resource: T, options: CreateOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Prefer: 'return=representation', ...(options.headers ?? {}) };
    if (options.ifNoneExist) headers['If-None-Exist'] = options.ifNoneExist;
    const url = this.url(encodeURIComponent(resource.resourceType));
    try {
      return written(resource, await this.send<T>('POST', url, { ...options, headers }, { json: resource }));
    } catch (e) {
      if (!(e instanceof FhirError) || e.status !== 412 || !options.ifNoneExist) throw e;
      return this.alreadySaved(resource, options.ifNoneExist, options);
    } finally {
      this.cache?.invalidate(this.baseUrl);
    }
  }

  /** Replaces a resource (PUT, `If-Match` when given); succeeds only when the answer is that resource. */
  async update<T extends FhirResource>(resource: T, options: RequestOptions & { ifMatch?: string } = {}): Promise<T> {
    if (!resource.id || !isFhirId(resource.id)) throw new FhirError('config', 'update needs a valid resource id');
    const headers: Record<string, string> = { Prefer: 'return=representation', ...(options.headers ?? {}) };
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    const url = this.url(`${resource.resourceType}/${resource.id}`);
    try {
      const out = written(resource, await this.send<T>('PUT', url, { ...options, headers }, { json: resource }));
      if (out.id !== resource.id) throw new FhirError('unexpected', 'The server answered the update with another resource');
      return out;
    } finally {
      this.cache?.invalidate(this.baseUrl);
    }
  }

  /** After a 412 to a conditional create: what the server holds under the same condition (newest first), or the 412. */
  private async alreadySaved<T extends FhirResource>(resource: T, condition: string, options: RequestOptions): Promise<T> {
    const found = await this.search<T>(resource.resourceType, new URLSearchParams(condition), { ...options, cache: 'no-cache' });
    const matches = (found.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is T => r?.resourceType === resource.resourceType && typeof r.id === 'string')
      .sort((x, y) => (Date.parse(y.meta?.lastUpdated ?? '') || 0) - (Date.parse(x.meta?.lastUpdated ?? '') || 0));
    if (!matches.length) throw new FhirError('http', 'The server refused the write (412) and holds no matching resource', { status: 412 });
    return matches[0];
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
    const out = await this.send<Bundle>('POST', new URL(this.base.href), options, { json: bundle });
    this.cache?.invalidate(this.baseUrl);
    if (!out || out.resourceType !== 'Bundle') throw new FhirError('unexpected', 'Expected a Bundle');
    return out;
  }

  private async getBundle<T extends FhirResource>(
    page: URL | { url: URL; form: URLSearchParams },
    options: RequestOptions,
  ): Promise<Bundle<T>> {
    // searches ask the server to refuse what it does not support instead of ignoring it
    const strict = { ...options, headers: { Prefer: 'handling=strict', ...(options.headers ?? {}) } };
    const b =
      page instanceof URL
        ? await this.get<Bundle<T>>(page, strict, true)
        : await this.cached<Bundle<T>>(`${page.url.href}?${page.form.toString()}`, strict, (o, token) =>
            this.send<Bundle<T>>('POST', page.url, o, { form: page.form }, token),
          );
    if (!b || b.resourceType !== 'Bundle') throw new FhirError('unexpected', 'Expected a Bundle');
    return b;
  }

  /** A GET, through the page-wide cache unless the caller set headers of its own (`searchHeaders`: the client's own `Prefer` does not count). */
  private get<T>(url: URL, options: RequestOptions, searchHeaders = false): Promise<T> {
    const own = Object.keys(options.headers ?? {}).filter((h) => !(searchHeaders && h === 'Prefer'));
    if (own.length) return this.send<T>('GET', url, options) as Promise<T>;
    return this.cached<T>(url.href, options, (o, token) => this.send<T>('GET', url, o, undefined, token));
  }

  private async cached<T>(
    key: string,
    options: RequestOptions,
    load: (options: RequestOptions, token?: { token: string | undefined | null }) => Promise<T | undefined>,
  ): Promise<T> {
    if (!this.cache) return load(options) as Promise<T>;
    const { scope, token } = await this.scope();
    return this.cache.get<T>(
      // the scope is a suffix so that invalidating by base URL (a prefix) still clears every scope
      `${key}#jc-scope=${scope}`,
      (signal) => load({ ...options, signal }, token) as Promise<T>,
      options.signal,
      options.cache === 'no-cache',
    );
  }

  private send<T>(
    method: string,
    url: URL,
    options: RequestOptions,
    body?: ExchangeBody,
    token?: { token: string | undefined | null },
  ): Promise<T | undefined> {
    return exchange<T>(this.opts, method, url, options, body, token);
  }
}

/** The server's answer to a write, proved: the resource type sent, with an id. */
function written<T extends FhirResource>(sent: T, answer: T | undefined): T {
  if (!answer || typeof answer !== 'object') throw new FhirError('unexpected', 'The server did not return what it saved');
  if (answer.resourceType !== sent.resourceType) {
    throw new FhirError('unexpected', `The server answered a ${sent.resourceType} write with a ${String(answer.resourceType)}`);
  }
  if (typeof answer.id !== 'string' || !isFhirId(answer.id))
    throw new FhirError('unexpected', 'The server answered the write without an id');
  return answer;
}
