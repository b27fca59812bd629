// Long work on the main thread: THE chunked runner (the widgets' long lists and the finder's scan use it).

/** Yields to the main thread: `scheduler.yield()` where the browser has it, else a 0 ms timeout. */
export function yieldToMain(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Throws the signal's reason (or an `AbortError`) when it has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError');
}

/** Work done in steps: each `step(budget)` does about `budget` units and says whether it is finished. */
export interface Steppable {
  /** Units done so far. */
  readonly done: number;
  /** Units in all (an estimate until the first step, when the job cannot know before). */
  readonly total: number;
  /** Does about `budget` units more (at least one); true once the job is finished. */
  step(budget: number): boolean;
}

/** How a chunked run goes. */
export interface ChunkedOptions<J = Steppable> {
  /** Units per chunk before yielding (default 250). */
  chunkSize?: number;
  /** Stops the run: the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after each chunk with the job it worked on. */
  onProgress?: (job: J, done: number, total: number) => void;
  /** Lets the main thread run between chunks (default `yieldToMain`). */
  yieldToMain?: () => Promise<void>;
}

/** Units per chunk by default. */
export const CHUNK_SIZE = 250;

/**
 * Runs jobs to the end, one after another, `chunkSize` units at a time, yielding to the main thread
 * between chunks (never before the first), so a long list never blocks the page.
 */
export async function runChunked<J extends Steppable>(jobs: readonly J[], options: ChunkedOptions<J> = {}): Promise<void> {
  const size = options.chunkSize && options.chunkSize >= 1 ? Math.floor(options.chunkSize) : CHUNK_SIZE;
  const pause = options.yieldToMain ?? yieldToMain;
  throwIfAborted(options.signal);
  let first = true;
  for (const job of jobs) {
    for (;;) {
      if (!first) {
        await pause();
        throwIfAborted(options.signal);
      }
      first = false;
      const finished = job.step(size);
      options.onProgress?.(job, job.done, job.total);
      if (finished) break;
    }
  }
}

/** A job that maps items one by one (`results` in item order). */
export function mappingJob<T, R>(items: readonly T[], map: (item: T, index: number) => R): Steppable & { readonly results: R[] } {
  const results: R[] = [];
  return {
    results,
    get done() {
      return results.length;
    },
    total: items.length,
    step(budget) {
      const end = Math.min(items.length, results.length + Math.max(1, budget));
      for (let i = results.length; i < end; i++) results.push(map(items[i], i));
      return results.length >= items.length;
    },
  };
}

/** `items.map(map)`, in chunks (see `runChunked`). */
export async function mapChunked<T, R>(
  items: readonly T[],
  map: (item: T, index: number) => R,
  options: Omit<ChunkedOptions, 'onProgress'> & { onProgress?: (done: number, total: number) => void } = {},
): Promise<R[]> {
  const job = mappingJob(items, map);
  const { onProgress, ...rest } = options;
  await runChunked([job], { ...rest, ...(onProgress ? { onProgress: (_j, done, total) => onProgress(done, total) } : {}) });
  return job.results;
}
