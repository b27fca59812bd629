/**
 * The CDS Hooks 2.0 `patient-view` service of the specialist finder, as pure functions over JSON
 * (no HTTP, no DOM): the discovery document with its prefetch templates, and the answer to a hook
 * request. `cds-hooks/server.mjs` puts them behind `node:http` (`npm run cds-hooks`); the prompt's
 * tests call them in the browser. The same engine and rules as `<jc-advice-prompt>`, and the same
 * cards (cards.ts).
 *
 * A request is answered from its prefetch; a template the client did not satisfy (its key missing,
 * an OperationOutcome in its place, or a Bundle with more pages) is fetched from the request's
 * `fhirServer` (with its `fhirAuthorization` token), and without one the answer is 412, as CDS Hooks
 * says. A prefetch that holds another patient's resources than `context.patientId` is refused (400):
 * the client mixed up patients, and no card may come from it.
 */
import type { Bundle, FhirResource, Patient } from 'fhir/r4.js';
import { FetchFhirClient, guardResources, isFhirId, type FhirClient } from '@joinedcare/core';
import { toCards, type FinderCard } from '../cards.js';
import { evaluateRules, queryPlan, type PatientRecord, type RequestResource } from '../rules/engine.js';
import type { RuleSet } from '../rules/schema.js';
import { sfMsg } from '../messages.js';

export const SERVICE_ID = 'joinedcare-specialist-prompts';

export interface CdsServiceConfig {
  /** The rules, as `parseRuleSet` returns them. */
  ruleSet: RuleSet;
  /** The service id (`/cds-services/{id}`); default `joinedcare-specialist-prompts`. */
  id?: string;
  now?: () => Date;
  /** fetch for the fallback to the client's FHIR server (tests inject one). */
  fetch?: typeof fetch;
}

