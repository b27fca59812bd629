import { FhirError } from './errors.js';

interface Entry {
  promise: Promise<unknown>;
  /** Aborts the underlying request; dropped once it has settled. */
  controller?: AbortController;
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
 *
 * Memory: a response is held for `ttlMs` at most. Expired responses are dropped whether or not the
 * same URL is asked for again (on the next request, and by a timer that runs only while responses
 * are held), and at most `maxEntries` completed responses are held (the oldest go first), so
 * mounting and unmounting widgets for many patients never grows the page's heap.
 */
export class RequestCache {
  private entries = new Map<string, Entry>();
  /** Earliest `expires` of the completed entries (Infinity when there are none). */
  private nextExpiry = Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** How long a completed response is reused, in ms. */
    public ttlMs = 10_000,
    private now: () => number = () => Date.now(),
    /** Most completed responses held at once; the oldest are dropped first. In-flight requests are not counted. */
    public maxEntries = 500,
  ) {}

  /**
   * Returns the cached or in-flight result for `key`, or starts `run` (given a signal that aborts
   * when every caller has gone) and shares it.
   */
  get<T>(key: string, run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal, bypass = false): Promise<T> {
    if (signal?.aborted) return Promise.reject(new FhirError('aborted', 'The request was aborted'));
    const t = this.now();
    if (t >= this.nextExpiry) this.sweep(t);
    let entry = this.entries.get(key);
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
          created.controller = undefined;
          created.expires = this.now() + this.ttlMs;
          if (this.entries.get(key) === created) {
            if (this.ttlMs <= 0) this.entries.delete(key);
            else this.held(created.expires);
          }
          return value;
        },
        (error: unknown) => {
          created.settled = true;
          created.controller = undefined;
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
          entry.controller?.abort();
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
    this.sweep(this.now());
  }

  /** A completed response is now held until `expires`: keep within `maxEntries`, and make sure it is dropped on time. */
  private held(expires: number): void {
    this.nextExpiry = Math.min(this.nextExpiry, expires);
    let settled = 0;
    for (const entry of this.entries.values()) if (entry.settled) settled++;
    // Map order is insertion order: the first completed entries are the oldest
    for (const [key, entry] of this.entries) {
      if (settled <= this.maxEntries) break;
      if (!entry.settled) continue;
      this.entries.delete(key);
      settled--;
    }
    this.schedule();
  }

  /** Drops expired responses; works out when the next one expires. */
  private sweep(t: number): void {
    let next = Infinity;
    for (const [key, entry] of this.entries) {
      if (!entry.settled) continue;
      if (entry.expires <= t) this.entries.delete(key);
      else next = Math.min(next, entry.expires);
    }
    this.nextExpiry = next;
    this.schedule();
  }

  /** One timer while completed responses are held (none otherwise), due when the first expires. */
  private schedule(): void {
    if (this.nextExpiry === Infinity) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.timer !== undefined) return;
    // at least 1 s apart, so a clock that does not move (tests) cannot make it spin
    const delay = Math.max(1000, Math.min(this.nextExpiry - this.now(), this.ttlMs) + 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sweep(this.now());
    }, delay);
  }

  /** Number of entries held (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}

/** The page-wide cache every `FetchFhirClient` uses unless given its own. */
export const sharedRequestCache = new RequestCache();
