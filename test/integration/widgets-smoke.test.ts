// Smoke tests: each widget shows persona a's data from the live FHIR server (real search semantics).
// Widget engineers: deepen these in test/integration/<widget>.test.ts.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JcContext } from '@joinedcare/core';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';
import { liveBaseUrl, liveClock, liveServerInfo, resetLiveServer, type LiveServerInfo } from './live.js';

const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('widgets show persona a from the live FHIR server', () => {
  let info: LiveServerInfo;

  before(async function () {
    this.timeout(60_000); // the first request starts the server
    info = await liveServerInfo();
  });

  afterEach(() => resetLiveServer());

  for (const tag of ['jc-care-summary', 'jc-referral-status', 'jc-advice-panel']) {
    it(`<${tag}> loads without error`, async function () {
      this.timeout(20_000);
      const ctx = await fixture<JcContext>(
        html`<jc-context
          fhir-base-url=${liveBaseUrl()}
          patient-id=${info.personas.a.patientId}
          setting="secondary"
          .clock=${liveClock(info)}
        >
          ${document.createElement(tag)}
        </jc-context>`,
      );
      const el = ctx.querySelector(tag)!;
      await waitUntil(() => !!el.shadowRoot && !el.shadowRoot.querySelector('[part~=loading]') && text(el).length > 40, `${tag} to load`, {
        timeout: 15_000,
        interval: 50,
      });
      expect(el.shadowRoot!.querySelector('[part~=error]'), text(el)).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part~=not-configured]')).to.equal(null);
      // a partial state means one of the widget's queries failed on a real server
      expect(el.shadowRoot!.querySelector('[part~=partial]'), text(el)).to.equal(null);
      expect(text(el)).not.to.match(/undefined|\bnull\b|NaN|Invalid Date|\[object Object\]/);
      await expect(el).to.be.accessible();
    });
  }
});
