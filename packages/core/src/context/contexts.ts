import { createContext } from '@lit/context';
import type { Patient } from 'fhir/r4.js';
import type { FhirClient } from '../fhir/client.js';

/** Which side of the care interface the user is on. */
export type CareSetting = 'primary' | 'secondary';

/**
 * The patient in view. At least one of `id` and `nhsNumber` is set. `key` changes whenever the
 * patient changes, and `signal` aborts at that moment so requests made for the previous patient
 * are cancelled.
 */
export interface PatientInContext {
  /** Logical id of the Patient on the FHIR server. */
  id?: string;
  /** NHS number, digits only. */
  nhsNumber?: string;
  /** The Patient resource when the host handed it in. */
  resource?: Patient;
  /** Identity of this patient selection; compare keys, not objects. */
  key: string;
  /** Aborted when the patient in context changes. */
  signal: AbortSignal;
}

/** An injectable clock, so tests and stories can fix "now" (waiting times, ages, "as of"). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// Symbol.for keys let two copies of core on one page share contexts.
/** The FHIR client widgets use. */
export const fhirClientContext = createContext<FhirClient | undefined>(Symbol.for('jc.context.fhir-client'));
/** The patient in view. */
export const patientContext = createContext<PatientInContext | undefined>(Symbol.for('jc.context.patient'));
/** `primary` (GP) or `secondary` (hospital). */
export const settingContext = createContext<CareSetting | undefined>(Symbol.for('jc.context.setting'));
/** BCP 47 language tag for strings, e.g. `en-GB`. */
export const localeContext = createContext<string | undefined>(Symbol.for('jc.context.locale'));
/** The clock. */
export const clockContext = createContext<Clock | undefined>(Symbol.for('jc.context.clock'));

/** Every context `<jc-context>` provides, by what it carries (providers and consumers use this one list). */
export const JC_CONTEXTS = {
  client: fhirClientContext,
  patient: patientContext,
  setting: settingContext,
  locale: localeContext,
  clock: clockContext,
} as const;
