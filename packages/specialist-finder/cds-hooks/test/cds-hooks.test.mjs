// The CDS Hooks service over real HTTP (node:http on 127.0.0.1), every message checked against the
// CDS Hooks 2.0 request and response schemas (../schemas.mjs). Run by `npm run test:cds-hooks`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { startCdsHooksServer } from '../server.mjs';
import { discoverySchema, patientViewRequestSchema, responseSchema, validate } from '../schemas.mjs';
import { loadTestModules } from './load.mjs';

const NOW = new Date('2026-11-22T00:00:00Z');
let m;
let population;
let service;
let fhir;
const logs = [];
const bundle = (resources) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });
const first = (slot) => population.bySlot[slot][0];

function prefetchFor(id) {
  const r = m.recordOf(population, id);
  return {
    patient: r.patient,
    observations: bundle(r.observations),
    conditions: bundle(r.conditions),
    encounters: bundle(r.encounters),
    episodes: bundle(r.episodes),
    serviceRequests: bundle(r.requests.filter((x) => x.resourceType === 'ServiceRequest')),
    communicationRequests: bundle(r.requests.filter((x) => x.resourceType === 'CommunicationRequest')),
  };
}
const hook = (patientId, extra = {}) => ({
  hook: 'patient-view',
  hookInstance: randomUUID(),
  context: { userId: 'Practitioner/gp-okafor', patientId },
  ...extra,
});

