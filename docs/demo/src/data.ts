// The demo's data: the synthetic fixture patients (dated relative to today), served at /fhir by an
// in-memory FHIR server that MSW runs inside the browser. No real patient data anywhere.
import { buildPersonas, PRACTITIONER, ORG, type Persona, type PersonaKey } from '@joinedcare/fixtures';
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

/** One entry of a product's patient list: the persona and what the list says about the visit. */
export interface ListEntry {
  persona: Persona;
  detail: string;
}

const entry = (key: PersonaKey, detail: string): ListEntry => ({ persona: fixtures.personas[key], detail });

/**
 * Dr Okafor's morning surgery at Riverside Medical Practice: only Riverside's registered patients
 * (personas whose GP is Dr Okafor), each with a reason that fits their record. The large record (f)
 * is last: it is slow on purpose.
 */
export const GP_LIST: ListEntry[] = [
  entry('a', '08:10 · Diabetes review'),
  entry('c', '08:30 · Allergy plan review (parent attending)'),
  entry('g', '09:10 · Medication query'),
  entry('f', '09:30 · Multimorbidity review'),
];

/**
 * Dr Raman's list at Northbridge (diabetes and endocrinology): the routine diabetes referral waiting
 * for her triage (a), and an adult with type 2 diabetes and kidney disease seen in follow-up (f).
 * No children (paediatric allergy is another clinic) and no other specialty's referrals.
 */
export const CLINIC_LIST: ListEntry[] = [
  entry('a', 'Referral awaiting triage · Routine · Diabetes'),
  entry('f', '10:40 · Follow-up · Diabetes clinic 4'),
];

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
