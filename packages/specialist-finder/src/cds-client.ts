/**
 * `<jc-advice-prompt cds-service>` as a CDS Hooks 2.0 client of a `patient-view` service: it reads
 * the service's discovery document, satisfies its prefetch templates through the page's FHIR client
 * (every resource through the patient guard first, so another patient's data is never sent), POSTs
 * the hook request and returns the service's cards. Cards are data: text only, links only http(s).
 */
import type { Bundle, FhirResource } from 'fhir/r4.js';
import type { ConfirmedIdentity, FhirClient } from '@joinedcare/core';
import type { FinderCard } from './cards.js';

/** Why the service could not give cards (shown in words: `reason`). */
export class CdsServiceError extends Error {
  constructor(readonly reason: string) {
    super(`CDS Hooks service: ${reason}`);
    this.name = 'CdsServiceError';
  }
}

/** The service's base URL and id, from its endpoint URL (`{base}/cds-services/{id}`). */
export function parseServiceUrl(url: string, baseHref: string): { base: string; id: string; url: string } | undefined {
  let u: URL;
  try {
    u = new URL(url, baseHref);
  } catch {
    return undefined;
  }
  const m = /^(.*)\/cds-services\/([^/?#]+)$/.exec(`${u.origin}${u.pathname}`);
  if (!m || !/^https?:$/.test(u.protocol)) return undefined;
  return { base: m[1], id: decodeURIComponent(m[2]), url: `${m[1]}/cds-services/${m[2]}` };
}

export interface CdsClientOptions {
  url: string;
  client: FhirClient;
  identity: ConfirmedIdentity;
  /** `context.userId` (`Practitioner/123`). */
  userId: string;
  /** The element's patient guard: what may be sent. */
  guard: (resources: FhirResource[]) => FhirResource[];
  signal: AbortSignal;
  fetch?: typeof fetch;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

async function json(f: typeof fetch, url: string, init: RequestInit, what: string): Promise<unknown> {
  let res: Response;
  try {
    res = await f(url, { ...init, redirect: 'error', credentials: 'omit' });
  } catch (e) {
    if (init.signal?.aborted) throw e;
    throw new CdsServiceError(`${what}: no answer`);
  }
  if (!res.ok) throw new CdsServiceError(`${what}: HTTP ${res.status}`);
  try {
    return await res.json();
  } catch {
    throw new CdsServiceError(`${what}: not JSON`);
  }
}

/** One prefetch template, filled: a read (`Patient/123`) or a search (`Observation?patient=123&code=…`), every page. */
async function prefetchOne(o: CdsClientOptions, query: string): Promise<FhirResource | Bundle | null> {
  const [path, search = ''] = query.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 2) {
    if (parts[0] === 'Patient' && parts[1] === o.identity.id) return o.identity.patient;
    const r = await o.client.read(parts[0] as FhirResource['resourceType'], parts[1], { signal: o.signal });
    return o.guard([r])[0] ?? null;
  }
  const all = await o.client.searchAll(parts[0], new URLSearchParams(search), { signal: o.signal, cache: 'no-cache', maxPages: 20 });
  if (!all.complete) throw new CdsServiceError('a prefetch search did not complete');
  const entry = o.guard([...all.resources, ...all.included]).map((resource) => ({ resource }));
  return { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const httpUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/.test(v);

/** A card of the response as the prompt can show it (text only, http(s) links only), or undefined when it is not a card. */
function acceptCard(c: unknown, i: number): FinderCard | undefined {
  if (!isObj(c) || typeof c['summary'] !== 'string' || !['info', 'warning', 'critical'].includes(c['indicator'] as string))
    return undefined;
  const source = isObj(c['source']) ? c['source'] : {};
  if (typeof source['label'] !== 'string') return undefined;
  const topic = isObj(source['topic']) ? source['topic'] : {};
  const links = (Array.isArray(c['links']) ? c['links'] : [])
    .filter((l): l is Obj => isObj(l) && typeof l['label'] === 'string' && httpUrl(l['url']) && l['type'] === 'absolute')
    .map((l) => ({ label: l['label'] as string, url: l['url'] as string, type: 'absolute' as const }));
  return {
    uuid: typeof c['uuid'] === 'string' ? c['uuid'] : `card-${i}`,
    summary: c['summary'].slice(0, 140),
    indicator: c['indicator'] as FinderCard['indicator'],
    detail: typeof c['detail'] === 'string' ? c['detail'] : '',
    source: {
      label: source['label'],
      url: httpUrl(source['url']) ? source['url'] : '',
      topic: { system: text(topic['system']), code: text(topic['code']), display: text(topic['display']) },
    },
    ...(links.length ? { links } : {}),
  };
}

/** Asks the service for the patient's cards (see the file comment). */
export async function cardsFromService(o: CdsClientOptions): Promise<FinderCard[]> {
  const f = o.fetch ?? globalThis.fetch.bind(globalThis);
  const service = parseServiceUrl(o.url, globalThis.location?.href ?? 'http://localhost/');
  if (!service) throw new CdsServiceError('the service URL must end in /cds-services/{id}');
  const discovery = await json(
    f,
    `${service.base}/cds-services`,
    { signal: o.signal, headers: { Accept: 'application/json' } },
    'discovery',
  );
  const entry = (isObj(discovery) && Array.isArray(discovery['services']) ? discovery['services'] : []).find(
    (s): s is Obj => isObj(s) && s['id'] === service.id && s['hook'] === 'patient-view',
  );
  if (!entry) throw new CdsServiceError(`no patient-view service "${service.id}"`);
  const prefetch: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(isObj(entry['prefetch']) ? entry['prefetch'] : {})) {
    if (typeof template !== 'string') continue;
    const query = template
      .replaceAll('{{context.patientId}}', encodeURIComponent(o.identity.id))
      .replaceAll('{{context.userId}}', o.userId);
    if (query.includes('{{')) continue; // a token this client cannot fill: leave the key out, as CDS Hooks says
    prefetch[key] = await prefetchOne(o, query);
  }
  const base = o.client.baseUrl ? new URL(o.client.baseUrl, globalThis.location?.href ?? 'http://localhost/').href : undefined;
  const body = {
    hook: 'patient-view',
    hookInstance: globalThis.crypto.randomUUID(),
    ...(base && /^https?:/.test(base) ? { fhirServer: base.replace(/\/$/, '') } : {}),
    context: { userId: o.userId, patientId: o.identity.id },
    prefetch,
  };
  const res = await json(
    f,
    service.url,
    {
      method: 'POST',
      signal: o.signal,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    },
    'service',
  );
  if (!isObj(res) || !Array.isArray(res['cards'])) throw new CdsServiceError('the answer has no cards');
  return res['cards'].map(acceptCard).filter((c): c is FinderCard => !!c);
}
