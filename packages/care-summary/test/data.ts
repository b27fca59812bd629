// The care summary tests' shared data and fixture server: synthetic personas on one fixed "today".
import type { FhirResource } from 'fhir/r4.js';
import type { HttpHandler } from 'msw';
import { buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache } from '@joinedcare/core';

/** The tests' "today", and a context clock that keeps it. */
export const now = new Date('2026-11-01T00:00:00Z');
export const clock = { now: () => now };
/** The personas (a to g) and the organisations, people and medicines they refer to. */
export const set = buildPersonas({ now });
export const personas = set.personas;
export const directory = set.directory as FhirResource[];
export const withDirectory = (resources: readonly FhirResource[]): FhirResource[] => [...resources, ...directory];
/** A clock that always says `iso` (for data recorded around another "today"). */
export const clockAt = (iso: string) => ({ now: () => new Date(iso) });
/** Text a user must never see. */
export const BAD = /undefined|null|NaN|\[object Object\]|Invalid Date/;

/**
 * A fixture FHIR server on `baseUrl` for the suite that calls this: started before its tests, its
 * faults, holds and log (and the page-wide request cache) reset after each one.
 */
export function useFixtureServer(baseUrl: string, handlers: HttpHandler[] = []): FhirFixtureServer {
  const server = new FhirFixtureServer({ baseUrl, personas: set });
  before(() => startFixtureWorker(server, { handlers }));
  afterEach(() => {
    server.reset();
    sharedRequestCache.invalidate();
  });
  return server;
}