export interface CdsAnswer {
  status: number;
  body: { cards: FinderCard[] } | { error: string } | { services: unknown[] };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const fail = (status: number, error: string): CdsAnswer => ({ status, body: { error } });

/** The data each prefetch key carries, by resource type. */
const KEYS = {
  patient: 'Patient',
  observations: 'Observation',
  conditions: 'Condition',
  encounters: 'Encounter',
  episodes: 'EpisodeOfCare',
  serviceRequests: 'ServiceRequest',
  communicationRequests: 'CommunicationRequest',
} as const;
type Key = keyof typeof KEYS;

/** The prefetch templates for what the rules read (CDS Hooks prefetch tokens; no dates: the service applies the rules' windows). */
export function prefetchTemplates(ruleSet: RuleSet, now = new Date()): Partial<Record<Key, string>> {
  const plan = queryPlan(ruleSet.rules, now);
  const who = 'patient={{context.patientId}}';
  const codes = (tokens: string[]) => encodeURIComponent(tokens.join(','));
  const out: Partial<Record<Key, string>> = { patient: 'Patient/{{context.patientId}}' };
  if (plan.observationCodes.length) out.observations = `Observation?${who}&code=${codes(plan.observationCodes)}`;
  if (plan.conditionCodes.length) out.conditions = `Condition?${who}&code=${codes(plan.conditionCodes)}`;
  if (plan.encounterSince) out.encounters = `Encounter?${who}`;
  if (plan.contactTypes.includes('EpisodeOfCare')) out.episodes = `EpisodeOfCare?${who}`;
  if (plan.contactTypes.includes('ServiceRequest')) out.serviceRequests = `ServiceRequest?${who}`;
  if (plan.contactTypes.includes('CommunicationRequest')) out.communicationRequests = `CommunicationRequest?${who}`;
  return out;
}

/** The discovery document (`GET /cds-services`). */
export function discoveryDocument(cfg: CdsServiceConfig): CdsAnswer {
  const set = cfg.ruleSet;
  return {
    status: 200,
    body: {
      services: [
        {
          hook: 'patient-view',
          id: cfg.id ?? SERVICE_ID,
          title: 'Specialist input prompts',
          description: `Patients who could benefit from specialist input: ${set.rules.length} rules of "${set.name}" (${set.disclaimer ?? 'rules adopted by the organisation'})`,
          prefetch: prefetchTemplates(set, cfg.now?.() ?? new Date()),
          usageRequirements:
            'Give the prefetch, or a fhirServer (with fhirAuthorization when it needs a token) the service can read the rest from.',
        },
      ],
    },
  };
}

/** What is wrong with a hook request, in words without any of its data; undefined when it is a valid patient-view request. */
function requestProblem(b: unknown): string | undefined {
  if (!isObj(b)) return 'the body must be a JSON object';
  if (b['hook'] !== 'patient-view') return 'hook must be patient-view';
  if (typeof b['hookInstance'] !== 'string' || !b['hookInstance']) return 'hookInstance must be a string (a UUID)';
  const ctx = b['context'];
  if (!isObj(ctx)) return 'context must be an object';
  if (typeof ctx['patientId'] !== 'string' || !isFhirId(ctx['patientId'])) return 'context.patientId must be a FHIR id';
  if (
    typeof ctx['userId'] !== 'string' ||
    !/^(Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}$/.test(ctx['userId'])
  ) {
    return 'context.userId must be [ResourceType]/[id] (Practitioner, PractitionerRole, Patient or RelatedPerson)';
  }
  if (b['fhirServer'] !== undefined && (typeof b['fhirServer'] !== 'string' || !/^https?:\/\/\S+$/.test(b['fhirServer'])))
    return 'fhirServer must be an http(s) URL';
  const auth = b['fhirAuthorization'];
  if (auth !== undefined) {
    if (!isObj(auth)) return 'fhirAuthorization must be an object';
    if (b['fhirServer'] === undefined) return 'fhirAuthorization needs a fhirServer';
    if (typeof auth['access_token'] !== 'string' || auth['token_type'] !== 'Bearer' || typeof auth['expires_in'] !== 'number') {
      return 'fhirAuthorization needs access_token, token_type Bearer, expires_in, scope and subject';
    }
    if (typeof auth['scope'] !== 'string' || typeof auth['subject'] !== 'string')
      return 'fhirAuthorization needs access_token, token_type Bearer, expires_in, scope and subject';
  }
  if (b['prefetch'] !== undefined && !isObj(b['prefetch'])) return 'prefetch must be an object';
  return undefined;
}

/** A prefetch value's resources, or undefined when the client did not satisfy the template (fetch it instead). */
function prefetched(key: Key, v: unknown): FhirResource[] | undefined {
  if (v === null) return [];
  if (!isObj(v) || v['resourceType'] === 'OperationOutcome') return undefined;
  if (key === 'patient') return v['resourceType'] === 'Patient' ? [v as unknown as Patient] : undefined;
  if (v['resourceType'] !== 'Bundle') return undefined;
  const bundle = v as unknown as Bundle;
  if ((bundle.link ?? []).some((l) => l?.relation === 'next')) return undefined; // a paginated prefetch: read it whole from the server
  return (bundle.entry ?? [])
    .map((e) => e?.resource)
    .filter((r): r is FhirResource => isObj(r) && r['resourceType'] !== 'OperationOutcome');
}

async function fetchTemplate(client: FhirClient, template: string, patientId: string): Promise<FhirResource[]> {
  const query = template.replaceAll('{{context.patientId}}', encodeURIComponent(patientId));
  const [path, search = ''] = query.split('?', 2);
  const [type, id] = path.split('/');
  if (id) return [await client.read(type as FhirResource['resourceType'], id)];
  const all = await client.searchAll(type, new URLSearchParams(search), { maxPages: 20, cache: 'no-cache' });
  if (!all.complete) throw new Error('incomplete search');
  return all.resources;
}

/** The answer to a hook request (`POST /cds-services/{id}`). */
export async function handleHook(body: unknown, cfg: CdsServiceConfig): Promise<CdsAnswer> {
  const problem = requestProblem(body);
  if (problem) return fail(400, problem);
  const b = body as Obj;
  const patientId = (b['context'] as Obj)['patientId'] as string;
  const fhirServer = b['fhirServer'] as string | undefined;
  const token = isObj(b['fhirAuthorization']) ? (b['fhirAuthorization']['access_token'] as string) : undefined;
  const given = isObj(b['prefetch']) ? b['prefetch'] : {};
  const now = cfg.now?.() ?? new Date();
  const templates = prefetchTemplates(cfg.ruleSet, now);
  const byKey = new Map<Key, FhirResource[]>();
  const missing: Key[] = [];
  for (const key of Object.keys(templates) as Key[]) {
    const got = key in given ? prefetched(key, given[key]) : undefined;
    if (got) byKey.set(key, got);
    else missing.push(key);
  }
  const who = { id: patientId, ...(fhirServer ? { baseUrl: fhirServer } : {}) };
  const check = (resources: FhirResource[]) =>
    guardResources(resources, who, { expectedTypes: Object.values(KEYS), ...(fhirServer ? { baseUrl: fhirServer } : {}) });
  // a prefetch about another patient is the client's mix-up: refuse it whole
  const given_ = check([...byKey.values()].flat());
  const patientGiven = byKey.get('patient')?.[0];
  if (given_.rejected.some((r) => r.reason === 'other-patient') || (patientGiven && patientGiven.id !== patientId)) {
    return fail(400, 'prefetch holds data for another patient than context.patientId');
  }
  if (missing.length) {
    if (!fhirServer) return fail(412, `prefetch ${missing.join(', ')} missing and no fhirServer to read it from`);
    const client = new FetchFhirClient({
      baseUrl: fhirServer,
      cache: false,
      ...(cfg.fetch ? { fetch: cfg.fetch } : {}),
      ...(token ? { getAccessToken: () => token } : {}),
    });
    try {
      for (const key of missing) byKey.set(key, check(await fetchTemplate(client, templates[key]!, patientId)).accepted);
    } catch {
      return fail(502, 'the FHIR server could not be read');
    }
  }
  const accepted = new Set<unknown>(given_.accepted);
  const of = <T extends FhirResource>(key: Key) => (byKey.get(key) ?? []).filter((r) => missing.includes(key) || accepted.has(r)) as T[];
  const record: PatientRecord = {
    patient: of<Patient>('patient')[0],
    observations: of('observations'),
    conditions: of('conditions'),
    encounters: of('encounters'),
    episodes: of('episodes'),
    requests: [...of<RequestResource & FhirResource>('serviceRequests'), ...of<RequestResource & FhirResource>('communicationRequests')],
  };
  const t = (key: Parameters<typeof sfMsg>[0], params?: Record<string, string | number>) => sfMsg(key, params, 'en-GB');
  return { status: 200, body: { cards: toCards(evaluateRules(cfg.ruleSet.rules, record, now), t, 'en-GB') } };
}
