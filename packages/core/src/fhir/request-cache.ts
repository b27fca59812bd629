import { FhirError } from './errors.js';

interface Entry {
  promise: Promise<unknown>;
  controller: AbortController;
  subscribers: number;
  settled: boolean;
  expires: number;
}

/**
 * Merges identical GETs that are in flight at the same time and keeps their results for a short
 * time, so that several widgets asking for the same thing make one request. One instance
 * (`sharedRequestCache`) is shared by every client on the page.
 *
 * Aborting: each caller passes its own signal. The underlying request is aborted only when every
 * caller waiting on it has aborted, so one widget's patient switch never cancels another's load.
 */
export class RequestCache {
  private entries = new Map<string, Entry>();

  constructor(
    /** How long a completed response is reused, in ms. */
    public ttlMs = 10_000,
    private now: () => number = () => Date.now(),
  ) {}

  /**
   * Returns the cached or in-flight result for `key`, or starts `run` (given a signal that aborts
   * when every caller has gone) and shares it.
   */
  get<T>(key: string, run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal, bypass = false): Promise<T> {
    if (signal?.aborted) return Promise.reject(new FhirError('aborted', 'The request was aborted'));
    let entry = this.entries.get(key);
    const t = this.now();
    if (entry && entry.settled && (bypass || entry.expires <= t)) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (!entry) {
      const controller = new AbortController();
      const created: Entry = { controller, subscribers: 0, settled: false, expires: Infinity, promise: Promise.resolve() };
      created.promise = run(controller.signal).then(
        (value) => {
          created.settled = true;
          created.expires = this.now() + this.ttlMs;
          if (this.ttlMs <= 0 && this.entries.get(key) === created) this.entries.delete(key);
          return value;
        },
        (error: unknown) => {
          created.settled = true;
          // failures are never cached
          if (this.entries.get(key) === created) this.entries.delete(key);
          throw error;
        },
      );
      // avoid an unhandled rejection when every subscriber has gone
      created.promise.catch(() => undefined);
      this.entries.set(key, created);
      entry = created;
    }
    return this.subscribe(key, entry, signal) as Promise<T>;
  }

  private subscribe(key: string, entry: Entry, signal?: AbortSignal): Promise<unknown> {
    if (entry.settled) return entry.promise;
    entry.subscribers++;
    if (!signal) {
      // a caller without a signal keeps the request alive until it settles
      return entry.promise.finally(() => {
        entry.subscribers--;
      });
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        entry.subscribers--;
        if (entry.subscribers <= 0 && !entry.settled) {
          entry.controller.abort();
          if (this.entries.get(key) === entry) this.entries.delete(key);
        }
        reject(new FhirError('aborted', 'The request was aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          entry.subscribers--;
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          entry.subscribers--;
          reject(e instanceof Error ? e : new FhirError('network', 'The request failed', { cause: e }));
        },
      );
    });
  }

  /** Forgets cached responses whose key starts with `prefix` (all when omitted). In-flight requests are kept. */
  invalidate(prefix = ''): void {
    for (const [key, entry] of this.entries) {
      if (entry.settled && key.startsWith(prefix)) this.entries.delete(key);
    }
  }

  /** Number of entries held (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}

/** The page-wide cache every `FetchFhirClient` uses unless given its own. */
export const sharedRequestCache = new RequestCache();
