// Reference parsing: every form a FHIR reference takes on the wire, read one way.
import { isFhirId } from './ids.js';

/** What a `Reference.reference` string points at, by its form. */
export type ReferenceTarget =
  /** `Patient/1`, `Patient/1/_history/2`. */
  | { form: 'relative'; type: string; id: string; version?: string }
  /** `https://server/fhir/Patient/1` (with `_history` allowed); `base` has no trailing slash. */
  | { form: 'absolute'; base: string; type: string; id: string; version?: string; url: string }
  /** `#med1`: a resource contained in the referring resource (`#` alone: the container itself). */
  | { form: 'contained'; id: string }
  /** `urn:uuid:…` or `urn:oid:…`: an entry of the same Bundle, by its `fullUrl`. */
  | { form: 'urn'; urn: string }
  /** Anything else: kept so that it can be reported, never silently dropped. */
  | { form: 'unparseable'; value: string };

const TYPE = '[A-Z][A-Za-z]{1,63}';
const ID = '[A-Za-z0-9\\-.]{1,64}';
const RELATIVE = new RegExp(`^(${TYPE})/(${ID})(?:/_history/(${ID}))?$`);
const ABSOLUTE = new RegExp(`^(https?://[^?#]+?)/(${TYPE})/(${ID})(?:/_history/(${ID}))?/?$`, 'i');
const URN = /^urn:(?:uuid:[0-9a-f-]{8,}|oid:[0-9.]+)$/i;

/** Parses a `Reference.reference` string. Undefined when there is none (not a string, or empty). */
export function parseReferenceString(value: unknown): ReferenceTarget | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (!s) return undefined;
  if (s.startsWith('#')) {
    const id = s.slice(1);
    return id === '' || isFhirId(id) ? { form: 'contained', id } : { form: 'unparseable', value: s };
  }
  if (URN.test(s)) return { form: 'urn', urn: s.toLowerCase() };
  const rel = RELATIVE.exec(s);
  if (rel && isFhirId(rel[2])) return { form: 'relative', type: rel[1], id: rel[2], ...(rel[3] ? { version: rel[3] } : {}) };
  const abs = ABSOLUTE.exec(s);
  if (abs && isFhirId(abs[3])) {
    return {
      form: 'absolute',
      base: normaliseBaseUrl(abs[1]),
      type: abs[2],
      id: abs[3],
      ...(abs[4] ? { version: abs[4] } : {}),
      url: s,
    };
  }
  return { form: 'unparseable', value: s };
}

/** A base URL compared as servers compare them: no trailing slash, scheme and host in lower case. */
export function normaliseBaseUrl(base: string): string {
  const trimmed = base.trim().replace(/\/+$/, '');
  try {
    const u = new URL(trimmed);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimmed;
  }
}

/**
 * `{ type, id }` of a relative or absolute reference (versions dropped), whatever its server; undefined
 * for contained, `urn:` and unparseable references. For grouping by `Type/id` when no record is at
 * hand; code that decides whom data is about resolves through a `ClinicalRecord` instead.
 */
export function parseReference(reference: unknown): { type: string; id: string } | undefined {
  const t = parseReferenceString(reference);
  return t && (t.form === 'relative' || t.form === 'absolute') ? { type: t.type, id: t.id } : undefined;
}

/** `Type/id` of a Reference object's `reference` (see `parseReference`), or undefined. */
export function referenceKey(ref: unknown): string | undefined {
  if (!ref || typeof ref !== 'object') return undefined;
  const p = parseReference((ref as { reference?: unknown }).reference);
  return p ? `${p.type}/${p.id}` : undefined;
}

/** The version in a versioned reference (`Task/t1/_history/3` → `3`), or undefined. */
export function referenceVersion(ref: unknown): string | undefined {
  if (!ref || typeof ref !== 'object') return undefined;
  const t = parseReferenceString((ref as { reference?: unknown }).reference);
  return t && (t.form === 'relative' || t.form === 'absolute') ? t.version : undefined;
}
