import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { http, HttpResponse } from 'msw';
import type { Patient } from 'fhir/r4.js';
import '../src/define.js';
import {
  JcContext,
  JcElement,
  FetchFhirClient,
  RequestCache,
  resolvePatient,
  type FhirClient,
  type PatientInContext,
} from '../src/index.js';
import { useMswHandlers } from '../../../test/helpers/msw.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const pat = (id: string, family: string, nhs: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family, given: ['Test'] }],
  identifier: [{ system: NHS, value: nhs }],
});

/** A minimal widget that shows the patient's family name through the standard task/render path. */
class ProbeWidget extends JcElement {
  loads = 0;
  private task = this.createPatientTask(async ({ client, patient, signal }) => {
    this.loads++;
    return resolvePatient(client, patient, { signal });
  });
  protected override render() {
    return this.renderPatientTask(this.task, 'probe', (p) => litHtml`<p class="name">${p.name?.[0]?.family}</p>`);
  }
}
customElements.define('probe-widget', ProbeWidget);

/** Reads the context values a child receives, without the JcElement machinery. */
class RawConsumer extends JcElement {
  get ctx() {
    return {
      client: this.contextClient,
      patient: this.contextPatient,
      setting: this.contextSetting,
      locale: this.contextLocale,
      clock: this.contextClock,
    };
  }
  protected override render() {
    return litHtml``;
  }
}
customElements.define('raw-consumer', RawConsumer);

