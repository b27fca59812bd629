// Issue 7, part 3: server faults. Every widget meets every fault through the fixture FHIR server's
// fault injection over MSW (HTTP 400–504 with OperationOutcome bodies, 429 with Retry-After,
// timeouts, connection resets, invalid JSON, an HTML page sent with 200, a failing third page), and
// a few through the live FHIR server (Medplum) with the fault injected in front of it. Asserted:
// the visible state (error with Retry, partial keeping the first pages, loaded after Retry), one
// token refresh per 401, Retry-After honoured, retries bounded per URL and backing off.
import { expect } from '@open-wc/testing';
import { HttpResponse, http, passthrough, type HttpHandler } from 'msw';
import type { Resource } from 'fhir/r4.js';
import { adviceAllScenarios, careTeamAndPlans, referralsWithAppointments, type FaultRule } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { FetchFhirClient, msg, sharedRequestCache, type GetAccessToken } from '@joinedcare/core';
import { visibleText } from '../hostile/trap.js';
import { $$, FINDER_POPULATION, NOW, PERSONAS, WIDGETS, has, mountInContext, type WidgetCase } from '../hostile/harness.js';
import { LIVE_PREFIX, liveBaseUrl, liveServerInfo } from '../integration/live.js';
import { manualTimeouts } from '../helpers/timeouts.js';

const BASE = '/faults-fhir';
const { a, f } = PERSONAS.personas;
/** The client's documented bound: 1 request + `retries` (2) for 429/503 on reads; 1 + one token refresh for 401. */
const MAX_RETRIES = 2;

interface Seen {
  url: string;
  at: number;
}

/** When each request reached the network (logged, then handed on to the fixture server). */
const seen: Seen[] = [];
/** Page size forced on searches (so a small record has a third page); undefined: the widget's own. */
let pageSize: number | undefined;

function clampPaging(url: string): string {
  if (pageSize === undefined) return url;
  const u = new URL(url);
  const path = u.pathname.slice(BASE.length).split('/').filter(Boolean);
  if (path.length !== 1 || u.searchParams.get('_summary') === 'count') return url; // searches only
  u.searchParams.set('_count', String(Math.min(pageSize, Number(u.searchParams.get('_count') ?? 50) || pageSize)));
  return u.href;
}

function handlers(server: FhirFixtureServer): HttpHandler[] {
  return [
    http.all(
      ({ request }) => server.matches(request.url),
      async ({ request }) => {
        seen.push({ url: request.url, at: performance.now() });
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        const body = hasBody ? await request.text() : null;
        const result = server.handle({ method: request.method, url: clampPaging(request.url), headers: request.headers, body });
        if (result.until) await result.until; // a held answer (server.hold)
        if (result.delayMs > 0) await new Promise((r) => setTimeout(r, result.delayMs));
        if (result.networkError) return HttpResponse.error();
        const payload =
          result.body === undefined || result.status === 204
            ? null
            : typeof result.body === 'string'
              ? result.body
              : JSON.stringify(result.body);
        return new HttpResponse(payload, { status: result.status, headers: result.headers });
      },
    ),
  ];
}

/** Requests per URL (faulted ones included). */
function perUrl(): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of seen) m.set(s.url, (m.get(s.url) ?? 0) + 1);
  return m;
}
const maxPerUrl = () => Math.max(0, ...perUrl().values());

const alertShown = (el: HTMLElement) => $$(el, '[part=error][role=alert], [part=partial][role=alert]').length > 0;
const loaded = (el: HTMLElement) => !has(el, '[part=error], [part=partial], [part~=loading]');

/** Presses every Retry and waits until what it loads is drawn (`updateComplete`); again while a notice is left. */
async function retryUntilLoaded(w: WidgetCase, el: HTMLElement): Promise<void> {
  for (let i = 0; i < 5 && !loaded(el); i++) {
    for (const b of $$(el, '[part=retry-button]')) b.click();
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(w.ready(el), `${w.tag} settled after Retry`).to.equal(true);
  }
  expect(loaded(el), `${w.tag} loaded after Retry`).to.equal(true);
}

interface FaultCase {
  name: string;
  rule: FaultRule;
  /** Text the user must see (the OperationOutcome's, or the error sentence). */
  text: string;
  /** The most requests any one URL may see. */
  bound: number;
  /** Every request times out: its answer is held and the test fires the client's timeout (no clock involved). */
  timeout?: boolean;
}

