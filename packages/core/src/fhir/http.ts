// One HTTP exchange with a FHIR server: auth refresh, bounded retries, timeout, abort, no redirects.
import type { Resource } from 'fhir/r4.js';
import { FhirError, toFhirError } from './errors.js';
import type { GetAccessToken, RequestOptions } from './types.js';

export const FHIR_JSON = 'application/fhir+json';

/** What an exchange needs from its client. */
export interface ExchangeSettings {
  getAccessToken?: GetAccessToken | undefined;
  timeoutMs: number;
  retries: number;
  maxRetryDelayMs: number;
  fetch?: typeof fetch | undefined;
  /** Starts the timeout timer (default `setTimeout`); returns how to cancel it. Tests fire timeouts themselves with it. */
  setTimer?: ((fire: () => void, ms: number) => () => void) | undefined;
}

/** A request body: FHIR JSON (serialised here), or form fields for `POST _search`. */
export type ExchangeBody = { json: unknown } | { form: URLSearchParams };

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const when = Date.parse(value);
  return Number.isNaN(when) ? undefined : Math.max(0, when - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new FhirError('aborted', 'The request was aborted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new FhirError('aborted', 'The request was aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One HTTP exchange with auth refresh, bounded retries, timeout and abort. Rejects only with
 * FhirError. Redirects are never followed (`redirect: 'manual'`): a redirect would carry the NHS
 * number in a search, clinical text in a write and the token to wherever the server pointed.
 */
export async function exchange<T>(
  settings: ExchangeSettings,
  method: string,
  url: URL,
  options: RequestOptions,
  body?: ExchangeBody,
  /** The token for the first attempt, when the caller already asked for it (no second call). */
  firstToken?: { token: string | undefined | null },
): Promise<T | undefined> {
  const doFetch = settings.fetch ?? globalThis.fetch.bind(globalThis);
  const startTimer =
    settings.setTimer ??
    ((fire: () => void, ms: number) => {
      const t = setTimeout(fire, ms);
      return () => clearTimeout(t);
    });
  let refreshed = false;
  let attempt = 0;
  for (;;) {
    const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    const timeout = new AbortController();
    const cancelTimer = startTimer(() => timeout.abort(), timeoutMs);
    const signals = [timeout.signal, ...(options.signal ? [options.signal] : [])];
    const signal = AbortSignal.any(signals);
    let response: Response;
    try {
      if (options.signal?.aborted) throw new FhirError('aborted', 'The request was aborted');
      let token: string | undefined | null;
      try {
        token =
          firstToken && !refreshed
            ? firstToken.token
            : settings.getAccessToken
              ? await settings.getAccessToken({ forceRefresh: refreshed })
              : undefined;
      } catch (e) {
        throw new FhirError('auth', 'The access token could not be obtained', { cause: e });
      }
      const headers: Record<string, string> = { Accept: FHIR_JSON, ...(options.headers ?? {}) };
      if (token) headers['Authorization'] = `Bearer ${token}`;
      if (body && 'json' in body) headers['Content-Type'] = FHIR_JSON;
      if (body && 'form' in body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      response = await doFetch(url.href, {
        method,
        headers,
        signal,
        credentials: 'same-origin',
        redirect: 'manual',
        ...(body ? { body: 'json' in body ? JSON.stringify(body.json) : body.form.toString() } : {}),
      });
    } catch (e) {
      cancelTimer();
      if (options.signal?.aborted) throw new FhirError('aborted', 'The request was aborted', { cause: e });
      if (timeout.signal.aborted) throw new FhirError('timeout', `No answer within ${timeoutMs} ms`, { cause: e });
      throw toFhirError(e);
    }
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304)) {
      cancelTimer();
      throw new FhirError('redirect', 'The server answered with a redirect, which is not followed', { status: response.status || 302 });
    }
    let text: string;
    try {
      text = response.status === 204 || response.status === 304 ? '' : await response.text();
    } catch (e) {
      if (options.signal?.aborted) throw new FhirError('aborted', 'The request was aborted', { cause: e });
      if (timeout.signal.aborted) throw new FhirError('timeout', `No answer within ${timeoutMs} ms`, { cause: e });
      throw new FhirError('network', 'The connection was lost while reading the answer', { cause: e, status: response.status });
    } finally {
      cancelTimer();
    }

    if (response.status === 401 && settings.getAccessToken && !refreshed) {
      refreshed = true; // fetch a fresh token and try once more
      continue;
    }
    if ((response.status === 429 || response.status === 503) && method === 'GET' && attempt < settings.retries) {
      attempt++;
      const asked = parseRetryAfter(response.headers.get('Retry-After'));
      const backoff = 500 * 2 ** (attempt - 1);
      await sleep(Math.min(asked ?? backoff, settings.maxRetryDelayMs), options.signal ?? new AbortController().signal);
      continue;
    }
    if (response.status === 304) return undefined;
    let json: unknown;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch (e) {
        if (response.ok) throw new FhirError('parse', 'The server sent a reply that is not JSON', { status: response.status, cause: e });
      }
    }
    if (!response.ok) {
      const oo = json && typeof json === 'object' && (json as Resource).resourceType === 'OperationOutcome' ? (json as never) : undefined;
      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
      const init = {
        status: response.status,
        ...(oo ? { operationOutcome: oo } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
      const s = response.status;
      const kind = s === 401 || s === 403 ? 'auth' : s === 404 || s === 410 ? 'not-found' : s === 429 ? 'rate-limited' : 'http';
      throw new FhirError(kind, `HTTP ${s}`, init);
    }
    if (text && (json === undefined || typeof json !== 'object' || json === null)) {
      throw new FhirError('parse', 'The server sent a reply that is not a FHIR resource', { status: response.status });
    }
    return json as T | undefined;
  }
}