let seq = 0;
function base() {
  return `/ctx${++seq}/fhir`;
}
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<jc-context>', () => {
  it('provides client, patient, setting, language and clock to the widgets inside', async () => {
    const b = base();
    const clock = { now: () => new Date('2024-03-12T10:00:00Z') };
    const el = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${b} patient-id="p1" nhs-number="943 476 5919" setting="secondary" lang="en-GB" .clock=${clock}>
        <raw-consumer></raw-consumer>
      </jc-context>`,
    );
    const c = el.querySelector<RawConsumer>('raw-consumer')!;
    expect(c.ctx.client?.baseUrl).to.equal(new URL(b, location.href).href);
    expect(c.ctx.patient?.id).to.equal('p1');
    expect(c.ctx.patient?.nhsNumber).to.equal('9434765919');
    expect(c.ctx.setting).to.equal('secondary');
    expect(c.ctx.locale).to.equal('en-GB');
    expect(c.ctx.clock?.now().toISOString()).to.equal('2024-03-12T10:00:00.000Z');
    await expect(el).to.be.accessible();
  });

  it('a client property wins over fhir-base-url', async () => {
    const custom = new FetchFhirClient({ baseUrl: '/custom/fhir', cache: false });
    const el = await fixture<JcContext>(
      html`<jc-context fhir-base-url="/other" patient-id="p1" .client=${custom}><raw-consumer></raw-consumer></jc-context>`,
    );
    expect(el.querySelector<RawConsumer>('raw-consumer')!.ctx.client).to.equal(custom);
  });

  it('passes getAccessToken through to the client it creates', async () => {
    const b = base();
    let auth: string | null = null;
    await useMswHandlers(
      http.get(`${b}/Patient/:id`, ({ request }) => {
        auth = request.headers.get('authorization');
        return HttpResponse.json(pat('p1', 'Token', '9434765919'));
      }),
    );
    const el = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${b} patient-id="p1" .getAccessToken=${async () => 'abc'}><probe-widget></probe-widget></jc-context>`,
    );
    const w = el.querySelector<ProbeWidget>('probe-widget')!;
    await shows(w, 'Token');
    expect(auth).to.equal('Bearer abc');
  });

  it('works when the widgets upgrade before the context element', async () => {
    const b = base();
    await useMswHandlers(http.get(`${b}/Patient/:id`, ({ params }) => HttpResponse.json(pat(String(params['id']), 'Late', '9434765919'))));
    const host = document.createElement('div');
    host.innerHTML = `<jc-context-late fhir-base-url="${b}" patient-id="late-1"><probe-widget></probe-widget></jc-context-late>`;
    document.body.append(host);
    const w = host.querySelector<ProbeWidget>('probe-widget')!;
    await w.updateComplete;
    expect(text(w)).to.contain('not configured');
    customElements.define('jc-context-late', class extends JcContext {});
    await shows(w, 'Late');
    host.remove();
  });

  it('shows "not configured", naming what is missing, when attributes are missing', async () => {
    const el = await fixture<JcContext>(html`<jc-context><probe-widget></probe-widget></jc-context>`);
    const w = el.querySelector<ProbeWidget>('probe-widget')!;
    await w.updateComplete;
    expect(text(w)).to.contain('not configured');
    expect(text(w)).to.contain('fhir-base-url');
    expect(text(w)).to.contain('patient-id or nhs-number');
    expect(w.loads).to.equal(0);
    await expect(w).to.be.accessible();
  });

  it('flags an NHS number with a wrong check digit and selects no patient', async () => {
    const el = await fixture<JcContext>(
      html`<jc-context fhir-base-url="/x" nhs-number="943 476 5918"><probe-widget></probe-widget></jc-context>`,
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=config-error]')?.textContent).to.contain('not a valid NHS number');
    const w = el.querySelector<ProbeWidget>('probe-widget')!;
    await w.updateComplete;
    expect(text(w)).to.contain('not configured');
    await expect(el).to.be.accessible();
  });

  it('selects no patient when the NHS number is invalid, even with a valid patient-id (no silent drop of the cross-check)', async () => {
    const el = await fixture<JcContext>(
      html`<jc-context fhir-base-url="/x" patient-id="p1" nhs-number="943 476 5918"><raw-consumer></raw-consumer></jc-context>`,
    );
    await el.updateComplete;
    expect(el.querySelector<RawConsumer>('raw-consumer')!.ctx.patient).to.equal(undefined);
    el.nhsNumber = '943 476 5919';
    await el.updateComplete;
    expect(el.querySelector<RawConsumer>('raw-consumer')!.ctx.patient?.id).to.equal('p1');
  });

  it('says so plainly when more than one patient has the NHS number', async () => {
    const b = base();
    await useMswHandlers(
      http.get(`${b}/Patient`, () =>
        HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [{ resource: pat('x1', 'One', '9434765919') }, { resource: pat('x2', 'Two', '9434765919') }],
        }),
      ),
    );
    const el = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${b} nhs-number="9434765919"><probe-widget></probe-widget></jc-context>`,
    );
    const w = el.querySelector<ProbeWidget>('probe-widget')!;
    await shows(w, 'More than one patient record has this NHS number', '[part=error]');
    expect(text(w)).not.to.contain('One');
  });

  it('flags an invalid setting and patient id', async () => {
    const el = await fixture<JcContext>(
      html`<jc-context fhir-base-url="/x" patient-id="../etc" setting="tertiary"><raw-consumer></raw-consumer></jc-context>`,
    );
    await el.updateComplete;
    const msg = el.shadowRoot!.querySelector('[part=config-error]')?.textContent ?? '';
    expect(msg).to.contain('setting must be');
    expect(msg).to.contain('patient-id is not a valid');
    const c = el.querySelector<RawConsumer>('raw-consumer')!;
    expect(c.ctx.setting).to.equal(undefined);
    expect(c.ctx.patient).to.equal(undefined);
  });

  it('patient-id set to an object is set aside and said, in the context and the console; no patient is selected', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const el = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/x" .patientId=${{ id: 'p1' }}><raw-consumer></raw-consumer></jc-context>`,
      );
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=config-error]')?.textContent ?? '').to.contain(
        'The page set patientId to an object, but it must be a string',
      );
      expect(el.querySelector<RawConsumer>('raw-consumer')!.ctx.patient).to.equal(undefined);
      expect(warnings.join('\n')).to.contain('<jc-context> patientId must be a string, not an object');
    } finally {
      console.warn = original;
    }
  });

  it('a patient id made of dots is a path segment, not an id: no patient is selected', async () => {
    for (const id of ['..', '.']) {
      const el = await fixture<JcContext>(html`<jc-context fhir-base-url="/x" patient-id=${id}><raw-consumer></raw-consumer></jc-context>`);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=config-error]')?.textContent ?? '', id).to.contain('patient-id is not a valid');
      expect(el.querySelector<RawConsumer>('raw-consumer')!.ctx.patient, id).to.equal(undefined);
    }
  });

  it('shows the error state with Retry when the server is unreachable, and Retry recovers', async () => {
    const b = base();
    let fail = true;
    let hits = 0;
    await useMswHandlers(
      http.get(`${b}/Patient/:id`, () => {
        hits++;
        return fail ? HttpResponse.error() : HttpResponse.json(pat('p1', 'Recovered', '9434765919'));
      }),
    );
    const errors: unknown[] = [];
    const origError = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      const el = await fixture<JcContext>(html`<jc-context fhir-base-url=${b} patient-id="p1"><probe-widget></probe-widget></jc-context>`);
      const w = el.querySelector<ProbeWidget>('probe-widget')!;
      await shows(w, 'could not be reached', '[part=error][role=alert]');
      await expect(w).to.be.accessible();
      fail = false;
      w.shadowRoot!.querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
      await shows(w, 'Recovered');
      expect(hits).to.equal(2);
      expect(errors, 'no storm of console errors').to.have.length(0);
    } finally {
      console.error = origError;
    }
  });

  it('shows the error state for malformed JSON', async () => {
    const b = base();
    await useMswHandlers(
      http.get(`${b}/Patient/:id`, () =>
        HttpResponse.text('{"resourceType": "Pati', { headers: { 'content-type': 'application/fhir+json' } }),
      ),
    );
    const el = await fixture<JcContext>(html`<jc-context fhir-base-url=${b} patient-id="p1"><probe-widget></probe-widget></jc-context>`);
    const w = el.querySelector<ProbeWidget>('probe-widget')!;
    await shows(w, 'could not be read', '[part=error]');
  });

  describe('context lost is context lost', () => {
    it('a widget moved out of its <jc-context> clears to "not configured" in the same frame, and moved into another shows that patient', async () => {
      const b = base();
      await useMswHandlers(
        http.get(`${b}/Patient/:id`, ({ params }) =>
          HttpResponse.json(pat(String(params['id']), params['id'] === 'a' ? 'Alpha' : 'Bravo', '9434765919')),
        ),
      );
      const page = await fixture<HTMLDivElement>(
        html`<div>
          <jc-context id="ctx-a" fhir-base-url=${b} patient-id="a"><probe-widget></probe-widget></jc-context>
          <div id="portal"></div>
          <jc-context id="ctx-b" fhir-base-url=${b} patient-id="b"></jc-context>
        </div>`,
      );
      const w = page.querySelector<ProbeWidget>('probe-widget')!;
      await w.updateComplete;
      expect(text(w)).to.contain('Alpha');
      // a portal, a tab host or a drag-and-drop dashboard moves the widget out of its context
      page.querySelector('#portal')!.append(w);
      const atNextFrame = await new Promise<string>((resolve) => requestAnimationFrame(() => resolve(text(w))));
      expect(atNextFrame).not.to.contain('Alpha');
      expect(atNextFrame).to.contain('is not configured');
      // and into another context: that context's patient
      page.querySelector('#ctx-b')!.append(w);
      await w.updateComplete;
      expect(text(w)).to.contain('Bravo');
      expect(text(w)).not.to.contain('Alpha');
      // back where it was: its patient again
      page.querySelector('#ctx-a')!.append(w);
      await w.updateComplete;
      expect(text(w)).to.contain('Alpha');
    });
  });

  describe('patient switch', () => {
    it('clears every widget before the next frame and aborts requests for the old patient', async () => {
      const b = base();
      // B's answer is held until the test has looked at the next frame
      let releaseB!: () => void;
      const bHeld = new Promise<void>((r) => (releaseB = r));
      await useMswHandlers(
        http.get(`${b}/Patient/:id`, async ({ params }) => {
          if (params['id'] === 'b') await bHeld;
          return HttpResponse.json(pat(String(params['id']), params['id'] === 'a' ? 'Alpha' : 'Bravo', '9434765919'));
        }),
      );
      const el = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${b} patient-id="a">
          <probe-widget></probe-widget><probe-widget></probe-widget><probe-widget></probe-widget><probe-widget></probe-widget>
        </jc-context>`,
      );
      const widgets = [...el.querySelectorAll<ProbeWidget>('probe-widget')];
      for (const w of widgets) await shows(w, 'Alpha');
      const before: PatientInContext = el.patientInContext!;
      el.patientId = 'b';
      // the check runs in the next animation frame callback, i.e. before that frame is painted
      const atNextFrame = await new Promise<string[]>((resolve) => requestAnimationFrame(() => resolve(widgets.map(text))));
      for (const t of atNextFrame) {
        expect(t).not.to.contain('Alpha');
        expect(t).to.contain('Loading');
      }
      expect(before.signal.aborted).to.equal(true);
      releaseB();
      for (const w of widgets) await shows(w, 'Bravo');
    });

    it("never renders patient A's slow response after the switch to B (race)", async () => {
      const b = base();
      // A's answer is held until B is on screen; B answers at once
      let releaseA!: () => void;
      const aHeld = new Promise<void>((r) => (releaseA = r));
      let aArrives!: () => void;
      const aArrived = new Promise<void>((r) => (aArrives = r));
      await useMswHandlers(
        http.get(`${b}/Patient/:id`, async ({ params }) => {
          if (params['id'] === 'slow-a') {
            aArrives();
            await aHeld;
          }
          return HttpResponse.json(pat(String(params['id']), params['id'] === 'slow-a' ? 'Alpha' : 'Bravo', '9434765919'));
        }),
      );
      // a client without cache or abort support: even if the request is not cancelled, A must not render
      const raw = new FetchFhirClient({ baseUrl: b, cache: new RequestCache(0) });
      const noAbort: FhirClient = {
        baseUrl: raw.baseUrl,
        read: (t, id) => raw.read(t, id),
        search: (t, p) => raw.search(t, p),
        searchAll: (t, p) => raw.searchAll(t, p),
        create: (r) => raw.create(r),
        batch: (x) => raw.batch(x),
        transaction: (x) => raw.transaction(x),
      };
      const el = await fixture<JcContext>(
        html`<jc-context .client=${noAbort} patient-id="slow-a"><probe-widget></probe-widget></jc-context>`,
      );
      const w = el.querySelector<ProbeWidget>('probe-widget')!;
      const seen: string[] = [];
      let bravoShown!: () => void;
      const bravo = new Promise<void>((r) => (bravoShown = r));
      const mo = new MutationObserver(() => {
        seen.push(text(w));
        if (text(w).includes('Bravo')) bravoShown();
      });
      mo.observe(w.shadowRoot!, { subtree: true, childList: true, characterData: true });
      await aArrived;
      el.patientId = 'b';
      // (not w.updateComplete: it waits for A's load too, which is held)
      await bravo;
      releaseA();
      await w.updateComplete; // A's answer has now arrived and been dropped
      mo.disconnect();
      expect(seen.some((s) => s.includes('Alpha'))).to.equal(false);
      expect(text(w)).to.contain('Bravo');
    });

    it('fires jc-context-changed with an opaque key only', async () => {
      const el = await fixture<JcContext>(html`<jc-context fhir-base-url="/x" patient-id="a"></jc-context>`);
      const changed = oneEvent(el, 'jc-context-changed');
      el.nhsNumber = '9434765919';
      const ev = await changed;
      expect(Object.keys(ev.detail)).to.deep.equal(['patientKey']);
      expect(JSON.stringify(ev.detail)).not.to.contain('9434765919');
    });

    it('gives a fresh, live signal after being moved in the page', async () => {
      const el = await fixture<JcContext>(html`<jc-context fhir-base-url="/x" patient-id="a"></jc-context>`);
      const first = el.patientInContext!;
      const parent = el.parentElement!;
      el.remove();
      expect(first.signal.aborted).to.equal(true);
      parent.append(el);
      await el.updateComplete;
      expect(el.patientInContext!.signal.aborted).to.equal(false);
      expect(el.patientInContext!.id).to.equal('a');
    });
  });

  it('warns instead of throwing when a tag is defined twice', () => {
    const warnings: unknown[] = [];
    const orig = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a);
    try {
      expect(JcElement.define.call(class extends LitElement {} as never, 'jc-context')).to.equal(false);
      expect(JcElement.define.call(JcContext as never, 'jc-context')).to.equal(false);
    } finally {
      console.warn = orig;
    }
    expect(warnings).to.have.length(1);
    expect(String((warnings[0] as unknown[])[0])).to.contain('already defined');
  });
});

/** Waits until the widget has drawn what it loads (`updateComplete`), then expects `t` in it (in `part`, when given). */
async function shows(el: ProbeWidget, t: string, part?: string): Promise<void> {
  await el.updateComplete;
  const shown = part ? (el.shadowRoot!.querySelector(part)?.textContent?.replace(/\s+/g, ' ') ?? '') : text(el);
  expect(shown, part ?? 'the widget').to.contain(t);
}

describe('resolvePatient never adopts another patient', () => {
  const mk = (key: string, p: Partial<PatientInContext>): PatientInContext => ({ key, signal: new AbortController().signal, ...p });

  it('a search by NHS number that returns another patient is an error, not that patient', async () => {
    const b = base();
    await useMswHandlers(
      http.get(`${b}/Patient`, () =>
        HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: pat('other', 'WRONG', '9434765870') }] }),
      ),
    );
    const client = new FetchFhirClient({ baseUrl: b, cache: new RequestCache() });
    let error: unknown;
    await resolvePatient(client, mk('k1', { nhsNumber: '9434765919' })).catch((e: unknown) => (error = e));
    expect((error as { kind?: string })?.kind).to.equal('wrong-patient');
  });

  it('a read by id answered with another id is an error, not that patient', async () => {
    const b = base();
    await useMswHandlers(http.get(`${b}/Patient/pat-1`, () => HttpResponse.json(pat('pat-2', 'WRONG', '9434765919'))));
    const client = new FetchFhirClient({ baseUrl: b, cache: new RequestCache() });
    let error: unknown;
    await resolvePatient(client, mk('k2', { id: 'pat-1' })).catch((e: unknown) => (error = e));
    expect((error as { kind?: string })?.kind).to.equal('wrong-patient');
  });

  it('the matching record is returned', async () => {
    const b = base();
    await useMswHandlers(
      http.get(`${b}/Patient`, () =>
        HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [{ resource: pat('other', 'WRONG', '9434765870') }, { resource: pat('pat-1', 'RIGHT', '9434765919') }],
        }),
      ),
    );
    const client = new FetchFhirClient({ baseUrl: b, cache: new RequestCache() });
    const found = await resolvePatient(client, mk('k3', { nhsNumber: '9434765919' }));
    expect(found.id).to.equal('pat-1');
  });
});