const OO_TEXT = 'The record store is being maintained (test)';
const CASES: FaultCase[] = [
  ...[400, 403, 404, 409, 410, 500, 502, 504].map((status) => ({
    name: `HTTP ${status}`,
    rule: { status },
    text: `Injected fault (HTTP ${status})`, // the fixture server's OperationOutcome diagnostics
    bound: 1,
  })),
  { name: 'HTTP 401 (refresh once, still refused)', rule: { status: 401 }, text: msg('errorAuth'), bound: 2 },
  {
    name: 'HTTP 429 every time (bounded retries)',
    rule: { status: 429, headers: { 'Retry-After': '0.05' } },
    text: msg('errorRateLimited'),
    bound: 1 + MAX_RETRIES,
  },
  {
    name: 'HTTP 503 every time (bounded retries)',
    rule: { status: 503, headers: { 'Retry-After': '0.05' } },
    text: 'Injected fault (HTTP 503)',
    bound: 1 + MAX_RETRIES,
  },
  { name: 'timeout', rule: {}, text: msg('errorTimeout'), bound: 1, timeout: true },
  { name: 'connection reset', rule: { networkError: true }, text: msg('errorNetwork'), bound: 1 },
  {
    name: 'invalid JSON',
    rule: { status: 200, body: '{"resourceType":"Bundle","entry":[{"resource":', contentType: 'application/fhir+json' },
    text: msg('errorParse'),
    bound: 1,
  },
  {
    name: 'an HTML error page with status 200',
    rule: { status: 200, body: '<!doctype html><html><body><h1>Service unavailable</h1></body></html>', contentType: 'text/html' },
    text: msg('errorParse'),
    bound: 1,
  },
  {
    name: 'an OperationOutcome body',
    rule: {
      status: 500,
      body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: OO_TEXT }] },
    },
    text: OO_TEXT,
    bound: 1,
  },
];

