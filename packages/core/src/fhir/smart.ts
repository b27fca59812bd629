import { createContext } from '@lit/context';
import { FetchFhirClient, type FetchFhirClientOptions } from './client.js';

/**
 * The token response of a SMART App Launch 2 authorisation (the fields the widgets use). Launch
 * context parameters come with it: `patient`, `encounter`, `need_patient_banner`.
 */
export interface SmartTokenResponse {
  access_token?: string;
  refresh_token?: string;
  /** Logical id of the Patient the app was launched for. */
  patient?: string;
  /** Logical id of the Encounter the app was launched in. */
  encounter?: string;
  /** False when the EHR already shows a patient banner, so the app should not. */
  need_patient_banner?: boolean;
  [key: string]: unknown;
}

/**
 * The parts of a `fhirclient` `Client` (from `FHIR.oauth2.ready()`, SMART App Launch 2) that the
 * widgets use, typed structurally so `fhirclient` is not a dependency of this library.
 */
export interface SmartClientLike {
  readonly state: {
    /** The FHIR base URL of the EHR's server (`iss`). */
    serverUrl: string;
    tokenResponse?: SmartTokenResponse | null;
    /** When the access token expires, seconds since the epoch. */
    expiresAt?: number;
  };
  readonly patient?: { readonly id: string | null };
  readonly encounter?: { readonly id: string | null };
  /** Reads a value from the client state by dotted path, e.g. `tokenResponse.access_token`. */
  getState?(path?: string): unknown;
  /** Uses the refresh token to get a new access token (updates `state.tokenResponse`). */
  refresh?(): Promise<unknown>;
}

/** Launch context from a SMART EHR launch. */
export interface SmartLaunchContext {
  /** The launch patient's logical id, when the EHR gave one. */
  patientId?: string;
  /** The launch encounter's logical id, when the EHR gave one. */
  encounterId?: string;
  /** Whether the app must show its own patient banner (`need_patient_banner`; true when the EHR did not say). */
  needPatientBanner: boolean;
}

/**
 * Whether widgets should show their own patient banner. `<jc-context>` provides `false` when a SMART
 * launch said `need_patient_banner: false` (the EHR already shows one); `undefined` means "show it".
 */
export const needPatientBannerContext = createContext<boolean | undefined>(Symbol.for('jc.context.need-patient-banner'));

function tokenResponseOf(client: SmartClientLike): SmartTokenResponse | undefined {
  return client.state?.tokenResponse ?? undefined;
}

function currentToken(client: SmartClientLike): string | undefined {
  const fromState = client.getState?.('tokenResponse.access_token');
  if (typeof fromState === 'string' && fromState) return fromState;
  const t = tokenResponseOf(client)?.access_token;
  return typeof t === 'string' && t ? t : undefined;
}

/** The launch context of a SMART client: patient, encounter and `need_patient_banner`. */
export function smartLaunchContext(client: SmartClientLike): SmartLaunchContext {
  const token = tokenResponseOf(client);
  const patientId = client.patient?.id ?? (typeof token?.patient === 'string' ? token.patient : undefined);
  const encounterId = client.encounter?.id ?? (typeof token?.encounter === 'string' ? token.encounter : undefined);
  return {
    ...(patientId ? { patientId } : {}),
    ...(encounterId ? { encounterId } : {}),
    needPatientBanner: token?.need_patient_banner !== false,
  };
}

const adapted = new WeakMap<SmartClientLike, FetchFhirClient>();

/**
 * Adapts a `fhirclient` Client from a SMART EHR launch into the library's `FhirClient`.
 *
 * Requests go to `client.state.serverUrl` through `FetchFhirClient` (page-wide cache, timeouts,
 * aborts on patient switch, paging caps) with the client's current access token as a bearer token.
 * After a 401 the token is refreshed once with `client.refresh()` (when there is a refresh token)
 * and the request is tried again; a token that is about to expire is refreshed before the request.
 * The token is read from the client on every request and never stored, logged or put in events.
 *
 * Calling it again with the same client returns the same adapter (when no options are given).
 */
export function fromSmartClient(
  client: SmartClientLike,
  options: Omit<FetchFhirClientOptions, 'baseUrl' | 'getAccessToken'> = {},
): FetchFhirClient {
  const reuse = Object.keys(options).length === 0;
  const existing = reuse ? adapted.get(client) : undefined;
  if (existing) return existing;

  let refreshing: Promise<unknown> | undefined;
  const refresh = async (): Promise<void> => {
    if (!client.refresh || !tokenResponseOf(client)?.refresh_token) return;
    // several requests failing at once share one refresh
    refreshing ??= client.refresh().finally(() => (refreshing = undefined));
    await refreshing;
  };
  const expiring = () => typeof client.state.expiresAt === 'number' && client.state.expiresAt * 1000 - 10_000 < Date.now();

  const fhir = new FetchFhirClient({
    ...options,
    baseUrl: client.state.serverUrl,
    getAccessToken: async ({ forceRefresh }) => {
      if (forceRefresh || expiring()) await refresh();
      return currentToken(client);
    },
  });
  if (reuse) adapted.set(client, fhir);
  return fhir;
}
