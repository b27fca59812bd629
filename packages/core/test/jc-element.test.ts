import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import type { FhirResource } from 'fhir/r4.js';
import { JcElement, FhirError } from '../src/index.js';

/** Renders one of the shared states on demand, the way widgets do. */
class StateProbe extends JcElement {
  mode: 'empty' | 'partial' | 'partial-no-retry' | 'error' | 'guarded' = 'empty';
  retried = 0;
  protected override get displayName() {
    return 'Probe';
  }
  runGuard(resources: FhirResource[]) {
    return this.guard(resources, { id: 'me' }, { expectedTypes: ['Condition'] });
  }
  protected override render() {
    switch (this.mode) {
      case 'empty':
        return this.renderEmpty('No known allergies');
      case 'partial':
        return this.renderPartial(['Medicines', 'Results'], () => this.retried++);
      case 'partial-no-retry':
        return this.renderPartial(['Letters']);
      case 'error':
        return this.renderError(new FhirError('http', 'HTTP 500', { status: 500 }), 'probe data', () => this.retried++);
      case 'guarded':
        return litHtml`${this.renderSafetyWarnings()}<p>content</p>`;
    }
  }
}
customElements.define('state-probe', StateProbe);

async function probe(mode: StateProbe['mode']) {
  const el = await fixture<StateProbe>(html`<state-probe></state-probe>`);
  el.mode = mode;
  el.requestUpdate();
  await el.updateComplete;
  return el;
}

/** Throws while rendering when told to. */
class Thrower extends JcElement {
  boom = false;
  protected override get displayName() {
    return 'Thrower';
  }
  protected override render() {
    if (this.boom) throw new TypeError('contains Jane Smith 9434765919');
    return litHtml`<p>fine</p>`;
  }
}
customElements.define('thrower-probe', Thrower);

describe('JcElement render failures', () => {
  it('a throwing render shows an error state, not a broken host page, and logs no clinical text', async () => {
    const el = await fixture<Thrower>(html`<thrower-probe></thrower-probe>`);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
    let rejected = false;
    try {
      el.boom = true;
      el.requestUpdate();
      await el.updateComplete.catch(() => (rejected = true));
    } finally {
      console.error = original;
    }
    expect(rejected).to.equal(false);
    const part = el.shadowRoot!.querySelector('[part=error]')!;
    expect(part.textContent).to.contain('Thrower could not be displayed');
    expect(errors.join()).to.contain('<thrower-probe> could not render (TypeError)');
    expect(errors.join()).not.to.contain('Jane');
    await expect(el).to.be.accessible();
    // and it recovers on the next good render
    el.boom = false;
    el.requestUpdate();
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('fine');
    expect(el.shadowRoot!.querySelector('[part=error]')).to.equal(null);
  });
});

describe('JcElement shared states', () => {
  it('empty says what is empty in words, never a blank', async () => {
    const el = await probe('empty');
    expect(el.shadowRoot!.querySelector('[part=empty]')!.textContent.trim()).to.equal('No known allergies');
    await expect(el).to.be.accessible();
  });

  it('partial names what failed, as an alert, with Retry', async () => {
    const el = await probe('partial');
    const part = el.shadowRoot!.querySelector('[part=partial]')!;
    expect(part.getAttribute('role')).to.equal('alert');
    expect(part.textContent).to.contain('Some information could not be loaded');
    expect(part.textContent).to.contain('Medicines, Results');
    part.querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
    expect(el.retried).to.equal(1);
    await expect(el).to.be.accessible();
    const noRetry = await probe('partial-no-retry');
    expect(noRetry.shadowRoot!.querySelector('[part=retry-button]')).to.equal(null);
  });

  it('error says what failed and why, with a keyboard-operable Retry', async () => {
    const el = await probe('error');
    const err = el.shadowRoot!.querySelector('[part=error]')!;
    expect(err.getAttribute('role')).to.equal('alert');
    expect(err.textContent).to.contain('Could not load probe data');
    expect(err.textContent).to.contain('The server reported a problem (500)');
    const button = err.querySelector<HTMLButtonElement>('button')!;
    expect(button.type).to.equal('button');
    button.focus();
    expect(el.shadowRoot!.activeElement).to.equal(button);
    await expect(el).to.be.accessible();
  });

  it('the guard hides another patient’s resource, warns visibly, and fires jc-safety-warning without clinical content', async () => {
    const el = await probe('guarded');
    const warned: unknown[] = [];
    const origWarn = console.warn;
    console.warn = (...a: unknown[]) => warned.push(a);
    const evp = oneEvent(el, 'jc-safety-warning');
    let kept: FhirResource[];
    try {
      kept = el.runGuard([
        { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/me' }, code: { text: 'Asthma' } },
        { resourceType: 'Condition', id: 'c2', subject: { reference: 'Patient/other' }, code: { text: 'Secret diagnosis' } },
        { resourceType: 'Basic', id: 'b1', code: {} },
      ]);
    } finally {
      console.warn = origWarn;
    }
    const ev = await evp;
    expect(kept.map((r) => r.id)).to.deep.equal(['c1']);
    expect(ev.detail).to.deep.equal({ resourceType: 'Condition', id: 'c2', reason: 'other-patient' });
    expect(ev.bubbles && ev.composed).to.equal(true);
    expect(warned).to.have.length(1);
    expect(String((warned[0] as unknown[])[0])).to.contain('unexpected type Basic');
    expect(JSON.stringify(warned)).not.to.contain('Secret');
    await el.updateComplete;
    const box = el.shadowRoot!.querySelector('[part=safety-warning]')!;
    expect(box.textContent).to.contain('1 record belonged to a different patient');
    expect(box.textContent).to.contain('1 record of an unexpected type was ignored');
    expect(box.textContent).not.to.contain('Secret');
    // the same refusal twice is reported once
    el.runGuard([{ resourceType: 'Condition', id: 'c2', subject: { reference: 'Patient/other' } }]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=safety-warning]')!.textContent).to.contain('1 record belonged');
    await expect(el).to.be.accessible();
  });

  it('emit() fires a typed, bubbling, composed event', async () => {
    const el = await probe('empty');
    setTimeout(() => el.emit('jc-safety-warning', { resourceType: 'X', id: '1', reason: 'no-subject' }));
    const ev = await oneEvent(document.body, 'jc-safety-warning');
    expect(ev.detail.id).to.equal('1');
  });
});

describe('JcElement clock', () => {
  class ClockProbe extends JcElement {
    protected override render() {
      return litHtml`<p>${this.now().toISOString()}</p>`;
    }
  }
  customElements.define('clock-probe', ClockProbe);

  it('a widget without a context uses its own clock property, so tests need no patched Date', async () => {
    const clock = { now: () => new Date('2030-01-02T03:04:05Z') };
    const el = await fixture<ClockProbe>(html`<clock-probe .clock=${clock}></clock-probe>`);
    expect(el.shadowRoot!.textContent).to.contain('2030-01-02T03:04:05.000Z');
  });
});
