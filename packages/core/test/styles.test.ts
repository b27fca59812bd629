// The shared styles every widget inherits (issue 18): NHS.UK focus on every interactive element,
// link colours from tokens, the outer spacing token, loading states that name what loads.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { css, html as litHtml } from 'lit';
import { JcElement } from '../src/index.js';

/** A widget whose own rules give its secondary and link-styled buttons a background, as widgets do. */
class StyleProbe extends JcElement {
  static override styles = [
    ...JcElement.styles,
    css`
      button.secondary,
      button.link-button {
        background: rgb(1, 2, 3);
        color: rgb(4, 5, 6);
      }
    `,
  ];
  loading = false;
  protected override get displayName() {
    return 'Probe';
  }
  protected override render() {
    if (this.loading) return this.renderLoading('referrals');
    return litHtml`<button class="jc-button" type="button">Primary</button>
      <button class="secondary" type="button">Secondary</button>
      <button class="link-button" type="button">Link-styled</button>
      <a href="#somewhere">A link</a>`;
  }
}
customElements.define('style-probe', StyleProbe);

const YELLOW = 'rgb(255, 235, 59)';
const FOCUS_TEXT = 'rgb(33, 43, 50)';

async function tabTo(el: StyleProbe, selector: string): Promise<CSSStyleDeclaration> {
  const target = el.shadowRoot!.querySelector<HTMLElement>(selector)!;
  for (let i = 0; i < 8 && el.shadowRoot!.activeElement !== target; i++) await sendKeys({ press: 'Tab' });
  expect(el.shadowRoot!.activeElement, `${selector} reached by Tab`).to.equal(target);
  expect(target.matches(':focus-visible')).to.be.true;
  return getComputedStyle(target);
}

describe('shared styles', () => {
  it('every interactive element gets the NHS.UK yellow focus fill, also secondary and link-styled buttons with their own background', async () => {
    const el = await fixture<StyleProbe>(html`<style-probe></style-probe>`);
    for (const selector of ['.jc-button', '.secondary', '.link-button', 'a']) {
      const style = await tabTo(el, selector);
      expect(style.backgroundColor, selector).to.equal(YELLOW);
      expect(style.color, selector).to.equal(FOCUS_TEXT);
      expect(style.boxShadow, selector).to.contain(FOCUS_TEXT);
    }
  });

  it('link colours come from tokens, not the browser default', async () => {
    const el = await fixture<StyleProbe>(html`<style-probe></style-probe>`);
    const link = el.shadowRoot!.querySelector('a')!;
    expect(getComputedStyle(link).color).to.equal('rgb(0, 94, 184)');
    // a theme that sets only its primary colour gets links in it (a dark theme's links stay readable)
    el.style.setProperty('--jc-color-primary', 'rgb(127, 198, 255)');
    expect(getComputedStyle(link).color).to.equal('rgb(127, 198, 255)');
    el.style.setProperty('--jc-color-link', 'rgb(10, 20, 30)');
    expect(getComputedStyle(link).color).to.equal('rgb(10, 20, 30)');
  });

  it('widgets on a plain page are spaced apart by --jc-space-outer (default 24px; 0 turns it off)', async () => {
    const el = await fixture<StyleProbe>(html`<style-probe></style-probe>`);
    expect(getComputedStyle(el).marginBottom).to.equal('24px');
    el.style.setProperty('--jc-space-outer', '0');
    expect(getComputedStyle(el).marginBottom).to.equal('0px');
  });

  it('the loading state names what is loading, visibly', async () => {
    const el = await fixture<StyleProbe>(html`<style-probe></style-probe>`);
    el.loading = true;
    el.requestUpdate();
    await el.updateComplete;
    const loading = el.shadowRoot!.querySelector<HTMLElement>('[part=loading]')!;
    expect(loading.innerText.trim()).to.equal('Loading referrals…');
    await expect(el).to.be.accessible();
  });
});
