import type { OperationOutcome } from 'fhir/r4.js';
import { msg, type MessageKey } from '../i18n/index.js';

/** What went wrong, in terms a widget can act on. */
export type FhirErrorKind =
  | 'http' // the server answered with an error status
  | 'auth' // 401 after a token refresh (or with no token callback), 403, or the token callback failed
  | 'not-found' // 404 / 410
  | 'rate-limited' // 429 (after the bounded retries)
  | 'network' // the request never got an answer (offline, DNS, connection reset, CORS)
  | 'timeout' // no answer within the timeout
  | 'aborted' // the caller aborted (e.g. the patient changed)
  | 'parse' // the body was not FHIR JSON (an HTML error page, truncated JSON)
  | 'unexpected' // valid JSON but not what was asked for (wrong resourceType)
  | 'ambiguous-patient' // more than one Patient has the NHS number in context
  | 'wrong-patient' // the server's record contradicts the patient in context (another person): stop
  | 'foreign-records' // a search for this patient answered with another patient's records: the server ignored the patient, none of the answer is shown
  | 'redirect' // the server answered with a redirect (never followed: it would carry identifiers and the token elsewhere)
  | 'config'; // the client was used wrongly (e.g. a next link to another origin)

/**
 * The only error type the data layer throws. It carries the HTTP status and the text of the
 * server's OperationOutcome, never the access token. Raw fetch/JSON exceptions are wrapped.
 */
export class FhirError extends Error {
  override readonly name = 'FhirError';
  readonly kind: FhirErrorKind;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** The OperationOutcome the server sent, if any. */
  readonly operationOutcome?: OperationOutcome;
  /** Human-readable text joined from the OperationOutcome issues (diagnostics, details). */
  readonly outcomeText?: string;
  /** Milliseconds the server asked us to wait (Retry-After), when given. */
  readonly retryAfterMs?: number;

  constructor(
    kind: FhirErrorKind,
    message: string,
    init: { status?: number; operationOutcome?: OperationOutcome; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.kind = kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.operationOutcome) {
      this.operationOutcome = redactOutcome(init.operationOutcome);
      const text = operationOutcomeText(init.operationOutcome);
      if (text) this.outcomeText = text;
    }
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** The longest server text an error shows; the rest is cut with an ellipsis. */
export const MAX_SERVER_TEXT = 300;

/**
 * Text a server wrote (OperationOutcome diagnostics and details), made safe to show as data: anything
 * shaped like a bearer token, a JWT or a long opaque key, and anything shaped like an NHS number, is
 * replaced by a placeholder (a server that echoes the request must not put the token or the patient's
 * number on screen); whitespace is collapsed; at most `MAX_SERVER_TEXT` characters are kept.
 */
export function redactServerText(text: string): string {
  const cleaned = text
    .replace(/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, 'Bearer [token removed]')
    .replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[token removed]')
    .replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g, '[key removed]')
    .replace(/(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g, '[NHS number removed]')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > MAX_SERVER_TEXT ? `${cleaned.slice(0, MAX_SERVER_TEXT - 1).trimEnd()}…` : cleaned;
}

/** A copy of an OperationOutcome whose free text (diagnostics, details.text) is redacted: errors travel to host code and logs. */
function redactOutcome(oo: OperationOutcome): OperationOutcome {
  if (!Array.isArray(oo.issue)) return oo;
  return {
    ...oo,
    issue: oo.issue.map((i) => ({
      ...i,
      ...(typeof i?.diagnostics === 'string' ? { diagnostics: redactServerText(i.diagnostics) } : {}),
      ...(typeof i?.details?.text === 'string' ? { details: { ...i.details, text: redactServerText(i.details.text) } } : {}),
    })),
  };
}

/** Joins the useful text of an OperationOutcome's issues, redacted (see `redactServerText`). */
export function operationOutcomeText(oo: OperationOutcome | undefined): string | undefined {
  if (!oo || !Array.isArray(oo.issue)) return undefined;
  const parts = oo.issue
    .map((i) => (typeof i?.diagnostics === 'string' && i.diagnostics) || i?.details?.text || i?.details?.coding?.[0]?.display)
    .filter((s): s is string => typeof s === 'string' && s.trim().length > 0);
  const text = parts.length ? redactServerText([...new Set(parts)].join('; ')) : '';
  return text || undefined;
}

/** True when `e` is the error a caller's own abort produces (nothing to show the user). */
export function isAbort(e: unknown): boolean {
  return (
    (e instanceof FhirError && e.kind === 'aborted') ||
    (e instanceof DOMException && e.name === 'AbortError') ||
    (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError')
  );
}

/** Wraps anything thrown into a FhirError so raw exceptions never reach the UI. */
export function toFhirError(e: unknown): FhirError {
  if (e instanceof FhirError) return e;
  if (isAbort(e)) return new FhirError('aborted', 'The request was aborted', { cause: e });
  return new FhirError('network', 'The request failed', { cause: e });
}

/** The catalogue sentence for each kind of error (`http` and `config` say the status). */
const ERROR_TEXT: Partial<Record<FhirErrorKind, MessageKey>> = {
  network: 'errorNetwork',
  timeout: 'errorTimeout',
  auth: 'errorAuth',
  'not-found': 'errorNotFound',
  'rate-limited': 'errorRateLimited',
  'ambiguous-patient': 'errorAmbiguousPatient',
  'wrong-patient': 'errorWrongPatient',
  'foreign-records': 'errorForeignRecords',
  parse: 'errorParse',
  unexpected: 'errorParse',
  redirect: 'errorRedirect',
};

/** A sentence for the user describing the error, from the string catalogue. */
export function describeError(e: unknown, lang?: string): string {
  const err = toFhirError(e);
  const key = ERROR_TEXT[err.kind];
  return key ? msg(key, undefined, lang) : msg('errorServer', { status: err.status ?? err.kind }, lang);
}
