// Lists of referrals: built (at once, or in chunks for a long list), sorted by urgency, filtered, and compared between two loads.
import type { FhirResource } from 'fhir/r4.js';
import type { CareSetting } from '@joinedcare/core';
import { CHUNK_SIZE, mapChunked, throwIfAborted, yieldToMain } from '@joinedcare/core';
import { groupReferrals, type ReferralInput } from './grouping.js';
import { referralView, type ReferralModelOptions, type ReferralView } from './model.js';
import { epochOf, str } from './names.js';
import { stateInText } from './states.js';
import { refMsg } from './messages.js';

export type ReferralFilter = 'active' | 'completed' | 'all';
export const REFERRAL_FILTERS: readonly ReferralFilter[] = ['active', 'completed', 'all'];

/** The filter as set, or `active` when it is not one of the three. */
export const filterOf = (f: unknown): ReferralFilter => (REFERRAL_FILTERS.includes(f as ReferralFilter) ? (f as ReferralFilter) : 'active');

/** The page size as set, or 20 when it is not a number of at least 1. */
export const pageSizeOf = (n: number): number => (Number.isFinite(n) && n >= 1 ? Math.floor(n) : 20);

/** The viewer's side as set (the attribute, else the context), when it is one of the two. */
export const settingOf = (s: unknown): CareSetting | undefined => (s === 'primary' || s === 'secondary' ? s : undefined);

/** Urgency order: needs attention first, then by priority (STAT, 2WW, ASAP, urgent, routine), then longest wait, then id. */
export function compareReferrals(a: ReferralView, b: ReferralView): number {
  const att = Number(!!b.attention) - Number(!!a.attention);
  if (att) return att;
  const pr = a.priority.rank - b.priority.rank;
  if (pr) return pr;
  const da = a.clock.state === 'unknown' ? -1 : a.clock.day;
  const db = b.clock.state === 'unknown' ? -1 : b.clock.day;
  if (da !== db) return db - da;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every referral in `input` (resources, or a record), sorted by urgency. */
export function buildReferrals(input: ReferralInput, options: ReferralModelOptions): ReferralView[] {
  const { groups, record, reference } = groupReferrals(input);
  const o = reference && !options.reference ? { ...options, reference } : options;
  return groups.map((g) => referralView(g, record, o)).sort(compareReferrals);
}

/** Above this many referrals (ServiceRequests), the element builds the views in chunks. */
export const CHUNKED_BUILD_THRESHOLD = 300;
/** Referrals built per chunk before yielding to the main thread (core's chunk size). */
export const BUILD_CHUNK_SIZE = CHUNK_SIZE;

export interface ChunkedBuildOptions {
  /** Referrals per chunk (default 250). */
  chunkSize?: number;
  /** Stops the build: the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after each chunk with how many referrals are built out of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Lets the main thread run between chunks (default: `scheduler.yield()` when available, else a 0 ms timeout). */
  yieldToMain?: () => Promise<void>;
}

/**
 * The same list as `buildReferrals` (same order, same fields), built `chunkSize` referrals at a
 * time with a yield to the main thread between chunks (core's chunked runner), so a long list
 * never blocks the page.
 */
export async function buildReferralsChunked(
  input: ReferralInput,
  options: ReferralModelOptions,
  build: ChunkedBuildOptions = {},
): Promise<ReferralView[]> {
  throwIfAborted(build.signal);
  const { groups, record, reference } = groupReferrals(input);
  const o = reference && !options.reference ? { ...options, reference } : options;
  // the grouping is one pass over every resource: the first chunk starts in a task of its own
  await (build.yieldToMain ?? yieldToMain)();
  throwIfAborted(build.signal);
  const views = await mapChunked(groups, (g) => referralView(g, record, o), {
    chunkSize: build.chunkSize ?? BUILD_CHUNK_SIZE,
    ...(build.signal ? { signal: build.signal } : {}),
    ...(build.onProgress ? { onProgress: build.onProgress } : {}),
    ...(build.yieldToMain ? { yieldToMain: build.yieldToMain } : {}),
  });
  return views.sort(compareReferrals);
}

export function filterReferrals(list: readonly ReferralView[], filter: ReferralFilter): ReferralView[] {
  return filter === 'all' ? [...list] : list.filter((r) => r.phase === filter);
}

/**
 * What changed between two loads, as polite sentences for a live region: new referrals, state
 * changes, referrals no longer listed. Ids only are compared; nothing else is said.
 */
export function referralChanges(before: readonly ReferralView[], after: readonly ReferralView[], lang?: string): string[] {
  const old = new Map(before.map((r) => [r.id, r]));
  const out: string[] = [];
  for (const r of after) {
    const prev = old.get(r.id);
    // e-RS state names in running text: sentence case ("Triaged - provider to action")
    if (!prev) out.push(refMsg('refAnnounceNew', { service: r.service, state: stateInText(r.state.label) }, lang));
    else if (prev.state.label !== r.state.label)
      out.push(refMsg('refAnnounceState', { service: r.service, state: stateInText(r.state.label) }, lang));
    old.delete(r.id);
  }
  for (const r of old.values()) out.push(refMsg('refAnnounceRemoved', { service: r.service }, lang));
  return out;
}

/** The newest `meta.lastUpdated` among resources (for `_lastUpdated=gt…` polling), or undefined. */
export function newestLastUpdated(resources: readonly FhirResource[]): string | undefined {
  let best: string | undefined;
  let bestT = -Infinity;
  for (const r of resources) {
    const lu = str(r?.meta?.lastUpdated);
    const t = epochOf(lu);
    if (t !== undefined && t > bestT) {
      best = lu;
      bestT = t;
    }
  }
  return best;
}
