// Issue 6, "Bad input": a missing or misconfigured <jc-context> gives a visible, specific message in
// each widget, and the rest of the host page keeps working.
import { expect, fixture, html } from '@open-wc/testing';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';
import '@joinedcare/specialist-finder/define.js';

const WIDGETS = ['jc-patient-banner', 'jc-care-summary', 'jc-referral-status', 'jc-advice-panel', 'jc-advice-prompt'] as const;

const settle = async (root: ParentNode) => {
  for (const el of root.querySelectorAll<HTMLElement & { updateComplete?: Promise<unknown> }>(WIDGETS.join(','))) await el.updateComplete;
};
const notice = (el: Element) => el.shadowRoot!.querySelector('[part=not-configured]');

describe('bad input: a missing or misconfigured <jc-context>', () => {
  let errors: unknown[] = [];
  const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in e ? e.reason : e.error);
  beforeEach(() => {
    errors = [];
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
  });

  it('with no <jc-context> at all, every widget says it is not configured and names what is missing', async () => {
    const host = await fixture<HTMLDivElement>(html`<div>${WIDGETS.map((t) => document.createElement(t))}</div>`);
    await settle(host);
    for (const tag of WIDGETS) {
      const el = host.querySelector(tag)!;
      const n = notice(el);
      expect(n, tag).to.exist;
      expect(n!.getAttribute('role'), tag).to.equal('status');
      expect(n!.textContent, tag).to.contain('is not configured');
      expect(n!.textContent, tag).to.contain('a FHIR server (fhir-base-url) or a client');
      expect(n!.textContent, tag).to.contain('a patient (patient-id or nhs-number)');
    }
    await expect(host).to.be.accessible();
    expect(errors).to.deep.equal([]);
  });

  it('a context with a server but no patient names only the patient as missing', async () => {
    const ctx = await fixture<HTMLElement>(
      html`<jc-context fhir-base-url="/nowhere">${WIDGETS.map((t) => document.createElement(t))}</jc-context>`,
    );
    await settle(ctx);
    for (const tag of WIDGETS) {
      const text = notice(ctx.querySelector(tag)!)?.textContent ?? '';
      expect(text, tag).to.contain('a patient (patient-id or nhs-number)');
      expect(text, tag).not.to.contain('fhir-base-url');
    }
    expect(errors).to.deep.equal([]);
  });

  it('an invalid NHS number shows a specific notice on the context and selects no patient in any widget', async () => {
    const ctx = await fixture<HTMLElement>(
      html`<jc-context fhir-base-url="/nowhere" nhs-number="9434765918" setting="hospital"
        >${WIDGETS.map((t) => document.createElement(t))}</jc-context
      >`,
    );
    await settle(ctx);
    const config = ctx.shadowRoot!.querySelector('[part=config-error]')!;
    expect(config.getAttribute('role')).to.equal('alert');
    expect(config.textContent).to.contain('nhs-number is not a valid NHS number');
    expect(config.textContent).to.contain('setting must be "primary" or "secondary"');
    for (const tag of WIDGETS) expect(notice(ctx.querySelector(tag)!), tag).to.exist;
    expect(errors).to.deep.equal([]);
  });

  it('the rest of the host page keeps working next to unconfigured and failing widgets', async () => {
    let clicks = 0;
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <button id="host-button" @click=${() => clicks++}>Host action</button>
        <jc-context fhir-base-url="http://127.0.0.1:9/fhir" patient-id="pat-a">${WIDGETS.map((t) => document.createElement(t))}</jc-context>
        ${WIDGETS.map((t) => document.createElement(t))}
      </div>`,
    );
    await settle(page);
    page.querySelector<HTMLButtonElement>('#host-button')!.click();
    expect(clicks).to.equal(1);
    // the widgets pointed at an unreachable server end in their error state, not a broken page
    const inContext = [...page.querySelectorAll('jc-context > *')];
    for (const el of inContext) {
      const start = performance.now();
      while (!el.shadowRoot!.querySelector('[part=error]') && performance.now() - start < 8000) await new Promise((r) => setTimeout(r, 50));
      expect(el.shadowRoot!.querySelector('[part=error]'), el.localName).to.exist;
    }
    page.querySelector<HTMLButtonElement>('#host-button')!.click();
    expect(clicks).to.equal(2);
    expect(errors).to.deep.equal([]);
  });
});
