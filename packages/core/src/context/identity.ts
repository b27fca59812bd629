// The patient's identity, confirmed once per patient selection and server, before any widget asks for data.
import type { Bundle, Patient } from 'fhir/r4.js';
import type { FhirClient, RequestOptions } from '../fhir/client.js';
import { FhirError } from '../fhir/errors.js';
import { digest } from '../fhir/digest.js';
import { asArray, cleanString, isRecord } from '../format/shared.js';
import { parseReference } from '../record/reference.js';
import type { PatientInContext } from './contexts.js';
import type { PatientIdentity } from './guard.js';
import { NHS_NUMBER_SYSTEM, nhsNumberOf } from './patient.js';

/** Something the widgets must say about the patient's record itself. */
export type IdentityNotice =
  /** `Patient.active` is false. */
  | { kind: 'inactive' }
  /** The record was merged into another (`Patient.link` type `replaced-by`). */
  | { kind: 'replaced'; by?: string };

/** The patient as the server confirmed them: every widget requests data for this identity only. */
export interface ConfirmedIdentity {
  /** The Patient resource the server holds. */
  patient: Patient;
  /** Its logical id on that server. */
  id: string;
  /** Its NHS number (digits), else the one the context gave. */
  nhsNumber?: string;
  /** The server it was confirmed on (the client's base URL), when known. */
  baseUrl?: string;
  notices: IdentityNotice[];
}

/**
 * The identity the patient guard checks against: the confirmed id, NHS number and server. Id-only
 * references are accepted only for that id on that server.
 */
export function identityWho(identity: ConfirmedIdentity): PatientIdentity {
  return {
    id: identity.id,
    ...(identity.nhsNumber ? { nhsNumber: identity.nhsNumber } : {}),
    ...(identity.baseUrl ? { baseUrl: identity.baseUrl } : {}),
  };
}

function noticesOf(p: Patient): IdentityNotice[] {
  const out: IdentityNotice[] = [];
  if (p.active === false) out.push({ kind: 'inactive' });
  for (const link of asArray<Record<string, unknown>>(p.link)) {
    if (!isRecord(link) || link['type'] !== 'replaced-by') continue;
    const other = link['other'];
    const ref = isRecord(other) ? parseReference(other['reference']) : undefined;
    const display = isRecord(other) ? cleanString(other['display']) : '';
    out.push({ kind: 'replaced', ...(ref ? { by: `${ref.type}/${ref.id}` } : display ? { by: display } : {}) });
  }
  return out;
}

const wrong = (why: string) => new FhirError('wrong-patient', why);

async function searchByNhsNumber(client: FhirClient, nhsNumber: string, options: RequestOptions): Promise<Patient[]> {
  const bundle: Bundle<Patient> = await client.search<Patient>('Patient', { identifier: `${NHS_NUMBER_SYSTEM}|${nhsNumber}` }, options);
  return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Patient => r?.resourceType === 'Patient');
}

