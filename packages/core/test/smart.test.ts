import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, createFhirHandlers } from '@joinedcare/fixtures/msw.js';
import '../src/define.js';
import '@joinedcare/patient-banner/define.js';
import type { JcPatientBanner } from '@joinedcare/patient-banner';
import {
  FhirError,
  fromSmartClient,
  sharedRequestCache,
  smartLaunchContext,
  type JcContext,
  type SmartClientLike,
  type SmartTokenResponse,
} from '../src/index.js';
import { useMswHandlers } from '../../../test/helpers/msw.js';

const now = new Date('2026-11-01T00:00:00Z');
const set = buildPersonas({ now });
const { a, c } = set.personas;
const clock = { now: () => now };

let seq = 0;

/**
 * An EHR: a FHIR server (the fixture server behind MSW) that accepts only the currently issued
 * access token, and a token endpoint that issues a new one for the refresh token.
 */
async function ehr(options: { tokenAfterRefresh?: string } = {}) {
  const n = ++seq;
  const path = `/smart${n}`;
  const server = new FhirFixtureServer({ baseUrl: `${path}/fhir`, personas: set });
  const state = { valid: 'token-2', issued: 0, authHeaders: [] as (string | null)[] };
  await useMswHandlers(
    http.post(`${path}/auth/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== 'refresh-1') {
        return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      }
      state.issued++;
      return HttpResponse.json({ access_token: options.tokenAfterRefresh ?? 'token-2', token_type: 'Bearer', expires_in: 300 });
    }),
    http.all(`${path}/fhir/*`, ({ request }) => {
      const auth = request.headers.get('authorization');
      state.authHeaders.push(auth);
      if (auth !== `Bearer ${state.valid}`) return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 401 });
      return undefined; // on to the FHIR server
    }),
    ...createFhirHandlers(server),
  );
  return { path, serverUrl: `${location.origin}${path}/fhir`, state };
}

/** A fake `fhirclient` Client: the same shape, token refresh over real HTTP to the token endpoint. */
function fakeSmartClient(serverUrl: string, tokenResponse: Partial<SmartTokenResponse>) {
  const client = {
    refreshCalls: 0,
    state: {
      serverUrl,
      clientId: 'joinedcare-test',
      tokenUri: serverUrl.replace(/\/fhir$/, '/auth/token'),
      tokenResponse: { access_token: 'token-1', refresh_token: 'refresh-1', token_type: 'Bearer', ...tokenResponse } as SmartTokenResponse,
    },
    patient: {
      get id(): string | null {
        return client.state.tokenResponse.patient ?? null;
      },
    },
    encounter: {
      get id(): string | null {
        return client.state.tokenResponse.encounter ?? null;
      },
    },
    getState(p = ''): unknown {
      return p
        .split('.')
        .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), client.state);
    },
    async refresh() {
      client.refreshCalls++;
      const res = await fetch(client.state.tokenUri, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `grant_type=refresh_token&refresh_token=${client.state.tokenResponse.refresh_token ?? ''}`,
      });
      if (!res.ok) throw new Error('refresh failed');
      client.state.tokenResponse = { ...client.state.tokenResponse, ...((await res.json()) as SmartTokenResponse) };
      return client.state;
    },
    async request(url: string) {
      const res = await fetch(new URL(url, `${serverUrl}/`), {
        headers: { Authorization: `Bearer ${client.state.tokenResponse.access_token}` },
      });
      return res.json() as Promise<unknown>;
    },
  };
  return client satisfies SmartClientLike;
}

