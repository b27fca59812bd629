// Requests that stay where they were sent, searches that do not trust a lax server, and writes that
// prove themselves (issue 15, items 4 to 6). Redirects go to a real second origin (another port of
// 127.0.0.1, test/misbehaving/second-origin.mjs), whose log proves what reached it.
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { Bundle, Communication, Patient } from 'fhir/r4.js';
import { FetchFhirClient, FhirError, RequestCache } from '../src/index.js';
import { useMswHandlers } from '../../../test/helpers/msw.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
let seq = 0;
const base = () => `/mis${++seq}/fhir`;
const client = (baseUrl: string, extra: Partial<ConstructorParameters<typeof FetchFhirClient>[0]> = {}) =>
  new FetchFhirClient({ baseUrl, cache: new RequestCache(10_000), ...extra });
const searchset = (entry: Bundle['entry'], link?: Bundle['link']): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry,
  ...(link ? { link } : {}),
});

async function rejection(p: Promise<unknown>): Promise<FhirError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(FhirError);
    return e as FhirError;
  }
  throw new Error('expected a rejection');
}

interface SecondOriginLog {
  origin: string;
  requests: Array<{ method: string; url: string; hasAuthorization: boolean; body: string }>;
}
const secondOrigin = async (): Promise<SecondOriginLog> => (await fetch('/__second-origin')).json() as Promise<SecondOriginLog>;
const clearSecondOrigin = () => fetch('/__second-origin', { method: 'DELETE' });

describe('requests stay where they were sent', () => {
  beforeEach(async () => {
    await useMswHandlers(); // nothing mocked: the real test server answers the redirects
    await clearSecondOrigin();
  });

  it('a search by NHS number answered with a 302 to another origin is an error, and the NHS number never goes there', async () => {
    const c = client('/misbehaving/redirect/302/fhir', { getAccessToken: () => 'token-1' });
    const err = await rejection(c.search('Patient', { identifier: `${NHS}|9434765919` }));
    expect(err.kind).to.equal('redirect');
    const log = await secondOrigin();
    expect(log.requests, JSON.stringify(log.requests)).to.deep.equal([]);
  });

  it('a reply POST answered with a 307 is not re-sent there, and is not "sent"', async () => {
    const c = client('/misbehaving/redirect/307/fhir');
    const message: Communication = {
      resourceType: 'Communication',
      status: 'completed',
      payload: [{ contentString: 'Clinical text for the specialist' }],
    };
    const err = await rejection(c.create(message));
    expect(err.kind).to.equal('redirect');
    expect((await secondOrigin()).requests).to.deep.equal([]);
  });

  it('a same-origin next link that redirects elsewhere stops paging with an error, keeping the first page', async () => {
    const b = base();
    await useMswHandlers(
      http.get(`${b}/Condition`, ({ request }) => {
        const page = new URL(request.url).searchParams.get('page');
        if (page === '2') return new HttpResponse(null, { status: 302, headers: { Location: 'http://127.0.0.1:1/elsewhere' } });
        return HttpResponse.json(
          searchset([{ resource: { resourceType: 'Condition', id: 'c1' } as never }], [{ relation: 'next', url: `${b}/Condition?page=2` }]),
        );
      }),
    );
    const r = await client(b).searchAll('Condition', {});
    expect(r.resources.map((x) => x.id)).to.deep.equal(['c1']);
    expect(r.complete).to.equal(false);
    expect(r.error?.kind).to.equal('redirect');
  });

  it('a next link outside the base URL is not followed, unless its origin is trusted', async () => {
    const b = base();
    const seen: string[] = [];
    await useMswHandlers(
      http.get(`${b}/Condition`, () =>
        HttpResponse.json(
          searchset(
            [{ resource: { resourceType: 'Condition', id: 'c1' } as never }],
            [{ relation: 'next', url: '/other-fhir/Condition?page=2' }],
          ),
        ),
      ),
      http.get('/other-fhir/Condition', ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json(searchset([]));
      }),
    );
    const r = await client(b).searchAll('Condition', {});
    expect(r.error?.kind).to.equal('config');
    expect(seen).to.deep.equal([]);
    // an API gateway that rewrites hosts: the host names the origin
    const trusted = await client(b, { trustedOrigins: [location.origin] }).searchAll('Condition', {});
    expect(trusted.complete).to.equal(true);
    expect(seen).to.have.length(1);
  });

  it('paging stops on a link it has already followed (a server in a loop)', async () => {
    const b = base();
    let requests = 0;
    await useMswHandlers(
      http.get(`${b}/Observation`, ({ request }) => {
        requests++;
        const page = new URL(request.url).searchParams.get('page') ?? '1';
        const next = page === '1' ? '2' : '1'; // 1 → 2 → 1 → …
        return HttpResponse.json(
          searchset(
            [{ resource: { resourceType: 'Observation', id: `o${page}` } as never }],
            [{ relation: 'next', url: `${b}/Observation?page=${next}` }],
          ),
        );
      }),
    );
    const r = await client(b).searchAll('Observation', { page: '1' }, { maxPages: 1000 });
    expect(requests).to.equal(2);
    expect(r.complete).to.equal(false);
    expect(r.error?.message).to.contain('loop');
  });
});

