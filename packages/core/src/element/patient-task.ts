// A patient task's run (identity first, then the widget's load) and the state it renders.
import { TaskStatus, type Task } from '@lit/task';
import type { PatientInContext } from '../context/contexts.js';
import { confirmPatient, identityWho, type ConfirmedIdentity } from '../context/identity.js';
import type { FhirClient } from '../fhir/types.js';
import { isAbort, toFhirError } from '../fhir/errors.js';
import type { PatientLoadInput, PatientScoped } from './element-types.js';

/** What a run tells its element. */
export interface PatientRunHooks {
  /** Whether `patient` is still the one in context. */
  current(patient: PatientInContext): boolean;
  confirmed(patient: PatientInContext, identity: ConfirmedIdentity): void;
  /** The server's record contradicts the patient in context. */
  wrongPatient(patient: PatientInContext): void;
}

/**
 * One run of a patient task: nothing is asked for until the server has confirmed who the patient is;
 * then the widget's load, with the confirmed identity; the value tagged with the patient selection.
 */
export async function runPatientTask<T>(
  load: (input: PatientLoadInput) => Promise<T>,
  client: FhirClient | undefined,
  patient: PatientInContext | undefined,
  signal: AbortSignal,
  hooks: PatientRunHooks,
): Promise<PatientScoped<T> | undefined> {
  if (!client || !patient) return undefined;
  const combined = AbortSignal.any([signal, patient.signal]);
  let identity: ConfirmedIdentity;
  try {
    identity = await confirmPatient(client, patient, { signal: combined });
  } catch (e) {
    if (toFhirError(e).kind === 'wrong-patient' && hooks.current(patient)) hooks.wrongPatient(patient);
    throw e;
  }
  if (hooks.current(patient)) hooks.confirmed(patient, identity);
  const value = await load({ client, patient, signal: combined, identity, who: identityWho(identity) });
  return { patientKey: patient.key, value };
}

/**
 * What a patient task's state draws. While the task reloads for the same patient, the value already
 * drawn stays (the user keeps their place and focus); a value for another patient selection is never
 * drawn: it reads as loading.
 */
export function renderTaskState<T>(
  task: Task<readonly unknown[], PatientScoped<T> | undefined>,
  currentKey: string | undefined,
  views: { loading: () => unknown; error: (error: unknown) => unknown; complete: (value: T) => unknown },
): unknown {
  const v = task.value;
  const mine = v !== undefined && v.patientKey === currentKey;
  switch (task.status) {
    case TaskStatus.INITIAL:
      return views.loading();
    case TaskStatus.PENDING:
      return mine ? views.complete(v.value) : views.loading();
    case TaskStatus.ERROR:
      return isAbort(task.error) ? views.loading() : views.error(task.error);
    case TaskStatus.COMPLETE:
      return mine ? views.complete(v.value) : views.loading();
  }
}
