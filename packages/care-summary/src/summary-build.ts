// The care summary's section builds as a ReactiveController: handed-in resources, and long server lists, built at once or in chunks with progress.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FhirResource } from 'fhir/r4.js';
import { isAbort } from '@joinedcare/core';
import {
  CHUNKED_BUILD_THRESHOLD,
  buildSection,
  buildSectionChunked,
  buildSummary,
  buildSummaryChunked,
  sectionSize,
  type ModelOptions,
  type SectionExtras,
  type SectionModel,
  type SummaryOptions,
} from './model.js';
import type { SectionKey } from './sections.js';

/**
 * One section's load state. `asOf` is when its data was fetched (or the Bundle's timestamp).
 * `preparing`: a long list is being built in chunks (its progress is in `progress`).
 */
export type SectionState =
  | { status: 'loading' }
  | { status: 'preparing' }
  | { status: 'error'; error: unknown }
  | { status: 'done'; model: SectionModel; asOf: Date | string; note?: string };

/** A chunked build's progress in one section. */
export interface BuildProgress {
  done: number;
  total: number;
}

/** Handed-in resources after the patient guard, with the build options and whose they are (ids only). */
export interface HandedInput {
  accepted: FhirResource[];
  options: SummaryOptions;
  asOf: Date | string;
  whoKey: string | undefined;
}

/** What the builds need from their element, read when needed. */
export interface SummaryBuildOptions {
  /** Whether resources or a Bundle are handed in. */
  handedIn(): boolean;
  /** The sections shown, in order. */
  sections(): readonly SectionKey[];
  /** The handed-in resources after the patient guard (only called when `handedIn()`). */
  prepare(): HandedInput;
  /** Lets the main thread run between chunks. */
  pause(): Promise<void>;
}

/** One server load of a section, as the build sees it. */
export interface ServerSectionLoad {
  signal: AbortSignal;
  /** Whether the load is still wanted (same run, not aborted). */
  current: () => boolean;
  /** Marks the section as being prepared (called before a chunked build starts). */
  preparing: () => void;
  /** Takes the built section. */
  done: (model: SectionModel) => void;
}

/** A chunked build of handed-in resources. */
interface HandedJob {
  controller: AbortController;
}

/** Section states marking every section built. */
function doneStates(models: Map<SectionKey, SectionModel>, asOf: Date | string): Map<SectionKey, SectionState> {
  return new Map([...models].map(([k, model]) => [k, { status: 'done', model, asOf }]));
}

/**
 * Builds every section from handed-in resources: at once for a short record; in chunks for a long
 * one, between which the page stays responsive. While a chunked build runs, the sections say so
 * (with its progress); for the same patient the previous list stays until the new one is ready, for
 * another patient it goes at once. A removal stops a build; putting the element back starts again.
 * `start()` is called from the host's `willUpdate`, so what it sets is drawn in that same update.
 * Long sections fetched from the server are built in chunks here too (`buildServerSection`), sharing
 * the `progress` map.
 */
