// The demo's data: the synthetic fixture patients (dated relative to today), served at /fhir by an
// in-memory FHIR server that MSW runs inside the browser. No real patient data anywhere.
import { buildPersonas, PRACTITIONER, ORG, type Persona } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import type { Reference } from 'fhir/r4.js';

export const FHIR_BASE_URL = '/fhir';
export const fixtures = buildPersonas();

/** Starts the in-browser FHIR server; resolves when requests to /fhir are answered. */
export async function startFhir(): Promise<void> {
  const server = new FhirFixtureServer({ baseUrl: FHIR_BASE_URL, personas: fixtures, clock: () => new Date() });
  server.setLatency({ min: 150, max: 600 }); // a little realism: widgets show their loading state
  await startFixtureWorker(server, { quiet: true });
}

/** Personas in list order (the large record f last: it is slow on purpose). */
export const patients: Persona[] = (['a', 'b', 'c', 'e', 'g', 'd', 'f'] as const).map((k) => fixtures.personas[k]);

export const GP_USER: Reference = {
  reference: `Practitioner/${PRACTITIONER.okafor.id}`,
  display: `Dr ${PRACTITIONER.okafor.given} ${PRACTITIONER.okafor.family}`,
};
export const CONSULTANT_USER: Reference = {
  reference: `Practitioner/${PRACTITIONER.raman.id}`,
  display: `Dr ${PRACTITIONER.raman.given} ${PRACTITIONER.raman.family}`,
};
export const GP_PRACTICE = ORG.riverside;
export const HOSPITAL = ORG.northbridgeTrust;