describe('faults (issue 7.3)', function () {
  this.timeout(30_000);
  let server: FhirFixtureServer;
  const tokenCalls: boolean[] = [];
  const getAccessToken: GetAccessToken = ({ forceRefresh }) => {
    tokenCalls.push(forceRefresh);
    return `token-${tokenCalls.length}`;
  };
  const extra: Resource[] = [
    ...careTeamAndPlans(a, { now: NOW }),
    ...adviceAllScenarios({ now: NOW, patientId: a.patientId }),
    ...referralsWithAppointments({ now: NOW, patientId: a.patientId, nhsNumber: a.nhsNumber }),
    ...FINDER_POPULATION.resources,
  ];

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: PERSONAS, clock: () => NOW });
    await startFixtureWorker(server, { handlers: handlers(server) });
  });
  beforeEach(() => {
    server.reset();
    for (const r of extra) server.put(r, { preserveLastUpdated: true });
    seen.length = 0;
    tokenCalls.length = 0;
    pageSize = undefined;
    sharedRequestCache.invalidate();
  });
  afterEach(() => sharedRequestCache.invalidate());

  it('the bookkeeping can fail: a widget that loads normally never needs Retry and sees one request per URL', async () => {
    const w = WIDGETS.find((x) => x.tag === 'jc-referral-status')!;
    const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: a.patientId });
    expect(loaded(el)).to.equal(true);
    expect(alertShown(el)).to.equal(false);
    expect(maxPerUrl()).to.equal(1);
  });

  for (const w of WIDGETS) {
    describe(`<${w.tag}>`, () => {
      for (const c of CASES) {
        it(`${c.name}: shows the error with Retry, never exceeds ${c.bound} request(s) per URL, then loads after Retry`, async () => {
          const timeouts = manualTimeouts();
          const held = c.timeout ? server.hold() : undefined;
          if (held) timeouts.expireAll();
          else server.addFault(c.rule);
          const client = c.timeout ? new FetchFhirClient({ baseUrl: BASE, getAccessToken, setTimer: timeouts.setTimer }) : undefined;
          const el = await mountInContext(w, w.viaClient(), {
            base: BASE,
            patientId: a.patientId,
            getAccessToken,
            ...(client ? { client } : {}),
          });
          expect(alertShown(el), 'an error or partial notice (role=alert)').to.equal(true);
          expect(has(el, '[part=retry-button]'), 'a Retry button').to.equal(true);
          // the finder checks patients one by one: it reports who could not be checked, not each error
          expect(visibleText(el)).to.contain(w.tag === 'jc-specialist-finder' ? msg('sfPartialTitle') : c.text);
          expect(maxPerUrl(), 'requests per URL').to.be.at.most(c.bound);
          if (c.rule.status === 401) {
            // one refresh per refused request, never a loop
            expect(tokenCalls.filter((x) => x).length).to.equal(perUrl().size);
          }
          server.clearFaults();
          timeouts.expireAll(false); // and no request of the retry times out by itself
          held?.release();
          await retryUntilLoaded(w, el);
        });
      }

      it('HTTP 401 once: asks getAccessToken again exactly once (forceRefresh) and loads', async () => {
        server.addFault({ status: 401, times: 1 });
        const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: a.patientId, getAccessToken });
        expect(loaded(el), 'loaded').to.equal(true);
        expect(tokenCalls.filter((x) => x)).to.deep.equal([true]);
      });

      it('HTTP 429 once with Retry-After: waits as asked, retries once and loads', async () => {
        server.addFault({ status: 429, headers: { 'Retry-After': '1' }, times: 1 });
        const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: a.patientId });
        expect(loaded(el), 'loaded').to.equal(true);
        const first = seen[0];
        const again = seen.filter((s) => s.url === first.url);
        expect(again, 'the refused request was sent again once').to.have.length(2);
        // ordering, not performance: the retry was not sent before the server's Retry-After had passed
        expect(again[1].at - again[0].at).to.be.at.least(990);
      });

      if (w.pages) {
        it('the third page of a search fails: the first pages stay, with "could not be loaded"', async () => {
          pageSize = 2;
          server.addFault({ match: ({ url }) => url.searchParams.get('_offset') === '4', status: 500 });
          const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: a.patientId });
          const pages = seen.filter((s) => new URL(s.url).searchParams.get('_offset') === '4');
          expect(pages.length, 'a third page was asked for').to.be.greaterThan(0);
          if (w.tag === 'jc-advice-prompt') {
            // a prompt must never be worked out from part of the record: an error with Retry instead
            expect(alertShown(el) && has(el, '[part=retry-button]'), 'error with Retry').to.equal(true);
            return;
          }
          const text = visibleText(el);
          expect(
            has(el, '[part=partial][role=alert]') || /could not be (loaded|checked)|not every record could be loaded/i.test(text),
            'says some items could not be loaded',
          ).to.equal(true);
          // the finder lists only matching patients; the others keep what the first pages gave
          if (w.tag !== 'jc-specialist-finder') expect(has(el, '[part~=item]'), 'the first pages are still shown').to.equal(true);
        });
      }
    });
  }

  it('persona (f), results page 3 fails: the first 1000 results stay, with "not every record could be loaded"', async function () {
    this.timeout(60_000);
    server.addFault({
      match: ({ url }) => url.pathname.endsWith('/Observation') && url.searchParams.get('_offset') === '1000',
      status: 503,
    });
    const w = WIDGETS.find((x) => x.tag === 'jc-care-summary')!;
    const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: f.patientId }, 30_000);
    const results = $$(el, '[data-section=results]')[0];
    expect(results.textContent).to.contain('Not every record could be loaded');
    expect(has(el, '[part=error]')).to.equal(false);
    // bounded: the failing page was asked at most 1 + retries times
    const page3 = seen.filter((s) => new URL(s.url).searchParams.get('_offset') === '1000' && s.url.includes('/Observation'));
    expect(page3.length).to.be.within(1, 1 + MAX_RETRIES);
  });

  it('503 without Retry-After backs off (500 ms, then 1000 ms) and gives up after the documented retries', async function () {
    this.timeout(20_000);
    server.addFault({ status: 503 });
    const w = WIDGETS.find((x) => x.tag === 'jc-patient-banner')!;
    const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: a.patientId }, 15_000);
    expect(alertShown(el)).to.equal(true);
    const times = seen.map((s) => s.at);
    expect(times).to.have.length(1 + MAX_RETRIES);
    expect(times[1] - times[0]).to.be.at.least(490);
    expect(times[2] - times[1]).to.be.at.least(990);
  });

  describe('through the live FHIR server (Medplum)', function () {
    this.timeout(90_000);
    let liveFault: ((url: URL) => boolean) | undefined;
    const liveSeen: string[] = [];
    before(async () => {
      await liveServerInfo(); // starts the server
      // faults are injected in front of the real server; everything else passes through to it
      await startFixtureWorker(server, {
        handlers: [
          ...handlers(server),
          http.all(`${location.origin}${LIVE_PREFIX}/fhir/*`, ({ request }) => {
            const url = new URL(request.url);
            liveSeen.push(url.href);
            if (liveFault?.(url)) {
              return HttpResponse.json(
                { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: OO_TEXT }] },
                { status: 500 },
              );
            }
            return passthrough();
          }),
        ],
      });
    });
    after(async () => {
      liveFault = undefined;
      await startFixtureWorker(server, { handlers: handlers(server) });
    });
    beforeEach(() => {
      liveSeen.length = 0;
      sharedRequestCache.invalidate();
    });

    it('care summary, persona (f): the real server pages; page 3 of results fails; the first pages stay', async () => {
      const info = await liveServerInfo();
      liveFault = (url) => url.pathname.endsWith('/Observation') && url.searchParams.get('_offset') === '1000';
      const w = WIDGETS.find((x) => x.tag === 'jc-care-summary')!;
      const el = await mountInContext(w, w.viaClient(), { base: liveBaseUrl(), patientId: info.personas.f.patientId }, 60_000);
      expect(liveSeen.some((u) => u.includes('_offset=1000'))).to.equal(true);
      const results = $$(el, '[data-section=results]')[0];
      expect(results.textContent).to.contain('Not every record could be loaded');
      expect(results.querySelectorAll('[part~=item]').length).to.be.greaterThan(0);
    });

    it('referral status: a 500 with an OperationOutcome shows its text; Retry then loads from the real server', async () => {
      const info = await liveServerInfo();
      liveFault = () => true;
      const w = WIDGETS.find((x) => x.tag === 'jc-referral-status')!;
      const el = await mountInContext(w, w.viaClient(), { base: liveBaseUrl(), patientId: info.personas.a.patientId });
      expect(alertShown(el)).to.equal(true);
      expect(visibleText(el)).to.contain(OO_TEXT);
      liveFault = undefined;
      await retryUntilLoaded(w, el);
      expect(has(el, '[part~=item]')).to.equal(true);
    });
  });
});
