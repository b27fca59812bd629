// Shared set-up: one fixture server with the personas and the case-finding population (300 patients), over MSW.
import { buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache } from '@joinedcare/core';
import { buildFinderPopulation, type FinderPopulation } from './population/index.js';

export const now = new Date('2026-11-22T00:00:00Z');
export const clock = { now: () => now };
export const BASE = '/finder-fhir';
/** Patients in the test population (3 cycles of 100; 3 of them registered with another practice). */
export const SIZE = 300;

let ready: Promise<{ server: FhirFixtureServer; population: FinderPopulation; personas: ReturnType<typeof buildPersonas> }> | undefined;

/** Starts (once per test file) the fixture server with the personas and the population loaded. */
export function fixtureServer() {
  ready ??= (async () => {
    const personas = buildPersonas({ now });
    const server = new FhirFixtureServer({ baseUrl: BASE, personas });
    const population = buildFinderPopulation({
      now,
      size: SIZE,
      excludeNhsNumbers: Object.values(personas.personas).map((p) => p.nhsNumber),
    });
    for (const r of population.resources) server.put(r, { preserveLastUpdated: true });
    await startFixtureWorker(server);
    return { server, population, personas };
  })();
  return ready;
}

/** Between tests: faults (and holds) and the request log go; the data stays. */
export function cleanServer(server: FhirFixtureServer): void {
  server.clearFaults();
  server.clearLog();
  sharedRequestCache.invalidate();
}

export { recordOf, threeSeverityRuleSet } from './support-data.js';
