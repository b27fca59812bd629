// A GP Connect structured record through the host's own relay of `$gpc.getstructuredrecord`: the
// browser cannot reach the Spine Secure Proxy (mTLS and a signed JWT), so the host names an endpoint
// of its own origin that forwards the request and returns the STU3 Bundle.
import type { ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import type { Bundle, OperationOutcome } from 'fhir/r4.js';
import { FhirError, SYSTEM, isRecord } from '@joinedcare/core';

/** How long the relay may take before the summary says it did not answer (GP Connect can be slow). */
export const RELAY_TIMEOUT_MS = 60_000;

export interface RelayOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Starts the timeout timer (default `setTimeout`) and returns how to cancel it (tests fire it themselves). */
  setTimer?: (fire: () => void, ms: number) => () => void;
}

/**
 * The `Parameters` of `$gpc.getstructuredrecord` for every clinical area the summary shows (GP
 * Connect 1.6.2, "Retrieve a patient's structured record"): resolved allergies and prescription
 * issues included.
 */
export function structuredRecordParameters(nhsNumber: string): Record<string, unknown> {
  const flag = (name: string, part: string) => ({ name, part: [{ name: part, valueBoolean: true }] });
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'patientNHSNumber', valueIdentifier: { system: SYSTEM.nhsNumber, value: nhsNumber } },
      flag('includeAllergies', 'includeResolvedAllergies'),
      flag('includeMedication', 'includePrescriptionIssues'),
      { name: 'includeConsultations' },
      { name: 'includeProblems' },
      { name: 'includeImmunisations' },
      { name: 'includeUncategorisedData' },
      { name: 'includeInvestigations' },
      { name: 'includeReferrals' },
      { name: 'includeDiaryEntries' },
    ],
  };
}

/** The endpoint as an absolute URL on this page's origin; anything else is refused (a relay elsewhere would carry the NHS number away). */
export function relayUrl(endpoint: string, base: string = document.baseURI): URL {
  let url: URL;
  try {
    url = new URL(endpoint, base);
  } catch {
    throw new FhirError('config', 'The GP Connect endpoint is not a URL');
  }
  if (url.origin !== new URL(base).origin) throw new FhirError('config', 'The GP Connect endpoint must be on this page’s own origin');
  return url;
}

/**
 * POSTs the request to the host's relay and returns the structured record Bundle. Redirects are
 * never followed; an error status becomes a `FhirError` with the relay's OperationOutcome text.
 */
export async function fetchStructuredRecord(endpoint: string, nhsNumber: string, options: RelayOptions = {}): Promise<Bundle> {
  const url = relayUrl(endpoint);
  const timeout = new AbortController();
  const cancel = (
    options.setTimer ??
    ((fire, ms) => {
      const t = setTimeout(fire, ms);
      return () => clearTimeout(t);
    })
  )(() => timeout.abort(), options.timeoutMs ?? RELAY_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(structuredRecordParameters(nhsNumber)),
      credentials: 'same-origin',
      redirect: 'manual',
      signal,
    });
  } catch (e) {
    if (options.signal?.aborted) throw new FhirError('aborted', 'The request was aborted', { cause: e });
    if (timeout.signal.aborted) throw new FhirError('timeout', 'The GP Connect relay did not answer in time', { cause: e });
    throw new FhirError('network', 'The GP Connect relay could not be reached', { cause: e });
  } finally {
    cancel();
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new FhirError('redirect', 'The GP Connect relay answered with a redirect', { status: response.status });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (e) {
    throw new FhirError(response.ok ? 'parse' : 'http', 'The GP Connect relay did not answer with FHIR JSON', {
      status: response.status,
      cause: e,
    });
  }
  if (!response.ok) {
    const oo = isRecord(body) && body['resourceType'] === 'OperationOutcome' ? (body as unknown as OperationOutcome) : undefined;
    throw new FhirError('http', `The GP Connect relay answered ${response.status}`, {
      status: response.status,
      ...(oo ? { operationOutcome: oo } : {}),
    });
  }
  if (!isRecord(body) || body['resourceType'] !== 'Bundle')
    throw new FhirError('unexpected', 'The GP Connect relay did not answer with a Bundle');
  return body as unknown as Bundle;
}

/** What the relay task loads: the Bundle, and for which patient selection. */
export interface Relayed {
  key: string;
  bundle: Bundle;
}

/** A task that fetches the structured record whenever the endpoint, the NHS number or the patient selection changes. */
export function relayTask(
  host: ReactiveControllerHost,
  args: () => readonly [string | undefined, string | undefined, string | undefined],
  track: (work: Promise<Bundle>) => Promise<Bundle>,
  timer: () => RelayOptions['setTimer'],
): Task<readonly [string | undefined, string | undefined, string | undefined], Relayed | undefined> {
  return new Task(host, {
    args,
    task: async ([endpoint, nhsNumber, key], { signal }) => {
      if (!endpoint || !nhsNumber || !key) return undefined;
      const setTimer = timer();
      return { key, bundle: await track(fetchStructuredRecord(endpoint, nhsNumber, { signal, ...(setTimer ? { setTimer } : {}) })) };
    },
  });
}
