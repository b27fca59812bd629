// The base element's types: its events, and what a patient task hands its load function.
import type { PatientInContext } from '../context/contexts.js';
import type { PatientIdentity, RejectedResource } from '../context/guard.js';
import type { ConfirmedIdentity } from '../context/identity.js';
import type { FhirClient } from '../fhir/types.js';
import type { LifecycleErrorDetail, LoadDetail } from './lifecycle.js';

/** Detail of `jc-safety-warning`: which resource was refused and why; never clinical content. */
export interface SafetyWarningDetail {
  resourceType: string;
  id: string;
  reason: RejectedResource['reason'];
}

/**
 * Events fired by the widgets, by name. Widget packages add theirs by declaration merging:
 * `declare module '@joinedcare/core' { interface JcEventMap { 'jc-item-selected': {...} } }`.
 */
export interface JcEventMap {
  'jc-safety-warning': SafetyWarningDetail;
  /** The widget has loaded (detail: counts only). */
  'jc-load': LoadDetail;
  /** The widget could not load (detail: the kind of failure only). */
  'jc-error': LifecycleErrorDetail;
  /** The widget loaded and has nothing recorded to show. */
  'jc-empty': Record<string, never>;
  /** Fired by `<jc-context>`: the patient in context changed (an opaque key; '' when none). */
  'jc-context-changed': { patientKey: string };
}

/** What a patient task resolves to: the value, tagged with the patient it was loaded for. */
export interface PatientScoped<T> {
  patientKey: string;
  value: T;
}

export interface PatientLoadInput {
  client: FhirClient;
  patient: PatientInContext;
  /** Aborts on a new run, on a patient switch, and when the element is torn down. */
  signal: AbortSignal;
  /** The patient as the server confirmed them (read by id, found by NHS number, cross-checked). */
  identity: ConfirmedIdentity;
  /** Whom the patient guard checks against: the confirmed id, NHS number and server. */
  who: PatientIdentity;
}