export class SummaryBuild implements ReactiveController {
  /** The sections built from handed-in data (undefined: none handed in). */
  states?: Map<SectionKey, SectionState> | undefined;
  /** Progress of the chunked builds, handed-in or from the server (drawn on `requestUpdate` between chunks). */
  readonly progress = new Map<SectionKey, BuildProgress>();
  /** The sections whose progress the handed-in build under way owns. */
  private jobKeys: SectionKey[] = [];
  /** A chunked build was stopped by a removal: build again when put back. */
  stale = false;
  /** The chunked build in progress. */
  private job?: HandedJob | undefined;
  /** Whose handed-in data `states` shows (only set for an identified patient). */
  private who?: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SummaryBuildOptions,
  ) {
    host.addController(this);
  }

  /** Whether a chunked build of handed-in data is under way. */
  get building(): boolean {
    return this.job !== undefined;
  }

  hostConnected(): void {
    // put back after a removal that stopped a build: draw again, which starts a new one
    if (this.stale) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    if (this.job) {
      this.abort();
      this.stale = true;
    }
  }

  /** (Re)builds from what is handed in now, cancelling any build under way. Call in `willUpdate`. */
  start(): void {
    this.stale = false;
    this.abort();
    if (!this.options.handedIn()) {
      this.states = undefined;
      this.who = undefined;
      return;
    }
    const { accepted, options, asOf, whoKey } = this.options.prepare();
    const sections = this.options.sections();
    const total = sections.reduce((n, k) => n + sectionSize(k, accepted), 0);
    if (total <= CHUNKED_BUILD_THRESHOLD) {
      this.states = doneStates(buildSummary(accepted, options), asOf);
      this.who = whoKey;
      return;
    }
    const keep = whoKey !== undefined && this.who === whoKey && this.states !== undefined;
    if (!keep) this.states = new Map(sections.map((k) => [k, { status: 'preparing' }]));
    this.who = whoKey;
    for (const k of sections) this.progress.set(k, { done: 0, total: sectionSize(k, accepted) });
    this.jobKeys = [...sections];
    const job: HandedJob = { controller: new AbortController() };
    this.job = job;
    void this.buildChunked(job, accepted, options, asOf);
  }

  /**
   * Builds one section fetched from the server and hands it to `load.done`: at once (synchronously,
   * returning undefined), or for a long list in chunks with its progress shown (`load.preparing` is
   * called first, to mark the section; the returned promise settles after `done`). Progress is
   * recorded and drawn only while `load.current()`.
   */
  buildServerSection(
    key: SectionKey,
    all: FhirResource[],
    options: ModelOptions,
    extras: SectionExtras,
    load: ServerSectionLoad,
  ): Promise<void> | undefined {
    const size = sectionSize(key, all);
    if (size <= CHUNKED_BUILD_THRESHOLD) {
      load.done(buildSection(key, all, options, extras));
      return undefined;
    }
    // a long list: built in chunks, with its progress shown, so the page stays responsive
    this.progress.set(key, { done: 0, total: size });
    load.preparing();
    return this.buildServerChunked(key, all, options, extras, load);
  }

  private async buildServerChunked(
    key: SectionKey,
    all: FhirResource[],
    options: ModelOptions,
    extras: SectionExtras,
    load: ServerSectionLoad,
  ): Promise<void> {
    const { signal, current } = load;
    await this.options.pause();
    const model = await buildSectionChunked(key, all, options, extras, {
      signal,
      yieldToMain: async () => {
        await this.options.pause();
        if (current()) this.host.requestUpdate();
      },
      onProgress: ({ done, total }) => {
        if (current()) this.progress.set(key, { done, total });
      },
    });
    if (current()) this.progress.delete(key);
    load.done(model);
  }

  /** Stops the handed-in build under way and forgets its progress (a server section's build keeps its own). */
  private abort(): void {
    this.job?.controller.abort();
    this.job = undefined;
    this.clearJobProgress();
  }

  private clearJobProgress(): void {
    for (const k of this.jobKeys) this.progress.delete(k);
    this.jobKeys = [];
  }

  private async buildChunked(job: HandedJob, accepted: FhirResource[], options: SummaryOptions, asOf: Date | string): Promise<void> {
    const { signal } = job.controller;
    const current = () => !signal.aborted && this.job === job;
    try {
      // start after this render: the first chunk must not lengthen the task that draws the progress
      await this.options.pause();
      if (!current()) return;
      const models = await buildSummaryChunked(accepted, options, {
        signal,
        yieldToMain: async () => {
          await this.options.pause();
          // show the progress of the chunks built so far
          if (current()) this.host.requestUpdate();
        },
        onProgress: ({ key, done, total }) => {
          if (current()) this.progress.set(key, { done, total });
        },
      });
      if (!current()) return;
      this.finish(doneStates(models, asOf));
    } catch (error) {
      if (isAbort(error) || !current()) return;
      this.finish(new Map(this.options.sections().map((k) => [k, { status: 'error', error }])));
    }
  }

  private finish(states: Map<SectionKey, SectionState>): void {
    this.job = undefined;
    this.clearJobProgress();
    this.states = states;
    this.host.requestUpdate();
  }
}
