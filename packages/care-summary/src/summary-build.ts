// The care summary's section builds: at once for a short list, in chunks (core's runChunked) with
// visible progress for a long one, so the page stays responsive.
import type { ReactiveControllerHost } from 'lit';
import type { FhirResource } from 'fhir/r4.js';
import { CHUNKED_BUILD_THRESHOLD, buildSectionChunked } from './model.js';
import type { ModelOptions, SectionModel } from './model-shared.js';
import { buildSection, sectionSize, type SectionExtras } from './section-build.js';
import type { SectionKey } from './sections.js';

/** A chunked build's progress in one section. */
export interface BuildProgress {
  done: number;
  total: number;
}

/** What the builds need from their element: to be drawn again, and a way to let the main thread run. */
export interface BuildHost extends ReactiveControllerHost {
  /** Lets the main thread run between chunks (tests pace builds with it). */
  pause(): Promise<void>;
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts (a paused build stops at once). */
function unlessAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = () => reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', stop);
        resolve();
      },
      (e: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Builds sections for an element. A section of up to `CHUNKED_BUILD_THRESHOLD` resources is built
 * at once; a longer one in chunks, its progress in `progress` (drawn between chunks, and from the
 * moment the build starts). A new build of a section, or an abort, drops the progress of the one
 * before at once, so an abandoned build's count is never drawn.
 */
export class SummaryBuild {
  private readonly progressOf = new Map<SectionKey, BuildProgress>();
  /** The build each section's progress belongs to. */
  private readonly owners = new Map<SectionKey, object>();

  constructor(private readonly host: BuildHost) {}

  /** Progress of the chunked builds under way, by section. */
  get progress(): ReadonlyMap<SectionKey, BuildProgress> {
    return this.progressOf;
  }

  /** Builds one section's model; rejects with an `AbortError` when `signal` aborts. */
  section(
    key: SectionKey,
    resources: readonly FhirResource[],
    options: ModelOptions,
    extras: SectionExtras,
    signal: AbortSignal,
  ): Promise<SectionModel> {
    const owner = {};
    this.owners.set(key, owner);
    this.progressOf.delete(key);
    const size = sectionSize(key, resources, extras);
    if (size <= CHUNKED_BUILD_THRESHOLD) return Promise.resolve(buildSection(key, resources, options, extras));
    const mine = () => !signal.aborted && this.owners.get(key) === owner;
    const forget = () => {
      if (this.owners.get(key) !== owner) return;
      this.owners.delete(key);
      this.progressOf.delete(key);
    };
    signal.addEventListener('abort', forget, { once: true });
    this.progressOf.set(key, { done: 0, total: size });
    this.host.requestUpdate();
    const pause = () => unlessAborted(this.host.pause(), signal);
    const build = async () => {
      // start after this render: the first chunk must not lengthen the task that draws the progress
      await pause();
      return buildSectionChunked(key, resources, options, extras, {
        signal,
        yieldToMain: async () => {
          // draw the chunks built so far, then let the page run
          if (mine()) this.host.requestUpdate();
          await pause();
        },
        onProgress: ({ done, total }) => {
          if (mine()) this.progressOf.set(key, { done, total });
        },
      });
    };
    return build().finally(() => {
      signal.removeEventListener('abort', forget);
      forget();
    });
  }
}
