// The generic injector: deep-copies FHIR resources and writes hostile payloads into every string at
// a text-like key (names, displays, notes, titles, narrative, attachment titles and URLs, …), so a
// field added to a widget later is covered without touching this suite.
import type { Resource } from 'fhir/r4.js';
import { hostileNarrative, type HostilePayload } from './payloads.js';

/** Keys whose string values (or arrays of strings) a widget may show to a user. */
export const TEXT_KEYS = new Set([
  'display',
  'text',
  'title',
  'name',
  'family',
  'given',
  'prefix',
  'suffix',
  'description',
  'valueString',
  'valueMarkdown',
  'contentString',
  'comment',
  'patientInstruction',
  'summary',
  'conclusion',
  'diagnostics',
  'line',
  'city',
  'district',
  'alias',
  'label',
  'detail',
  'unit',
  'note',
]);

/** Structural keys never touched (the patient guard and references must stay intact). */
const SKIP = new Set(['resourceType', 'id', 'reference', 'system', 'url', 'meta', 'identifier']);

export interface Injection {
  resources: Resource[];
  /** How many strings were replaced. */
  count: number;
  /** Paths replaced, for failure messages. */
  paths: string[];
}

/**
 * Returns deep copies of `resources` with every text-like string replaced by the payloads in turn
 * (`payloads[i % n]`, starting at `offset`), every attachment `url` replaced too, and a hostile
 * narrative `text.div` on every resource. References, ids, codes and the subject stay intact.
 */
export function injectPayloads(resources: readonly Resource[], payloads: readonly HostilePayload[], offset = 0): Injection {
  let i = offset;
  const paths: string[] = [];
  const next = (path: string) => {
    paths.push(path);
    return payloads[i++ % payloads.length].text;
  };
  const walk = (value: unknown, path: string, inAttachment: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v, k) => walk(v, `${path}[${k}]`, inAttachment));
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const p = `${path}.${key}`;
      const attachment = inAttachment || key === 'attachment' || key === 'content';
      if (key === 'div' && typeof v === 'string') out[key] = hostileNarrative(next(p)).div;
      else if (key === 'url' && attachment && typeof v === 'string') out[key] = next(p);
      else if (key === 'subject' || key === 'patient') {
        // the reference to the patient stays (the guard), its display is fair game
        const ref = v as Record<string, unknown> | undefined;
        out[key] = ref && typeof ref === 'object' && typeof ref['display'] === 'string' ? { ...ref, display: next(`${p}.display`) } : v;
      } else if (SKIP.has(key)) out[key] = v;
      else if (TEXT_KEYS.has(key) && typeof v === 'string') out[key] = next(p);
      else if (TEXT_KEYS.has(key) && Array.isArray(v) && v.every((s) => typeof s === 'string'))
        out[key] = v.map((_, k) => next(`${p}[${k}]`));
      else out[key] = walk(v, p, attachment);
    }
    return out;
  };
  const out = resources.map((r) => {
    const copy = walk(structuredClone(r), `${r.resourceType}/${r.id ?? '?'}`, false) as Resource & { text?: unknown };
    if (r.resourceType !== 'Bundle' && r.resourceType !== 'Binary' && r.resourceType !== 'Parameters') {
      copy.text = hostileNarrative(next(`${r.resourceType}/${r.id ?? '?'}.text.div`));
    }
    return copy;
  });
  return { resources: out, count: i - offset, paths };
}
