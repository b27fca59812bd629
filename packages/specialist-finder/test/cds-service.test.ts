// The CDS Hooks service's logic (src/cds/service.ts) in the browser: the same functions cds-hooks/server.mjs serves over HTTP.
import { expect } from '@open-wc/testing';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import type { FhirFixtureServer } from '@joinedcare/fixtures/msw.js';
import { EXAMPLE_RULE_SET, evaluateRules, finderMessages, parseRuleSet, toCards, type FinderCard } from '../src/index.js';
import { SERVICE_ID, discoveryDocument, handleHook, prefetchTemplates } from '../src/cds/service.js';
import { BASE, cleanServer, fixtureServer, now, recordOf } from './support.js';
import type { FinderPopulation } from './population/index.js';

const ruleSet = parseRuleSet(EXAMPLE_RULE_SET);
const cfg = { ruleSet, now: () => now };
const t = (key: Parameters<typeof finderMessages.t>[0], params?: Record<string, string | number>) => finderMessages.t(key, params, 'en-GB');
const bundle = (resources: readonly FhirResource[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});
const withoutIds = (cards: readonly FinderCard[]) => cards.map(({ uuid: _u, ...c }) => c);

/** A full prefetch for one population patient, as a CDS client would send it. */
function prefetchFor(population: FinderPopulation, id: string): Record<string, unknown> {
  const r = recordOf(population, id);
  return {
    patient: r.patient,
    observations: bundle(r.observations),
    conditions: bundle(r.conditions),
    encounters: bundle(r.encounters),
    episodes: bundle(r.episodes),
    serviceRequests: bundle(r.requests.filter((x) => (x as FhirResource).resourceType === 'ServiceRequest')),
    communicationRequests: bundle(r.requests.filter((x) => (x as FhirResource).resourceType === 'CommunicationRequest')),
  };
}
const request = (patientId: string, extra: Record<string, unknown> = {}) => ({
  hook: 'patient-view',
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  context: { userId: 'Practitioner/example', patientId },
  ...extra,
});