async function confirm(client: FhirClient, patient: PatientInContext, options: RequestOptions): Promise<ConfirmedIdentity> {
  const asked = { id: patient.id, nhsNumber: patient.nhsNumber };
  let found: Patient;
  if (asked.id) {
    found = await client.read<Patient>('Patient', asked.id, options);
    // a misrouted answer (another id, or not a Patient) must never become the patient in view
    if (found?.resourceType !== 'Patient' || found.id !== asked.id)
      throw wrong('The server answered a read of the patient with another record');
    const onRecord = nhsNumberOf(found);
    if (asked.nhsNumber && onRecord && onRecord !== asked.nhsNumber) {
      throw wrong('The patient record for this id has another NHS number than the one given');
    }
    if (asked.nhsNumber && !onRecord) {
      // the record carries no NHS number: the NHS number must find this same record
      const byNumber = await searchByNhsNumber(client, asked.nhsNumber, options);
      if (!byNumber.some((p) => p.id === asked.id)) throw wrong('The NHS number given does not find the patient record for this id');
    }
  } else {
    const all = await searchByNhsNumber(client, asked.nhsNumber ?? '', options);
    // only a record that carries the NHS number asked for answers the search: a misrouted or stale
    // response naming another patient must never become the patient whose records are loaded
    const matches = all.filter((p) => nhsNumberOf(p) === asked.nhsNumber);
    if (all.length > 0 && matches.length === 0) throw wrong('The search by NHS number returned another patient');
    if (matches.length === 0) throw new FhirError('not-found', 'No patient has this NHS number');
    if (matches.length > 1) throw new FhirError('ambiguous-patient', 'More than one patient has this NHS number');
    found = matches[0];
    if (typeof found.id !== 'string') throw new FhirError('unexpected', 'The patient record has no id');
  }
  // a Patient handed in by the host must be this same person
  const handed = patient.resource;
  if (handed) {
    const handedNhs = nhsNumberOf(handed);
    const recordNhs = nhsNumberOf(found);
    if ((handed.id && handed.id !== found.id) || (handedNhs && recordNhs && handedNhs !== recordNhs)) {
      throw wrong('The Patient handed in is not the patient record the server holds');
    }
  }
  const nhsNumber = nhsNumberOf(found) ?? asked.nhsNumber;
  return {
    patient: found,
    id: found.id,
    ...(nhsNumber ? { nhsNumber } : {}),
    ...(client.baseUrl ? { baseUrl: client.baseUrl } : {}),
    notices: noticesOf(found),
  };
}

/** One confirmation per patient selection and client (a widget with its own client confirms on its server). */
const confirmations = new WeakMap<PatientInContext, WeakMap<FhirClient, Promise<ConfirmedIdentity>>>();

/**
 * Confirms who the patient in context is, on the server of `client`: a read by id, a search by NHS
 * number, and, when both are given, a cross-check (the record for the id must carry that NHS number,
 * or be found by it). A record that contradicts the context is a `wrong-patient` error: every widget
 * stops with the stop-level message. Each patient selection is confirmed once per client; every widget
 * of the page shares the answer. A failure (other than the patient switching) may be retried.
 */
export function confirmPatient(client: FhirClient, patient: PatientInContext, options: RequestOptions = {}): Promise<ConfirmedIdentity> {
  let byClient = confirmations.get(patient);
  if (!byClient) confirmations.set(patient, (byClient = new WeakMap()));
  let pending = byClient.get(client);
  if (!pending) {
    // the selection's own signal, not one widget's: another widget may still want the answer
    pending = confirm(client, patient, { ...options, signal: patient.signal });
    byClient.set(client, pending);
    pending.catch(() => byClient.delete(client)); // Retry asks again
  }
  if (!options.signal) return pending;
  const signal = options.signal;
  return new Promise<ConfirmedIdentity>((resolve, reject) => {
    if (signal.aborted) return reject(new FhirError('aborted', 'The request was aborted'));
    const onAbort = () => reject(new FhirError('aborted', 'The request was aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * An opaque key for what a widget keeps for one patient and one user on one server (unsent drafts,
 * dismissed prompts): the server's base URL, the confirmed patient and the client's user scope, as a
 * digest, so no identifier or token is written into storage keys.
 */
export async function patientScopeKey(client: FhirClient, identity: PatientIdentity): Promise<string> {
  const user = client.userScope ? await client.userScope() : 'anonymous';
  return digest(`${client.baseUrl ?? ''}|${identity.id ?? ''}|${identity.nhsNumber ?? ''}|${user}`);
}

/**
 * The Patient resource of the patient in context, as the server confirmed it (see `confirmPatient`:
 * read by id, searched by NHS number, cross-checked when both are given). Every widget of the page
 * shares one confirmation per patient selection and client.
 */
export async function resolvePatient(client: FhirClient, patient: PatientInContext, options: RequestOptions = {}): Promise<Patient> {
  return (await confirmPatient(client, patient, options)).patient;
}
