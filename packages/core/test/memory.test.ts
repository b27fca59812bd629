// Mounting and unmounting `<jc-context>` many times must not make the page hold more and more
// (issue 8, "Memory"): nothing kept per unmounted context in page-wide caches.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { http, HttpResponse } from 'msw';
import type { Patient } from 'fhir/r4.js';
import '../src/define.js';
import { JcContext, JcElement, resolvePatient, sharedRequestCache } from '../src/index.js';
import { useMswHandlers } from '../../../test/helpers/msw.js';

const patient = (id: string, family: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family, given: ['Test'] }],
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
});

class MemoryProbe extends JcElement {
  private task = this.createPatientTask(async ({ client, patient: p, signal }) => resolvePatient(client, p, { signal }));
  protected override render() {
    return this.renderPatientTask(this.task, 'probe', (p) => litHtml`<p class="name">${p.name?.[0]?.family}</p>`);
  }
}
customElements.define('memory-probe', MemoryProbe);

let seq = 0;
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function mountAndLoad(base: string, patientId: string, getAccessToken?: () => string) {
  const el = await fixture<JcContext>(
    html`<jc-context fhir-base-url=${base} patient-id=${patientId} .getAccessToken=${getAccessToken}
      ><memory-probe></memory-probe
    ></jc-context>`,
  );
  const probe = el.querySelector<MemoryProbe>('memory-probe')!;
  await probe.updateComplete; // waits for the patient task and its render
  expect(text(probe), 'the probe loaded').to.include('Family-');
  await expect(el).to.be.accessible();
  return el;
}

describe('memory over mount/unmount cycles', () => {
  beforeEach(() => sharedRequestCache.invalidate());
  afterEach(() => sharedRequestCache.invalidate());

  for (const [label, token] of [
    ['without a token callback', undefined],
    ['with the same token callback', () => 'tok'],
  ] as const) {
    it(`contexts mounted one after another (${label}) share cached responses instead of adding entries`, async () => {
      const base = `/mem${++seq}/fhir`;
      let requests = 0;
      await useMswHandlers(
        http.get(`${base}/Patient/:id`, ({ params }) => {
          requests++;
          return HttpResponse.json(patient(String(params['id']), `Family-${String(params['id'])}`));
        }),
      );
      const sizes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const el = await mountAndLoad(base, i % 2 ? 'p2' : 'p1', token);
        el.remove();
        fixtureCleanup();
        sizes.push(sharedRequestCache.size);
      }
      // one entry per patient, however many contexts came and went (it grew by one per mount when each
      // context made a token wrapper of its own, i.e. a cache scope of its own)
      expect(sizes).to.deep.equal([1, 2, 2, 2, 2, 2]);
      expect(requests, 'the later mounts were served from the cache').to.equal(2);
    });
  }

  it('a new token callback (another user) on a live context gets a new client: no cached response of the old user', async () => {
    const base = `/mem${++seq}/fhir`;
    const auth: (string | null)[] = [];
    await useMswHandlers(
      http.get(`${base}/Patient/:id`, ({ request, params }) => {
        auth.push(request.headers.get('authorization'));
        return HttpResponse.json(patient(String(params['id']), `Family-${auth.length}`));
      }),
    );
    const el = await mountAndLoad(base, 'p1', () => 'user-a');
    const probe = el.querySelector<MemoryProbe>('memory-probe')!;
    expect(text(probe)).to.include('Family-1');
    el.getAccessToken = () => 'user-b';
    await el.updateComplete;
    await probe.updateComplete;
    expect(text(probe), 'the widget reloaded for the new user').to.include('Family-2');
    expect(auth).to.deep.equal(['Bearer user-a', 'Bearer user-b']);
    await expect(el).to.be.accessible();
  });
});