describe('CDS Hooks service logic', () => {
  let server: FhirFixtureServer;
  let population: FinderPopulation;
  let kfre: string;
  before(async () => {
    ({ server, population } = await fixtureServer());
    kfre = population.bySlot['kfre-match-a'][0];
  });
  afterEach(() => cleanServer(server));

  it('describes one patient-view service with prefetch templates for what the rules read', () => {
    const doc = discoveryDocument(cfg).body as { services: Array<Record<string, unknown>> };
    expect(doc.services).to.have.length(1);
    const s = doc.services[0];
    expect(s).to.deep.include({ hook: 'patient-view', id: SERVICE_ID, title: 'Specialist input prompts' });
    const prefetch = s['prefetch'] as Record<string, string>;
    expect(Object.keys(prefetch)).to.have.members([
      'patient',
      'observations',
      'conditions',
      'encounters',
      'episodes',
      'serviceRequests',
      'communicationRequests',
    ]);
    expect(prefetch['patient']).to.equal('Patient/{{context.patientId}}');
    expect(decodeURIComponent(prefetch['observations'])).to.match(
      /^Observation\?patient=\{\{context\.patientId\}\}&code=.*http:\/\/loinc\.org\|33914-3/,
    );
    // only what CDS Hooks RECOMMENDS in prefetch queries: patient references, token equality, no dates
    for (const q of Object.values(prefetch)) expect(q).not.to.match(/date=|_include|_revinclude/);
  });

  it('answers from the prefetch with the same cards <jc-advice-prompt> draws', async () => {
    const res = await handleHook(request(kfre, { prefetch: prefetchFor(population, kfre) }), cfg);
    expect(res.status).to.equal(200);
    const cards = (res.body as { cards: FinderCard[] }).cards;
    const expected = toCards(evaluateRules(ruleSet.rules, recordOf(population, kfre), now), t, 'en-GB');
    expect(withoutIds(cards)).to.deep.equal(withoutIds(expected));
    expect(cards[0].summary).to.contain('5-year kidney failure risk above 5%');
    expect(cards[0].detail).to.contain(
      '- 5-year risk 12.9% (KFRE, 4-variable; non-North American calibration), from age 62, male, eGFR 35 mL/min/1.73m2 on',
    );
  });

  it('refuses a prefetch about another patient than context.patientId (400), without echoing it', async () => {
    const other = population.bySlot['decline-match'][0];
    const mixed = { ...prefetchFor(population, kfre), observations: bundle(recordOf(population, other).observations) };
    const res = await handleHook(request(kfre, { prefetch: mixed }), cfg);
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({ error: 'prefetch holds data for another patient than context.patientId' });
    const wrongPatient = { ...prefetchFor(population, kfre), patient: recordOf(population, other).patient };
    expect((await handleHook(request(kfre, { prefetch: wrongPatient }), cfg)).status).to.equal(400);
  });

  it('rejects requests that are not CDS Hooks 2.0 patient-view requests (400)', async () => {
    const bad = [
      {},
      { ...request(kfre), hook: 'order-sign' },
      { ...request(kfre), hookInstance: undefined },
      { ...request(kfre), context: { patientId: kfre } },
      { ...request('..'), prefetch: {} },
      { ...request(kfre), fhirServer: 'ftp://x' },
      { ...request(kfre), fhirAuthorization: { access_token: 'x', token_type: 'Bearer', expires_in: 300, scope: 's', subject: 'c' } },
    ];
    for (const body of bad) expect((await handleHook(body, cfg)).status, JSON.stringify(body)).to.equal(400);
  });

  it('without the prefetch and without a fhirServer: 412 Precondition Failed', async () => {
    const res = await handleHook(request(kfre), cfg);
    expect(res.status).to.equal(412);
    expect((res.body as { error: string }).error).to.match(/^prefetch patient, observations, .* missing and no fhirServer/);
  });

  it('reads what the prefetch lacks from the fhirServer in the request, with its access token', async () => {
    const fhirServer = new URL(BASE, location.href).href;
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers).get('Authorization') ?? '');
      return fetch(input, init);
    };
    const auth = { access_token: 'opaque-token', token_type: 'Bearer', expires_in: 300, scope: 'user/*.read', subject: 'cds-service' };
    const full = await handleHook(request(kfre, { prefetch: prefetchFor(population, kfre) }), cfg);
    // nothing prefetched; one key as an OperationOutcome; one as a paginated Bundle
    const partial = {
      ...prefetchFor(population, kfre),
      observations: { resourceType: 'OperationOutcome', issue: [] },
      conditions: { ...bundle([]), link: [{ relation: 'next', url: `${fhirServer}/Condition?page=2` }] },
    };
    for (const prefetch of [undefined, partial]) {
      seen.length = 0;
      const res = await handleHook(request(kfre, { fhirServer, fhirAuthorization: auth, ...(prefetch ? { prefetch } : {}) }), {
        ...cfg,
        fetch: fetchSpy,
      });
      expect(res.status).to.equal(200);
      expect(withoutIds((res.body as { cards: FinderCard[] }).cards)).to.deep.equal(
        withoutIds((full.body as { cards: FinderCard[] }).cards),
      );
      expect(seen.length).to.be.above(0);
      expect(seen.every((h) => h === 'Bearer opaque-token')).to.equal(true);
    }
    // a key the client could not fill (null) is no data, not a reason to fetch
    const empty = Object.fromEntries(Object.keys(prefetchTemplates(ruleSet)).map((k) => [k, null]));
    expect((await handleHook(request(kfre, { prefetch: empty }), cfg)).body).to.deep.equal({ cards: [] });
  });

  it('a FHIR server that cannot be read gives 502, not cards from part of the record', async () => {
    server.addFault({ match: '/Observation', status: 500 });
    const res = await handleHook(request(kfre, { fhirServer: new URL(BASE, location.href).href }), cfg);
    expect(res).to.deep.equal({ status: 502, body: { error: 'the FHIR server could not be read' } });
  });
});
