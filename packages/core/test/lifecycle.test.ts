// The lifecycle a host can read and hear (issue 20, item 3): `state` (reflected as an attribute),
// `jc-load` with counts, `jc-error` with the kind only, `jc-empty`, and `refresh()`.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { property } from 'lit/decorators.js';
import { http, HttpResponse } from 'msw';
import { JcElement, type JcContext } from '../src/index.js';
import '../src/define.js';
import { useMswHandlers } from '../../../test/helpers/msw.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

/** Lists the patient's Conditions, counting them. */
class CountingProbe extends JcElement {
  private task = this.createPatientTask(async ({ client, who, signal }) => {
    const r = await client.searchAll('Condition', { patient: who.id ?? '' }, { signal, cache: 'no-cache' });
    return r.resources.length;
  });
  protected override countItems(value: unknown): number | undefined {
    return typeof value === 'number' ? value : undefined;
  }
  protected override render() {
    return this.renderPatientTask(this.task, 'probe data', (n) => litHtml`<p>${n} conditions</p>`);
  }
}
customElements.define('counting-probe', CountingProbe);

let seq = 0;
async function serve(conditions: () => number | 'fail') {
  const b = `/life${++seq}/fhir`;
  await useMswHandlers(
    http.get(`${b}/Patient/p1`, () =>
      HttpResponse.json({ resourceType: 'Patient', id: 'p1', identifier: [{ system: NHS, value: '9434765919' }] }),
    ),
    http.get(`${b}/Condition`, () => {
      const n = conditions();
      if (n === 'fail')
        return HttpResponse.json(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'Jane Smith 9434765919' }] },
          { status: 500 },
        );
      return HttpResponse.json({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: Array.from({ length: n }, (_, i) => ({
          resource: { resourceType: 'Condition', id: `c${i}`, subject: { reference: 'Patient/p1' } },
        })),
      });
    }),
  );
  return b;
}

describe('widget lifecycle', () => {
  it('not configured, then loading, then ready with jc-load and the count; state reflected for CSS', async () => {
    const b = await serve(() => 3);
    const el = await fixture<CountingProbe>(html`<counting-probe></counting-probe>`);
    expect(el.state).to.equal('not-configured');
    expect(el.getAttribute('state')).to.equal('not-configured');
    const ctx = await fixture<JcContext>(html`<jc-context fhir-base-url=${b}></jc-context>`);
    const loaded = oneEvent(ctx, 'jc-load');
    ctx.patientId = 'p1';
    ctx.append(el);
    expect((await loaded).detail).to.deep.equal({ count: 3, partial: false });
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    expect(el.getAttribute('state')).to.equal('ready');
  });

  it('empty: jc-load with count 0 and jc-empty', async () => {
    const b = await serve(() => 0);
    const ctx = document.createElement('jc-context');
    ctx.setAttribute('fhir-base-url', b);
    ctx.setAttribute('patient-id', 'p1');
    const el = document.createElement('counting-probe') as CountingProbe;
    ctx.append(el);
    const empty = oneEvent(ctx, 'jc-empty');
    const loaded = oneEvent(ctx, 'jc-load');
    (await fixture(html`<div></div>`)).append(ctx);
    await empty;
    expect((await loaded).detail).to.deep.equal({ count: 0, partial: false });
    expect(el.state).to.equal('empty');
  });

  it('error: jc-error with the kind only (no text from the server), and refresh() loads again', async () => {
    let answer: number | 'fail' = 'fail';
    const b = await serve(() => answer);
    const ctx = document.createElement('jc-context');
    ctx.setAttribute('fhir-base-url', b);
    ctx.setAttribute('patient-id', 'p1');
    const el = document.createElement('counting-probe') as CountingProbe;
    ctx.append(el);
    const failed = oneEvent(ctx, 'jc-error');
    (await fixture(html`<div></div>`)).append(ctx);
    const ev = await failed;
    expect(ev.detail).to.deep.equal({ kind: 'http' });
    expect(JSON.stringify(ev.detail)).not.to.contain('Jane');
    expect(el.state).to.equal('error');
    answer = 2;
    const loaded = oneEvent(ctx, 'jc-load');
    await el.refresh();
    expect((await loaded).detail).to.deep.equal({ count: 2, partial: false });
    expect(el.state).to.equal('ready');
    expect(el.shadowRoot!.textContent).to.contain('2 conditions');
  });
});

describe('a property given the wrong type', () => {
  class TypedProbe extends JcElement {
    /** Resources to show. */
    @property({ attribute: false, type: Array })
    resources?: unknown[];
    protected override render() {
      return litHtml`<p>${this.resources ? `${this.resources.length} resources` : 'no resources'}</p>`;
    }
  }
  customElements.define('typed-probe', TypedProbe);

  it('is set aside, named in the console and shown in the widget; the widget keeps working', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const el = await fixture<TypedProbe>(html`<typed-probe .resources=${'not an array'}></typed-probe>`);
      const notice = el.shadowRoot!.querySelector('[part=property-problem][role=alert]');
      expect(notice?.textContent).to.contain('The page set resources to a string, but it must be an array');
      expect(el.shadowRoot!.textContent).to.contain('no resources');
      expect(warnings.join('\n')).to.contain('<typed-probe> resources must be an array, not a string');
      await expect(el).to.be.accessible();
      // corrected by the host: the notice goes
      el.resources = [1, 2];
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=property-problem]')).to.equal(null);
      expect(el.shadowRoot!.textContent).to.contain('2 resources');
    } finally {
      console.warn = original;
    }
  });
});
