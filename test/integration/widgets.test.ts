// The widgets against the live FHIR server (Medplum engine). Widget engineers: add a `describe` per
// widget here (or a new test/integration/<widget>.test.ts) using the helpers in ./live.ts.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JcContext } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import type { JcPatientBanner } from '@joinedcare/patient-banner';
import { liveBaseUrl, liveClock, liveServerInfo, resetLiveServer, type LiveServerInfo } from './live.js';

const until = (cond: () => boolean, what: string) => waitUntil(cond, `timed out waiting for ${what}`, { timeout: 8000, interval: 20 });
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('widgets against the live FHIR server', () => {
  let info: LiveServerInfo;

  before(async function () {
    this.timeout(60_000); // the first request starts the server
    info = await liveServerInfo();
  });

  afterEach(() => resetLiveServer());

  describe('<jc-context> + <jc-patient-banner>', () => {
    it('shows persona a read by id', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${liveBaseUrl()} patient-id=${info.personas.a.patientId} .clock=${liveClock(info)}>
          <jc-patient-banner></jc-patient-banner>
        </jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'the banner');
      expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent.replace(/ /g, '')).to.equal(info.personas.a.nhsNumber);
      expect(el.shadowRoot!.querySelector('[part=name]')!.textContent).to.match(/^\s*[A-Z'-]+, [A-Z][a-z]+/);
      expect(text(el)).not.to.match(/undefined|null|NaN|Invalid Date|\[object Object\]/);
      await expect(el).to.be.accessible();
    });

    it('finds persona c by NHS number alone (a real token search)', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${liveBaseUrl()} nhs-number=${info.personas.c.nhsNumber} .clock=${liveClock(info)}>
          <jc-patient-banner></jc-patient-banner>
        </jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'the banner');
      expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent.replace(/ /g, '')).to.equal(info.personas.c.nhsNumber);
      await expect(el).to.be.accessible();
    });

    it('shows the error state with Retry for a patient the server does not have', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${liveBaseUrl()} patient-id="not-on-this-server"
          ><jc-patient-banner></jc-patient-banner
        ></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=error]'), 'the error state');
      expect(el.shadowRoot!.querySelector('[part=retry-button]')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('shows persona g (no gender, no birth date) with Not known, not blanks', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${liveBaseUrl()} patient-id=${info.personas.g.patientId} .clock=${liveClock(info)}>
          <jc-patient-banner></jc-patient-banner>
        </jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'the banner');
      expect(text(el)).to.contain('Not known');
      expect(text(el)).not.to.match(/undefined|null|NaN|Invalid Date/);
    });
  });
});