describe('searches that do not trust a lax server', () => {
  it('asks the server to refuse what it does not support (Prefer: handling=strict)', async () => {
    const b = base();
    let prefer: string | null = null;
    await useMswHandlers(
      http.get(`${b}/Condition`, ({ request }) => {
        prefer = request.headers.get('prefer');
        return HttpResponse.json(searchset([]));
      }),
    );
    await client(b).search('Condition', { patient: 'p1' });
    expect(prefer).to.equal('handling=strict');
  });

  it('with searchMethod POST, the NHS number travels in the body of POST _search, never in a URL', async () => {
    const b = base();
    const urls: string[] = [];
    let body = '';
    await useMswHandlers(
      http.post(`${b}/Patient/_search`, async ({ request }) => {
        urls.push(request.url);
        body = await request.text();
        return HttpResponse.json(searchset([]));
      }),
    );
    await client(b, { searchMethod: 'POST' }).searchAll('Patient', { identifier: `${NHS}|9434765919` });
    expect(urls).to.have.length(1);
    expect(urls[0]).not.to.contain('9434765919');
    expect(new URLSearchParams(body).get('identifier')).to.equal(`${NHS}|9434765919`);
  });

  it('surfaces OperationOutcome entries of a searchset ("3 withheld by consent") instead of dropping them', async () => {
    const b = base();
    await useMswHandlers(
      http.get(`${b}/Condition`, () =>
        HttpResponse.json(
          searchset([
            { resource: { resourceType: 'Condition', id: 'c1' } as never, search: { mode: 'match' } },
            {
              resource: {
                resourceType: 'OperationOutcome',
                issue: [{ severity: 'warning', code: 'suppressed', diagnostics: '3 withheld by consent' }],
              } as never,
              search: { mode: 'outcome' },
            },
          ]),
        ),
      ),
    );
    const r = await client(b).searchAll('Condition', {});
    expect(r.resources.map((x) => x.resourceType)).to.deep.equal(['Condition']);
    expect(r.warnings).to.deep.equal(['3 withheld by consent']);
    expect(r.outcomes).to.have.length(1);
  });
});

describe('writes that prove themselves', () => {
  const message: Communication = { resourceType: 'Communication', status: 'completed', payload: [{ contentString: 'Reply' }] };

  for (const [name, answer] of [
    ['an OperationOutcome', { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] }],
    ['a Bundle', { resourceType: 'Bundle', type: 'transaction-response', entry: [] }],
    ['the resource without an id', { ...message }],
    ['nothing', null],
  ] as const) {
    it(`a create answered 201 with ${name} is not a saved write`, async () => {
      const b = base();
      await useMswHandlers(
        http.post(`${b}/Communication`, () =>
          answer ? HttpResponse.json(answer, { status: 201 }) : new HttpResponse(null, { status: 201 }),
        ),
      );
      const err = await rejection(client(b).create(message));
      expect(err.kind).to.equal('unexpected');
    });
  }

  it('asks for the saved resource back (Prefer: return=representation) and returns it', async () => {
    const b = base();
    let prefer: string | null = null;
    await useMswHandlers(
      http.post(`${b}/Communication`, async ({ request }) => {
        prefer = request.headers.get('prefer');
        return HttpResponse.json({ ...((await request.json()) as object), id: 'm1' }, { status: 201 });
      }),
    );
    const saved = await client(b).create(message);
    expect(saved.id).to.equal('m1');
    expect(prefer).to.equal('return=representation');
  });

  it('a 412 to a conditional create means "already saved": the saved resource is found by search', async () => {
    const b = base();
    const condition = 'identifier=urn:ietf:rfc:3986|urn:uuid:1234';
    let searched = '';
    await useMswHandlers(
      http.post(`${b}/Communication`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 412 })),
      http.get(`${b}/Communication`, ({ request }) => {
        searched = new URL(request.url).search;
        return HttpResponse.json(searchset([{ resource: { ...message, id: 'saved-1', meta: { lastUpdated: '2026-11-22T10:00:00Z' } } }]));
      }),
    );
    const saved = await client(b).create(message, { ifNoneExist: condition });
    expect(saved.id).to.equal('saved-1');
    expect(new URLSearchParams(searched).get('identifier')).to.equal('urn:ietf:rfc:3986|urn:uuid:1234');
  });

  it('a 412 with nothing matching stays a failure', async () => {
    const b = base();
    await useMswHandlers(
      http.post(`${b}/Communication`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 412 })),
      http.get(`${b}/Communication`, () => HttpResponse.json(searchset([]))),
    );
    const err = await rejection(client(b).create(message, { ifNoneExist: 'identifier=x|y' }));
    expect(err.status).to.equal(412);
  });
});