describe('SMART on FHIR', () => {
  afterEach(() => sharedRequestCache.invalidate());

  describe('smartLaunchContext', () => {
    it('reads the launch patient, encounter and need_patient_banner', () => {
      const client = fakeSmartClient('https://ehr.example/fhir', { patient: 'pat-a', encounter: 'enc-1', need_patient_banner: false });
      expect(smartLaunchContext(client)).to.deep.equal({ patientId: 'pat-a', encounterId: 'enc-1', needPatientBanner: false });
    });

    it('asks for a banner when the EHR did not say, and falls back to the token response', () => {
      const client: SmartClientLike = { state: { serverUrl: 'https://ehr.example/fhir', tokenResponse: { patient: 'pat-c' } } };
      expect(smartLaunchContext(client)).to.deep.equal({ patientId: 'pat-c', needPatientBanner: true });
      expect(smartLaunchContext({ state: { serverUrl: 'https://ehr.example/fhir' } })).to.deep.equal({ needPatientBanner: true });
    });
  });

  describe('fromSmartClient', () => {
    it('reads from the launch server with the bearer token', async () => {
      const server = await ehr();
      const client = fakeSmartClient(server.serverUrl, { access_token: 'token-2', patient: a.patientId });
      const fhir = fromSmartClient(client);
      expect(fhir.baseUrl).to.equal(server.serverUrl);
      expect(fromSmartClient(client)).to.equal(fhir);
      const p = await fhir.read('Patient', a.patientId);
      expect(p.id).to.equal(a.patientId);
      expect(server.state.authHeaders).to.deep.equal(['Bearer token-2']);
      expect(client.refreshCalls).to.equal(0);
    });

    it('refreshes exactly once after a 401, then retries with the new token', async () => {
      const server = await ehr();
      const client = fakeSmartClient(server.serverUrl, { patient: a.patientId });
      const p = await fromSmartClient(client).read('Patient', a.patientId);
      expect(p.id).to.equal(a.patientId);
      expect(client.refreshCalls).to.equal(1);
      expect(server.state.issued).to.equal(1);
      expect(server.state.authHeaders).to.deep.equal(['Bearer token-1', 'Bearer token-2']);
    });

    it('gives up with an auth error when the refreshed token is refused too (one refresh only)', async () => {
      const server = await ehr({ tokenAfterRefresh: 'still-wrong' });
      const client = fakeSmartClient(server.serverUrl, { patient: a.patientId });
      let error: unknown;
      try {
        await fromSmartClient(client, { cache: false }).read('Patient', a.patientId);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(FhirError);
      expect((error as FhirError).kind).to.equal('auth');
      expect((error as FhirError).status).to.equal(401);
      expect(client.refreshCalls).to.equal(1);
    });

    it('shares one refresh between requests that fail together', async () => {
      const server = await ehr();
      const client = fakeSmartClient(server.serverUrl, { patient: a.patientId });
      const fhir = fromSmartClient(client, { cache: false });
      await Promise.all([fhir.read('Patient', a.patientId), fhir.read('Patient', c.patientId)]);
      expect(client.refreshCalls).to.equal(1);
    });

    it('refreshes a token that is about to expire before using it', async () => {
      const server = await ehr();
      const client = fakeSmartClient(server.serverUrl, { patient: a.patientId });
      Object.assign(client.state, { expiresAt: Math.floor(Date.now() / 1000) + 2 });
      await fromSmartClient(client, { cache: false }).read('Patient', a.patientId);
      expect(server.state.authHeaders).to.deep.equal(['Bearer token-2']);
      expect(client.refreshCalls).to.equal(1);
    });
  });

  describe('<jc-context .smartClient>', () => {
    it('uses the launch patient and shows the banner when need_patient_banner is true', async () => {
      const server = await ehr();
      const client = fakeSmartClient(server.serverUrl, { patient: a.patientId, need_patient_banner: true });
      const logged: unknown[] = [];
      const original = { log: console.log, warn: console.warn, error: console.error, info: console.info };
      for (const k of ['log', 'warn', 'error', 'info'] as const) console[k] = (...args: unknown[]) => void logged.push(...args);
      const events: unknown[] = [];
      let ctx: JcContext;
      try {
        ctx = await fixture<JcContext>(
          html`<jc-context .smartClient=${client} .clock=${clock} @jc-context-changed=${(e: CustomEvent) => events.push(e.detail)}>
            <jc-patient-banner></jc-patient-banner>
          </jc-context>`,
        );
        const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part=base]'), 'the banner').to.exist;
        expect(el.hidden).to.equal(false);
        expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent.replace(/ /g, '')).to.equal(a.nhsNumber);
        expect(ctx.needPatientBanner).to.equal(true);
        expect(ctx.patientInContext?.id).to.equal(a.patientId);
        expect(client.refreshCalls).to.equal(1); // token-1 was refused once
        await expect(el).to.be.accessible();
      } finally {
        Object.assign(console, original);
      }
      // tokens never reach logs or events
      const seen = JSON.stringify([logged.map(String), events]);
      expect(seen).not.to.contain('token-1');
      expect(seen).not.to.contain('token-2');
      expect(seen).not.to.contain('refresh-1');
    });

    it('hides the banner when need_patient_banner is false (the EHR shows one)', async () => {
      const server = await ehr();
      const client = fakeSmartClient(server.serverUrl, { access_token: 'token-2', patient: a.patientId, need_patient_banner: false });
      const ctx = await fixture<JcContext>(
        html`<jc-context .smartClient=${client} .clock=${clock}><jc-patient-banner></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await el.updateComplete;
      expect(ctx.needPatientBanner).to.equal(false);
      expect(el.hidden).to.equal(true);
      expect(el.shadowRoot!.querySelector('[part=base]')).to.equal(null);
      expect(el.getBoundingClientRect().height).to.equal(0);
      expect(ctx.patientInContext?.id).to.equal(a.patientId); // the other widgets still get the patient
      await expect(ctx).to.be.accessible();
    });

    it('selects no patient when patient-id contradicts the launch patient', async () => {
      const server = await ehr();
      const client = fakeSmartClient(server.serverUrl, { access_token: 'token-2', patient: a.patientId });
      const warn = console.warn;
      const warnings: string[] = [];
      console.warn = (m: unknown) => void warnings.push(String(m));
      try {
        const ctx = await fixture<JcContext>(
          html`<jc-context .smartClient=${client} patient-id=${c.patientId}><jc-patient-banner></jc-patient-banner></jc-context>`,
        );
        const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
        await el.updateComplete;
        expect(ctx.patientInContext).to.equal(undefined);
        expect(el.shadowRoot!.querySelector('[part=not-configured]')).to.exist;
        expect(warnings.join(' ')).not.to.contain(a.patientId);
        const notice = ctx.shadowRoot!.querySelector('[part=config-error]')!;
        expect(notice.textContent).to.contain('patient-id names a different patient from the SMART launch');
        await expect(el).to.be.accessible();
      } finally {
        console.warn = warn;
      }
    });

    it('fhir-base-url is ignored when smartClient is set', async () => {
      const server = await ehr();
      const client = fakeSmartClient(server.serverUrl, { access_token: 'token-2', patient: a.patientId });
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/elsewhere/fhir" .smartClient=${client} .clock=${clock}>
          <jc-patient-banner></jc-patient-banner>
        </jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=base]'), 'the banner').to.exist;
      expect(server.state.authHeaders.length).to.be.greaterThan(0);
    });
  });
});
