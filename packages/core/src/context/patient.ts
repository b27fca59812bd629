import type { Bundle, Patient } from 'fhir/r4.js';
import type { FhirClient, RequestOptions } from '../fhir/client.js';
import { FhirError } from '../fhir/errors.js';
import type { PatientInContext } from './contexts.js';

import { SYSTEM, isNhsNumberSystem } from '../record/systems.js';

export const NHS_NUMBER_SYSTEM = SYSTEM.nhsNumber;

/** Digits-only NHS number, or undefined. */
export function normaliseNhsNumber(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const digits = String(value).replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : undefined;
}

/** The NHS number on a Patient (R4 or STU3 identifier system), digits only. */
export function nhsNumberOf(patient: Patient | undefined): string | undefined {
  const ids = Array.isArray(patient?.identifier) ? patient.identifier : [];
  const id = ids.find((i) => i?.system === NHS_NUMBER_SYSTEM) ?? ids.find((i) => isNhsNumberSystem(i?.system));
  return normaliseNhsNumber(id?.value);
}

let counter = 0;

/**
 * Makes a PatientInContext. Returns undefined when neither an id nor a usable NHS number is given.
 * Pass the previous value's controller to have it aborted (the caller owns that).
 */
export function makePatientInContext(
  init: { id?: string | null; nhsNumber?: string | null; resource?: Patient | null },
  signal: AbortSignal,
): PatientInContext | undefined {
  const id = init.id?.trim() || init.resource?.id || undefined;
  const nhsNumber = normaliseNhsNumber(init.nhsNumber) ?? nhsNumberOf(init.resource ?? undefined);
  if (!id && !nhsNumber) return undefined;
  return {
    ...(id ? { id } : {}),
    ...(nhsNumber ? { nhsNumber } : {}),
    ...(init.resource ? { resource: init.resource } : {}),
    key: `patient-${++counter}`, // opaque: never carries identifiers
    signal,
  };
}

/**
 * Finds the Patient resource for the patient in context: the handed-in resource, a read by id, or a
 * search by NHS number (which must match exactly one patient). Responses are shared through the
 * client's cache, so several widgets resolving the same patient make one request.
 */
export async function resolvePatient(client: FhirClient, patient: PatientInContext, options: RequestOptions = {}): Promise<Patient> {
  if (patient.resource) return patient.resource;
  if (patient.id) {
    const read = await client.read<Patient>('Patient', patient.id, options);
    // a misrouted answer (another id, or not a Patient) must never become the patient in view
    if (read?.resourceType !== 'Patient' || read.id !== patient.id) {
      throw new FhirError('unexpected', 'The server answered a read of the patient with another record');
    }
    return read;
  }
  const bundle: Bundle<Patient> = await client.search<Patient>(
    'Patient',
    { identifier: `${NHS_NUMBER_SYSTEM}|${patient.nhsNumber ?? ''}` },
    options,
  );
  const found = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Patient => r?.resourceType === 'Patient');
  // only a record that carries the NHS number asked for answers the search: a misrouted or stale
  // response naming another patient must never become the patient whose records are loaded
  const matches = found.filter((p) => nhsNumberOf(p) === normaliseNhsNumber(patient.nhsNumber));
  if (found.length > 0 && matches.length === 0) throw new FhirError('unexpected', 'The search by NHS number returned another patient');
  if (matches.length === 0) throw new FhirError('not-found', 'No patient has this NHS number');
  if (matches.length > 1) throw new FhirError('ambiguous-patient', 'More than one patient has this NHS number');
  return matches[0];
}