describe('cached responses are kept per user', () => {
  it('one token callback serving two users: the second user never sees the first user’s cached Patient', async () => {
    const b = base();
    const user = { token: 'token-of-user-one' };
    const seen: string[] = [];
    await useMswHandlers(
      http.get(`${b}/Patient/p1`, ({ request }) => {
        const auth = request.headers.get('authorization') ?? '';
        seen.push(auth);
        // what each user may see of the record differs (role-based access)
        const family = auth.endsWith('user-one') ? 'SEEN-BY-ONE' : 'SEEN-BY-TWO';
        return HttpResponse.json({ resourceType: 'Patient', id: 'p1', name: [{ family }] });
      }),
    );
    const shared = new RequestCache(60_000);
    const c = new FetchFhirClient({ baseUrl: b, cache: shared, getAccessToken: () => user.token });
    expect((await c.read<Patient>('Patient', 'p1')).name?.[0]?.family).to.equal('SEEN-BY-ONE');
    expect((await c.read<Patient>('Patient', 'p1')).name?.[0]?.family).to.equal('SEEN-BY-ONE');
    expect(seen).to.have.length(1); // the same user shares the cached answer
    user.token = 'token-of-user-two';
    expect((await c.read<Patient>('Patient', 'p1')).name?.[0]?.family).to.equal('SEEN-BY-TWO');
    expect(seen).to.have.length(2);
    // the cache key names the user by a digest, never by the token
    const keys = [...(shared as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys).to.have.length(2);
    expect(keys.join(' ')).not.to.contain('token-of-user');
  });

  it('a host-supplied user key scopes the cache whatever the token', async () => {
    const b = base();
    let hits = 0;
    await useMswHandlers(
      http.get(`${b}/Patient/p1`, () => {
        hits++;
        return HttpResponse.json({ resourceType: 'Patient', id: 'p1' });
      }),
    );
    const shared = new RequestCache(60_000);
    let n = 0;
    const one = new FetchFhirClient({ baseUrl: b, cache: shared, cacheScope: 'user-123', getAccessToken: () => `rotating-${++n}` });
    const two = new FetchFhirClient({ baseUrl: b, cache: shared, cacheScope: 'user-456', getAccessToken: () => 'same' });
    await one.read('Patient', 'p1');
    await one.read('Patient', 'p1');
    expect(hits).to.equal(1); // a refreshed token is still the same user
    await two.read('Patient', 'p1');
    expect(hits).to.equal(2);
  });
});

describe('keys per server, patient and user', () => {
  it('patientScopeKey differs by server, patient and user, and holds none of them', async () => {
    const { patientScopeKey } = await import('../src/index.js');
    const mk = (baseUrl: string, user: string) => new FetchFhirClient({ baseUrl, cache: false, cacheScope: user });
    const who = { id: 'p1', nhsNumber: '9434765919' };
    const k = await patientScopeKey(mk('https://a.example/fhir', 'u1'), who);
    expect(await patientScopeKey(mk('https://a.example/fhir', 'u1'), who)).to.equal(k);
    expect(await patientScopeKey(mk('https://b.example/fhir', 'u1'), who)).not.to.equal(k);
    expect(await patientScopeKey(mk('https://a.example/fhir', 'u2'), who)).not.to.equal(k);
    expect(await patientScopeKey(mk('https://a.example/fhir', 'u1'), { id: 'p1', nhsNumber: '9990000018' })).not.to.equal(k);
    expect(k).not.to.contain('p1').and.not.to.contain('9434765919').and.not.to.contain('u1');
  });

  it('<jc-context search-method="post"> searches with POST _search', async () => {
    const { fixture, html } = await import('@open-wc/testing');
    await import('../src/define.js');
    const b = base();
    const methods: string[] = [];
    await useMswHandlers(
      http.all(`${b}/*`, ({ request }) => {
        methods.push(`${request.method} ${new URL(request.url).pathname.replace(b, '')}`);
        return HttpResponse.json(searchset([]));
      }),
    );
    const { JcElement } = await import('../src/index.js');
    class ClientProbe extends JcElement {
      get provided() {
        return this.contextClient;
      }
    }
    if (!customElements.get('client-probe')) customElements.define('client-probe', ClientProbe);
    const ctx = await fixture(html`<jc-context fhir-base-url=${b} search-method="post"><client-probe></client-probe></jc-context>`);
    const provided = ctx.querySelector<ClientProbe>('client-probe')!.provided!;
    await provided.search('Patient', { identifier: `${NHS}|9434765919` });
    expect(methods).to.deep.equal(['POST /Patient/_search']);
  });
});
