// The fixture FHIR server the element tests read through, and how they put the widget in a <jc-context>.
import { html } from '@open-wc/testing';
import type { Resource } from 'fhir/r4.js';
import { buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache } from '@joinedcare/core';
import type { PollScheduler } from '../src/index.js';
import { ReferralHarness } from './harness.js';

export const now = new Date('2026-11-22T12:00:00Z');
export const set = buildPersonas({ now });
export const clock = { now: () => now };
export const BASE = '/referral-fhir';
/** Scenario options for persona (d), whose record is otherwise empty. */
export const forD = { now, patientId: set.personas.d.patientId };

/** A fake clock for polling: timers run only when the test says so. */
export class FakeScheduler implements PollScheduler {
  private timers = new Map<number, { fn: () => void; ms: number }>();
  private n = 0;
  setTimeout(fn: () => void, ms: number): number {
    this.timers.set(++this.n, { fn, ms });
    return this.n;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number {
    return this.timers.size;
  }
  get delays(): number[] {
    return [...this.timers.values()].map((t) => t.ms);
  }
  /** Runs every timer that is due. */
  tick(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const t of due) t.fn();
  }
}

export interface ContextOptions {
  setting?: string;
  patientId?: string;
  /** The widget's own attributes. */
  filter?: string;
  pageSize?: number;
  refreshInterval?: number;
  scheduler?: PollScheduler;
}

/**
 * Starts the fixture server (with every persona) for the suite it is called in, and resets it after
 * each test. The server's clock is an hour after the fixtures' today unless a test moves it.
 */
export function useFixtureServer() {
  const state = { server: undefined as unknown as FhirFixtureServer, serverNow: new Date(now.getTime() + 3_600_000) };
  before(async () => {
    state.server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => state.serverNow });
    await startFixtureWorker(state.server);
  });
  afterEach(() => {
    state.server.reset();
    state.serverNow = new Date(now.getTime() + 3_600_000);
    sharedRequestCache.invalidate();
  });
  return {
    get server() {
      return state.server;
    },
    /** Moves the server's clock (what it stamps as `meta.lastUpdated`). */
    setServerNow(d: Date) {
      state.serverNow = d;
    },
    /** Puts resources on the server as they are (their `meta.lastUpdated` kept). */
    store(resources: readonly Resource[]) {
      for (const r of resources) state.server.put(r, { preserveLastUpdated: true });
    },
    /** The widget inside `<jc-context>` reading the server for persona (d), once it has drawn its data. */
    inContext(o: ContextOptions = {}): Promise<ReferralHarness> {
      return ReferralHarness.mount(
        html`<jc-context
          fhir-base-url=${BASE}
          patient-id=${o.patientId ?? forD.patientId}
          setting=${o.setting ?? 'primary'}
          .clock=${clock}
        >
          <jc-referral-status
            filter=${o.filter ?? 'active'}
            page-size=${o.pageSize ?? 20}
            refresh-interval=${o.refreshInterval ?? 0}
            .scheduler=${o.scheduler ?? new FakeScheduler()}
          ></jc-referral-status>
        </jc-context>`,
      );
    },
  };
}