async function post(body, { path = `/cds-services/${service.serviceId}`, contentType = 'application/json', raw } = {}) {
  const res = await fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

before(async () => {
  m = await loadTestModules();
  population = m.buildFinderPopulation({ now: NOW, size: 100 });
  // the client's FHIR server, for the fallback: the fixtures' engine over HTTP on another port
  const store = new m.FhirFixtureServer({ baseUrl: '/fhir' });
  for (const r of population.resources) store.put(r, { preserveLastUpdated: true });
  fhir = createServer((req, res) => {
    const r = store.handle({ method: req.method, url: `http://${req.headers.host}${req.url}`, headers: req.headers, body: null });
    res.writeHead(r.status, r.headers).end(r.body === undefined ? '' : JSON.stringify(r.body));
  });
  await new Promise((ok) => fhir.listen(0, '127.0.0.1', ok));
  service = await startCdsHooksServer({
    now: () => NOW,
    log: (line) => logs.push(line),
    maxBodyBytes: 2_000_000,
    allowOrigins: ['http://localhost:6006'],
  });
});
after(async () => {
  await service?.close();
  await new Promise((ok) => fhir?.close(ok));
});

test('listens on 127.0.0.1 only', () => {
  assert.equal(service.address.address, '127.0.0.1');
  assert.match(service.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('discovery at /cds-services: one patient-view service with prefetch templates, valid against the CDS Hooks 2.0 schema', async () => {
  const res = await fetch(`${service.url}/cds-services`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const doc = await res.json();
  assert.deepEqual(validate(discoverySchema, doc), []);
  assert.equal(doc.services[0].hook, 'patient-view');
  assert.equal(doc.services[0].prefetch.patient, 'Patient/{{context.patientId}}');
});

test('answers a patient-view request from its prefetch with the cards of <jc-advice-prompt>, valid against the CDS Hooks 2.0 schemas', async () => {
  const t = (key, params) => m.finderMessages.t(key, params, 'en-GB');
  for (const slot of ['kfre-match-a', 'decline-old-referral', 'hba1c-match', 'copd-cor', 'kfre-no-acr', 'healthy']) {
    const id = first(slot);
    const body = hook(id, { prefetch: prefetchFor(id) });
    assert.deepEqual(validate(patientViewRequestSchema, body), [], `${slot}: our request is a valid patient-view request`);
    const res = await post(body);
    assert.equal(res.status, 200, slot);
    assert.deepEqual(validate(responseSchema, res.body), [], slot);
    const expected = m.toCards(m.evaluateRules(m.EXAMPLE_RULES, m.recordOf(population, id), NOW), t, 'en-GB');
    const strip = (cards) => cards.map(({ uuid: _u, ...c }) => c);
    assert.deepEqual(strip(res.body.cards), strip(expected), slot);
  }
  const kfre = await post(hook(first('kfre-match-a'), { prefetch: prefetchFor(first('kfre-match-a')) }));
  assert.match(
    kfre.body.cards[0].detail,
    /5-year risk 12\.9% \(KFRE, 4-variable; non-North American calibration\), from age 62, male, eGFR 35/,
  );
  assert.equal(kfre.body.cards[0].source.topic.system, m.RULE_TOPIC);
});

test('falls back to the FHIR server named in the request when the prefetch is absent', async () => {
  const id = first('decline-old-referral');
  const withPrefetch = await post(hook(id, { prefetch: prefetchFor(id) }));
  const fhirServer = `http://127.0.0.1:${fhir.address().port}/fhir`;
  const body = hook(id, { fhirServer });
  assert.deepEqual(validate(patientViewRequestSchema, body), []);
  const res = await post(body);
  assert.equal(res.status, 200);
  assert.deepEqual(validate(responseSchema, res.body), []);
  assert.deepEqual(
    res.body.cards.map((c) => c.summary),
    withPrefetch.body.cards.map((c) => c.summary),
  );
  assert.deepEqual(
    res.body.cards.map((c) => c.detail),
    withPrefetch.body.cards.map((c) => c.detail),
  );
});

test('without the prefetch or a FHIR server to read it from: 412 Precondition Failed', async () => {
  const res = await post(hook(first('decline-match')));
  assert.equal(res.status, 412);
});

test('rejects a request whose prefetch is for another patient than context.patientId', async () => {
  const id = first('decline-match');
  const other = first('hba1c-match');
  for (const prefetch of [
    { ...prefetchFor(id), observations: bundle(m.recordOf(population, other).observations) },
    { ...prefetchFor(id), patient: m.recordOf(population, other).patient },
  ]) {
    const res = await post(hook(id, { prefetch }));
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { error: 'prefetch holds data for another patient than context.patientId' });
  }
});

test('refuses oversized bodies (413), by Content-Length and while streaming', async () => {
  const big = JSON.stringify(
    hook(first('decline-match'), { prefetch: { padding: { resourceType: 'Basic', text: 'x'.repeat(2_100_000) } } }),
  );
  const declared = await post(undefined, { raw: big });
  assert.equal(declared.status, 413);
  // chunked: no Content-Length, the limit is counted as the body arrives
  const streamed = await new Promise((ok, fail) => {
    const req = httpRequest(
      `${service.url}/cds-services/${service.serviceId}`,
      { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
      (res) => {
        res.resume();
        ok(res.statusCode);
      },
    );
    req.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? ok('reset') : fail(e)));
    for (let i = 0; i < 30; i++) req.write('x'.repeat(100_000));
    req.end();
  });
  assert.ok(streamed === 413 || streamed === 'reset', `streamed: ${streamed}`);
});

test('rejects what is not a CDS Hooks request: wrong content type (415), not JSON (400), bad fields (400), unknown service (404), wrong method (405)', async () => {
  assert.equal((await post(hook('p1'), { contentType: 'text/plain' })).status, 415);
  assert.equal((await post(undefined, { raw: '{ nope' })).status, 400);
  assert.equal((await post({ ...hook('p1'), hook: 'order-sign' })).status, 400);
  assert.equal((await post({ ...hook('p1'), context: { patientId: 'p1' } })).status, 400);
  assert.equal((await post(hook('p1'), { path: '/cds-services/other' })).status, 404);
  assert.equal((await fetch(`${service.url}/cds-services/${service.serviceId}`)).status, 405);
});

test('CORS only for the origins it was given', async () => {
  const allowed = await fetch(`${service.url}/cds-services`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:6006' } });
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:6006');
  const other = await fetch(`${service.url}/cds-services`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});

test('never logs patient data: only method, route, status and time', async () => {
  await post(
    hook(first('kfre-match-a'), {
      prefetch: prefetchFor(first('kfre-match-a')),
      fhirServer: 'https://fhir.example.nhs.uk/R4',
      fhirAuthorization: { access_token: 'secret-token-123', token_type: 'Bearer', expires_in: 300, scope: 'user/*.read', subject: 'svc' },
    }),
  );
  assert.ok(logs.length > 5);
  const patientData = population.patients.flatMap((p) => [p.id, p.identifier[0].value, p.name[0].family, p.birthDate].filter(Boolean));
  for (const line of logs) {
    assert.match(
      line,
      /^(GET|POST|OPTIONS) (\/cds-services(\/joinedcare-specialist-prompts)?|\(other\)) \d{3} \d+ms( \([A-Za-z ]+\))?$/,
      line,
    );
    for (const datum of [...patientData, 'secret-token-123', 'fhir.example.nhs.uk', 'Practitioner/gp-okafor'])
      assert.ok(!line.includes(datum), `log line holds ${datum}: ${line}`);
  }
});
