import { expect } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import type { Bundle, Communication, Patient } from 'fhir/r4.js';
import { FetchFhirClient, FhirError, RequestCache, toSearchParams } from '../src/index.js';
import { useMswHandlers } from '../../../test/helpers/msw.js';

const patient = (id: string): Patient => ({ resourceType: 'Patient', id });
const outcome = (text: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'processing', diagnostics: text }],
});

let seq = 0;
/** A fresh base path and cache per test so tests never share cached responses. */
function setup(options: Partial<ConstructorParameters<typeof FetchFhirClient>[0]> = {}) {
  const base = `/t${++seq}/fhir`;
  const cache = new RequestCache(10_000);
  const client = new FetchFhirClient({ baseUrl: base, cache, ...options });
  return { base, client, cache };
}

async function rejection(p: Promise<unknown>): Promise<FhirError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(FhirError);
    return e as FhirError;
  }
  throw new Error('expected a rejection');
}

describe('FetchFhirClient', () => {
  it('reads a resource with Accept: application/fhir+json', async () => {
    const { base, client } = setup();
    let accept: string | null = null;
    await useMswHandlers(
      http.get(`${base}/Patient/:id`, ({ request, params }) => {
        accept = request.headers.get('accept');
        return HttpResponse.json(patient(String(params['id'])));
      }),
    );
    const p = await client.read<Patient>('Patient', 'abc');
    expect(p.id).to.equal('abc');
    expect(accept).to.equal('application/fhir+json');
  });

  it('refuses an invalid id without making a request', async () => {
    const { client } = setup();
    const err = await rejection(client.read('Patient', '../Organization/1'));
    expect(err.kind).to.equal('config');
  });

  it('rejects a reply of the wrong resourceType', async () => {
    const { base, client } = setup();
    await useMswHandlers(http.get(`${base}/Patient/:id`, () => HttpResponse.json({ resourceType: 'Organization', id: 'x' })));
    expect((await rejection(client.read('Patient', 'x'))).kind).to.equal('unexpected');
  });

  it('builds search parameters from objects, arrays and URLSearchParams', async () => {
    const { base, client } = setup();
    let query = '';
    await useMswHandlers(
      http.get(`${base}/Observation`, ({ request }) => {
        query = new URL(request.url).search;
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    await client.search('Observation', { patient: 'p1', _include: ['A:b', 'C:d'], _count: 10, skipped: undefined });
    expect(query).to.equal('?patient=p1&_include=A%3Ab&_include=C%3Ad&_count=10');
    expect(toSearchParams([['a', '1']]).toString()).to.equal('a=1');
    expect(toSearchParams(new URLSearchParams('x=2')).toString()).to.equal('x=2');
    expect(toSearchParams(undefined).toString()).to.equal('');
  });

  describe('paging', () => {
    function pagedServer(base: string, pages: number, failOn?: number) {
      const hits: number[] = [];
      return {
        hits,
        handler: http.get(`${base}/Observation`, ({ request }) => {
          const url = new URL(request.url);
          const page = Number(url.searchParams.get('page') ?? '1');
          hits.push(page);
          if (page === failOn) return HttpResponse.json(outcome('page broke'), { status: 500 });
          const next = new URL(url);
          next.searchParams.set('page', String(page + 1));
          const bundle: Bundle = {
            resourceType: 'Bundle',
            type: 'searchset',
            total: pages * 2,
            link: page < pages ? [{ relation: 'next', url: next.href }] : [],
            entry: [
              { resource: { resourceType: 'Observation', id: `o${page}a`, status: 'final', code: {} }, search: { mode: 'match' } },
              { resource: { resourceType: 'Observation', id: `o${page}b`, status: 'final', code: {} }, search: { mode: 'match' } },
              { resource: { resourceType: 'Patient', id: 'p' }, search: { mode: 'include' } },
            ],
          };
          return HttpResponse.json(bundle);
        }),
      };
    }

    it('follows link[next] to the end', async () => {
      const { base, client } = setup();
      const srv = pagedServer(base, 4);
      await useMswHandlers(srv.handler);
      const progress: number[] = [];
      const r = await client.searchAll('Observation', { patient: 'p' }, { onPage: (p) => progress.push(p.resources) });
      expect(r.resources.map((o) => o.id)).to.deep.equal(['o1a', 'o1b', 'o2a', 'o2b', 'o3a', 'o3b', 'o4a', 'o4b']);
      expect(r.included).to.have.length(1, 'an included resource repeated on every page is kept once');
      expect(r.pages).to.equal(4);
      expect(r.total).to.equal(8);
      expect(r.complete).to.equal(true);
      expect(r.truncated).to.equal(false);
      expect(progress).to.deep.equal([2, 4, 6, 8]);
    });

    it('stops at the page cap and says the result is truncated', async () => {
      const { base, client } = setup({ maxPages: 2 });
      const srv = pagedServer(base, 5);
      await useMswHandlers(srv.handler);
      const r = await client.searchAll('Observation');
      expect(r.pages).to.equal(2);
      expect(r.truncated).to.equal(true);
      expect(r.complete).to.equal(false);
      expect(srv.hits).to.deep.equal([1, 2]);
      const r3 = await client.searchAll('Observation', {}, { maxPages: 3 });
      expect(r3.pages).to.equal(3);
    });

    it('keeps the first pages when a later page fails', async () => {
      const { base, client } = setup();
      const srv = pagedServer(base, 5, 3);
      await useMswHandlers(srv.handler);
      const r = await client.searchAll('Observation');
      expect(r.resources).to.have.length(4);
      expect(r.complete).to.equal(false);
      expect(r.error?.status).to.equal(500);
      expect(r.error?.outcomeText).to.equal('page broke');
    });

    it('rejects when the first page fails', async () => {
      const { base, client } = setup();
      const srv = pagedServer(base, 5, 1);
      await useMswHandlers(srv.handler);
      expect((await rejection(client.searchAll('Observation'))).status).to.equal(500);
    });

    it('never follows a next link to another origin (the token would leak)', async () => {
      const { base, client } = setup({ getAccessToken: () => 'secret' });
      await useMswHandlers(
        http.get(`${base}/Observation`, () =>
          HttpResponse.json({
            resourceType: 'Bundle',
            type: 'searchset',
            link: [{ relation: 'next', url: 'https://evil.example/fhir/Observation?page=2' }],
            entry: [{ resource: { resourceType: 'Observation', id: 'x' } }],
          }),
        ),
      );
      const r = await client.searchAll('Observation');
      expect(r.resources).to.have.length(1);
      expect(r.error?.kind).to.equal('config');
    });
  });

  describe('merging and caching', () => {
    it('merges identical GETs in flight: four readers make one request', async () => {
      const { base, client } = setup();
      let hits = 0;
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, async () => {
          hits++;
          await delay(50);
          return HttpResponse.json(patient('same'));
        }),
      );
      const results = await Promise.all([1, 2, 3, 4].map(() => client.read<Patient>('Patient', 'same')));
      expect(hits).to.equal(1);
      expect(results.every((r) => r.id === 'same')).to.equal(true);
    });

    it('shares the cache between clients of the same server, and between widgets on the page', async () => {
      const base = `/t${++seq}/fhir`;
      const cache = new RequestCache(10_000);
      const a = new FetchFhirClient({ baseUrl: base, cache });
      const b = new FetchFhirClient({ baseUrl: base, cache });
      let hits = 0;
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, () => {
          hits++;
          return HttpResponse.json(patient('p'));
        }),
      );
      await a.read('Patient', 'p');
      await b.read('Patient', 'p');
      expect(hits).to.equal(1);
      await b.read('Patient', 'p', { cache: 'no-cache' });
      expect(hits).to.equal(2, 'no-cache bypasses the cache');
      a.clearCache();
      await a.read('Patient', 'p');
      expect(hits).to.equal(3, 'clearCache forgets');
    });

    it('never shares cached responses between two users (different token callbacks) of one server', async () => {
      const base = `/t${++seq}/fhir`;
      const cache = new RequestCache(10_000);
      const tokenA = () => 'token-of-user-a';
      const tokenB = () => 'token-of-user-b';
      const a1 = new FetchFhirClient({ baseUrl: base, cache, getAccessToken: tokenA });
      const a2 = new FetchFhirClient({ baseUrl: base, cache, getAccessToken: tokenA });
      const b = new FetchFhirClient({ baseUrl: base, cache, getAccessToken: tokenB });
      const sameUser = new FetchFhirClient({ baseUrl: base, cache, getAccessToken: () => 'a again', cacheScope: 'user-a' });
      const sameUser2 = new FetchFhirClient({ baseUrl: base, cache, getAccessToken: () => 'a again', cacheScope: 'user-a' });
      const auth: string[] = [];
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, ({ request }) => {
          auth.push(request.headers.get('authorization') ?? '');
          return HttpResponse.json(patient('p'));
        }),
      );
      await a1.read('Patient', 'p');
      await a2.read('Patient', 'p'); // same callback: shared
      await b.read('Patient', 'p'); // another user's callback: asks the server itself
      await sameUser.read('Patient', 'p');
      await sameUser2.read('Patient', 'p'); // same explicit scope: shared
      expect(auth).to.deep.equal(['Bearer token-of-user-a', 'Bearer token-of-user-b', 'Bearer a again']);
      // a write through any client invalidates the server's cached reads in every scope
      a1.clearCache();
      await b.read('Patient', 'p');
      expect(auth).to.have.length(4);
    });

    it('expires cached responses after the TTL and never caches failures', async () => {
      const base = `/t${++seq}/fhir`;
      let t = 0;
      const cache = new RequestCache(1000, () => t);
      const client = new FetchFhirClient({ baseUrl: base, cache });
      let hits = 0;
      let fail = true;
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, () => {
          hits++;
          return fail ? HttpResponse.json(outcome('down'), { status: 500 }) : HttpResponse.json(patient('p'));
        }),
      );
      await rejection(client.read('Patient', 'p'));
      fail = false;
      await client.read('Patient', 'p');
      expect(hits).to.equal(2);
      t = 500;
      await client.read('Patient', 'p');
      expect(hits).to.equal(2);
      t = 1500;
      await client.read('Patient', 'p');
      expect(hits).to.equal(3);
      expect(cache.size).to.equal(1);
    });

    it('a write clears the cache for that server', async () => {
      const { base, client } = setup();
      let hits = 0;
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, () => {
          hits++;
          return HttpResponse.json(patient('p'));
        }),
        http.post(`${base}/Communication`, async ({ request }) =>
          HttpResponse.json({ ...((await request.json()) as object), id: 'c1' }, { status: 201 }),
        ),
      );
      await client.read('Patient', 'p');
      await client.create({ resourceType: 'Communication', status: 'completed' });
      await client.read('Patient', 'p');
      expect(hits).to.equal(2);
    });
  });

  describe('abort and timeout', () => {
    it('one caller aborting does not cancel the request another caller shares', async () => {
      const { base, client } = setup();
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, async () => {
          await delay(80);
          return HttpResponse.json(patient('p'));
        }),
      );
      const ac = new AbortController();
      const first = client.read('Patient', 'p', { signal: ac.signal });
      const second = client.read<Patient>('Patient', 'p', { signal: new AbortController().signal });
      ac.abort();
      expect((await rejection(first)).kind).to.equal('aborted');
      expect((await second).id).to.equal('p');
    });

    it('aborting every caller aborts the request', async () => {
      const { base, client, cache } = setup();
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, async () => {
          await delay(2000);
          return HttpResponse.json(patient('p'));
        }),
      );
      const ac = new AbortController();
      const p = client.read('Patient', 'p', { signal: ac.signal });
      ac.abort();
      expect((await rejection(p)).kind).to.equal('aborted');
      expect(cache.size).to.equal(0);
      const already = new AbortController();
      already.abort();
      expect((await rejection(client.read('Patient', 'q', { signal: already.signal }))).kind).to.equal('aborted');
    });

    it('times out with a timeout error', async () => {
      const { base, client } = setup({ timeoutMs: 100 });
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, async () => {
          await delay(3000);
          return HttpResponse.json(patient('p'));
        }),
      );
      const err = await rejection(client.read('Patient', 'p'));
      expect(err.kind).to.equal('timeout');
      const err2 = await rejection(client.read('Patient', 'q', { timeoutMs: 50 }));
      expect(err2.kind).to.equal('timeout');
    });
  });

  describe('auth', () => {
    it('asks for a token per request and sends it as a bearer token', async () => {
      const { base, client } = setup({ getAccessToken: async () => 'tok-1' });
      const seen: (string | null)[] = [];
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, ({ request, params }) => {
          seen.push(request.headers.get('authorization'));
          return HttpResponse.json(patient(String(params['id'])));
        }),
      );
      await client.read('Patient', 'a');
      await client.read('Patient', 'b');
      expect(seen).to.deep.equal(['Bearer tok-1', 'Bearer tok-1']);
    });

    it('after a 401 fetches a fresh token and retries exactly once', async () => {
      const calls: boolean[] = [];
      const { base, client } = setup({
        getAccessToken: async ({ forceRefresh }) => {
          calls.push(forceRefresh);
          return forceRefresh ? 'fresh' : 'stale';
        },
      });
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, ({ request }) =>
          request.headers.get('authorization') === 'Bearer fresh'
            ? HttpResponse.json(patient('p'))
            : HttpResponse.json(outcome('expired'), { status: 401 }),
        ),
      );
      const p = await client.read<Patient>('Patient', 'p');
      expect(p.id).to.equal('p');
      expect(calls).to.deep.equal([false, true]);
    });

    it('a second 401 is an auth error, and the token never appears in it', async () => {
      const calls: boolean[] = [];
      const { base, client } = setup({
        getAccessToken: ({ forceRefresh }) => {
          calls.push(forceRefresh);
          return 'super-secret-token';
        },
      });
      let hits = 0;
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, () => {
          hits++;
          return HttpResponse.json(outcome('Token rejected'), { status: 401 });
        }),
      );
      const err = await rejection(client.read('Patient', 'p'));
      expect(err.kind).to.equal('auth');
      expect(err.status).to.equal(401);
      expect(hits).to.equal(2);
      expect(calls).to.deep.equal([false, true]);
      expect(JSON.stringify({ m: err.message, o: err.outcomeText, s: String(err) })).not.to.contain('super-secret-token');
    });
  });

  it('a failing token callback is an auth error, not a network error', async () => {
    const { client } = setup({
      getAccessToken: () => {
        throw new Error('login expired');
      },
    });
    expect((await rejection(client.read('Patient', 'p'))).kind).to.equal('auth');
  });

  describe('errors', () => {
    const cases: Array<[number, string]> = [
      [400, 'http'],
      [403, 'auth'],
      [404, 'not-found'],
      [410, 'not-found'],
      [409, 'http'],
      [422, 'http'],
      [500, 'http'],
      [502, 'http'],
      [504, 'http'],
    ];
    for (const [status, kind] of cases) {
      it(`HTTP ${status} becomes a ${kind} error with the OperationOutcome text`, async () => {
        const { base, client } = setup();
        await useMswHandlers(http.get(`${base}/Patient/:id`, () => HttpResponse.json(outcome(`reason ${status}`), { status })));
        const err = await rejection(client.read('Patient', 'p'));
        expect(err.status).to.equal(status);
        expect(err.kind).to.equal(kind);
        expect(err.outcomeText).to.equal(`reason ${status}`);
        expect(err.operationOutcome?.resourceType).to.equal('OperationOutcome');
      });
    }

    it('an error without a body still carries the status', async () => {
      const { base, client } = setup();
      await useMswHandlers(http.get(`${base}/Patient/:id`, () => new HttpResponse(null, { status: 500 })));
      const err = await rejection(client.read('Patient', 'p'));
      expect(err.status).to.equal(500);
      expect(err.outcomeText).to.equal(undefined);
    });

    it('an HTML page sent with status 200 is a parse error', async () => {
      const { base, client } = setup();
      await useMswHandlers(http.get(`${base}/Patient/:id`, () => HttpResponse.html('<html><body>Gateway login</body></html>')));
      expect((await rejection(client.read('Patient', 'p'))).kind).to.equal('parse');
    });

    it('truncated JSON is a parse error', async () => {
      const { base, client } = setup();
      await useMswHandlers(http.get(`${base}/Patient/:id`, () => HttpResponse.text('{"resourceType":"Pat', { status: 200 })));
      expect((await rejection(client.read('Patient', 'p'))).kind).to.equal('parse');
    });

    it('a JSON value that is not an object is a parse error', async () => {
      const { base, client } = setup();
      await useMswHandlers(http.get(`${base}/Patient/:id`, () => HttpResponse.text('42')));
      expect((await rejection(client.read('Patient', 'p'))).kind).to.equal('parse');
    });

    it('a connection failure is a network error', async () => {
      const { base, client } = setup();
      await useMswHandlers(http.get(`${base}/Patient/:id`, () => HttpResponse.error()));
      expect((await rejection(client.read('Patient', 'p'))).kind).to.equal('network');
    });

    it('honours Retry-After on 429, with a bounded number of retries', async () => {
      const { base, client } = setup({ retries: 2 });
      let hits = 0;
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, () => {
          hits++;
          return hits < 2 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '0' } }) : HttpResponse.json(patient('p'));
        }),
      );
      expect((await client.read<Patient>('Patient', 'p')).id).to.equal('p');
      expect(hits).to.equal(2);

      const { base: base2, client: client2 } = setup({ retries: 2 });
      let hits2 = 0;
      await useMswHandlers(
        http.get(`${base2}/Patient/:id`, () => {
          hits2++;
          return new HttpResponse(null, { status: 429, headers: { 'Retry-After': '0' } });
        }),
      );
      const err = await rejection(client2.read('Patient', 'p'));
      expect(err.kind).to.equal('rate-limited');
      expect(err.retryAfterMs).to.equal(0);
      expect(hits2).to.equal(3, 'one try and two retries, then it gives up');
    });
  });

  describe('writes', () => {
    it('creates with a conditional If-None-Exist header', async () => {
      const { base, client } = setup();
      let header: string | null = null;
      let contentType: string | null = null;
      await useMswHandlers(
        http.post(`${base}/Communication`, async ({ request }) => {
          header = request.headers.get('if-none-exist');
          contentType = request.headers.get('content-type');
          const body = (await request.json()) as object;
          return HttpResponse.json({ ...body, id: 'new-1' }, { status: 201 });
        }),
      );
      const created = await client.create<Communication>(
        { resourceType: 'Communication', status: 'completed' },
        { ifNoneExist: 'identifier=urn:ietf:rfc:3986|urn:uuid:1' },
      );
      expect(created.id).to.equal('new-1');
      expect(header).to.equal('identifier=urn:ietf:rfc:3986|urn:uuid:1');
      expect(contentType).to.equal('application/fhir+json');
    });

    it('posts batch and transaction Bundles to the base URL', async () => {
      const { base, client } = setup();
      const types: string[] = [];
      await useMswHandlers(
        http.post(`${base}`, async ({ request }) => {
          const b = (await request.json()) as Bundle;
          types.push(b.type);
          return HttpResponse.json({ resourceType: 'Bundle', type: `${b.type}-response`, entry: [] });
        }),
      );
      const batch = await client.batch({ resourceType: 'Bundle', type: 'batch', entry: [] });
      const tx = await client.transaction({ resourceType: 'Bundle', type: 'batch', entry: [] });
      expect(types).to.deep.equal(['batch', 'transaction']);
      expect(batch.type).to.equal('batch-response');
      expect(tx.type).to.equal('transaction-response');
    });

    it('updates with PUT and If-Match', async () => {
      const { base, client } = setup();
      let ifMatch: string | null = null;
      await useMswHandlers(
        http.put(`${base}/Task/:id`, async ({ request }) => {
          ifMatch = request.headers.get('if-match');
          return HttpResponse.json(await request.json());
        }),
      );
      const t = await client.update({ resourceType: 'Task', id: 't1', status: 'accepted', intent: 'order' }, { ifMatch: 'W/"2"' });
      expect(t.status).to.equal('accepted');
      expect(ifMatch).to.equal('W/"2"');
      expect((await rejection(client.update({ resourceType: 'Task', status: 'accepted', intent: 'order' }))).kind).to.equal('config');
    });
  });
});
