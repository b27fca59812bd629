// Builds the views of a referral list: at once when short, in chunks (page stays responsive) when long; a ReactiveController.
import type { ReactiveController, ReactiveElement } from 'lit';
import type { FhirResource } from 'fhir/r4.js';
import { isAbort } from '@joinedcare/core';
import {
  buildReferrals,
  buildReferralsChunked,
  CHUNKED_BUILD_THRESHOLD,
  countServiceRequests,
  yieldToMain,
  type ReferralModelOptions,
  type ReferralView,
} from './model.js';

/** Views built in chunks for one resource list (and the options they were built with). */
interface Prepared {
  resources: readonly FhirResource[];
  optionsKey: string;
  views: ReferralView[];
}

/** A chunked build in progress. */
interface Preparing {
  resources: readonly FhirResource[];
  optionsKey: string;
  controller: AbortController;
  done: number;
  total: number;
}

export interface PreparerOptions {
  /** The options of a build (read when it starts: they include the clock). */
  modelOptions(): ReferralModelOptions;
  /** What a chunked build depends on besides the resources (the clock is read when it starts). */
  optionsKey(): string;
}

/**
 * Keeps the views of the list on screen. A long list is built in chunks between which the page
 * stays responsive; its progress is drawn by a host update between chunks. A new list aborts the
 * build of the previous one, and so does disconnecting the host; reconnecting draws again, which
 * starts a new build.
 */
export class ReferralPreparer implements ReactiveController {
  /** Views of a large list, built in chunks (see `viewsOf`). */
  private prepared?: Prepared;
  /** The chunked build in progress (its progress is drawn on `requestUpdate` between chunks). */
  private preparing?: Preparing;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: PreparerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // put back after a removal that stopped a build: draw again, which starts a new one
    if (this.host.hasUpdated && !this.prepared) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.abort();
  }

  /** How far the chunked build in progress is, if one is. */
  get progress(): { done: number; total: number } | undefined {
    return this.preparing;
  }

  /** Stops the build in progress (the views already prepared stay). */
  abort(): void {
    this.preparing?.controller.abort();
    this.preparing = undefined;
  }

  /** Forgets everything (a new patient): stops the build in progress and drops the prepared views. */
  reset(): void {
    this.abort();
    this.prepared = undefined;
  }

  /** Whether `resources` is a long list, built in chunks. */
  isLarge(resources: readonly FhirResource[]): boolean {
    return countServiceRequests(resources) > CHUNKED_BUILD_THRESHOLD;
  }

  /** The views of `resources`, built at once. */
  views(resources: readonly FhirResource[]): ReferralView[] {
    return buildReferrals(resources, this.options.modelOptions());
  }

  /** The views prepared for exactly this list and options key, if any. */
  preparedViews(resources: readonly FhirResource[], optionsKey: string): ReferralView[] | undefined {
    const prepared = this.prepared;
    return prepared?.resources === resources && prepared.optionsKey === optionsKey ? prepared.views : undefined;
  }

  /** Takes views built elsewhere (by a poll) as the prepared views of `resources`, stopping the build in progress. */
  adopt(resources: readonly FhirResource[], optionsKey: string, views: ReferralView[]): void {
    this.abort();
    this.prepared = { resources, optionsKey, views };
  }

  /**
   * The views of `resources`: built at once for a short list; for a long one, built in chunks
   * between which the page stays responsive (undefined until ready). A new list aborts the build of
   * the previous one.
   */
  viewsOf(resources: readonly FhirResource[]): ReferralView[] | undefined {
    if (!this.isLarge(resources)) return this.views(resources);
    const key = this.options.optionsKey();
    const prepared = this.prepared;
    if (prepared?.resources === resources && prepared.optionsKey === key) return prepared.views;
    const running = this.preparing;
    if (running?.resources === resources && running.optionsKey === key) return undefined;
    this.preparing?.controller.abort();
    const job: Preparing = {
      resources,
      optionsKey: key,
      controller: new AbortController(),
      done: 0,
      total: countServiceRequests(resources),
    };
    // not reactive: render() must not request an update; progress is drawn between chunks
    this.preparing = job;
    void this.prepare(job);
    return undefined;
  }

  private async prepare(job: Preparing): Promise<void> {
    const { signal } = job.controller;
    try {
      // start after this render: the first chunk must not lengthen the task that draws the progress
      await yieldToMain();
      if (signal.aborted) return;
      const views = await buildReferralsChunked(job.resources, this.options.modelOptions(), {
        signal,
        yieldToMain: async () => {
          await yieldToMain();
          // show the progress of the chunks built so far
          if (!signal.aborted && this.preparing === job) this.host.requestUpdate();
        },
        onProgress: (done, total) => {
          job.done = done;
          job.total = total;
        },
      });
      if (signal.aborted || this.preparing !== job) return;
      this.prepared = { resources: job.resources, optionsKey: job.optionsKey, views };
      this.preparing = undefined;
      this.host.requestUpdate();
    } catch (e) {
      if (isAbort(e) || signal.aborted) return;
      throw e;
    }
  }
}
