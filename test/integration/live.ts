// Helpers for browser tests against the live FHIR server (Medplum engine, loaded with the fixture
// personas). The test runner serves it same-origin under /live-fhir (test/fhir-server/wtr-plugin.mjs).
//
//   before(async function () {
//     this.timeout(60_000); // the first call starts the server (a few seconds)
//     info = await liveServerInfo();
//   });
//   afterEach(() => resetLiveServer()); // after tests that write
//
//   html`<jc-context fhir-base-url=${liveBaseUrl()} patient-id=${info.personas.a.patientId} .clock=${liveClock(info)}>`
import { sharedRequestCache, type Clock } from '@joinedcare/core';

/** Where the test runner mounts the server. */
export const LIVE_PREFIX = '/live-fhir';

/** Ids of a loaded persona (no other patient data). */
export interface LivePersona {
  patientId: string;
  nhsNumber: string;
}

export interface LiveServerInfo {
  /** The FHIR base URL (absolute, same origin as the test page). */
  fhirBase: string;
  /** The fixtures' "today" (ISO); fixture dates are relative to it. */
  now: string;
  /** Resources loaded from the fixtures. */
  loaded: number;
  /** Fixture resources the engine refused as invalid. */
  skipped: number;
  personas: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g', LivePersona>;
}

/** The FHIR base URL of the live server, e.g. `http://localhost:8000/live-fhir/fhir`. */
export function liveBaseUrl(): string {
  return new URL(`${LIVE_PREFIX}/fhir`, location.origin).href;
}

async function admin(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(new URL(`${LIVE_PREFIX}/admin/${path}`, location.origin), init);
  if (!res.ok) throw new Error(`live FHIR server: ${path} answered HTTP ${res.status}`);
  return res;
}

/** Which personas are loaded and the fixtures' "today". The first call waits for the server to start. */
export async function liveServerInfo(): Promise<LiveServerInfo> {
  return (await admin('info')).json() as Promise<LiveServerInfo>;
}

/**
 * Puts the server back to exactly the loaded fixtures (drops everything tests wrote) and clears the
 * page-wide request cache, so the next request sees the server's data.
 */
export async function resetLiveServer(): Promise<void> {
  await admin('reset', { method: 'POST' });
  sharedRequestCache.invalidate();
}

/** A clock fixed at the fixtures' "today", for `<jc-context .clock=${...}>`. */
export function liveClock(info: LiveServerInfo): Clock {
  const now = new Date(info.now);
  return { now: () => now };
}
