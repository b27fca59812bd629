import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Patient } from 'fhir/r4.js';
import { buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { msg, sharedRequestCache, type JcContext } from '@joinedcare/core';
import '../src/define.js';
import type { JcPatientBanner } from '../src/index.js';

const now = new Date('2026-11-01T00:00:00Z');
const set = buildPersonas({ now });
const { a, c, d, g } = set.personas;
const clock = { now: () => now };
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function until(cond: () => boolean, what: string, timeout = 4000): Promise<void> {
  return waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 10 });
}

describe('<jc-patient-banner>', () => {
  let server: FhirFixtureServer;
  before(async () => {
    server = new FhirFixtureServer({ baseUrl: '/banner-fhir', personas: set });
    await startFixtureWorker(server);
  });
  afterEach(() => {
    server.reset();
    // the page-wide cache would otherwise serve the previous test's responses
    sharedRequestCache.invalidate();
  });

  describe('with a patient property', () => {
    it('shows name, born with age, gender and NHS number in CUI form', async () => {
      const el = await fixture<JcPatientBanner>(html`<jc-patient-banner .patient=${a.patient}></jc-patient-banner>`);
      const t = text(el);
      expect(el.shadowRoot!.querySelector('[part=name]')!.textContent).to.match(/^\s*[A-Z'-]+, [A-Z][a-z]+/);
      expect(t).to.contain('Born');
      expect(t).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
      expect(t).to.contain('Gender');
      expect(t).to.contain('NHS No.');
      expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent).to.match(/^\d{3} \d{3} \d{4}$/);
      expect(el.shadowRoot!.querySelector('[part=base]')!.getAttribute('aria-label')).to.equal('Patient details');
      expect(el.shadowRoot!.querySelector('[role=heading]')!.getAttribute('aria-level')).to.equal('2');
      await expect(el).to.be.accessible();
    });

    it('says the NHS number is verified, unverified or invalid, in words', async () => {
      const verified = await fixture<JcPatientBanner>(html`<jc-patient-banner .patient=${a.patient}></jc-patient-banner>`);
      expect(verified.shadowRoot!.querySelector('[part=verification]')!.textContent).to.contain('NHS number verified');
      const unverified = await fixture<JcPatientBanner>(html`<jc-patient-banner .patient=${g.patient}></jc-patient-banner>`);
      expect(unverified.shadowRoot!.querySelector('[part=verification]')!.textContent).to.contain('not verified');
      const bad: Patient = { ...a.patient, identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765918' }] };
      const invalid = await fixture<JcPatientBanner>(html`<jc-patient-banner .patient=${bad}></jc-patient-banner>`);
      expect(invalid.shadowRoot!.querySelector('[part=verification]')!.textContent).to.contain('check digit is wrong');
      await expect(invalid).to.be.accessible();
      await expect(unverified).to.be.accessible();
    });

    it('says the missing-value wording once for each missing value', async () => {
      const el = await fixture<JcPatientBanner>(
        html`<jc-patient-banner .patient=${{ resourceType: 'Patient', id: 'x' }}></jc-patient-banner>`,
      );
      const t = text(el);
      const notKnown = msg('notKnown');
      const value = (label: string) =>
        [...el.shadowRoot!.querySelectorAll('dt')].find((dt) => dt.textContent === label)!.nextElementSibling!.textContent.trim();
      // "Born Not known", never "Born Not known (Not known)": no age after a birth date that is not known
      const born = el.shadowRoot!.querySelector('dd [aria-hidden=true]')!.parentElement!;
      expect(born.textContent).not.to.contain('(');
      expect(born.querySelector('[aria-hidden=true]')!.textContent).to.equal(notKnown);
      expect(value('Gender')).to.equal(notKnown);
      expect(el.shadowRoot!.querySelector('[part=name]')!.textContent.trim()).to.equal(notKnown);
      expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent).to.equal(notKnown);
      expect(t).not.to.match(/undefined|null|NaN|Invalid Date/);
      await expect(el).to.be.accessible();
    });

    it('shows clearly that the patient has died', async () => {
      const dead: Patient = { ...c.patient, deceasedDateTime: '2026-10-01T10:00:00Z' };
      const el = await fixture<JcPatientBanner>(html`<jc-patient-banner .patient=${dead}></jc-patient-banner>`);
      expect(el.shadowRoot!.querySelector('[part=deceased]')!.textContent).to.equal('Deceased');
      expect(text(el)).to.contain('Died 01-Oct-2026');
      expect(el.shadowRoot!.querySelector('.banner--deceased')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('fits a 320 px panel and lays out in one row when wide', async () => {
      // sized on the element itself: a wrapping <div> fixture would wait for an animation frame
      const nb = await fixture<JcPatientBanner>(html`<jc-patient-banner style="width:320px" .patient=${a.patient}></jc-patient-banner>`);
      const dl = nb.shadowRoot!.querySelector('dl')!;
      expect(getComputedStyle(dl).flexDirection).to.equal('column');
      expect(nb.scrollWidth).to.be.at.most(320);
      const wb = await fixture<JcPatientBanner>(html`<jc-patient-banner style="width:1000px" .patient=${a.patient}></jc-patient-banner>`);
      expect(getComputedStyle(wb.shadowRoot!.querySelector('dl')!).flexDirection).to.equal('row');
    });

    it('honours heading-level and lang', async () => {
      const el = await fixture<JcPatientBanner>(html`<jc-patient-banner heading-level="1" .patient=${a.patient}></jc-patient-banner>`);
      expect(el.shadowRoot!.querySelector('[role=heading]')!.getAttribute('aria-level')).to.equal('1');
    });
  });

  describe('from <jc-context>', () => {
    it('shows loading, then the patient read by id', async () => {
      const held = server.hold('/Patient/');
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/banner-fhir" patient-id=${a.patientId} .clock=${clock}>
          <jc-patient-banner></jc-patient-banner>
        </jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await held.arrived;
      expect(el.shadowRoot!.querySelector('[part=loading][role=status]')).to.exist;
      await expect(el).to.be.accessible();
      held.release();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent.replace(/ /g, '')).to.equal(a.nhsNumber);
    });

    it('finds the patient by NHS number alone', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/banner-fhir" nhs-number=${c.nhsNumber}><jc-patient-banner></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'banner');
      expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent.replace(/ /g, '')).to.equal(c.nhsNumber);
    });

    it('uses the context clock for the age', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/banner-fhir" patient-id=${c.patientId} .clock=${{ now: () => new Date('2100-01-01T00:00:00Z') }}>
          <jc-patient-banner></jc-patient-banner>
        </jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'banner');
      const years = Number(/\((\d+)y\)/.exec(text(el))?.[1]);
      expect(years).to.be.greaterThan(70);
    });

    it('shows the error state with Retry for a server error, with its OperationOutcome text', async () => {
      server.addFault({
        match: /Patient/,
        status: 503,
        body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: 'Maintenance window' }] },
      });
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/banner-fhir" patient-id=${a.patientId}><jc-patient-banner></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=error]'), 'error', 8000);
      expect(text(el)).to.contain('Maintenance window');
      await expect(el).to.be.accessible();
      server.clearFaults();
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'banner after retry');
    });

    it('shows not found for an unknown patient', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/banner-fhir" patient-id="no-such-patient"><jc-patient-banner></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=error]'), 'error');
      expect(text(el)).to.contain('not found');
    });

    it('shows a patient with no records at all (persona d)', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/banner-fhir" patient-id=${d.patientId}><jc-patient-banner></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'banner');
      await expect(el).to.be.accessible();
    });

    it('refuses a Patient whose NHS number is not the one in context, and fires jc-safety-warning', async () => {
      // the server answers the read of A's id with a record carrying C's NHS number
      server.put({ ...a.patient, identifier: c.patient.identifier });
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/banner-fhir" patient-id=${a.patientId} nhs-number=${a.nhsNumber}>
          <jc-patient-banner></jc-patient-banner>
        </jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      const ev = await oneEvent(ctx, 'jc-safety-warning');
      expect(ev.detail).to.deep.equal({ resourceType: 'Patient', id: a.patientId, reason: 'other-patient' });
      await el.updateComplete;
      // a stop, not a routine warning: this page must not be used for this patient
      const stop = el.shadowRoot!.querySelector('[part~=identity-stop][role=alert]')!;
      expect(stop.textContent).to.contain('Stop: this may not be your patient');
      expect(stop.textContent).to.contain('Do not use this page for this patient');
      expect(el.shadowRoot!.querySelector('[part=base]')).to.equal(null);
      expect(text(el)).not.to.contain(c.nhsNumber.slice(0, 3) + ' ' + c.nhsNumber.slice(3, 6));
      await expect(el).to.be.accessible();
    });

    it('refuses a patient property that contradicts the patient in context', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context patient-id=${a.patientId}><jc-patient-banner .patient=${c.patient}></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await el.updateComplete;
      await until(() => !!el.shadowRoot!.querySelector('[part~=identity-stop]'), 'stop');
      // the patient's own record refused: a stop-level message that says the record was handed in, not a routine warning
      const stop = el.shadowRoot!.querySelector('[part~=identity-stop][role=alert]')!;
      expect(stop.textContent).to.contain('Stop: this may not be your patient');
      expect(stop.textContent).to.contain('The patient record this page was given is for a different patient');
      expect(el.shadowRoot!.querySelector('[part=safety-warning]')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part=base]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('switches patient without ever showing the old one', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url="/banner-fhir" patient-id=${a.patientId}><jc-patient-banner></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'A');
      const nameA = el.shadowRoot!.querySelector('[part=name]')!.textContent.trim();
      const held = server.hold(`/Patient/${c.patientId}`);
      ctx.patientId = c.patientId;
      await ctx.updateComplete;
      await held.arrived;
      expect(text(el)).not.to.contain(nameA);
      expect(el.shadowRoot!.querySelector('[part=loading]')).to.exist;
      held.release();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent.replace(/ /g, '')).to.equal(c.nhsNumber);
    });

    it('shows not configured without a context', async () => {
      const el = await fixture<JcPatientBanner>(html`<jc-patient-banner></jc-patient-banner>`);
      expect(el.shadowRoot!.querySelector('[part=not-configured]')!.textContent).to.contain('Missing');
      await expect(el).to.be.accessible();
    });
  });

  describe('SMART need_patient_banner', () => {
    const smart = (need: boolean | undefined) => ({
      state: {
        serverUrl: `${location.origin}/banner-fhir`,
        tokenResponse: { access_token: 'x', patient: a.patientId, need_patient_banner: need },
      },
    });

    it('hides itself when the launch says the EHR shows a banner, and comes back when it does not', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context .smartClient=${smart(false)} .clock=${clock}><jc-patient-banner></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await el.updateComplete;
      expect(el.hidden).to.equal(true);
      expect(el.shadowRoot!.querySelector('[part=base]')).to.equal(null);
      expect(getComputedStyle(el).display).to.equal('none');
      ctx.smartClient = smart(undefined); // not said: show the banner
      await until(() => !!el.shadowRoot!.querySelector('[part=base]'), 'banner');
      expect(el.hidden).to.equal(false);
      expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent.replace(/ /g, '')).to.equal(a.nhsNumber);
      await expect(el).to.be.accessible();
    });

    it('hides a banner given a patient property too', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context .smartClient=${smart(false)}><jc-patient-banner .patient=${a.patient}></jc-patient-banner></jc-context>`,
      );
      const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
      await el.updateComplete;
      expect(el.hidden).to.equal(true);
      expect(el.shadowRoot!.querySelector('[part=base]')).to.equal(null);
    });
  });
});
