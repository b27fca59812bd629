// Builds the views of a referral list: at once when short, in chunks (the page stays responsive) when long; a ReactiveController.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, yieldToMain, type ClinicalRecord } from '@joinedcare/core';
import { countServiceRequests } from './grouping.js';
import { buildReferrals, buildReferralsChunked, CHUNKED_BUILD_THRESHOLD, referralChanges } from './lists.js';
import { refMsg } from './messages.js';
import type { ReferralModelOptions, ReferralView } from './model.js';

/** What the element notes on a prepared list: where it came from (the patient whose data it is, or the handed-in list), and how complete it is. */
export interface ListAbout {
  origin: unknown;
  complete: boolean;
  loadedAt?: Date;
  /** Loaded again by a live-update check: what changed is announced. */
  fromCheck?: boolean;
}

/** A list of views, with what it was built from and what the host said about it. */
export interface PreparedList<T> {
  readonly input: ClinicalRecord;
  /** What the build depended on besides the input (language, thresholds, the day). */
  readonly key: string;
  /** The host's own note on the list (where it came from, when it was loaded). */
  readonly about: T;
  readonly views: ReferralView[];
}

/** A chunked build in progress. */
interface Preparing<T> {
  list: Omit<PreparedList<T>, 'views'>;
  controller: AbortController;
  done: number;
  total: number;
}

/** What the preparer needs from its element: a host that can redraw, and says whether it has drawn once. */
export interface PreparerHost extends ReactiveControllerHost {
  readonly hasUpdated: boolean;
}

/**
 * Keeps the views of the list on screen. A long list is built in chunks between which the page
 * stays responsive; its progress is drawn by a host update between chunks. A new list aborts the
 * build of the previous one, and so does disconnecting the host; a long list is not built off the
 * page, and reconnecting draws again, which starts a new build.
 */
export class ReferralPreparer<T> implements ReactiveController {
  /** The views on screen. */
  private shown?: PreparedList<T>;
  /** The chunked build in progress (its progress is drawn on `requestUpdate` between chunks). */
  private preparing?: Preparing<T>;
  /** Long lists are built only while the host is on the page. */
  private connected = false;

  constructor(private readonly host: PreparerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    // put back after a removal that stopped a build: draw again, which starts a new one
    if (this.host.hasUpdated) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.abort();
  }

  /** The list on screen: the views of the latest input, or of the one before while a kept list is rebuilt. */
  get list(): PreparedList<T> | undefined {
    return this.shown;
  }

  /** How far the chunked build in progress is, if one is. */
  get progress(): { done: number; total: number } | undefined {
    return this.preparing;
  }

  /** Forgets everything (a new patient): stops the build in progress and drops the views. */
  reset(): void {
    this.abort();
    this.shown = undefined;
  }

  /**
   * Brings the views up to date with `input` and `key` (call it from `willUpdate`). A short list is
   * built at once. A long one is built in chunks: the returned promise settles when it is drawn (the
   * host counts it as data), and meanwhile the list on screen stays when `keep` says so, else
   * the progress is shown. A new input aborts the build of the previous one.
   */
  prepare(input: ClinicalRecord, key: string, about: T, options: () => ReferralModelOptions, keep: boolean): Promise<void> | undefined {
    if (this.shown?.input === input && this.shown.key === key) return undefined;
    const running = this.preparing;
    if (running?.list.input === input && running.list.key === key) return undefined;
    this.abort();
    const total = countServiceRequests(input);
    if (total <= CHUNKED_BUILD_THRESHOLD) {
      this.shown = { input, key, about, views: buildReferrals(input, options()) };
      return undefined;
    }
    if (!keep) this.shown = undefined;
    // off the page: built when the host is put back (it redraws then)
    if (!this.connected) return undefined;
    const job: Preparing<T> = { list: { input, key, about }, controller: new AbortController(), done: 0, total };
    this.preparing = job;
    return this.build(job, options);
  }

  private abort(): void {
    this.preparing?.controller.abort();
    this.preparing = undefined;
  }

  private async build(job: Preparing<T>, options: () => ReferralModelOptions): Promise<void> {
    const { signal } = job.controller;
    try {
      // start after this update: the first chunk must not lengthen the task that draws the progress
      await yieldToMain();
      if (signal.aborted) return;
      const views = await buildReferralsChunked(job.list.input, options(), {
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
      this.shown = { ...job.list, views };
      this.preparing = undefined;
      this.host.requestUpdate();
    } catch (e) {
      if (isAbort(e) || signal.aborted) return;
      throw e;
    }
  }
}

/**
 * What the live region says when a list loaded again by a check differs from the one drawn before
 * (the same patient and options): the first three changes and how many more; undefined otherwise.
 */
export function announcementOf(
  before: PreparedList<ListAbout> | undefined,
  list: PreparedList<ListAbout>,
  lang: string | undefined,
): string | undefined {
  if (!before || !list.about.fromCheck || before.about.origin !== list.about.origin || before.key !== list.key) return undefined;
  const changes = referralChanges(before.views, list.views, lang);
  if (!changes.length) return undefined;
  const more = changes.length > 3 ? ` ${refMsg('refAnnounceMore', { n: changes.length - 3 }, lang)}` : '';
  return `${changes.slice(0, 3).join(' ')}${more}`;
}
