import type { Patient } from 'fhir/r4.js';
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
